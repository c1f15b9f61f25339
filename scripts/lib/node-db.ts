import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import type { Database } from "../../schema/db/database";
import { assertMigrated, createMigrator } from "../../schema/migrate";

/** Kysely for Node scripts (migrations, seed, CLI): one pooled client; call `destroy()`. */
export function nodeDb(url: string): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresJSDialect({ postgres: postgres(url, { max: 4, onnotice: () => {} }) }),
  });
}

/** Applies every pending migration; returns the names applied now. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const result = await createMigrator(db).migrateToLatest();
  assertMigrated(result);
  return (result.results ?? []).map((r) => r.migrationName);
}
