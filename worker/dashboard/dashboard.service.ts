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

type Catalogue = Awaited<ReturnType<typeof q.templatesWithItems>>;
type ItemSums = Omit<q.ItemRow, "has_file">;

/**
 * The period's criterion and element answers (one read of rating_item_daily, split by has_file)
 * and the templates they belong to: what surveyFigures and indicatorFigures need, read once.
 */
export async function loadItems(db: Db, agencyId: string, range: q.DayRange, units: q.UnitFilter) {
  const rows = await q.itemRowsByFile(db, agencyId, range, units);
  const all = new Map<string, ItemSums>();
  const files: ItemSums[] = [];
  for (const { has_file, ...row } of rows) {
    if (has_file) files.push(row);
    const key = `${row.template_id}:${row.item}:${row.item_id}`;
    const sum = all.get(key);
    if (!sum) all.set(key, { ...row });
    else {
      sum.scale_levels = Math.max(sum.scale_levels, row.scale_levels);
      sum.n1 += row.n1;
      sum.n2 += row.n2;
      sum.n3 += row.n3;
      sum.n4 += row.n4;
      sum.n5 += row.n5;
    }
  }
  const catalogue = await q.templatesWithItems(db, agencyId, [...new Set(rows.map((r) => r.template_id))]);
  return { all: [...all.values()], files, catalogue };
}

/** SIPAS and quick-form figures per survey, from the rollups of criteria and elements. */
export async function surveyFigures(
  db: Db,
  agencyId: string,
  range: q.DayRange,
  units: q.UnitFilter,
  settings: IndexSettings,
): Promise<DashboardSummary["surveys"]> {
  const items = await loadItems(db, agencyId, range, units);
  const byTemplate =
    settings.sipas.overall === "overall_question"
      ? await q.breakdownRows(db, agencyId, range, units, "template_id")
      : [];
  return surveysFrom(items.all, items.catalogue, settings, byTemplate);
}

function surveysFrom(
  items: ItemSums[],
  { templates, elements, criteria }: Catalogue,
  settings: IndexSettings,
  byTemplate: ReadonlyArray<{ id: string; n: number; k: number }>,
): DashboardSummary["surveys"] {
  const overallByTemplate =
    settings.sipas.overall === "overall_question"
      ? new Map(byTemplate.map((r) => [r.id, proportion(r.k, r.n)]))
      : new Map<string, ReturnType<typeof proportion>>();
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
  const items = await loadItems(db, agencyId, range, units);
  return indicatorsFrom(items.files, items.catalogue);
}

