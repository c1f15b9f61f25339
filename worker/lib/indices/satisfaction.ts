/**
 * "% hài lòng" and the SIPAS indices, from answer counts per level.
 *
 * Legal and practical basis (DOMAIN §1.3, §1.4, §10):
 * - SIPAS is reported as a percentage of satisfied respondents [S] (NQ 30c/NQ-CP targets, BNV
 *   SIPAS reports). The share counts the top two levels of the scale as satisfied (top-2-box):
 *   "Hài lòng" + "Rất hài lòng" on the 5-level SIPAS scale (QĐ 2640/QĐ-BNV, QĐ 1001/QĐ-BNV)
 *   and on the 3-level quick form (Rất hài lòng / Hài lòng / Không hài lòng, as provincial
 *   one-stop systems implement ND 61/2018 and TT 01/2018/TT-VPCP [I]). The rule itself lives
 *   in `schema/surveys/scales.ts` (`isSatisfied`); this file only counts.
 * - How criteria roll up into elements and elements into the SIPAS index under QĐ 2640 and
 *   QĐ 1001/QĐ-BNV is NOT verified [U]. The likely reading (criterion share → element = mean
 *   of its criteria → SIPAS = unweighted mean of the elements) is the default of
 *   `SipasAggregation`; every step is configurable per agency (`agencies.settings.indices`).
 */
import { isSatisfied, needsFollowUp, type ScaleLevels } from "../../../schema/surveys/scales";
import { clampPoints, type Proportion, proportion, Z_95 } from "./proportion";

/** Answers at each level of a scale: `counts[0]` is level 1 (the lowest). */
export interface LevelCounts {
  levels: ScaleLevels;
  counts: readonly number[];
}

export function totalAnswers(c: LevelCounts): number {
  return c.counts.reduce((a, b) => a + b, 0);
}

/** Answers in the top two levels (scales.ts `isSatisfied`). */
export function satisfiedAnswers(c: LevelCounts): number {
  return c.counts.reduce((sum, n, i) => sum + (isSatisfied(i + 1, c.levels) ? n : 0), 0);
}

/** Answers "Bình thường" or below on 5 levels, "Không hài lòng" on 3 (scales.ts `needsFollowUp`). */
export function neutralOrBelowAnswers(c: LevelCounts): number {
  return c.counts.reduce((sum, n, i) => sum + (needsFollowUp(i + 1, c.levels) ? n : 0), 0);
}

/**
 * "Negative" for alerts: the dissatisfied levels only, below the middle of the scale
 * ("Rất không hài lòng", "Không hài lòng" of 5; "Không hài lòng" of 3).
 */
export function negativeAnswers(c: LevelCounts): number {
  const below = c.levels === 5 ? 2 : 1;
  return c.counts.reduce((sum, n, i) => sum + (i + 1 <= below ? n : 0), 0);
}

/**
 * % hài lòng: satisfied answers / valid answers × 100, with its Wilson 95% interval
 * (DOMAIN §10: "(Hài lòng + Rất hài lòng) / valid answers"). Valid means from a submission that
 * is not flagged: callers count only those.
 */
export function satisfactionShare(c: LevelCounts): Proportion {
  return proportion(satisfiedAnswers(c), totalAnswers(c));
}

/**
 * The mean answer mapped onto 0–100 ((mean − 1) / (levels − 1) × 100): the alternative
 * "mean score" reading of a SIPAS index [U]. Null without answers.
 */
export function meanScoreIndex(c: LevelCounts): number | null {
  const n = totalAnswers(c);
  if (n === 0) return null;
  const sum = c.counts.reduce((s, k, i) => s + k * (i + 1), 0);
  return clampPoints(((sum / n - 1) / (c.levels - 1)) * 100);
}

/** How criteria, elements and the overall SIPAS index are computed (every step is [U]). */
export interface SipasAggregation {
  /** A criterion's index: the top-2-box share (default) or the mean score on 0–100. */
  criterion: "top2_share" | "mean_score";
  /**
   * An element's index: the mean of its criteria's indices (default); all its answers pooled
   * into one share; or the answers to the element's own satisfaction question (SIPAS asks
   * satisfaction with each element), falling back to the criteria mean when there are none.
   */
  element: "criteria_mean" | "pooled" | "element_question";
  /** The overall index: the (weighted) mean of the element indices (default), or the overall question. */
  overall: "elements_mean" | "overall_question";
  /** Element weights by element code; missing elements weigh 1. Only for "elements_mean". */
  weights?: Readonly<Record<string, number>>;
}

export const DEFAULT_SIPAS_AGGREGATION: SipasAggregation = {
  criterion: "top2_share",
  element: "criteria_mean",
  overall: "elements_mean",
};

/** An index in points with its approximate 95% interval and the answers behind it. */
export interface IndexValue {
  value: number | null;
  low: number | null;
  high: number | null;
  /** Answers behind the figure (for a mean of indices, the answers of its parts). */
  n: number;
}

export interface SipasCriterionInput {
  id: string;
  elementId: string;
  answers: LevelCounts;
}

