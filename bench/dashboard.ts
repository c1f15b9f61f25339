/**
 * Section 3: the dashboard at scale. Submissions are generated in bulk inside Postgres
 * (generate_series, in parallel chunks on two connections, foreign-key checks and rollup
 * triggers skipped with session_replication_role = replica), each chunk adding its own share
 * to the rollups in the same statement (checked against the dashboard's own
 * rating_rollup_rebuild of migration 0007 on sample days). The main dashboard calls are then timed through the worker,
 * signed in as the demo agency's manager: first at the small size (1M), then after growing the
 * same agency to the large size (10M) over the same year.
 *
 * The generated year: every submission is a counter-QR rating of the agency's quick form, from
 * DASHBOARD_COUNTERS counters, at office hours of the last 365 days. Each has the overall
 * criterion's answer plus ANSWERS_PER_SUBMISSION − 1 others (rotating); the dashboard reads only
 * the rollups, whose rows (day × unit × item) are all present either way. Low ratings (score 1)
 * of the last 7 days have open follow-ups; older ones closed follow-ups.
 */
import { sql } from "kysely";
import { nodeDb } from "../scripts/lib/node-db";
import type { BenchDb } from "./lib/database";

export interface Timing {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  n: number;
}

export interface DashboardResult {
  sizes: {
    small: { label: string; submissions: number; answersPerSubmission: number };
    large: { label: string; submissions: number; answersPerSubmission: number };
  };
  /** Seconds to generate the large size from nothing: rows and rollups, both phases (not VACUUM). */
  generateLargeSeconds: number;
  /** rowsSeconds: rows and rollups; analyzeSeconds: VACUUM (ANALYZE) afterwards. */
  phases: Array<{ phase: string; rowsSeconds: number; analyzeSeconds: number }>;
  calls: Array<{ name: string; path: string; small: Timing; large: Timing }>;
  tableSizes: { small: Record<string, string>; large: Record<string, string> };
  notes: string[];
}

export const ANSWERS_PER_SUBMISSION = 2;
/**
 * Counters that the generated ratings come from (the demo's own, then load counters, one unit each). The
 * rollups' size, and so the dashboard's cost, follows days × units × hours × items, not the
 * number of ratings: with 328 units (all the load counters) 1M ratings leave half the hourly
 * slots empty and 10M fill them, which measures the dimensions, not the volume.
 */
export const DASHBOARD_COUNTERS = 32;
const CHUNK = 250_000;

type NodeDb = ReturnType<typeof nodeDb>;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

