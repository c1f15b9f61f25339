/**
 * The dashboard's figures: rollup counts in, the index engine's formulas (worker/lib/indices)
 * applied, on-time and PAKN figures from their modules (kpi-sources.ts). No Hono here.
 */
import { z } from "zod";
import type { DashboardQuery, DashboardSummary } from "../../schema/api/dashboard";
import type { ScaleLevels } from "../../schema/surveys/scales";
import { unitScope } from "../auth/scope";
import type { Staff } from "../auth/staff";
import type { Db } from "../db";
import { addDays, localDateOf } from "../lib/calendar/dates";
import {
  bucketsBetween,
  DEFAULT_ALERT_RULE,
  DEFAULT_SIPAS_AGGREGATION,
  daysInRange,
  type Granularity,
  indicatorScoreFromAnswers,
  indicatorsTotal,
  type LevelCounts,
  negativeShareAlert,
  neutralOrBelowAnswers,
  proportion,
  QUICK_FORM_INDICATOR_CODES,
  type SipasAggregation,
  sampleAdequacy,
  sipasIndex,
  suppressBelow,
  tthcSatisfactionRate,
} from "../lib/indices";
import { ProblemError } from "../problems";
import * as q from "./dashboard.queries";
import { caseFigures, fileScopeFor, onTimeFigures } from "./kpi-sources";

/**
 * What an agency may tune (`agencies.settings.indices`); every field is optional. The SIPAS
 * aggregation is [U] (DOMAIN §1.4), so it is a setting, not code.
 */
export const IndexSettingsSchema = z.object({
  sipas: z
    .object({
      criterion: z.enum(["top2_share", "mean_score"]).optional(),
      element: z.enum(["criteria_mean", "pooled", "element_question"]).optional(),
      overall: z.enum(["elements_mean", "overall_question"]).optional(),
      weights: z.record(z.string(), z.number().min(0)).optional(),
    })
    .optional(),
  /** Answers below which a counter's or procedure's figure is withheld. */
  minCount: z.number().int().min(1).max(1000).optional(),
  alert: z
    .object({
      threshold: z.number().min(0).max(100).optional(),
      minCount: z.number().int().min(1).max(100000).optional(),
      windowDays: z.number().int().min(1).max(90).optional(),
    })
    .optional(),
  /** Text shown with the target line (its legal basis). */
  targetBasis: z.string().min(2).max(300).optional(),
});

export interface IndexSettings {
  sipas: SipasAggregation;
  minCount: number;
  alert: { threshold: number; minCount: number; windowDays: number };
  targetBasis: string;
}

/**
 * QĐ 2629/QĐ-TTg (01/12/2025): 95% of people and businesses satisfied with online public services
 * in 2025–2027 [P] (DOMAIN §0.3). The target value is the agency's (`agencies.satisfaction_target`).
 */
export const DEFAULT_TARGET_BASIS = "QĐ 2629/QĐ-TTg (01/12/2025): 95% người dân, doanh nghiệp hài lòng";
export const DEFAULT_MIN_COUNT = 10;
export const DEFAULT_ALERT_WINDOW_DAYS = 7;

export function indexSettings(settings: Record<string, unknown> | null | undefined): IndexSettings {
  const parsed = IndexSettingsSchema.safeParse(settings?.indices ?? {});
  const s = parsed.success ? parsed.data : {};
  return {
    sipas: { ...DEFAULT_SIPAS_AGGREGATION, ...s.sipas },
    minCount: s.minCount ?? DEFAULT_MIN_COUNT,
    alert: {
      threshold: s.alert?.threshold ?? DEFAULT_ALERT_RULE.threshold,
      minCount: s.alert?.minCount ?? DEFAULT_ALERT_RULE.minCount,
      windowDays: s.alert?.windowDays ?? DEFAULT_ALERT_WINDOW_DAYS,
    },
    targetBasis: s.targetBasis ?? DEFAULT_TARGET_BASIS,
  };
}

/** The longest period one request may cover (about three years of days). */
export const MAX_DAYS = 1100;

/** The units a staff member's figures cover, narrowed to `unitId` when asked (404 outside the scope). */
export function unitFilterFor(staff: Staff, unitId: string | undefined): q.UnitFilter {
  const scope = unitScope(staff);
  if (unitId) {
    if (scope !== "all" && !scope.includes(unitId)) throw new ProblemError("not-found");
    return [unitId];
  }
  return scope === "all" ? null : scope;
}

export function checkRange(range: { from: string; to: string }): void {
  const days = daysInRange(range.from, range.to);
  if (days === 0 || days > MAX_DAYS) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "to",
          message: {
            vi: `Khoảng thời gian phải từ 1 đến ${MAX_DAYS} ngày và ngày kết thúc không trước ngày bắt đầu.`,
            en: `The period must be 1 to ${MAX_DAYS} days long and must not end before it starts.`,
          },
        },
      ],
    });
  }
}

