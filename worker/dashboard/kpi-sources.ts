/**
 * THE adapter between the dashboard and the modules that own other rules: files (on time,
 * QĐ 766 §2.1: worker/files/files-kpis.queries.ts) and cases (PAKN deadlines and the citizen's
 * rating of the answer: worker/cases/cases.queries.ts). The dashboard, the periodic report and
 * the transparency page read on-time and PAKN figures only through this file, so a change in
 * those modules is mended here once. Nothing here recomputes their rules.
 */
import type { Staff } from "../auth/staff";
import { caseStats, listPublishedAnswers } from "../cases/cases.queries";
import type { Db } from "../db";
import type { FileScope } from "../files/files.queries";
import { fileScopeOf } from "../files/files.service";
import { fileKpis } from "../files/files-kpis.queries";
import { addDays, instantOf } from "../lib/calendar/dates";
import { type Proportion, proportion } from "../lib/indices";

/** Which module computed a figure (shown under the panel). */
export const FILES_SOURCE = "files-module (QĐ 766/QĐ-TTg §2.1)";
export const CASES_SOURCE = "cases-module";

export interface OnTimeFigures {
  source: string;
  /** Files of the period (finished in it, or open at its end), on time: early + on time + not yet due. */
  share: Proportion;
  late: number;
  /** Files of the period (the denominator of the QĐ 766 TTHC rate). */
  files: number;
  target: number;
  byMonth: Array<{ month: string; share: Proportion }>;
}

/** The files the staff member sees: the files module's own rule (the one-stop desk sees all). */
export function fileScopeFor(db: Db, staff: Staff | null): Promise<FileScope> {
  return staff ? fileScopeOf(db, staff) : Promise.resolve("all");
}

/** On-time figures of the files module for local days [from, to]. */
export async function onTimeFigures(
  db: Db,
  agencyId: string,
  range: { from: string; to: string },
  scope: FileScope,
  unitId: string | undefined,
  now: Date,
): Promise<OnTimeFigures> {
  const kpi = await fileKpis(db, agencyId, { from: range.from, to: range.to, scope, unitId, now });
  const t = kpi.totals;
  return {
    source: FILES_SOURCE,
    share: proportion(t.early + t.onTime + t.pending, t.total),
    late: t.late,
    files: t.total,
    target: kpi.target,
    byMonth: kpi.byMonth.map((m) => ({ month: m.month, share: proportion(m.early + m.onTime + m.pending, m.total) })),
  };
}

export interface CaseFigures {
  source: string;
  /** PAKN answered on time / PAKN answered (QĐ 766). */
  paknOnTime: Proportion;
  /** (PAKN answered − rated "không hài lòng" or late) / PAKN answered (QĐ 766). */
  paknSatisfaction: Proportion;
  /** Every kind of case: answered within its deadlines / answered. */
  deadlinesMet: Proportion;
}

/** PAKN and case figures of the cases module for cases received in local days [from, to]. */
export async function caseFigures(db: Db, agencyId: string, range: { from: string; to: string }): Promise<CaseFigures> {
  const rows = await caseStats(
    db,
    agencyId,
    instantOf({ date: range.from, minutes: 0 }),
    instantOf({ date: addDays(range.to, 1), minutes: 0 }),
  );
  const petition = rows.find((r) => r.kind === "petition");
  const answered = Number(petition?.answered ?? 0);
  let allAnswered = 0;
  let allOnTime = 0;
  for (const r of rows) {
    allAnswered += Number(r.answered);
    allOnTime += Number(r.answered_on_time);
  }
  return {
    source: CASES_SOURCE,
    paknOnTime: proportion(Number(petition?.answered_on_time ?? 0), answered),
    paknSatisfaction: proportion(answered - Number(petition?.unsatisfied_or_late ?? 0), answered),
    deadlinesMet: proportion(allOnTime, allAnswered),
  };
}

/** The PAKN answers the agency has published (the cases module decides what is public). */
export async function publishedAnswers(db: Db, agencyId: string, limit: number) {
  const rows = await listPublishedAnswers(db, agencyId, undefined, limit);
  return rows.slice(0, limit).map((r) => ({
    code: r.code,
    unitName: r.unit_name,
    question: r.published_question,
    answer: r.published_body,
    documentNumber: r.document_number,
    publishedAt: (r.published_at as Date).toISOString(),
  }));
}
