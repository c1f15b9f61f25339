/**
 * The index engine against hand-computed fixtures (worked out on paper / with a calculator,
 * not with the code under test), with the edge cases the dashboard meets: no data, one answer,
 * all neutral, counts that cannot be.
 */
import { describe, expect, it } from "vitest";
import {
  bucketStart,
  bucketsBetween,
  DEFAULT_SIPAS_AGGREGATION,
  daysInRange,
  gradeIndicators,
  indicatorScore,
  indicatorScoreFromAnswers,
  indicatorsTotal,
  isoWeekday,
  type LevelCounts,
  meanScoreIndex,
  negativeAnswers,
  negativeShareAlert,
  neutralOrBelowAnswers,
  paknOnTimeRate,
  paknSatisfactionRate,
  pointsForRate,
  pool,
  proportion,
  quickAnswerPoints,
  reportPeriod,
  roundHalfUp,
  sampleAdequacy,
  satisfactionShare,
  sipasIndex,
  slovinSampleSize,
  suppressBelow,
  tthcSatisfactionRate,
  wilsonInterval,
} from "../../worker/lib/indices";

const five = (...counts: number[]): LevelCounts => ({ levels: 5, counts });
const three = (...counts: number[]): LevelCounts => ({ levels: 3, counts });

describe("the Wilson 95% interval", () => {
  it("matches the published interval for 95 satisfied of 100 (88.8%–97.8%)", () => {
    const ci = wilsonInterval(95, 100);
    expect(ci?.low).toBeCloseTo(88.825, 2);
    expect(ci?.high).toBeCloseTo(97.846, 2);
  });

  it("stays inside 0–100% at the edges: 0 of 10, 10 of 10, one answer", () => {
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(27.753, 2) });
    expect(wilsonInterval(10, 10)?.low).toBeCloseTo(72.247, 2);
    expect(wilsonInterval(10, 10)?.high).toBe(100);
    expect(wilsonInterval(1, 1)?.low).toBeCloseTo(20.655, 2);
    expect(wilsonInterval(0, 1)?.high).toBeCloseTo(79.345, 2);
  });

  it("has no interval and no value without data (no data is not 0%)", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(proportion(0, 0)).toEqual({ n: 0, k: 0, value: null, low: null, high: null });
  });

  it("refuses counts that cannot be", () => {
    expect(() => proportion(5, 4)).toThrow(RangeError);
    expect(() => proportion(-1, 4)).toThrow(RangeError);
    expect(() => proportion(1.5, 4)).toThrow(RangeError);
  });

  it("pools parts by adding their counts", () => {
    expect(
      pool([
        { k: 57, n: 60 },
        { k: 3, n: 4 },
      ]),
    ).toMatchObject({ k: 60, n: 64, value: 93.75 });
  });
});

describe("% satisfied (top-2-box)", () => {
  it("counts Hài lòng + Rất hài lòng of valid answers on the 5-level scale", () => {
    const share = satisfactionShare(five(1, 2, 3, 10, 4));
    expect(share).toMatchObject({ n: 20, k: 14, value: 70 });
  });

  it("counts Hài lòng + Rất hài lòng on the 3-level quick form", () => {
    expect(satisfactionShare(three(2, 5, 3))).toMatchObject({ n: 10, k: 8, value: 80 });
  });

  it("is null without answers", () => {
    expect(satisfactionShare(five(0, 0, 0, 0, 0)).value).toBeNull();
  });

  it("is 100% for one satisfied answer, with a wide interval", () => {
    const share = satisfactionShare(five(0, 0, 0, 0, 1));
    expect(share.value).toBe(100);
    expect(share.low).toBeCloseTo(20.655, 2);
  });

  it("is 0% when every answer is neutral: neutral is not satisfied, needs follow-up, and is not negative", () => {
    const allNeutral = five(0, 0, 7, 0, 0);
    expect(satisfactionShare(allNeutral).value).toBe(0);
    expect(neutralOrBelowAnswers(allNeutral)).toBe(7);
    expect(negativeAnswers(allNeutral)).toBe(0);
  });

  it("counts negative answers as the dissatisfied levels of each scale", () => {
    expect(negativeAnswers(five(1, 2, 3, 10, 4))).toBe(3);
    expect(negativeAnswers(three(2, 5, 3))).toBe(2);
    expect(neutralOrBelowAnswers(three(2, 5, 3))).toBe(2);
  });

  it("maps the mean score onto 0–100 for the mean-score reading", () => {
    expect(meanScoreIndex(five(0, 0, 0, 5, 5))).toBe(87.5); // mean 4.5 → 3.5 / 4
    expect(meanScoreIndex(three(0, 0, 4))).toBe(100);
    expect(meanScoreIndex(five(0, 0, 0, 0, 0))).toBeNull();
  });
});

