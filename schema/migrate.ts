import { type Kysely, type MigrationResultSet, Migrator } from "kysely";
import { migrations } from "./migrations/index";

/** The Kysely migrator over the project's migrations; usable from Node and from workerd tests. */
export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

/** Throws with the failing migration's name when a step fails. */
export function assertMigrated({ error, results }: MigrationResultSet): void {
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? "?"} failed: ${cause}`, { cause: error });
  }
}

/** The name of the newest migration; the schema version reported by /api/health. */
export const latestMigration = Object.keys(migrations).sort().at(-1) ?? "none";
