/**
 * All SQL of the dashboard. Figures about ratings read the rollups (rating_daily,
 * rating_item_daily, rating_hourly: migration 0007), never submissions, so they stay fast at
 * millions of ratings. Every query filters by agency and, for unit-scoped staff, by unit.
 */
import { type Expression, type SqlBool, sql } from "kysely";
import type { Db } from "../db";

/** Units a figure covers: null for the whole agency. */
export type UnitFilter = readonly string[] | null;

export interface DayRange {
  /** First local day, YYYY-MM-DD. */
  from: string;
  /** Last local day, included. */
  to: string;
}

/** Level counts as the rollups give them (sums come back from Postgres as text). */
export interface LevelSums {
  scale_levels: number;
  n1: number;
  n2: number;
  n3: number;
  n4: number;
  n5: number;
}

/** WHERE condition keeping rows of the units in the filter (all rows for null). */
function unitCondition(column: string, units: UnitFilter): Expression<SqlBool> {
  if (units === null) return sql<SqlBool>`true`;
  if (units.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(column)} IN (${sql.join([...units])})`;
}

/** A local day as a date parameter. */
function day(value: string) {
  return sql<Date>`${value}::date`;
}

export function findAgency(db: Db, agencyId: string) {
  return db
    .selectFrom("agencies")
    .where("id", "=", agencyId)
    .select(["id", "code", "name", "timezone", "satisfaction_target", "settings"])
    .executeTakeFirst();
}

export function findAgencyByCode(db: Db, code: string) {
  return db
    .selectFrom("agencies")
    .where("code", "=", code)
    .select(["id", "code", "name", "timezone", "satisfaction_target", "settings"])
    .executeTakeFirst();
}

export type DashboardAgency = NonNullable<Awaited<ReturnType<typeof findAgency>>>;

/** Overall-question answers and satisfied answers, per bucket of the period. */
export async function trendRows(
  db: Db,
  agencyId: string,
  range: DayRange,
  units: UnitFilter,
  granularity: "day" | "week" | "month" | "quarter",
) {
  const bucket = sql<string>`to_char(date_trunc(${granularity}, day), 'YYYY-MM-DD')`;
  const rows = await db
    .selectFrom("rating_daily")
    .where("agency_id", "=", agencyId)
    .where("day", ">=", day(range.from))
    .where("day", "<=", day(range.to))
    .where(unitCondition("unit_id", units))
    .select([bucket.as("bucket"), sql<number>`sum(n)::int`.as("n"), sql<number>`sum(satisfied)::int`.as("k")])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return rows;
}

/** Overall answers per unit, procedure or counter of the period (with negatives for the unit view). */
export async function breakdownRows(
  db: Db,
  agencyId: string,
  range: DayRange,
  units: UnitFilter,
  by: "unit_id" | "procedure_id" | "counter_id" | "template_id",
) {
  return db
    .selectFrom("rating_daily")
    .where("agency_id", "=", agencyId)
    .where("day", ">=", day(range.from))
    .where("day", "<=", day(range.to))
    .where(unitCondition("unit_id", units))
    .where(by, "is not", null)
    .select([
      sql<string>`${sql.ref(by)}`.as("id"),
      sql<number>`sum(n)::int`.as("n"),
      sql<number>`sum(satisfied)::int`.as("k"),
      sql<number>`sum(negative)::int`.as("negative"),
    ])
    .groupBy(by)
    .execute();
}

/** One group of periodDaily: the period's total, a bucket of the trend, or a unit, procedure, counter or template. */
export interface DailyGroup {
  n: number;
  k: number;
  negative: number;
  about_files: number;
}

export interface DailyFigures {
  totals: DailyGroup;
  trend: Map<string, DailyGroup>;
  byUnit: Array<DailyGroup & { id: string }>;
  byProcedure: Array<DailyGroup & { id: string }>;
  byCounter: Array<DailyGroup & { id: string }>;
  byTemplate: Array<DailyGroup & { id: string }>;
}

/**
 * Everything the summary reads from rating_daily for a period, in one pass over its rows
 * (GROUPING SETS): the total, the trend buckets and the breakdowns by unit, procedure, counter
 * and template. The same sums as overallTotals, trendRows and breakdownRows, one statement.
 */
export async function periodDaily(
  db: Db,
  agencyId: string,
  range: DayRange,
  units: UnitFilter,
  granularity: "day" | "week" | "month" | "quarter",
): Promise<DailyFigures> {
  const { rows } = await sql<DailyGroup & { set: string; key: string | null }>`
    SELECT CASE WHEN grouping(bucket) = 0 THEN 'bucket' WHEN grouping(unit_id) = 0 THEN 'unit'
                WHEN grouping(procedure_id) = 0 THEN 'procedure' WHEN grouping(counter_id) = 0 THEN 'counter'
                WHEN grouping(template_id) = 0 THEN 'template' ELSE 'total' END AS set,
           coalesce(to_char(bucket, 'YYYY-MM-DD'), unit_id::text, procedure_id::text, counter_id::text,
                    template_id::text) AS key,
           coalesce(sum(n), 0)::int AS n, coalesce(sum(satisfied), 0)::int AS k,
           coalesce(sum(negative), 0)::int AS negative, coalesce(sum(n) FILTER (WHERE has_file), 0)::int AS about_files
    FROM (
      -- Truncated as a timestamp (no time zone arithmetic per row) and formatted once per group.
      SELECT date_trunc(${granularity}, day::timestamp) AS bucket, unit_id, procedure_id, counter_id,
             template_id, has_file, n, satisfied, negative
      FROM rating_daily
      WHERE agency_id = ${agencyId} AND day >= ${day(range.from)} AND day <= ${day(range.to)}
        AND ${unitCondition("unit_id", units)}
    ) d
    GROUP BY GROUPING SETS ((), (bucket), (unit_id), (procedure_id), (counter_id), (template_id))`.execute(db);
  const out: DailyFigures = {
    totals: { n: 0, k: 0, negative: 0, about_files: 0 },
    trend: new Map(),
    byUnit: [],
    byProcedure: [],
    byCounter: [],
    byTemplate: [],
  };
  for (const { set, key, ...sums } of rows) {
    if (set === "total") out.totals = sums;
    else if (key === null) continue;
    else if (set === "bucket") out.trend.set(key, sums);
    else if (set === "unit") out.byUnit.push({ id: key, ...sums });
    else if (set === "procedure") out.byProcedure.push({ id: key, ...sums });
    else if (set === "counter") out.byCounter.push({ id: key, ...sums });
    else if (set === "template") out.byTemplate.push({ id: key, ...sums });
  }
  return out;
}

/** Overall answers about files (has_file) and in total, for the period. */
export async function overallTotals(db: Db, agencyId: string, range: DayRange, units: UnitFilter) {
  const row = await db
    .selectFrom("rating_daily")
    .where("agency_id", "=", agencyId)
    .where("day", ">=", day(range.from))
    .where("day", "<=", day(range.to))
    .where(unitCondition("unit_id", units))
    .select([
      sql<number>`coalesce(sum(n), 0)::int`.as("n"),
      sql<number>`coalesce(sum(satisfied), 0)::int`.as("k"),
      sql<number>`coalesce(sum(n) FILTER (WHERE has_file), 0)::int`.as("about_files"),
    ])
    .executeTakeFirstOrThrow();
  return row;
}

/** Criterion answers and element scores of the period, per template and item. */
export async function itemRows(db: Db, agencyId: string, range: DayRange, units: UnitFilter, onlyFiles = false) {
  let q = db
    .selectFrom("rating_item_daily")
    .where("agency_id", "=", agencyId)
    .where("day", ">=", day(range.from))
    .where("day", "<=", day(range.to))
    .where(unitCondition("unit_id", units));
  if (onlyFiles) q = q.where("has_file", "=", true);
  return q
    .select([
      "template_id",
      "item",
      "item_id",
      sql<number>`max(scale_levels)::int`.as("scale_levels"),
      sql<number>`sum(n1)::int`.as("n1"),
      sql<number>`sum(n2)::int`.as("n2"),
      sql<number>`sum(n3)::int`.as("n3"),
      sql<number>`sum(n4)::int`.as("n4"),
      sql<number>`sum(n5)::int`.as("n5"),
    ])
    .groupBy(["template_id", "item", "item_id"])
    .execute();
}

/** Criterion answers and element scores of the period per template, item and has_file (both uses in one read). */
export async function itemRowsByFile(db: Db, agencyId: string, range: DayRange, units: UnitFilter) {
  return db
    .selectFrom("rating_item_daily")
    .where("agency_id", "=", agencyId)
    .where("day", ">=", day(range.from))
    .where("day", "<=", day(range.to))
    .where(unitCondition("unit_id", units))
    .select([
      "template_id",
      "item",
      "item_id",
      "has_file",
      sql<number>`max(scale_levels)::int`.as("scale_levels"),
      sql<number>`sum(n1)::int`.as("n1"),
      sql<number>`sum(n2)::int`.as("n2"),
      sql<number>`sum(n3)::int`.as("n3"),
      sql<number>`sum(n4)::int`.as("n4"),
      sql<number>`sum(n5)::int`.as("n5"),
    ])
    .groupBy(["template_id", "item", "item_id", "has_file"])
    .execute();
}

export type ItemRow = Awaited<ReturnType<typeof itemRows>>[number];

/** The templates (with elements and criteria) that have answers in the period. */
export async function templatesWithItems(db: Db, agencyId: string, templateIds: readonly string[]) {
  if (templateIds.length === 0) return { templates: [], elements: [], criteria: [] };
  const templates = db
    .selectFrom("survey_templates")
    .where("agency_id", "=", agencyId)
    .where("id", "in", [...templateIds])
    .select(["id", "kind", "name", "version", "scale_levels"])
    .orderBy("kind", "desc")
    .orderBy("version")
    .execute();
  const elements = db
    .selectFrom("survey_elements")
    .where("agency_id", "=", agencyId)
    .where("template_id", "in", [...templateIds])
    .select(["id", "template_id", "code", "name", "position"])
    .orderBy("position")
    .execute();
  const criteria = db
    .selectFrom("survey_criteria as c")
    .innerJoin("survey_elements as e", (j) =>
      j.onRef("e.agency_id", "=", "c.agency_id").onRef("e.id", "=", "c.element_id"),
    )
    .where("c.agency_id", "=", agencyId)
    .where("c.template_id", "in", [...templateIds])
    .select(["c.id", "c.template_id", "c.element_id", "c.code", "c.text"])
    .orderBy("e.position")
    .orderBy("c.position")
    .execute();
  // Three independent reads: in parallel on the request's connections.
  const [t, e, c] = await Promise.all([templates, elements, criteria]);
  return { templates: t, elements: e, criteria: c };
}

/** Overall answers by ISO weekday (1 Monday … 7 Sunday) and local hour. */
export function heatmapRows(db: Db, agencyId: string, range: DayRange, units: UnitFilter) {
  return db
    .selectFrom("rating_hourly")
    .where("agency_id", "=", agencyId)
    .where("day", ">=", day(range.from))
    .where("day", "<=", day(range.to))
    .where(unitCondition("unit_id", units))
    .select([
      // ISO weekday (Monday 1) in integer arithmetic: extract() returns numeric, which made this
      // per-row expression most of the cost of a year's heat map (2000-01-03 was a Monday).
      sql<number>`((((day - date '2000-01-03') % 7) + 7) % 7 + 1)::int`.as("weekday"),
      "hour",
      sql<number>`sum(n)::int`.as("n"),
      sql<number>`sum(satisfied)::int`.as("satisfied"),
    ])
    .groupBy([sql`1`, "hour"])
    .orderBy(sql`1`)
    .orderBy("hour")
    .execute();
}

/** Names of the agency's units, procedures and counters, by id. */
export async function names(db: Db, agencyId: string) {
  const [units, procedures, counters] = await Promise.all([
    db.selectFrom("units").where("agency_id", "=", agencyId).select(["id", "name"]).orderBy("name").execute(),
    db.selectFrom("procedures").where("agency_id", "=", agencyId).select(["id", "name"]).execute(),
    db.selectFrom("counters").where("agency_id", "=", agencyId).select(["id", "name"]).execute(),
  ]);
  return { units, procedures, counters };
}

function instantRange(range: DayRange, timezone: string) {
  return {
    start: sql<Date>`(${range.from}::date::timestamp AT TIME ZONE ${timezone})`,
    end: sql<Date>`((${range.to}::date + 1)::timestamp AT TIME ZONE ${timezone})`,
  };
}

/**
 * Files returned in the period (a count, not an on-time rule), and how many of them have a
 * valid rating: the response rate and Slovin's population.
 */
export async function returnedFilesRated(
  db: Db,
  agencyId: string,
  range: DayRange,
  timezone: string,
  units: UnitFilter,
) {
  const { start, end } = instantRange(range, timezone);
  return db
    .selectFrom("files as f")
    .where("f.agency_id", "=", agencyId)
    .where("f.returned_at", ">=", start)
    .where("f.returned_at", "<", end)
    .where(unitCondition("f.unit_id", units))
    .select([
      sql<number>`count(*)::int`.as("returned"),
      sql<number>`count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM submissions s WHERE s.agency_id = f.agency_id AND s.file_id = f.id AND NOT s.flagged))::int`.as(
        "rated",
      ),
    ])
    .executeTakeFirstOrThrow();
}

/**
 * Files of the period rated "Không hài lòng" (a dissatisfied level) or with a PAKN about them:
 * the second term of the QĐ 766 TTHC satisfaction rate. Ratings and petitions dated in the period.
 */
export async function dislikedOrPaknFiles(
  db: Db,
  agencyId: string,
  range: DayRange,
  timezone: string,
  units: UnitFilter,
) {
  const { start, end } = instantRange(range, timezone);
  const { rows } = await sql<{ n: number }>`
    SELECT count(DISTINCT f.id)::int AS n FROM files f
    WHERE f.agency_id = ${agencyId} AND ${unitCondition("f.unit_id", units)} AND (
      EXISTS (
        SELECT 1 FROM submissions s JOIN survey_templates t ON t.agency_id = s.agency_id AND t.id = s.template_id
        WHERE s.agency_id = f.agency_id AND s.file_id = f.id AND NOT s.flagged
          AND s.submitted_at >= ${start} AND s.submitted_at < ${end}
          AND s.overall_score <= CASE t.scale_levels WHEN 5 THEN 2 ELSE 1 END)
      OR EXISTS (
        SELECT 1 FROM cases c WHERE c.agency_id = f.agency_id AND c.file_id = f.id AND c.kind = 'petition'
          AND c.received_at >= ${start} AND c.received_at < ${end}))`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Negative and all overall answers per unit and per counter over the alert window (one pass). */
export async function alertRows(db: Db, agencyId: string, range: DayRange, units: UnitFilter) {
  const { rows } = await sql<{ set: "unit" | "counter"; id: string | null; n: number; negative: number }>`
    SELECT CASE WHEN grouping(unit_id) = 0 THEN 'unit' ELSE 'counter' END AS set,
           coalesce(unit_id, counter_id)::text AS id, sum(n)::int AS n, sum(negative)::int AS negative
    FROM rating_daily
    WHERE agency_id = ${agencyId} AND day >= ${day(range.from)} AND day <= ${day(range.to)}
      AND ${unitCondition("unit_id", units)}
    GROUP BY GROUPING SETS ((unit_id), (counter_id))`.execute(db);
  const pick = (set: "unit" | "counter") =>
    rows.filter((r) => r.set === set && r.id !== null).map((r) => ({ id: r.id!, n: r.n, negative: r.negative }));
  return { byUnit: pick("unit"), byCounter: pick("counter") };
}

// ---- follow-up queue ----

/** Where a page of the follow-up queue resumes: the last row's created_at (Postgres text, microseconds kept) and id. */
export interface FollowUpCursor {
  createdAt: string;
  id: string;
}

/**
 * A page of the follow-up queue, newest first, resumed after `page.after` (keyset paging on
 * (created_at, id): each page costs the same however deep, and rows added meanwhile do not
 * shift it). Reads `limit + 1` rows: the extra one says whether a next page exists.
 * Open and in-progress lists walk the partial index of active follow-ups (migration 0009).
 */
export function followUps(
  db: Db,
  agencyId: string,
  units: UnitFilter,
  status: "open" | "in_progress" | "closed" | "all",
  page: { limit: number; after?: FollowUpCursor | undefined },
) {
  // The page is chosen on rating_follow_ups alone (newest first, limit + 1 rows), then joined:
  // with the joins in the same query the planner joined the whole backlog (13,000 rows at 10M
  // ratings) before sorting it.
  let pageOf = db
    .selectFrom("rating_follow_ups as f")
    .where("f.agency_id", "=", agencyId)
    .where(unitCondition("f.unit_id", units));
  if (status !== "all") pageOf = pageOf.where("f.status", "=", status);
  // Stated as the partial index's own predicate, so that the planner can use it.
  if (status === "open" || status === "in_progress") pageOf = pageOf.where("f.status", "<>", "closed");
  if (page.after) {
    pageOf = pageOf.where(
      sql<SqlBool>`(f.created_at, f.id) < (${page.after.createdAt}::timestamptz, ${page.after.id}::uuid)`,
    );
  }
  const q = db
    .selectFrom(
      pageOf
        .selectAll("f")
        .orderBy("f.created_at", "desc")
        .orderBy("f.id", "desc")
        .limit(page.limit + 1)
        .as("r"),
    )
    .innerJoin("submissions as s", (j) =>
      j.onRef("s.agency_id", "=", "r.agency_id").onRef("s.id", "=", "r.submission_id"),
    )
    .innerJoin("survey_templates as t", (j) =>
      j.onRef("t.agency_id", "=", "s.agency_id").onRef("t.id", "=", "s.template_id"),
    )
    .innerJoin("units as u", (j) => j.onRef("u.agency_id", "=", "r.agency_id").onRef("u.id", "=", "r.unit_id"))
    .leftJoin("counters as c", (j) => j.onRef("c.agency_id", "=", "s.agency_id").onRef("c.id", "=", "s.counter_id"))
    .leftJoin("procedures as p", (j) =>
      j.onRef("p.agency_id", "=", "s.agency_id").onRef("p.id", "=", "s.procedure_id"),
    );
  return q
    .select((eb) => [
      "r.id",
      "r.status",
      "r.created_at",
      sql<string>`r.created_at::text`.as("cursor_at"),
      "r.what_went_wrong",
      sql<boolean>`r.contact IS NOT NULL`.as("has_contact"),
      "s.submitted_at",
      "s.overall_score",
      "s.reason",
      "s.comment",
      "t.scale_levels",
      "u.id as unit_id",
      "u.name as unit_name",
      "c.name as counter_name",
      "p.name as procedure_name",
      eb
        .selectFrom("corrective_actions as a")
        .whereRef("a.agency_id", "=", "r.agency_id")
        .whereRef("a.follow_up_id", "=", "r.id")
        .select("a.id")
        .orderBy("a.created_at", "desc")
        .limit(1)
        .as("action_id"),
    ])
    .orderBy("r.created_at", "desc")
    .orderBy("r.id", "desc")
    .execute();
}

/** Follow-ups not yet closed: an index-only count of the backlog (migration 0009), not of every follow-up. */
export async function openFollowUps(db: Db, agencyId: string, units: UnitFilter): Promise<number> {
  const row = await db
    .selectFrom("rating_follow_ups")
    .where("agency_id", "=", agencyId)
    .where("status", "<>", "closed")
    .where(unitCondition("unit_id", units))
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

export function findFollowUp(db: Db, agencyId: string, id: string) {
  return db
    .selectFrom("rating_follow_ups")
    .where("agency_id", "=", agencyId)
    .where("id", "=", id)
    .select(["id", "unit_id"])
    .executeTakeFirst();
}

// ---- corrective actions ----

const ACTION_COLUMNS = [
  "a.id",
  "a.unit_id",
  "u.name as unit_name",
  "a.title",
  "a.description",
  "a.source",
  "a.criterion_id",
  "c.code as criterion_code",
  "c.text as criterion_text",
  "a.follow_up_id",
  "a.owner_id",
  "o.full_name as owner_name",
  "a.status",
  "a.evidence",
  "a.created_at",
  "a.updated_at",
  "a.closed_at",
] as const;

function actionQuery(db: Db, agencyId: string, today: string) {
  return db
    .selectFrom("corrective_actions as a")
    .innerJoin("units as u", (j) => j.onRef("u.agency_id", "=", "a.agency_id").onRef("u.id", "=", "a.unit_id"))
    .leftJoin("survey_criteria as c", (j) =>
      j.onRef("c.agency_id", "=", "a.agency_id").onRef("c.id", "=", "a.criterion_id"),
    )
    .leftJoin("staff_users as o", (j) => j.onRef("o.agency_id", "=", "a.agency_id").onRef("o.id", "=", "a.owner_id"))
    .where("a.agency_id", "=", agencyId)
    .select([
      ...ACTION_COLUMNS,
      sql<string>`to_char(a.due_on, 'YYYY-MM-DD')`.as("due_on"),
      sql<boolean>`a.status IN ('open', 'in_progress') AND a.due_on < ${today}::date`.as("overdue"),
    ]);
}

export type ActionRow = Awaited<ReturnType<ReturnType<typeof actionQuery>["execute"]>>[number];

export function listActions(
  db: Db,
  agencyId: string,
  units: UnitFilter,
  status: "open" | "in_progress" | "done" | "cancelled" | "active" | "all",
  today: string,
) {
  let q = actionQuery(db, agencyId, today).where(unitCondition("a.unit_id", units));
  if (status === "active") q = q.where("a.status", "in", ["open", "in_progress"]);
  else if (status !== "all") q = q.where("a.status", "=", status);
  return q.orderBy("a.due_on").orderBy("a.created_at").limit(500).execute();
}

export function findAction(db: Db, agencyId: string, id: string, today: string) {
  return actionQuery(db, agencyId, today).where("a.id", "=", id).executeTakeFirst();
}

export async function actionCounts(db: Db, agencyId: string, units: UnitFilter, today: string) {
  return db
    .selectFrom("corrective_actions")
    .where("agency_id", "=", agencyId)
    .where("status", "in", ["open", "in_progress"])
    .where(unitCondition("unit_id", units))
    .select([
      sql<number>`count(*)::int`.as("open"),
      sql<number>`count(*) FILTER (WHERE due_on < ${today}::date)::int`.as("overdue"),
    ])
    .executeTakeFirstOrThrow();
}

export function actionOwners(db: Db, agencyId: string) {
  return db
    .selectFrom("staff_users")
    .where("agency_id", "=", agencyId)
    .where("active", "=", true)
    .where("role", "in", ["admin", "manager", "inspector", "counter_officer"])
    .select(["id", "full_name"])
    .orderBy("full_name")
    .execute();
}

export function criterionOfAgency(db: Db, agencyId: string, id: string) {
  return db
    .selectFrom("survey_criteria")
    .where("agency_id", "=", agencyId)
    .where("id", "=", id)
    .select("id")
    .executeTakeFirst();
}

/** Actions of the period for the report: created in it, or still open at its end. */
export function reportActions(db: Db, agencyId: string, units: UnitFilter, range: DayRange, timezone: string) {
  const { start, end } = instantRange(range, timezone);
  return db
    .selectFrom("corrective_actions as a")
    .innerJoin("units as u", (j) => j.onRef("u.agency_id", "=", "a.agency_id").onRef("u.id", "=", "a.unit_id"))
    .where("a.agency_id", "=", agencyId)
    .where(unitCondition("a.unit_id", units))
    .where((eb) =>
      eb.or([
        eb.and([eb("a.created_at", ">=", start), eb("a.created_at", "<", end)]),
        eb.and([eb("a.created_at", "<", end), eb.or([eb("a.closed_at", "is", null), eb("a.closed_at", ">=", end)])]),
      ]),
    )
    .select([
      "a.title",
      "u.name as unit_name",
      "a.status",
      sql<string>`to_char(a.due_on, 'YYYY-MM-DD')`.as("due_on"),
      "a.evidence",
    ])
    .orderBy("a.due_on")
    .execute();
}
