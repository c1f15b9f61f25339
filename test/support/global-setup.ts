import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { type EmbeddedDb, freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateToLatest, nodeDb } from "../../scripts/lib/node-db";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated test database. */
    databaseUrl: string;
    /** The cluster's maintenance database, for tests that create databases of their own. */
    adminUrl: string;
  }
}

let running: EmbeddedDb | undefined;

/**
 * One throwaway real PostgreSQL per test run: started here, migrated by the real migrator,
 * stopped at teardown even when tests fail (and on SIGINT/SIGTERM).
 */
export default async function setup(project: TestProject) {
  const dir = `/tmp/hailong-test-${process.pid}-${randomBytes(4).toString("hex")}`;
  running = await startEmbeddedPostgres({ dir, port: await freePort(), database: "hailong_test", throwaway: true });
  const stop = () => running?.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const db = nodeDb(running.url);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide("databaseUrl", running.url);
  project.provide("adminUrl", running.adminUrl);
  return async () => {
    await running?.stop();
  };
}