describe("SIPAS per criterion, element and overall", () => {
  // e1: c1 8 of 10 satisfied (80%), c2 3 of 5 (60%); e2: c3 10 of 10 (100%); e3: no answers.
  const criteria = [
    { id: "c1", elementId: "e1", answers: five(0, 0, 2, 4, 4) },
    { id: "c2", elementId: "e1", answers: five(0, 1, 1, 2, 1) },
    { id: "c3", elementId: "e2", answers: five(0, 0, 0, 5, 5) },
    { id: "c4", elementId: "e3", answers: five(0, 0, 0, 0, 0) },
  ];
  const elements = [
    { id: "e1", code: "e1", question: five(0, 0, 0, 1, 1) },
    { id: "e2", code: "e2" },
    { id: "e3", code: "e3" },
  ];

  it("by default: criterion share, element = mean of its criteria, SIPAS = mean of elements with data", () => {
    const r = sipasIndex(criteria, elements, DEFAULT_SIPAS_AGGREGATION);
    expect(r.criteria.map((c) => c.index.value)).toEqual([80, 60, 100, null]);
    expect(r.elements.map((e) => e.index.value)).toEqual([70, 100, null]);
    expect(r.overall.value).toBe(85);
    expect(r.overall.n).toBe(25);
    expect(r.overall.low).toBeLessThan(85);
    expect(r.overall.high).toBeGreaterThan(85);
  });

  it("weights elements when the agency sets weights", () => {
    const r = sipasIndex(criteria, elements, { ...DEFAULT_SIPAS_AGGREGATION, weights: { e1: 3, e2: 1 } });
    expect(r.overall.value).toBe(77.5); // (70 × 3 + 100) / 4
  });

  it("pools an element's answers when configured so", () => {
    const r = sipasIndex(criteria, elements, { ...DEFAULT_SIPAS_AGGREGATION, element: "pooled" });
    expect(r.elements[0]?.index.value).toBeCloseTo(73.333, 3); // 11 of 15
  });

  it("uses the element's own satisfaction question when configured so, else its criteria", () => {
    const r = sipasIndex(criteria, elements, { ...DEFAULT_SIPAS_AGGREGATION, element: "element_question" });
    expect(r.elements.map((e) => e.index.value)).toEqual([100, 100, null]);
  });

  it("uses the mean score when configured so", () => {
    const r = sipasIndex(criteria, elements, { ...DEFAULT_SIPAS_AGGREGATION, criterion: "mean_score" });
    expect(r.criteria[2]?.index.value).toBe(87.5);
  });

  it("takes the overall question when configured so", () => {
    const r = sipasIndex(
      criteria,
      elements,
      { ...DEFAULT_SIPAS_AGGREGATION, overall: "overall_question" },
      five(0, 0, 1, 1, 2),
    );
    expect(r.overall.value).toBe(75);
  });

  it("is empty, not zero, without any answer", () => {
    const r = sipasIndex([{ id: "c1", elementId: "e1", answers: five(0, 0, 0, 0, 0) }], [{ id: "e1", code: "e1" }]);
    expect(r.overall).toEqual({ value: null, low: null, high: null, n: 0 });
  });
});

describe("QĐ 766 satisfaction group", () => {
  it("TTHC satisfaction = 100% − (late % + disliked-or-PAKN %), full 6 points at ≥ 90%", () => {
    const r = tthcSatisfactionRate({ files: 200, late: 6, dislikedOrPakn: 8 });
    expect(r.value).toBe(93);
    expect(r.points).toBe(6);
  });

  it("below 90% earns rate × 6 / 90", () => {
    const r = tthcSatisfactionRate({ files: 100, late: 10, dislikedOrPakn: 5 });
    expect(r.value).toBe(85);
    expect(r.points).toBeCloseTo(5.6667, 4);
  });

  it("counts a file once when the overlap is given (the decision's reading)", () => {
    const r = tthcSatisfactionRate({ files: 100, late: 10, dislikedOrPakn: 5, overlap: 3 });
    expect(r.value).toBe(88);
    expect(r.points).toBeCloseTo(5.8667, 4);
  });

  it("never goes below 0% and has no value without files", () => {
    expect(tthcSatisfactionRate({ files: 100, late: 60, dislikedOrPakn: 60 }).value).toBe(0);
    expect(tthcSatisfactionRate({ files: 0, late: 0, dislikedOrPakn: 0 })).toMatchObject({ value: null, points: null });
    expect(() => tthcSatisfactionRate({ files: 5, late: 6, dislikedOrPakn: 0 })).toThrow(RangeError);
  });

  it("PAKN on time and PAKN satisfaction are shares of the PAKN within competence", () => {
    expect(paknOnTimeRate(20, 17).value).toBe(85);
    expect(paknSatisfactionRate(20, 2).value).toBe(90);
    expect(paknOnTimeRate(0, 0).value).toBeNull();
  });

  it("gives points linearly below the threshold", () => {
    expect(pointsForRate(45, 6, 90)).toBe(3);
    expect(pointsForRate(null, 6, 90)).toBeNull();
  });
});

