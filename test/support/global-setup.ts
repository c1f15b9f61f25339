import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { type EmbeddedDb, freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateToLatest, nodeDb } from "../../scripts/lib/node-db";
import { seedCalendarReference } from "../../scripts/seed/calendar-reference";

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
 * Miniflare's local Hyperdrive proxy pipes the worker's and Postgres's sockets together with
 * no error handler, so a connection reset while the pool tears down arrives here as an
 * uncaught exception after every test has passed. Those two codes are the proxy's; anything
 * else still fails the run.
 */
function ignoreProxySocketResets(err: Error & { code?: string }): void {
  if (err.code === "ECONNRESET" || err.code === "EPIPE") return;
  throw err;
}

/**
 * One throwaway real PostgreSQL per test run: started here, migrated by the real migrator,
 * given the national reference data,
 * stopped at teardown even when tests fail (and on SIGINT/SIGTERM).
 */
export default async function setup(project: TestProject) {
  const dir = `/tmp/hailong-test-${process.pid}-${randomBytes(4).toString("hex")}`;
  running = await startEmbeddedPostgres({ dir, port: await freePort(), database: "hailong_test", throwaway: true });
  process.on("uncaughtException", ignoreProxySocketResets);
  const stop = () => running?.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const db = nodeDb(running.url);
  try {
    await migrateToLatest(db);
    // National reference data every agency shares: the holiday table and the deadline rules.
    await seedCalendarReference(db);
  } finally {
    await db.destroy();
  }
  project.provide("databaseUrl", running.url);
  project.provide("adminUrl", running.adminUrl);
  return async () => {
    await running?.stop();
  };
}
