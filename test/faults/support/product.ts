/**
 * The product on loopback for fault tests: a real PostgreSQL that the test can halt and resume
 * (durable settings: fsync and synchronous commit on, as in production), migrated and seeded
 * with the demo agency (one day of history), and `wrangler dev` serving the worker against it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../../schema/db/database";
import { QUICK_COUNTER_TEMPLATE } from "../../../schema/surveys/standard-templates";
import { type EmbeddedDb, freePort, startEmbeddedPostgres } from "../../../scripts/lib/embedded-postgres";
import { migrateToLatest, nodeDb } from "../../../scripts/lib/node-db";
import { wranglerEnv } from "../../../scripts/lib/wrangler-env";
import { seedDemo } from "../../../scripts/seed/index";

const ROOT = resolve(import.meta.dirname, "../../..");
const LOG_DIR = resolve(ROOT, "test-results");
export const WRANGLER_LOG = resolve(LOG_DIR, "faults-wrangler.log");

export interface Product {
  baseUrl: string;
  database: EmbeddedDb;
  db: Kysely<Database>;
  counter: { publicCode: string; templateId: string; templateVersion: number; criteria: string[] };
  stop(): Promise<void>;
}

export async function startProduct(): Promise<Product> {
  const stateDir = `/tmp/hailong-faults-${process.pid}-${randomBytes(4).toString("hex")}`;
  mkdirSync(LOG_DIR, { recursive: true });
  mkdirSync(resolve(ROOT, "web/dist"), { recursive: true });
  let wrangler: ChildProcess | undefined;
  let database: EmbeddedDb | undefined;
  let db: Kysely<Database> | undefined;
  const stop = async () => {
    await stopProcessGroup(wrangler);
    wrangler = undefined;
    await db?.destroy().catch(() => {});
    await database?.stop();
    database = undefined;
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    // Not throwaway: acknowledged commits must survive a crash, as they do in production.
    database = await startEmbeddedPostgres({
      dir: `${stateDir}/pg`,
      port: await freePort(),
      database: "hailong_faults",
    });
    db = nodeDb(database.url);
    await migrateToLatest(db);
    // The demo agency, one day of history: its quick-form counter takes the ratings.
    const demo = await seedDemo(db, { today: new Date(), days: 1 });
    const quick = demo.counters.find((c) => c.surveyKind === "quick");
    if (!quick) throw new Error("the demo seed has no quick-form counter");
    const template = await db
      .selectFrom("counters as c")
      .innerJoin("survey_templates as t", (j) =>
        j.onRef("t.agency_id", "=", "c.agency_id").onRef("t.id", "=", "c.survey_template_id"),
      )
      .where("c.public_code", "=", quick.publicCode)
      .select(["t.id", "t.version"])
      .executeTakeFirstOrThrow();

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    wrangler = await startWrangler(port, database.url, `${stateDir}/wrangler`);
    await waitForHealth(baseUrl, wrangler);
    return {
      baseUrl,
      database,
      db,
      counter: {
        publicCode: quick.publicCode,
        templateId: template.id,
        templateVersion: template.version,
        criteria: QUICK_COUNTER_TEMPLATE.elements.flatMap((e) => e.criteria.map((c) => c.code)),
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function startWrangler(port: number, databaseUrl: string, persistTo: string): Promise<ChildProcess> {
  const log = createWriteStream(WRANGLER_LOG);
  const vars = {
    APP_ENV: "test",
    // A few hundred ratings from one machine in a minute: flag them if need be, never refuse.
    RATING_KIOSK_DEVICE_LIMIT: "10000",
    RATING_COUNTER_LIMIT_PER_MINUTE: "10000",
    RATING_HARD_LIMIT_FACTOR: "100",
  };
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
      ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      // Exactly as `npm start` runs it (scripts/lib/wrangler-env.ts).
      env: wranglerEnv(databaseUrl, {
        NO_COLOR: "1",
      }),
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

export function tailOf(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
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