function localDate(offsetDays: number): string {
  const d = new Date(Date.now() + 7 * 3600_000 + offsetDays * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Settings a database server of this size would have for bulk loads and reports (reloadable ones). */
async function tune(db: NodeDb): Promise<void> {
  for (const [name, value] of [
    ["max_wal_size", "16GB"],
    ["checkpoint_timeout", "30min"],
    ["maintenance_work_mem", "1GB"],
    ["work_mem", "32MB"],
    ["effective_cache_size", "12GB"],
    ["random_page_cost", "1.1"],
  ]) {
    await sql.raw(`ALTER SYSTEM SET ${name} = '${value}'`).execute(db);
  }
  await sql`SELECT pg_reload_conf()`.execute(db);
}

export interface Shape {
  agencyId: string;
  timezone: string;
  scaleLevels: number;
  templateId: string;
  counterIds: string[];
  unitIds: string[];
  criterionIds: string[];
  overallCriterionId: string;
}

export async function shape(db: NodeDb, agencyId: string): Promise<Shape> {
  const t = await db
    .selectFrom("survey_templates")
    .where("agency_id", "=", agencyId)
    .where("kind", "=", "quick")
    .where("published_at", "is not", null)
    .orderBy("published_at", "desc")
    .select(["id", "overall_criterion_code", "scale_levels"])
    .executeTakeFirstOrThrow();
  const agency = await db
    .selectFrom("agencies")
    .where("id", "=", agencyId)
    .select("timezone")
    .executeTakeFirstOrThrow();
  // The demo's own counters and enough of the benchmark's load counters to make DASHBOARD_COUNTERS:
  // a large agency (a provincial public-service centre has a few dozen counters).
  const all = await db
    .selectFrom("counters")
    .where("agency_id", "=", agencyId)
    .where("active", "=", true)
    .select(["id", "unit_id", "public_code"])
    .orderBy("code")
    .execute();
  const own = all.filter((c) => !c.public_code.startsWith("benchq"));
  const counters = [...own, ...all.filter((c) => c.public_code.startsWith("benchq"))].slice(
    0,
    Math.max(own.length, DASHBOARD_COUNTERS),
  );
  const criteria = await db
    .selectFrom("survey_criteria")
    .where("agency_id", "=", agencyId)
    .where("template_id", "=", t.id)
    .select(["id", "code"])
    .orderBy("position")
    .execute();
  const overall = criteria.find((c) => c.code === t.overall_criterion_code);
  if (!overall) throw new Error("the quick form has no overall criterion");
  return {
    agencyId,
    timezone: agency.timezone,
    scaleLevels: t.scale_levels,
    templateId: t.id,
    counterIds: counters.map((c) => c.id),
    unitIds: counters.map((c) => c.unit_id),
    criterionIds: criteria.filter((c) => c.id !== overall.id).map((c) => c.id),
    overallCriterionId: overall.id,
  };
}

/**
 * One chunk: submissions g ∈ [from, to) of `total` spread over the last 365 local days, their
 * answers, the follow-ups of their low ratings, and their share of the rollups, in one
 * statement. The rollup upserts are those of rating_rollup_apply (migration 0007): the same
 * keys and level counts, grouped and sorted by key so that two chunks sharing a day wait for
 * each other instead of deadlocking.
 */
async function generateChunk(db: NodeDb, s: Shape, first: number, from: number, to: number, total: number) {
  await chunkSql(s, first, from, to, total).execute(db);
}

/** The statement of one chunk; `first` is the phase's first submission (its day is a year ago). */
export function chunkSql(s: Shape, first: number, from: number, to: number, total: number) {
  const others = ANSWERS_PER_SUBMISSION - 1;
  const levels = (score: string) =>
    sql.raw([1, 2, 3, 4, 5].map((n) => `count(*) FILTER (WHERE ${score} = ${n})`).join(", "));
  const add = sql.raw(
    "n1 = r.n1 + excluded.n1, n2 = r.n2 + excluded.n2, n3 = r.n3 + excluded.n3, n4 = r.n4 + excluded.n4, n5 = r.n5 + excluded.n5",
  );
  return sql`
    WITH g AS (
      SELECT i,
             1 + ((i * 7919) % ${s.counterIds.length}) AS c,
             -- 70% top level (3), 22% level 2, 8% level 1 of the quick form's 3-level scale
             CASE WHEN random() < 0.70 THEN 3 WHEN random() < 0.73 THEN 2 ELSE 1 END::smallint AS score,
             ((current_date - 365)::timestamp + (((i - ${first})::float8 / ${total}) * 365) * interval '1 day')::date AS day
      FROM generate_series(${from}::bigint, ${to - 1}::bigint) AS i
    ), s AS (
      INSERT INTO submissions (id, agency_id, idempotency_key, template_id, channel, unit_id, counter_id,
                               overall_score, submitted_at)
      SELECT uuidv7(), ${s.agencyId}::uuid, uuidv7(), ${s.templateId}::uuid, 'counter_qr',
             (${s.unitIds}::uuid[])[g.c], (${s.counterIds}::uuid[])[g.c], g.score,
             (g.day::timestamp + interval '7 hours' + random() * interval '10 hours') AT TIME ZONE ${s.timezone}
      FROM g
      RETURNING id, unit_id, counter_id, overall_score, submitted_at,
                (submitted_at AT TIME ZONE ${s.timezone})::date AS day,
                extract(hour FROM submitted_at AT TIME ZONE ${s.timezone})::smallint AS hour
    ), ans AS MATERIALIZED (
      SELECT s.id, s.unit_id, s.day, ${s.overallCriterionId}::uuid AS criterion_id, s.overall_score AS score FROM s
      UNION ALL
      SELECT s.id, s.unit_id, s.day,
             (${s.criterionIds}::uuid[])[1 + ((x.r + k) % ${s.criterionIds.length})], (1 + floor(random() * 3))::smallint
      FROM s CROSS JOIN LATERAL (SELECT floor(random() * ${s.criterionIds.length})::int AS r) x
      CROSS JOIN generate_series(0, ${others - 1}) AS k
    ), a AS (
      INSERT INTO answers (agency_id, submission_id, criterion_id, score)
      SELECT ${s.agencyId}::uuid, id, criterion_id, score FROM ans
    ), f AS (
      INSERT INTO rating_follow_ups (agency_id, unit_id, submission_id, status, created_at, updated_at, closed_at)
      SELECT ${s.agencyId}::uuid, s.unit_id, s.id,
             CASE WHEN s.submitted_at > now() - interval '7 days' THEN 'open' ELSE 'closed' END,
             s.submitted_at, s.submitted_at,
             CASE WHEN s.submitted_at > now() - interval '7 days' THEN NULL ELSE s.submitted_at + interval '2 days' END
      FROM s WHERE s.overall_score = 1
    ), d AS (
      INSERT INTO rating_daily AS r (agency_id, day, unit_id, counter_id, procedure_id, template_id, has_file,
                                     scale_levels, n1, n2, n3, n4, n5)
      SELECT ${s.agencyId}::uuid, day, unit_id, counter_id, NULL::uuid, ${s.templateId}::uuid, false, ${s.scaleLevels},
             ${levels("overall_score")}
      FROM s GROUP BY day, unit_id, counter_id ORDER BY day, unit_id, counter_id
      ON CONFLICT ON CONSTRAINT rating_daily_key DO UPDATE SET ${add}
    ), h AS (
      INSERT INTO rating_hourly AS r (agency_id, day, hour, unit_id, template_id, scale_levels, n1, n2, n3, n4, n5)
      SELECT ${s.agencyId}::uuid, day, hour, unit_id, ${s.templateId}::uuid, ${s.scaleLevels}, ${levels("overall_score")}
      FROM s GROUP BY day, hour, unit_id ORDER BY day, hour, unit_id
      ON CONFLICT ON CONSTRAINT rating_hourly_key DO UPDATE SET ${add}
    )
    INSERT INTO rating_item_daily AS r (agency_id, day, unit_id, template_id, has_file, item, item_id, scale_levels,
                                        n1, n2, n3, n4, n5)
    SELECT ${s.agencyId}::uuid, day, unit_id, ${s.templateId}::uuid, false, 'criterion', criterion_id, ${s.scaleLevels},
           ${levels("score")}
    FROM ans GROUP BY day, unit_id, criterion_id ORDER BY day, unit_id, criterion_id
    ON CONFLICT ON CONSTRAINT rating_item_daily_key DO UPDATE SET ${add}`;
}

/**
 * Generates submissions [from, to) of `total` on two connections (two cores), chunk by chunk,
 * spread over the last 365 days (submission `from` a year ago, the last one today).
 */
async function generate(url: string, s: Shape, from: number, to: number, total: number): Promise<void> {
  const chunks: Array<[number, number]> = [];
  for (let i = from; i < to; i += CHUNK) chunks.push([i, Math.min(to, i + CHUNK)]);
  const worker = async () => {
    const db = nodeDb(url);
    try {
      await db.connection().execute(async (conn) => {
        // Bulk load: no foreign-key checks and no rollup triggers (rebuilt afterwards).
        await sql`SET session_replication_role = replica`.execute(conn);
        for (let next = chunks.shift(); next; next = chunks.shift()) {
          await generateChunk(conn as NodeDb, s, from, next[0], next[1], total);
        }
      });
    } finally {
      await db.destroy();
    }
  };
  await Promise.all([worker(), worker()]);
}

/** Tables the generator writes rows into (the rollups take few rows and keep their indexes). */
const LOADED_TABLES = ["submissions", "answers", "rating_follow_ups"];

interface SavedIndex {
  name: string;
  definition: string;
  comment: string | null;
}

/**
 * The usual bulk-load practice: secondary indexes that no constraint stands on (not a primary
 * key, unique constraint or foreign key's target) are dropped before the load and built once
 * afterwards, sorted, instead of taking millions of scattered inserts; on these tables
 * submissions (agency_id, submitted_at) alone made the inserts ~40% slower. Unique and
 * referenced indexes stay, so every key is still checked as rows arrive.
 */
async function dropLoadIndexes(db: NodeDb): Promise<SavedIndex[]> {
  const { rows } = await sql<SavedIndex>`
    SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition, obj_description(i.oid, 'pg_class') AS comment
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relname = ANY(${LOADED_TABLES}::text[]) AND t.relnamespace = 'public'::regnamespace
      AND NOT x.indisunique AND NOT x.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
    ORDER BY i.relname`.execute(db);
  for (const r of rows) await sql`DROP INDEX ${sql.id(r.name)}`.execute(db);
  return rows;
}

/** Builds the dropped indexes again (two at a time) with their comments, and checks they are the same. */
async function recreateLoadIndexes(url: string, saved: SavedIndex[]): Promise<void> {
  const queue = [...saved];
  const worker = async () => {
    const db = nodeDb(url);
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await sql.raw(next.definition).execute(db);
        if (next.comment !== null)
          await sql`COMMENT ON INDEX ${sql.id(next.name)} IS ${sql.lit(next.comment)}`.execute(db);
      }
    } finally {
      await db.destroy();
    }
  };
  await Promise.all([worker(), worker()]);
  const db = nodeDb(url);
  try {
    const { rows } = await sql<{ definition: string }>`
      SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index
      WHERE indexrelid::regclass::text = ANY(${saved.map((i) => i.name)}::text[])`.execute(db);
    const now = new Set(rows.map((r) => r.definition));
    const missing = saved.filter((i) => !now.has(i.definition));
    if (missing.length > 0)
      throw new Error(`indexes not rebuilt as they were: ${missing.map((i) => i.name).join(", ")}`);
  } finally {
    await db.destroy();
  }
}