function levels(row: q.LevelSums): LevelCounts {
  const scale = row.scale_levels as ScaleLevels;
  return { levels: scale, counts: [row.n1, row.n2, row.n3, row.n4, row.n5].slice(0, scale) };
}

export async function loadAgency(db: Db, agencyId: string) {
  const agency = await q.findAgency(db, agencyId);
  if (!agency) throw new ProblemError("not-found");
  return agency;
}

/** SIPAS and quick-form figures per survey, from the rollups of criteria and elements. */
export async function surveyFigures(
  db: Db,
  agencyId: string,
  range: q.DayRange,
  units: q.UnitFilter,
  settings: IndexSettings,
): Promise<DashboardSummary["surveys"]> {
  const items = await q.itemRows(db, agencyId, range, units);
  const templateIds = [...new Set(items.map((i) => i.template_id))];
  const { templates, elements, criteria } = await q.templatesWithItems(db, agencyId, templateIds);
  const overallByTemplate =
    settings.sipas.overall === "overall_question"
      ? new Map(
          (await q.breakdownRows(db, agencyId, range, units, "template_id")).map((r) => [r.id, proportion(r.k, r.n)]),
        )
      : new Map();
  const key = (kind: string, id: string) => `${kind}:${id}`;
  const byItem = new Map(items.map((i) => [key(i.item, i.item_id), i]));
  return templates.map((t) => {
    const scale = t.scale_levels as ScaleLevels;
    const empty: LevelCounts = { levels: scale, counts: Array(scale).fill(0) };
    const tCriteria = criteria.filter((c) => c.template_id === t.id);
    const tElements = elements.filter((e) => e.template_id === t.id);
    const counts = (kind: string, id: string) => {
      const row = byItem.get(key(kind, id));
      return row ? levels(row) : empty;
    };
    const result = sipasIndex(
      tCriteria.map((c) => ({ id: c.id, elementId: c.element_id, answers: counts("criterion", c.id) })),
      tElements.map((e) => ({ id: e.id, code: e.code, question: counts("element", e.id) })),
      settings.sipas,
    );
    const overallShare = overallByTemplate.get(t.id);
    const overall = overallShare
      ? { value: overallShare.value, low: overallShare.low, high: overallShare.high, n: overallShare.n }
      : result.overall;
    return {
      templateId: t.id,
      name: t.name,
      kind: t.kind,
      overall,
      elements: tElements.map((e) => ({
        id: e.id,
        code: e.code,
        name: e.name,
        index: result.elements.find((r) => r.id === e.id)?.index ?? { value: null, low: null, high: null, n: 0 },
      })),
      criteria: tCriteria.map((c) => {
        const r = result.criteria.find((x) => x.id === c.id);
        const answers = counts("criterion", c.id);
        return {
          id: c.id,
          code: c.code,
          name: c.text,
          elementId: c.element_id,
          share: r?.share ?? proportion(0, 0),
          index: r?.index ?? { value: null, low: null, high: null, n: 0 },
          levels: [...answers.counts],
          neutralOrBelow: neutralOrBelowAnswers(answers),
        };
      }),
    };
  });
}

/**
 * The per-file indicators 1, 2, 3, 4, 6, 7 from quick-form answers about files: 0–2 points per
 * answer, averaged over the rated files, 1 decimal (worker/lib/indices/indicators.ts).
 */
export async function indicatorFigures(
  db: Db,
  agencyId: string,
  range: q.DayRange,
  units: q.UnitFilter,
): Promise<DashboardSummary["indicators"]> {
  const items = await q.itemRows(db, agencyId, range, units, true);
  const quickRows = items.filter((i) => i.item === "criterion" && i.scale_levels === 3);
  const { criteria } = await q.templatesWithItems(db, agencyId, [...new Set(quickRows.map((i) => i.template_id))]);
  const sums = new Map<string, { name: string; counts: [number, number, number] }>();
  for (const row of quickRows) {
    const c = criteria.find((x) => x.id === row.item_id);
    if (!c || !(c.code in QUICK_FORM_INDICATOR_CODES)) continue;
    const s = sums.get(c.code) ?? { name: c.text, counts: [0, 0, 0] };
    s.counts = [s.counts[0] + row.n1, s.counts[1] + row.n2, s.counts[2] + row.n3];
    sums.set(c.code, s);
  }
  const indicatorItems = Object.entries(QUICK_FORM_INDICATOR_CODES).map(([code, number]) => {
    const s = sums.get(code);
    return {
      number,
      code,
      name: s?.name ?? code,
      score: s ? indicatorScoreFromAnswers(s.counts) : null,
      files: s ? s.counts[0] + s.counts[1] + s.counts[2] : 0,
    };
  });
  return { items: indicatorItems, ...indicatorsTotal(indicatorItems.map((i) => i.score)) };
}

