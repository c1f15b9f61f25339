import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { type EmbeddedDb, freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** Maintenance database of the seed tests' cluster: each test creates databases of its own. */
    seedAdminUrl: string;
  }
}

let running: EmbeddedDb | undefined;

/**
 * One throwaway real PostgreSQL for the seed tests (Node, not workerd): the tests create fresh
 * databases in it, migrate them with the real migrator and seed them. Stopped at teardown,
 * and on SIGINT/SIGTERM.
 */
export default async function setup(project: TestProject) {
  const dir = `/tmp/hailong-seed-test-${process.pid}-${randomBytes(4).toString("hex")}`;
  running = await startEmbeddedPostgres({ dir, port: await freePort(), database: "hailong_seed", throwaway: true });
  const stop = () => running?.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  project.provide("seedAdminUrl", running.adminUrl);
  return async () => {
    await running?.stop();
  };
}