/**
 * Recomputes `days` local days with the dashboard's own rating_rollup_rebuild and compares them
 * with what the generator left: the number of rollup rows that differ (0 when they agree).
 */
async function checkAgainstRebuild(db: NodeDb, agencyId: string, days: string[]): Promise<number> {
  const rows = (day: string) => sql`
    SELECT 'd' AS k, row(agency_id, day, unit_id, counter_id, procedure_id, template_id, has_file, n1, n2, n3, n4, n5)::text AS v
    FROM rating_daily WHERE agency_id = ${agencyId}::uuid AND day = ${day}::date AND n > 0
    UNION ALL
    SELECT 'h', row(agency_id, day, hour, unit_id, template_id, n1, n2, n3, n4, n5)::text
    FROM rating_hourly WHERE agency_id = ${agencyId}::uuid AND day = ${day}::date AND n > 0
    UNION ALL
    SELECT 'i', row(agency_id, day, unit_id, template_id, has_file, item, item_id, n1, n2, n3, n4, n5)::text
    FROM rating_item_daily WHERE agency_id = ${agencyId}::uuid AND day = ${day}::date AND n > 0`;
  return db.connection().execute(async (conn) => {
    let differing = 0;
    await sql`CREATE TEMP TABLE rollup_snapshot (k text, v text)`.execute(conn);
    for (const day of days) {
      await sql`TRUNCATE rollup_snapshot`.execute(conn);
      await sql`INSERT INTO rollup_snapshot ${rows(day)}`.execute(conn);
      await sql`SELECT rating_rollup_rebuild(${agencyId}::uuid, ${day}::date, ${day}::date)`.execute(conn);
      const { rows: diff } = await sql<{ n: string }>`
        WITH now AS (${rows(day)})
        SELECT ((SELECT count(*) FROM (SELECT * FROM now EXCEPT ALL SELECT * FROM rollup_snapshot) x)
              + (SELECT count(*) FROM (SELECT * FROM rollup_snapshot EXCEPT ALL SELECT * FROM now) y))::text AS n`.execute(
        conn,
      );
      differing += Number(diff[0]?.n ?? 0);
    }
    await sql`DROP TABLE rollup_snapshot`.execute(conn);
    return differing;
  });
}

