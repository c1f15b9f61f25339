/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL.
 * `npm run db:migrate -- down` reverts the newest one.
 */
import { assertMigrated, createMigrator } from "../schema/migrate";
import { migrateToLatest, nodeDb } from "./lib/node-db";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (e.g. postgres://user:pass@host:5432/hailong)");
  process.exit(2);
}
const db = nodeDb(url);
try {
  if (process.argv[2] === "down") {
    const result = await createMigrator(db).migrateDown();
    assertMigrated(result);
    console.log(`reverted: ${(result.results ?? []).map((r) => r.migrationName).join(", ") || "nothing"}`);
  } else {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "schema is up to date");
  }
} finally {
  await db.destroy();
}