describe("the 9 indicators of TTHC handling (0–2 points)", () => {
  it("maps quick-form answers to points: Không hài lòng 0, Hài lòng 1, Rất hài lòng 2", () => {
    expect([1, 2, 3].map(quickAnswerPoints)).toEqual([0, 1, 2]);
    expect(() => quickAnswerPoints(4)).toThrow(RangeError);
  });

  it("averages points over files and rounds to 1 decimal, half up", () => {
    expect(indicatorScore(17, 10)).toBe(1.7);
    expect(indicatorScore(5, 3)).toBe(1.7); // 1.666…
    expect(indicatorScore(1, 4)).toBe(0.3); // 0.25 → 0.3
    expect(indicatorScore(3, 8)).toBe(0.4); // 0.375 → 0.4
    expect(indicatorScore(0, 0)).toBeNull();
    expect(() => indicatorScore(5, 2)).toThrow(RangeError);
  });

  it("scores from answer counts: 1 × Không hài lòng, 2 × Hài lòng, 7 × Rất hài lòng → 1.6", () => {
    expect(indicatorScoreFromAnswers([1, 2, 7])).toBe(1.6);
  });

  it("totals the scored indicators and grades them", () => {
    expect(indicatorsTotal([1.7, 2, null, 1.5])).toEqual({ total: 5.2, scored: 3 });
    expect(gradeIndicators(15.5)).toBe("excellent");
    expect(gradeIndicators(15)).toBe("good");
    expect(gradeIndicators(11.9)).toBe("fair");
    expect(gradeIndicators(6)).toBe("average");
    expect(gradeIndicators(5.9)).toBe("weak");
  });

  it("rounds half up despite binary floats", () => {
    expect(roundHalfUp(1.05)).toBe(1.1);
    expect(roundHalfUp(2.25)).toBe(2.3);
  });
});

describe("sample size, suppression and alerts", () => {
  it("Slovin: n = N / (1 + N·e²) with e = 5%, rounded up", () => {
    expect(slovinSampleSize(400)).toBe(200);
    expect(slovinSampleSize(1000)).toBe(286); // 285.7
    expect(slovinSampleSize(10)).toBe(10); // 9.76
    expect(slovinSampleSize(1)).toBe(1);
    expect(slovinSampleSize(0)).toBe(0);
    expect(slovinSampleSize(1000, 0.1)).toBe(91); // 90.9
  });

  it("warns when a period has fewer answers than Slovin asks", () => {
    expect(sampleAdequacy(199, 400)).toEqual({ population: 400, answers: 199, required: 200, adequate: false });
    expect(sampleAdequacy(200, 400).adequate).toBe(true);
    expect(sampleAdequacy(0, 0).adequate).toBe(false);
  });

  it("withholds a figure below the minimum count", () => {
    expect(suppressBelow(4, 5, { value: 100 })).toBeNull();
    expect(suppressBelow(5, 5, { value: 100 })).toEqual({ value: 100 });
  });

  it("fires an alert above the threshold only with enough ratings", () => {
    expect(negativeShareAlert(3, 20, { threshold: 10, minCount: 20 }).fired).toBe(true); // 15%
    expect(negativeShareAlert(3, 19, { threshold: 10, minCount: 20 }).fired).toBe(false); // too few
    expect(negativeShareAlert(2, 20, { threshold: 10, minCount: 20 }).fired).toBe(false); // exactly 10%
    expect(negativeShareAlert(0, 0).fired).toBe(false);
  });
});

describe("periods", () => {
  it("buckets a day into its ISO week (Monday), month and quarter", () => {
    expect(bucketStart("2026-11-22", "week")).toBe("2026-11-16"); // a Sunday
    expect(bucketStart("2026-11-16", "week")).toBe("2026-11-16");
    expect(bucketStart("2026-11-22", "month")).toBe("2026-11-01");
    expect(bucketStart("2026-11-22", "quarter")).toBe("2026-10-01");
    expect(isoWeekday("2026-11-22")).toBe(7);
  });

  it("lists every bucket of a range, without gaps", () => {
    expect(bucketsBetween("2026-01-30", "2026-03-02", "month")).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(bucketsBetween("2026-12-30", "2027-01-02", "day")).toHaveLength(4);
    expect(bucketsBetween("2026-02-15", "2026-08-01", "quarter")).toEqual(["2026-01-01", "2026-04-01", "2026-07-01"]);
    expect(daysInRange("2026-01-01", "2026-12-31")).toBe(365);
    expect(daysInRange("2026-01-02", "2026-01-01")).toBe(0);
  });

  it("cuts report periods by calendar or by the reporting cut-off dates", () => {
    expect(reportPeriod("h1", 2026)).toEqual({ from: "2026-01-01", to: "2026-06-30" });
    expect(reportPeriod("year", 2026)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(reportPeriod("q3", 2026)).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(reportPeriod("h1", 2026, "cutoff")).toEqual({ from: "2025-12-15", to: "2026-06-14" });
    expect(reportPeriod("year", 2026, "cutoff")).toEqual({ from: "2025-12-15", to: "2026-12-14" });
    expect(reportPeriod("q2", 2026, "cutoff")).toEqual({ from: "2026-03-15", to: "2026-06-14" });
    expect(() => reportPeriod("h1", 1999)).toThrow(RangeError);
  });
});