async function sizes(db: NodeDb): Promise<Record<string, string>> {
  const { rows } = await sql<{ name: string; size: string; rows: string }>`
    SELECT c.relname AS name, pg_size_pretty(pg_total_relation_size(c.oid)) AS size, c.reltuples::bigint::text AS rows
    FROM pg_class c
    WHERE c.relname IN ('submissions', 'answers', 'rating_follow_ups', 'rating_daily', 'rating_item_daily', 'rating_hourly')`.execute(
    db,
  );
  return Object.fromEntries(rows.map((r) => [r.name, `${r.size} (${Number(r.rows).toLocaleString("en")} rows)`]));
}

async function signIn(workerUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${workerUrl}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("__Host-"));
  if (!cookie) throw new Error("sign-in gave no session cookie");
  return cookie;
}

export function dashboardCalls(): Array<{ name: string; path: string }> {
  const today = localDate(0);
  return [
    {
      name: "summary, last 30 days by day",
      path: `/api/staff/dashboard/summary?from=${localDate(-29)}&to=${today}&granularity=day`,
    },
    {
      name: "summary, last 365 days by month",
      path: `/api/staff/dashboard/summary?from=${localDate(-364)}&to=${today}&granularity=month`,
    },
    { name: "follow-ups, open", path: "/api/staff/dashboard/follow-ups?status=open" },
    { name: "corrective actions", path: "/api/staff/dashboard/actions" },
  ];
}