export interface SipasElementInput {
  id: string;
  code: string;
  /** Answers to the element's own satisfaction question, when the survey asks it. */
  question?: LevelCounts;
}

export interface SipasResult {
  criteria: Array<{ id: string; elementId: string; index: IndexValue; share: Proportion }>;
  elements: Array<{ id: string; code: string; index: IndexValue }>;
  overall: IndexValue;
}

function fromProportion(p: Proportion): IndexValue {
  return { value: p.value, low: p.low, high: p.high, n: p.n };
}

/** Standard error (in points) of a share, for combining intervals of several shares. */
function shareVariance(p: Proportion): number {
  if (p.value === null || p.n === 0) return 0;
  const x = p.value / 100;
  return (x * (1 - x)) / p.n;
}

/**
 * A weighted mean of indices. Its interval treats the parts as independent (the variances of
 * the parts' shares, weighted), which understates it when one respondent answers every part:
 * indicative, as the dashboard says. Parts without data are left out and the weights renormalised.
 */
export function meanOfIndices(
  parts: ReadonlyArray<{ index: IndexValue; variance: number; weight?: number }>,
  z = Z_95,
): IndexValue {
  return combine(parts, z).index;
}

function combine(
  parts: ReadonlyArray<{ index: IndexValue; variance: number; weight?: number }>,
  z = Z_95,
): { index: IndexValue; variance: number } {
  const present = parts.filter((p) => p.index.value !== null && (p.weight ?? 1) > 0);
  const n = parts.reduce((s, p) => s + p.index.n, 0);
  if (present.length === 0) return { index: { value: null, low: null, high: null, n }, variance: 0 };
  const total = present.reduce((s, p) => s + (p.weight ?? 1), 0);
  let value = 0;
  let variance = 0;
  for (const p of present) {
    const w = (p.weight ?? 1) / total;
    value += w * (p.index.value as number);
    variance += w * w * p.variance;
  }
  const margin = z * Math.sqrt(variance) * 100;
  return { index: { value, low: clampPoints(value - margin), high: clampPoints(value + margin), n }, variance };
}

function criterionIndex(answers: LevelCounts, mode: SipasAggregation["criterion"]): IndexValue {
  const share = satisfactionShare(answers);
  if (mode === "top2_share") return fromProportion(share);
  // A mean score has no binomial interval; the share's interval width is kept as a guide.
  const value = meanScoreIndex(answers);
  return { value, low: value === null ? null : share.low, high: value === null ? null : share.high, n: share.n };
}

/**
 * SIPAS per criterion, per element and overall (DOMAIN §1.4; aggregation [U], configurable).
 * `overallQuestion` is the answers to the overall satisfaction question, used when
 * `aggregation.overall` is "overall_question".
 */
export function sipasIndex(
  criteria: readonly SipasCriterionInput[],
  elements: readonly SipasElementInput[],
  aggregation: SipasAggregation = DEFAULT_SIPAS_AGGREGATION,
  overallQuestion?: LevelCounts,
): SipasResult {
  const criteriaOut = criteria.map((c) => ({
    id: c.id,
    elementId: c.elementId,
    share: satisfactionShare(c.answers),
    index: criterionIndex(c.answers, aggregation.criterion),
  }));
  const elementParts = elements.map((e) => {
    const own = criteriaOut.filter((c) => c.elementId === e.id);
    const ownAnswers = criteria.filter((c) => c.elementId === e.id).map((c) => c.answers);
    let index: IndexValue;
    let variance: number;
    if (aggregation.element === "pooled") {
      const pooled = pooledShare(ownAnswers);
      index = fromProportion(pooled);
      variance = shareVariance(pooled);
    } else if (aggregation.element === "element_question" && e.question && totalAnswers(e.question) > 0) {
      const share = satisfactionShare(e.question);
      index = fromProportion(share);
      variance = shareVariance(share);
    } else {
      ({ index, variance } = combine(own.map((c) => ({ index: c.index, variance: shareVariance(c.share) }))));
    }
    return { id: e.id, code: e.code, index, variance };
  });
  let overall: IndexValue;
  if (aggregation.overall === "overall_question") {
    overall = overallQuestion ? fromProportion(satisfactionShare(overallQuestion)) : emptyIndex();
  } else {
    overall = meanOfIndices(
      elementParts.map((e) => ({ index: e.index, variance: e.variance, weight: aggregation.weights?.[e.code] ?? 1 })),
    );
  }
  return {
    criteria: criteriaOut,
    elements: elementParts.map(({ id, code, index }) => ({ id, code, index })),
    overall,
  };
}

function emptyIndex(): IndexValue {
  return { value: null, low: null, high: null, n: 0 };
}

/** All answers of several criteria as one share (they must share a scale). */
export function pooledShare(parts: readonly LevelCounts[]): Proportion {
  let k = 0;
  let n = 0;
  for (const p of parts) {
    k += satisfiedAnswers(p);
    n += totalAnswers(p);
  }
  return proportion(k, n);
}
