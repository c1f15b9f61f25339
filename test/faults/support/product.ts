/**
 * The product on loopback for fault tests: a real PostgreSQL that the test can halt and resume
 * (durable settings: fsync and synchronous commit on, as in production), migrated and seeded
 * with the demo agency (one day of history), and `wrangler dev` serving the worker against it.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../../schema/db/database";
import { QUICK_COUNTER_TEMPLATE } from "../../../schema/surveys/standard-templates";
import { type EmbeddedDb, freePort, startEmbeddedPostgres } from "../../../scripts/lib/embedded-postgres";
import { migrateToLatest, nodeDb } from "../../../scripts/lib/node-db";
import { startWranglerDev, stopProcessGroup, waitForHealth } from "../../../scripts/lib/wrangler-dev";
import { seedDemo } from "../../../scripts/seed/index";

const ROOT = resolve(import.meta.dirname, "../../..");
const LOG_DIR = resolve(ROOT, "test-results");
export const WRANGLER_LOG = resolve(LOG_DIR, "faults-wrangler.log");
export { tailOf } from "../../../scripts/lib/wrangler-dev";

const FAULT_VARS = {
  APP_ENV: "test",
  // A few hundred ratings from one machine in a minute: flag them if need be, never refuse.
  RATING_KIOSK_DEVICE_LIMIT: "10000",
  RATING_COUNTER_LIMIT_PER_MINUTE: "10000",
  RATING_HARD_LIMIT_FACTOR: "100",
};

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
    wrangler = await startWranglerDev({
      port,
      databaseUrl: database.url,
      persistTo: `${stateDir}/wrangler`,
      logFile: WRANGLER_LOG,
      vars: FAULT_VARS,
    });
    await waitForHealth(baseUrl, wrangler, WRANGLER_LOG);
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
