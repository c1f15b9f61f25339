/**
 * On-time KPIs of files (hồ sơ) for a period, per unit, procedure and month, against the
 * agency's target (100%: every file on time). Exported for the dashboard: it calls these
 * functions rather than counting files itself.
 *
 * A file belongs to the period when it was finished (returned or stopped) within it, or was
 * still open at its end; each is classified at the period's end by the QĐ 766/QĐ-TTg rules
 * (worker/lib/files/timeliness.ts states them): open files not yet past their appointment count
 * as on time, as that index does. The counts are computed in Postgres with the same rule (so an
 * agency's year of files never travels to the worker); the lists classify rows in the worker.
 *
 *   const kpi = await fileKpis(db, agencyId, { from: "2026-11-01", to: "2026-11-30" });
 *   const missing = await lateFilesWithoutApology(db, agencyId, { from, to });
 */
import { type Expression, type Kysely, sql } from "kysely";
import type { FileSummary, Kpi, KpiCounts } from "../../schema/api/files";
import type { Database } from "../../schema/db/database";
import { type IsoDate, instantOf } from "../lib/calendar/dates";
import type { Outcome } from "../lib/files/timeliness";
import { type FileFactRow, type FileScope, fileFacts, fileInScope } from "./files.queries";
import { calendarForRows, loadFileSettings, toSummary } from "./files.service";

type Db = Kysely<Database>;

export interface FileKpiOptions {
  /** First day of the period (YYYY-MM-DD, Vietnamese calendar). */
  from: IsoDate;
  /** Last day of the period, included. */
  to: IsoDate;
  /** Units the reader sees (default: the whole agency). */
  scope?: FileScope;
  unitId?: string | undefined;
  procedureId?: string | undefined;
  /** The clock (default: now); a period ending later is measured now. */
  now?: Date;
}

/** The instants of a period of days, and the moment its files are measured at. */
export function periodBounds(from: IsoDate, to: IsoDate, now: Date) {
  const start = instantOf({ date: from, minutes: 0 });
  const end = new Date(instantOf({ date: to, minutes: 1440 }).getTime() - 1);
  const asOf = end < now ? end : now;
  return { start, end, asOf };
}

function rate(part: number, total: number): number | null {
  return total === 0 ? null : Math.round((part / total) * 10000) / 100;
}

async function periodRows(db: Db, agencyId: string, options: FileKpiOptions) {
  const now = options.now ?? new Date();
  const { start, end, asOf } = periodBounds(options.from, options.to, now);
  const rows = await fileFacts(db, agencyId, {
    scope: options.scope ?? "all",
    period: { from: start, to: end },
    unitId: options.unitId,
    procedureId: options.procedureId,
  });
  // Files received after the moment of measurement (a period that ends in the future) are left out.
  return { rows: rows.filter((r) => r.received_at <= asOf), asOf };
}

/** Milliseconds since the epoch, truncated as a JavaScript Date truncates Postgres's microseconds. */
function ms(expr: Expression<unknown>) {
  return sql<number>`floor(extract(epoch FROM ${expr}) * 1000)::bigint`;
}

/** Counts of one group of the aggregation (bigints come back from Postgres as text). */
interface OutcomeRow {
  set: "total" | "unit" | "procedure" | "month";
  key: string | null;
  name: string | null;
  code: string | null;
  early: string;
  on_time: string;
  late: string;
  pending: string;
  late_without_apology: string;
  multiple_supplements: string;
}

/**
 * The files of the period classified inside Postgres: a WITH list ending in `classified`
 * (one row per file: id, unit_id, procedure_id, outcome, month of the end, requests, has_letter).
 *
 * The classification is classifyFile's (worker/lib/files/timeliness.ts, where the rule is
 * stated) written as SQL over the same facts as fileFacts, in whole milliseconds as the worker
 * sees them; test/worker/files-kpis.test.ts checks that the two agree file by file.
 */