/** Everything the dashboard shows for a period, as the signed-in staff member may see it. */
export async function dashboardSummary(
  db: Db,
  staff: Staff,
  query: DashboardQuery,
  now: Date,
): Promise<DashboardSummary> {
  checkRange(query);
  const units = unitFilterFor(staff, query.unitId);
  const agency = await loadAgency(db, staff.agencyId);
  const settings = indexSettings(agency.settings);
  const range = { from: query.from, to: query.to };
  const today = localDateOf(now);
  const tz = agency.timezone;

  const totals = await q.overallTotals(db, agency.id, range, units);
  const satisfaction = proportion(totals.k, totals.n);

  const trendRows = await q.trendRows(db, agency.id, range, units, query.granularity as Granularity);
  const trendMap = new Map(trendRows.map((r) => [r.bucket, r]));
  const trend = bucketsBetween(query.from, query.to, query.granularity).map((bucket) => {
    const r = trendMap.get(bucket);
    return { bucket, ...proportion(r?.k ?? 0, r?.n ?? 0) };
  });

  const names = await q.names(db, agency.id);
  const nameOf = (list: Array<{ id: string; name: string }>, id: string) => list.find((x) => x.id === id)?.name ?? "—";
  const byUnit = (await q.breakdownRows(db, agency.id, range, units, "unit_id"))
    .map((r) => ({ id: r.id, name: nameOf(names.units, r.id), share: proportion(r.k, r.n), negative: r.negative }))
    .sort((a, b) => (a.share.value ?? 101) - (b.share.value ?? 101));
  const small = (by: "procedure_id" | "counter_id", list: Array<{ id: string; name: string }>) =>
    q.breakdownRows(db, agency.id, range, units, by).then((rows) =>
      rows
        .map((r) => ({
          id: r.id,
          name: nameOf(list, r.id),
          n: r.n,
          share: suppressBelow(r.n, settings.minCount, proportion(r.k, r.n)),
        }))
        .sort((a, b) => b.n - a.n),
    );
  const byProcedure = await small("procedure_id", names.procedures);
  const byCounter = await small("counter_id", names.counters);

  const surveys = await surveyFigures(db, agency.id, range, units, settings);
  const indicators = await indicatorFigures(db, agency.id, range, units);
  const heatmap = await q.heatmapRows(db, agency.id, range, units);

  const returned = await q.returnedFilesRated(db, agency.id, range, tz, units);
  const responseRate = proportion(returned.rated, returned.returned);
  const adequacy = sampleAdequacy(totals.n, returned.returned);

  const scope = await fileScopeFor(db, staff);
  const onTime = await onTimeFigures(db, agency.id, range, units === null ? scope : units, query.unitId, now);
  const disliked = await q.dislikedOrPaknFiles(db, agency.id, range, tz, units);
  const tthc = tthcSatisfactionRate({
    files: onTime.files,
    late: onTime.late,
    dislikedOrPakn: Math.min(disliked, onTime.files),
  });
  // Case figures are agency-wide: only for staff who see every unit, and without a unit filter.
  const cases = units === null ? await caseFigures(db, agency.id, range) : null;

  const windowTo = query.to < today ? query.to : today;
  const window = { from: addDays(windowTo, -(settings.alert.windowDays - 1)), to: windowTo };
  const alertData = await q.alertRows(db, agency.id, window, units);
  const rule = { threshold: settings.alert.threshold, minCount: settings.alert.minCount };
  const alerts = [
    ...alertData.byUnit.map((r) => ({ ...r, kind: "unit" as const, name: nameOf(names.units, r.id) })),
    ...alertData.byCounter.map((r) => ({ ...r, kind: "counter" as const, name: nameOf(names.counters, r.id) })),
  ]
    .map((r) => ({ r, alert: negativeShareAlert(r.negative, r.n, rule) }))
    .filter((x) => x.alert.fired)
    .map(({ r, alert }) => ({
      kind: r.kind,
      id: r.id,
      name: r.name,
      share: alert.share,
      windowDays: settings.alert.windowDays,
      threshold: rule.threshold,
    }));

  const actions = await q.actionCounts(db, agency.id, units, today);
  const followUps = { open: await q.openFollowUps(db, agency.id, units) };

  return {
    agency: { id: agency.id, code: agency.code, name: agency.name },
    period: { from: query.from, to: query.to, granularity: query.granularity },
    unitId: query.unitId ?? null,
    target: { value: Number(agency.satisfaction_target), basis: settings.targetBasis },
    satisfaction,
    sample: {
      population: adequacy.population,
      answers: adequacy.answers,
      required: adequacy.required,
      adequate: adequacy.adequate,
    },
    trend,
    byUnit,
    byProcedure,
    byCounter,
    minCount: settings.minCount,
    surveys,
    indicators,
    heatmap,
    responseRate,
    onTime: { source: onTime.source, share: onTime.share, target: onTime.target, late: onTime.late },
    cases,
    qd766: { tthc },
    alerts,
    actions,
    followUps,
  };
}
