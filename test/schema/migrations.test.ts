import { Kysely, sql } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertMigrated, createMigrator, latestMigration } from "../../schema/migrate";
import { migrations } from "../../schema/migrations/index";
import { testEnv } from "../worker/support/worker-env";

const dbName = `hailong_migrations_${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;

/** A direct connection (not through Hyperdrive) to a database of this test's own. */
function connect(url: string): Kysely<any> {
  return new Kysely<any>({
    dialect: new PostgresJSDialect({ postgres: postgres(url, { max: 1, onnotice: () => {} }) }),
  });
}

async function tables(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%' ORDER BY 1`.execute(db);
  return rows.map((r) => r.name);
}

describe("migrations", () => {
  const adminUrl = testEnv.TEST_ADMIN_URL;
  const url = adminUrl.replace(/\/postgres$/, `/${dbName}`);

  beforeAll(async () => {
    const admin = connect(adminUrl);
    await sql`CREATE DATABASE ${sql.id(dbName)}`.execute(admin);
  });
  afterAll(async () => {
    const admin = connect(adminUrl);
    await sql`DROP DATABASE IF EXISTS ${sql.id(dbName)} WITH (FORCE)`.execute(admin);
  });

  it("apply up, revert down to nothing, and apply up again to the same schema", async () => {
    // No destroy(): ending postgres.js sockets inside workerd raises "Stream was cancelled";
    // the runtime closes them, and afterAll drops the database WITH (FORCE).
    const db = connect(url);
    const migrator = createMigrator(db);
    assertMigrated(await migrator.migrateToLatest());
    const first = await tables(db);
    expect(first).toContain("submissions");
    expect(first).toContain("cases");

    for (let i = 0; i < Object.keys(migrations).length; i++) assertMigrated(await migrator.migrateDown());
    expect(await tables(db)).toEqual([]);

    assertMigrated(await migrator.migrateToLatest());
    expect(await tables(db)).toEqual(first);
    const applied = await migrator.getMigrations();
    expect(applied.every((m) => m.executedAt)).toBe(true);
    expect(applied.at(-1)?.name).toBe(latestMigration);
  });
});