function indicatorsFrom(fileItems: ItemSums[], { criteria }: Catalogue): DashboardSummary["indicators"] {
  const quickRows = fileItems.filter((i) => i.item === "criterion" && i.scale_levels === 3);
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

/**
 * Everything the dashboard shows for a period, as the signed-in staff member may see it.
 *
 * Rating figures come from the rollups, grouped in Postgres (one pass over rating_daily for
 * the total, trend and breakdowns; one over rating_item_daily for surveys and indicators); the
 * on-time figure is counted in Postgres by the files module. The independent reads run in
 * parallel on the request's connections (DB_MAX_CONNECTIONS), so the request waits for the
 * slowest of them rather than for the sum of ~25 round trips.
 */
export async function dashboardSummary(
  db: Db,
  staff: Staff,
  query: DashboardQuery,
  now: Date,
): Promise<DashboardSummary> {
  checkRange(query);
  const units = unitFilterFor(staff, query.unitId);
  const [agency, scope] = await Promise.all([loadAgency(db, staff.agencyId), fileScopeFor(db, staff)]);
  const settings = indexSettings(agency.settings);
  const range = { from: query.from, to: query.to };
  const today = localDateOf(now);
  const tz = agency.timezone;
  const windowTo = query.to < today ? query.to : today;
  const window = { from: addDays(windowTo, -(settings.alert.windowDays - 1)), to: windowTo };

  const [daily, items, heatmap, names, returned, onTime, disliked, cases, alertData, actions, openFollowUps] =
    await Promise.all([
      q.periodDaily(db, agency.id, range, units, query.granularity as Granularity),
      loadItems(db, agency.id, range, units),
      q.heatmapRows(db, agency.id, range, units),
      q.names(db, agency.id),
      q.returnedFilesRated(db, agency.id, range, tz, units),
      onTimeFigures(db, agency.id, range, units === null ? scope : units, query.unitId, now),
      q.dislikedOrPaknFiles(db, agency.id, range, tz, units),
      // Case figures are agency-wide: only for staff who see every unit, and without a unit filter.
      units === null ? caseFigures(db, agency.id, range) : Promise.resolve(null),
      q.alertRows(db, agency.id, window, units),
      q.actionCounts(db, agency.id, units, today),
      q.openFollowUps(db, agency.id, units),
    ]);

  const totals = daily.totals;
  const satisfaction = proportion(totals.k, totals.n);
  const trend = bucketsBetween(query.from, query.to, query.granularity).map((bucket) => {
    const r = daily.trend.get(bucket);
    return { bucket, ...proportion(r?.k ?? 0, r?.n ?? 0) };
  });

  const nameMap = (list: Array<{ id: string; name: string }>) => new Map(list.map((x) => [x.id, x.name]));
  const unitNames = nameMap(names.units);
  const counterNames = nameMap(names.counters);
  const procedureNames = nameMap(names.procedures);
  const byUnit = daily.byUnit
    .map((r) => ({ id: r.id, name: unitNames.get(r.id) ?? "—", share: proportion(r.k, r.n), negative: r.negative }))
    .sort((a, b) => (a.share.value ?? 101) - (b.share.value ?? 101));
  const small = (rows: Array<q.DailyGroup & { id: string }>, list: Map<string, string>) =>
    rows
      .map((r) => ({
        id: r.id,
        name: list.get(r.id) ?? "—",
        n: r.n,
        share: suppressBelow(r.n, settings.minCount, proportion(r.k, r.n)),
      }))
      .sort((a, b) => b.n - a.n);
  const byProcedure = small(daily.byProcedure, procedureNames);
  const byCounter = small(daily.byCounter, counterNames);

  const surveys = surveysFrom(items.all, items.catalogue, settings, daily.byTemplate);
  const indicators = indicatorsFrom(items.files, items.catalogue);

  const responseRate = proportion(returned.rated, returned.returned);
  const adequacy = sampleAdequacy(totals.n, returned.returned);
  const tthc = tthcSatisfactionRate({
    files: onTime.files,
    late: onTime.late,
    dislikedOrPakn: Math.min(disliked, onTime.files),
  });

  const rule = { threshold: settings.alert.threshold, minCount: settings.alert.minCount };
  const alerts = [
    ...alertData.byUnit.map((r) => ({ ...r, kind: "unit" as const, name: unitNames.get(r.id) ?? "—" })),
    ...alertData.byCounter.map((r) => ({ ...r, kind: "counter" as const, name: counterNames.get(r.id) ?? "—" })),
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
    followUps: { open: openFollowUps },
  };
}

const CURSOR_PATTERN = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}(?::\d{2})?)\|([0-9a-f-]{36})$/;

/** The opaque `nextCursor` of a follow-up page (base64url of the last row's created_at and id). */
export function encodeFollowUpCursor(cursor: q.FollowUpCursor): string {
  return btoa(`${cursor.createdAt}|${cursor.id}`).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

/** Reads a `cursor` given back by a client; a 422 problem when it is not one we made. */
export function decodeFollowUpCursor(cursor: string): q.FollowUpCursor {
  let text = "";
  try {
    text = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {}
  const m = CURSOR_PATTERN.exec(text);
  if (!m) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "cursor",
          message: {
            vi: "Con trỏ trang không hợp lệ: hãy tải lại danh sách từ đầu.",
            en: "The page cursor is not valid: load the list again from the start.",
          },
        },
      ],
    });
  }
  return { createdAt: m[1]!, id: m[2]! };
}
