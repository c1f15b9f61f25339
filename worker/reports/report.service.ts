/**
 * The periodic report (báo cáo định kỳ 6 tháng, năm; and quarterly) the departmental plans ask
 * for: satisfaction against the target, per unit, procedure, month, element and criterion,
 * the per-file indicators, on-time and PAKN figures, and the corrective actions of the period.
 * The same figures as the dashboard (same queries and formulas), for a whole report period.
 */
import type { PeriodicReport, ReportQuery } from "../../schema/api/dashboard";
import type { Staff } from "../auth/staff";
import * as q from "../dashboard/dashboard.queries";
import {
  indexSettings,
  indicatorFigures,
  loadAgency,
  surveyFigures,
  unitFilterFor,
} from "../dashboard/dashboard.service";
import { caseFigures, fileScopeFor, onTimeFigures } from "../dashboard/kpi-sources";
import type { Db } from "../db";
import { type Proportion, proportion, reportPeriod, sampleAdequacy, tthcSatisfactionRate } from "../lib/indices";

function row(name: string, p: Proportion) {
  return { name, n: p.n, value: p.value, low: p.low, high: p.high };
}

export async function periodicReport(db: Db, staff: Staff, query: ReportQuery, now: Date): Promise<PeriodicReport> {
  const units = unitFilterFor(staff, query.unitId);
  const agency = await loadAgency(db, staff.agencyId);
  const settings = indexSettings(agency.settings);
  const range = reportPeriod(query.kind, query.year, query.cutoff);

  const totals = await q.overallTotals(db, agency.id, range, units);
  const names = await q.names(db, agency.id);
  const nameOf = (list: Array<{ id: string; name: string }>, id: string) => list.find((x) => x.id === id)?.name ?? "—";
  const byUnit = (await q.breakdownRows(db, agency.id, range, units, "unit_id"))
    .map((r) => row(nameOf(names.units, r.id), proportion(r.k, r.n)))
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
  const byProcedure = (await q.breakdownRows(db, agency.id, range, units, "procedure_id"))
    .map((r) => row(nameOf(names.procedures, r.id), proportion(r.k, r.n)))
    .sort((a, b) => b.n - a.n);
  const byMonth = (await q.trendRows(db, agency.id, range, units, "month")).map((r) =>
    row(`${r.bucket.slice(5, 7)}/${r.bucket.slice(0, 4)}`, proportion(r.k, r.n)),
  );
  const surveys = await surveyFigures(db, agency.id, range, units, settings);
  const elements = surveys.flatMap((s) =>
    s.elements.map((e) => ({
      name: `${s.name}: ${e.name}`,
      n: e.index.n,
      value: e.index.value,
      low: e.index.low,
      high: e.index.high,
    })),
  );
  const criteria = surveys.flatMap((s) =>
    s.criteria.map((c) => ({ ...row(c.name, c.share), code: c.code, neutralOrBelow: c.neutralOrBelow })),
  );
  const indicators = await indicatorFigures(db, agency.id, range, units);

  const returned = await q.returnedFilesRated(db, agency.id, range, agency.timezone, units);
  const adequacy = sampleAdequacy(totals.n, returned.returned);
  const scope = await fileScopeFor(db, staff);
  const onTime = await onTimeFigures(db, agency.id, range, units === null ? scope : units, query.unitId, now);
  const disliked = await q.dislikedOrPaknFiles(db, agency.id, range, agency.timezone, units);
  const tthc = tthcSatisfactionRate({
    files: onTime.files,
    late: onTime.late,
    dislikedOrPakn: Math.min(disliked, onTime.files),
  });
  const cases = units === null ? await caseFigures(db, agency.id, range) : null;
  const actions = await q.reportActions(db, agency.id, units, range, agency.timezone);

  return {
    agency: { code: agency.code, name: agency.name },
    kind: query.kind,
    year: query.year,
    period: range,
    generatedAt: now.toISOString(),
    target: { value: Number(agency.satisfaction_target), basis: settings.targetBasis },
    satisfaction: proportion(totals.k, totals.n),
    sample: { population: adequacy.population, required: adequacy.required, adequate: adequacy.adequate },
    onTime: { source: onTime.source, share: onTime.share, late: onTime.late },
    responseRate: proportion(returned.rated, returned.returned),
    qd766Tthc: { value: tthc.value, points: tthc.points, max: tthc.max },
    cases: cases && { paknOnTime: cases.paknOnTime, paknSatisfaction: cases.paknSatisfaction },
    byUnit,
    byProcedure,
    byMonth,
    elements,
    criteria,
    indicators: indicators.items.map((i) => ({ name: `${i.number}. ${i.name}`, score: i.score, files: i.files })),
    actions: actions.map((a) => ({
      title: a.title,
      unit: a.unit_name,
      status: a.status,
      dueOn: a.due_on,
      evidence: a.evidence,
    })),
  };
}
