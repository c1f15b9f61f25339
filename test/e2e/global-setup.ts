import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "vite";
import type { TestProject } from "vitest/node";
import { type EmbeddedDb, freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateToLatest, nodeDb } from "../../scripts/lib/node-db";
import { startWranglerDev, stopProcessGroup, waitForHealth } from "../../scripts/lib/wrangler-dev";
import { type DemoCredential, giveDemoPasswords } from "../../scripts/seed/accounts";
import { seedCalendarReference } from "../../scripts/seed/calendar-reference";
import { DEMO_AGENCY_CODE } from "../../scripts/seed/demo-agency";
import { type DemoSummary, seedDemo } from "../../scripts/seed/index";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where `wrangler dev` serves the built web app and the API (http://127.0.0.1:<port>). */
    baseUrl: string;
    /** The seeded demo agency and its counters (public codes khcn68quay1..3). */
    demo: DemoSummary;
    /** The throwaway database behind the server, for tests that add rows of their own (staff accounts…). */
    databaseUrl: string;
    /** Sign-ins of the demo agency's staff (one per seeded account; demo passwords, as `npm start` gives). */
    staffCredentials: DemoCredential[];
  }
}

const ROOT = resolve(import.meta.dirname, "../..");
const LOG_DIR = resolve(ROOT, "test-results");
const WRANGLER_LOG = resolve(LOG_DIR, "e2e-wrangler.log");

/**
 * The whole product on loopback, as a citizen's browser meets it: a throwaway PostgreSQL
 * (migrated by the real migrator, seeded with the demo agency), the web app built for
 * production, and `wrangler dev` serving both the static app and the API worker.
 * Everything is stopped at teardown, also when tests fail or the run is interrupted.
 * `E2E_SKIP_BUILD=1` reuses an existing web/dist (quicker reruns while writing tests).
 */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const id = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const stateDir = `/tmp/hailong-e2e-${id}`;
  mkdirSync(LOG_DIR, { recursive: true });

  let database: EmbeddedDb | undefined;
  let wrangler: ChildProcess | undefined;
  const teardown = async () => {
    await stopProcessGroup(wrangler);
    wrangler = undefined;
    await database?.stop();
    database = undefined;
    rmSync(stateDir, { recursive: true, force: true });
  };
  const onSignal = () => void teardown();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const [db] = await Promise.all([
      startEmbeddedPostgres({
        dir: `${stateDir}/pg`,
        port: await freePort(),
        database: "hailong_e2e",
        throwaway: true,
      }),
      process.env.E2E_SKIP_BUILD === "1"
        ? Promise.resolve()
        : build({ configFile: resolve(ROOT, "web/vite.config.ts"), logLevel: "warn" }),
    ]);
    database = db;

    const kysely = nodeDb(db.url);
    let demo: DemoSummary;
    let staffCredentials: DemoCredential[];
    try {
      await migrateToLatest(kysely);
      // As npm start seeds it: the national calendar and deadline rules first.
      await seedCalendarReference(kysely);
      demo = await seedDemo(kysely, { today: new Date() });
      staffCredentials = await giveDemoPasswords(kysely, DEMO_AGENCY_CODE);
    } finally {
      await kysely.destroy();
    }

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    wrangler = await startWranglerDev({
      port,
      databaseUrl: db.url,
      persistTo: `${stateDir}/wrangler`,
      logFile: WRANGLER_LOG,
      vars: { APP_ENV: "test" },
    });
    await waitForHealth(baseUrl, wrangler, WRANGLER_LOG);

    project.provide("baseUrl", baseUrl);
    project.provide("demo", demo);
    project.provide("databaseUrl", db.url);
    project.provide("staffCredentials", staffCredentials);
    console.log(`e2e: product up at ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    await teardown();
    throw err;
  }

  return async () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await teardown();
  };
}
