import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "vite";
import type { TestProject } from "vitest/node";
import { type EmbeddedDb, freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateToLatest, nodeDb } from "../../scripts/lib/node-db";
import { wranglerEnv } from "../../scripts/lib/wrangler-env";
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
    wrangler = await startWrangler(port, db.url, `${stateDir}/wrangler`);
    await waitForHealth(baseUrl, wrangler);

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

async function startWrangler(port: number, databaseUrl: string, persistTo: string): Promise<ChildProcess> {
  const log = createWriteStream(WRANGLER_LOG);
  const child = spawn(
    resolve(ROOT, "node_modules/.bin/wrangler"),
    [
      "dev",
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      String(await freePort()),
      "--log-level",
      "warn",
      "--persist-to",
      persistTo,
      "--var",
      "APP_ENV:test",
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: ROOT,
      // Its own process group, so that teardown stops workerd with it.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: wranglerEnv(databaseUrl, { NO_COLOR: "1" }),
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${tailOf(WRANGLER_LOG)}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not become healthy (${last}):\n${tailOf(WRANGLER_LOG)}`);
}

function tailOf(file: string): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-40).join("\n");
  } catch {
    return "(no log)";
  }
}

/** SIGTERM to the child's process group (wrangler and its workerd), SIGKILL if it lingers. */
async function stopProcessGroup(child: ChildProcess | undefined): Promise<void> {
  const pid = child?.pid;
  if (!child || !pid) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // the group is gone
    }
  };
  const running = child.exitCode === null && child.signalCode === null;
  const exited = running ? new Promise<void>((ok) => child.once("exit", () => ok())) : Promise.resolve();
  signal("SIGTERM");
  const timeout = new Promise<"timeout">((ok) => setTimeout(() => ok("timeout"), 5_000).unref());
  if ((await Promise.race([exited, timeout])) === "timeout") {
    signal("SIGKILL");
    await exited;
  }
}
