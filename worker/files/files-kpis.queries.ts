/**
 * On-time KPIs of files (hồ sơ) for a period, per unit, procedure and month, against the
 * agency's target (100%: every file on time). Exported for the dashboard: it calls these
 * functions rather than counting files itself.
 *
 * A file belongs to the period when it was finished (returned or stopped) within it, or was
 * still open at its end; each is classified at the period's end by the QĐ 766/QĐ-TTg rules
 * (worker/lib/files/timeliness.ts, one implementation): open files not yet past their
 * appointment count as on time, as that index does.
 *
 *   const kpi = await fileKpis(db, agencyId, { from: "2026-11-01", to: "2026-11-30" });
 *   const missing = await lateFilesWithoutApology(db, agencyId, { from, to });
 */
import type { Kysely } from "kysely";
import type { FileSummary, Kpi, KpiCounts } from "../../schema/api/files";
import type { Database } from "../../schema/db/database";
import { type IsoDate, instantOf, localDateOf } from "../lib/calendar/dates";
import { classifyFile, type Outcome } from "../lib/files/timeliness";
import { type FileFactRow, type FileScope, fileFacts } from "./files.queries";
import { calendarForRows, loadFileSettings, timesOf, toSummary } from "./files.service";

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

class Tally {
  early = 0;
  onTime = 0;
  late = 0;
  pending = 0;
  add(outcome: Outcome) {
    if (outcome === "early") this.early++;
    else if (outcome === "on_time") this.onTime++;
    else if (outcome === "late") this.late++;
    else this.pending++;
  }
  counts(): KpiCounts {
    const total = this.early + this.onTime + this.late + this.pending;
    return {
      total,
      early: this.early,
      onTime: this.onTime,
      late: this.late,
      pending: this.pending,
      onTimeRate: rate(this.early + this.onTime + this.pending, total),
      earlyRate: rate(this.early, total),
      lateRate: rate(this.late, total),
    };
  }
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

/** Early / on-time / late counts and rates for the period, in total and per unit, procedure and month. */
export async function fileKpis(db: Db, agencyId: string, options: FileKpiOptions): Promise<Kpi> {
  const [{ rows, asOf }, settings] = await Promise.all([
    periodRows(db, agencyId, options),
    loadFileSettings(db, agencyId),
  ]);
  const totals = new Tally();
  const units = new Map<string, { name: string; tally: Tally }>();
  const procedures = new Map<string, { code: string; name: string; tally: Tally }>();
  const months = new Map<string, Tally>();
  let lateWithoutApology = 0;
  let multipleSupplements = 0;
  for (const row of rows) {
    const t = classifyFile(timesOf(row), asOf);
    totals.add(t.outcome);
    const unit = units.get(row.unit_id) ?? { name: row.unit_name, tally: new Tally() };
    unit.tally.add(t.outcome);
    units.set(row.unit_id, unit);
    const procedure = procedures.get(row.procedure_id) ?? {
      code: row.procedure_code,
      name: row.procedure_name,
      tally: new Tally(),
    };
    procedure.tally.add(t.outcome);
    procedures.set(row.procedure_id, procedure);
    const month = localDateOf(t.endAt).slice(0, 7);
    const m = months.get(month) ?? new Tally();
    m.add(t.outcome);
    months.set(month, m);
    if (t.outcome === "late" && !row.letter_id) lateWithoutApology++;
    if (t.supplementCount > 1) multipleSupplements++;
  }
  return {
    from: options.from,
    to: options.to,
    asOf: asOf.toISOString(),
    target: settings.onTimeTarget,
    totals: totals.counts(),
    byUnit: [...units.entries()]
      .map(([unitId, u]) => ({ unitId, unitName: u.name, ...u.tally.counts() }))
      .sort((a, b) => a.unitName.localeCompare(b.unitName, "vi")),
    byProcedure: [...procedures.entries()]
      .map(([procedureId, p]) => ({ procedureId, nationalCode: p.code, procedureName: p.name, ...p.tally.counts() }))
      .sort((a, b) => b.total - a.total || a.nationalCode.localeCompare(b.nationalCode)),
    byMonth: [...months.entries()]
      .map(([month, m]) => ({ month, ...m.counts() }))
      .sort((a, b) => (a.month < b.month ? -1 : 1)),
    lateWithoutApology,
    multipleSupplements,
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