function classifiedFiles(agencyId: string, options: FileKpiOptions, asOf: Date) {
  const { start, end } = periodBounds(options.from, options.to, options.now ?? new Date());
  const asOfMs = asOf.getTime();
  const unitFilter = options.unitId ? sql`AND f.unit_id = ${options.unitId}` : sql``;
  const procedureFilter = options.procedureId ? sql`AND f.procedure_id = ${options.procedureId}` : sql``;
  // The Vietnamese local day number of an instant in ms (UTC+7 all year, as worker/lib/calendar/dates.ts).
  const dayOf = (x: Expression<unknown>) => sql`floor((${x} + 25200000) / 86400000.0)`;
  // Set-based throughout (hash joins on the period's files): no subquery runs once per file.
  return sql`
    period AS MATERIALIZED (
      SELECT f.id, f.unit_id, f.procedure_id, f.status, f.received_at, f.due_at, f.returned_at, f.updated_at
      FROM files f
      WHERE f.agency_id = ${agencyId} AND ${fileInScope(options.scope ?? "all")} ${unitFilter} ${procedureFilter}
        AND f.received_at <= ${end}
    ), stops AS (
      SELECT e.file_id, min(e.occurred_at) AS at FROM file_events e JOIN period p ON p.id = e.file_id
      WHERE e.agency_id = ${agencyId} AND e.kind = 'stopped' GROUP BY e.file_id
    ), f AS MATERIALIZED (
      -- fileFacts's period rule: finished (returned, else stopped) in the period or not finished.
      SELECT p.id, p.unit_id, p.procedure_id, ${ms(sql`p.due_at`)} AS due, ${ms(sql`p.returned_at`)} AS returned,
             ${ms(sql`x.stopped_at`)} AS stopped, a.id IS NOT NULL AS has_letter
      FROM period p
      LEFT JOIN stops st ON st.file_id = p.id
      CROSS JOIN LATERAL (
        SELECT CASE WHEN p.status = 'stopped' THEN coalesce(st.at, p.updated_at) END AS stopped_at) x
      LEFT JOIN apology_letters a ON a.agency_id = ${agencyId} AND a.file_id = p.id
      WHERE (coalesce(p.returned_at, x.stopped_at) IS NULL OR coalesce(p.returned_at, x.stopped_at) >= ${start})
        AND ${ms(sql`p.received_at`)} <= ${asOfMs}
    ), s AS MATERIALIZED (
      -- Supplement requests made by the moment of measurement.
      SELECT s.file_id, ${ms(sql`s.requested_at`)} AS requested, ${ms(sql`s.completed_at`)} AS completed
      FROM file_supplements s JOIN f ON f.id = s.file_id
      WHERE s.agency_id = ${agencyId} AND ${ms(sql`s.requested_at`)} <= ${asOfMs}
    ), ends AS (
      SELECT f.*, least(CASE WHEN f.returned <= ${asOfMs} THEN f.returned END,
                        CASE WHEN f.stopped <= ${asOfMs} THEN f.stopped END) AS finished_at
      FROM f
    ), opened AS (
      -- The first request still open at the end (the file waits for the citizen) moves the end
      -- back to the request.
      SELECT e.id, count(s.file_id) AS requests,
             coalesce(min(s.requested) FILTER (WHERE s.requested <= coalesce(e.finished_at, ${asOfMs})
               AND (s.completed IS NULL OR s.completed > coalesce(e.finished_at, ${asOfMs}))),
               coalesce(e.finished_at, ${asOfMs})) AS end_at
      FROM ends e LEFT JOIN s ON s.file_id = e.id
      GROUP BY e.id, e.finished_at
    ), waited AS (
      -- The citizen's supplement time (requests completed by the end) moves the appointment.
      SELECT o.id, o.requests, o.end_at,
             coalesce(sum(s.completed - s.requested) FILTER (WHERE s.completed <= o.end_at), 0) AS waiting
      FROM opened o LEFT JOIN s ON s.file_id = o.id
      GROUP BY o.id, o.requests, o.end_at
    ), classified AS (
      SELECT e.id, e.unit_id, e.procedure_id, w.requests, e.has_letter,
             CASE
               WHEN w.requests > 1 THEN 'late'
               WHEN w.end_at > e.due + w.waiting THEN 'late'
               WHEN e.finished_at IS NULL THEN 'pending'
               WHEN ${dayOf(sql`w.end_at`)} < ${dayOf(sql`(e.due + w.waiting)`)} THEN 'early'
               ELSE 'on_time'
             END AS outcome,
             to_char(to_timestamp(w.end_at / 1000.0) AT TIME ZONE 'UTC' + interval '7 hours', 'YYYY-MM') AS month
      FROM ends e JOIN waited w ON w.id = e.id
    )`;
}

/** Each file of the period with its outcome as Postgres classifies it (for checks; the KPIs use outcomeCounts). */
export async function fileOutcomes(db: Db, agencyId: string, options: FileKpiOptions) {
  const { asOf } = periodBounds(options.from, options.to, options.now ?? new Date());
  const { rows } = await sql<{ id: string; outcome: Outcome; month: string; requests: string }>`
    WITH ${classifiedFiles(agencyId, options, asOf)}
    SELECT id, outcome, month, requests FROM classified`.execute(db);
  return rows.map((r) => ({ id: r.id, outcome: r.outcome, month: r.month, supplementCount: Number(r.requests) }));
}

/** Counts of one group of outcomeCounts (bigints come back from Postgres as text). */
interface OutcomeRow {
  set: "total" | "unit" | "procedure" | "month";
  key: string | null;
  name: string | null;
  code: string | null;
  early: string;
  on_time: string;
  late: string;
  pending: string;
  late_without_apology: string;
  multiple_supplements: string;
}