/** Sequential requests (one manager at a time), after two warm-up calls; p50 / p95 of the rest. */
async function time(workerUrl: string, cookie: string, path: string, n: number): Promise<Timing> {
  const get = async () => {
    const t0 = performance.now();
    const res = await fetch(`${workerUrl}${path}`, { headers: { cookie } });
    const body = await res.text();
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 300)}`);
    return performance.now() - t0;
  };
  await get();
  await get();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) ms.push(await get());
  ms.sort((a, b) => a - b);
  return { p50Ms: quantile(ms, 0.5), p95Ms: quantile(ms, 0.95), maxMs: ms[ms.length - 1]!, n };
}

export async function measureDashboard(o: {
  bench: BenchDb;
  workerUrl: string;
  quick: boolean;
  log: (s: string) => void;
}): Promise<DashboardResult> {
  const small = o.quick ? 100_000 : 1_000_000;
  const large = o.quick ? 1_000_000 : 10_000_000;
  const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
  // p95 of 30 samples is the second slowest, one scheduler hiccup at ~10 ms; 100 samples make the
  // 1M → 10M growth a property of the queries rather than of the machine's noise.
  const requests = o.quick ? 10 : 100;
  const db = nodeDb(o.bench.pg.url);
  const notes: string[] = [];
  const phases: DashboardResult["phases"] = [];
  try {
    await tune(db);
    const s = await shape(db, o.bench.agencyId);
    const cookie = await signIn(o.workerUrl, o.bench.manager.username, o.bench.manager.password);
    const calls = dashboardCalls();

    const grow = async (phase: string, from: number, to: number, total: number) => {
      o.log(`3. dashboard: generating ${label(to - from)} submissions with their answers and rollups (${phase})…`);
      const t0 = Date.now();
      const dropped = await dropLoadIndexes(db);
      await generate(o.bench.pg.url, s, from, to, total);
      const t1 = Date.now();
      await recreateLoadIndexes(o.bench.pg.url, dropped);
      o.log(
        `   rows in ${((t1 - t0) / 1000).toFixed(0)} s; ${dropped.length} secondary indexes (${dropped.map((i) => i.name).join(", ")}) rebuilt in ${((Date.now() - t1) / 1000).toFixed(0)} s`,
      );
      const rowsSeconds = (Date.now() - t0) / 1000;
      // A table of that size in production has been vacuumed: do it now rather than let
      // autovacuum run during the measurement. Reported apart from the generation time.
      const t2 = Date.now();
      await sql`VACUUM (ANALYZE) submissions, answers, rating_follow_ups, rating_daily, rating_item_daily, rating_hourly`.execute(
        db,
      );
      const analyzeSeconds = (Date.now() - t2) / 1000;
      o.log(`   generated in ${rowsSeconds.toFixed(0)} s; VACUUM (ANALYZE) in ${analyzeSeconds.toFixed(0)} s`);
      phases.push({ phase, rowsSeconds, analyzeSeconds });
    };

    const measureAll = async () => {
      const out: Record<string, Timing> = {};
      for (const call of calls) {
        out[call.name] = await time(o.workerUrl, cookie, call.path, requests);
        o.log(
          `   ${call.name}: p50 ${out[call.name]!.p50Ms.toFixed(1)} ms, p95 ${out[call.name]!.p95Ms.toFixed(1)} ms`,
        );
      }
      return out;
    };

    // Phase 1: the small size over the year.
    await grow(label(small), 1, small + 1, small);
    const sample = [localDate(-300), localDate(-120), localDate(-3)];
    const check = async (size: string) => {
      const t3 = Date.now();
      const differing = await checkAgainstRebuild(db, o.bench.agencyId, sample);
      o.log(
        `   rollups at ${size} checked against rating_rollup_rebuild on ${sample.length} days: ${differing === 0 ? "identical" : `${differing} rows differ`} (${((Date.now() - t3) / 1000).toFixed(0)} s)`,
      );
      if (differing > 0)
        notes.push(`at ${size}, the bench's set-based rollups differ from rating_rollup_rebuild in ${differing} rows`);
    };
    await check(label(small));
    const smallSizes = await sizes(db);
    o.log(`   measuring at ${label(small)} (${requests} requests per call)…`);
    const atSmall = await measureAll();

    // Phase 2: the same agency grows to the large size over the same year (10× denser).
    await grow(`to ${label(large)}`, small + 1, large + 1, large - small);
    await check(label(large));
    const largeSizes = await sizes(db);
    o.log(`   measuring at ${label(large)}…`);
    const atLarge = await measureAll();

    const generateLargeSeconds = phases.reduce((t, p) => t + p.rowsSeconds, 0);
    notes.push(
      `dashboard data: ${label(large)} counter-QR ratings of one agency over 365 days, ${ANSWERS_PER_SUBMISSION} answers each ` +
        `(overall + one rotating criterion), from ${s.counterIds.length} counters; low ratings with follow-ups; generation = ` +
        `rows and their rollups in one statement per chunk on 2 connections (rollups checked against rating_rollup_rebuild), ` +
        `both phases: ${phases.map((p) => `${p.phase}: ${p.rowsSeconds.toFixed(0)} s, then VACUUM (ANALYZE) ${p.analyzeSeconds.toFixed(0)} s`).join("; ")}.`,
    );
    return {
      sizes: {
        small: { label: label(small), submissions: small, answersPerSubmission: ANSWERS_PER_SUBMISSION },
        large: { label: label(large), submissions: large, answersPerSubmission: ANSWERS_PER_SUBMISSION },
      },
      generateLargeSeconds,
      phases,
      calls: calls.map((c) => ({ name: c.name, path: c.path, small: atSmall[c.name]!, large: atLarge[c.name]! })),
      tableSizes: { small: smallSizes, large: largeSizes },
      notes,
    };
  } finally {
    await db.destroy();
  }
}