/** The classified files counted in total and per unit, procedure and month: one row per group. */
async function outcomeCounts(db: Db, agencyId: string, options: FileKpiOptions, asOf: Date) {
  const { rows } = await sql<OutcomeRow>`
    WITH ${classifiedFiles(agencyId, options, asOf)}, g AS (
      SELECT CASE WHEN grouping(unit_id) = 0 THEN 'unit' WHEN grouping(procedure_id) = 0 THEN 'procedure'
                  WHEN grouping(month) = 0 THEN 'month' ELSE 'total' END AS set,
             coalesce(unit_id::text, procedure_id::text, month) AS key,
             count(*) FILTER (WHERE outcome = 'early') AS early,
             count(*) FILTER (WHERE outcome = 'on_time') AS on_time,
             count(*) FILTER (WHERE outcome = 'late') AS late,
             count(*) FILTER (WHERE outcome = 'pending') AS pending,
             count(*) FILTER (WHERE outcome = 'late' AND NOT has_letter) AS late_without_apology,
             count(*) FILTER (WHERE requests > 1) AS multiple_supplements
      FROM classified
      GROUP BY GROUPING SETS ((), (unit_id), (procedure_id), (month))
    )
    SELECT g.*, coalesce(u.name, p.name) AS name, p.national_code AS code
    FROM g
    LEFT JOIN units u ON g.set = 'unit' AND u.agency_id = ${agencyId} AND u.id::text = g.key
    LEFT JOIN procedures p ON g.set = 'procedure' AND p.agency_id = ${agencyId} AND p.id::text = g.key`.execute(db);
  return rows;
}

function countsOf(row: OutcomeRow | undefined): KpiCounts {
  const early = Number(row?.early ?? 0);
  const onTime = Number(row?.on_time ?? 0);
  const late = Number(row?.late ?? 0);
  const pending = Number(row?.pending ?? 0);
  const total = early + onTime + late + pending;
  return {
    total,
    early,
    onTime,
    late,
    pending,
    onTimeRate: rate(early + onTime + pending, total),
    earlyRate: rate(early, total),
    lateRate: rate(late, total),
  };
}

/**
 * Early / on-time / late counts and rates for the period, in total and per unit, procedure and
 * month. Counted in Postgres (outcomeCounts): the cost follows the number of units, procedures
 * and months, not the number of files.
 */
export async function fileKpis(db: Db, agencyId: string, options: FileKpiOptions): Promise<Kpi> {
  const { asOf } = periodBounds(options.from, options.to, options.now ?? new Date());
  const [rows, settings] = await Promise.all([
    outcomeCounts(db, agencyId, options, asOf),
    loadFileSettings(db, agencyId),
  ]);
  const of = (set: OutcomeRow["set"]) => rows.filter((r) => r.set === set && (set === "total" || r.key !== null));
  const total = of("total")[0];
  return {
    from: options.from,
    to: options.to,
    asOf: asOf.toISOString(),
    target: settings.onTimeTarget,
    totals: countsOf(total),
    byUnit: of("unit")
      .map((r) => ({ unitId: r.key!, unitName: r.name ?? "", ...countsOf(r) }))
      .sort((a, b) => a.unitName.localeCompare(b.unitName, "vi")),
    byProcedure: of("procedure")
      .map((r) => ({ procedureId: r.key!, nationalCode: r.code ?? "", procedureName: r.name ?? "", ...countsOf(r) }))
      .sort((a, b) => b.total - a.total || a.nationalCode.localeCompare(b.nationalCode)),
    byMonth: of("month")
      .map((r) => ({ month: r.key!, ...countsOf(r) }))
      .sort((a, b) => (a.month < b.month ? -1 : 1)),
    lateWithoutApology: Number(total?.late_without_apology ?? 0),
    multipleSupplements: Number(total?.multiple_supplements ?? 0),
  };
}

async function summariesWhere(
  db: Db,
  agencyId: string,
  options: FileKpiOptions,
  keep: (row: FileFactRow, summary: FileSummary) => boolean,
): Promise<FileSummary[]> {
  const [{ rows, asOf }, settings] = await Promise.all([
    periodRows(db, agencyId, options),
    loadFileSettings(db, agencyId),
  ]);
  if (rows.length === 0) return [];
  const calendar = await calendarForRows(db, agencyId, rows, asOf);
  const out: FileSummary[] = [];
  for (const row of rows) {
    const summary = toSummary(row, calendar, asOf, settings);
    if (keep(row, summary)) out.push(summary);
  }
  return out;
}

/** Late files of the period that have no apology letter. The list should be empty (ND 118/2025 Đ19 k6). */
export function lateFilesWithoutApology(db: Db, agencyId: string, options: FileKpiOptions): Promise<FileSummary[]> {
  return summariesWhere(db, agencyId, options, (_row, s) => s.timeliness.outcome === "late" && s.apology === null);
}

/** Files of the period with more than one supplement request (ND 118/2025 Đ11 allows one). */
export function filesWithMultipleSupplements(
  db: Db,
  agencyId: string,
  options: FileKpiOptions,
): Promise<FileSummary[]> {
  return summariesWhere(db, agencyId, options, (_row, s) => s.timeliness.supplementCount > 1);
}
