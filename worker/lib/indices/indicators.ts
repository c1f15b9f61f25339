/**
 * The evaluation of TTHC handling: 9 indicators (chỉ số) of 0–2 points each, 18 at most
 * (DOMAIN §2.4). Legal basis: ND 61/2018/NĐ-CP Ch. VII (Art. 31–33) as amended by
 * ND 107/2021/NĐ-CP, and TT 01/2018/TT-VPCP Art. 12–15; ND 118/2025/NĐ-CP Art. 33 keeps the
 * evaluation but sets no point scale and whether it kept these 9 indicators is [U]. The scale,
 * the mapping of answers to points and the classification are therefore parameters.
 */
import { roundHalfUp } from "./proportion";

/** Indicator numbers 1–9. Per-file: 1, 2, 3, 4, 7 (and 6); agency-level: 5, 8, 9 (self-scored). */
export type IndicatorNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export const PER_FILE_INDICATORS: readonly IndicatorNumber[] = [1, 2, 3, 4, 6, 7];
export const AGENCY_INDICATORS: readonly IndicatorNumber[] = [5, 8, 9];
export const INDICATOR_MAX_POINTS = 2;
export const INDICATORS_TOTAL_MAX = 18;

/** The quick form's criterion code for each per-file indicator (schema/surveys/standard-templates.ts). */
export const QUICK_FORM_INDICATOR_CODES: Readonly<Record<string, IndicatorNumber>> = {
  ind1: 1,
  ind2: 2,
  ind3: 3,
  ind4: 4,
  ind6: 6,
  ind7: 7,
};

/**
 * Points of one answer on the 3-level quick form: Rất hài lòng → 2, Hài lòng → 1,
 * Không hài lòng → 0 (level − 1). This is how provincial one-stop software shows the citizen's
 * rating of an indicator ("x / 2 điểm", OpenCPS; Thanh Hóa's counter modal) [I]; the decree's
 * own per-indicator conditions (e.g. "shorter than required" → 2) are what the answer stands for.
 */
export function quickAnswerPoints(score: number): 0 | 1 | 2 {
  if (score === 1 || score === 2 || score === 3) return (score - 1) as 0 | 1 | 2;
  throw new RangeError(`a quick-form answer is 1..3, got ${score}`);
}

/**
 * Điểm số của Chỉ số thứ i = Tổng điểm số của các hồ sơ tính theo chỉ số thứ i / Tổng số hồ sơ,
 * rounded to 1 decimal (TT 01/2018/TT-VPCP Art. 15(2), quoted [S]). Null without files.
 */
export function indicatorScore(totalPoints: number, files: number): number | null {
  if (!Number.isInteger(files) || files < 0) throw new RangeError(`invalid number of files ${files}`);
  if (totalPoints < 0 || totalPoints > files * INDICATOR_MAX_POINTS) {
    throw new RangeError(`${totalPoints} points is not possible for ${files} files`);
  }
  if (files === 0) return null;
  return roundHalfUp(totalPoints / files, 1);
}

/** The indicator score from the quick form's answer counts (index 0 = Không hài lòng). */
export function indicatorScoreFromAnswers(counts: readonly [number, number, number]): number | null {
  const [none, one, two] = counts;
  return indicatorScore(one * 1 + two * 2, none + one + two);
}

/**
 * Total of an officer's or a unit's indicators = the sum of its indicator scores
 * (TT 01/2018 Art. 15 [S]); indicators without a score are left out, and the caller reports how
 * many were scored. Rounded to 1 decimal like its parts.
 */
export function indicatorsTotal(scores: ReadonlyArray<number | null>): { total: number; scored: number } {
  const present = scores.filter((s): s is number => s !== null);
  return {
    total: roundHalfUp(
      present.reduce((a, b) => a + b, 0),
      1,
    ),
    scored: present.length,
  };
}

export type IndicatorGrade = "excellent" | "good" | "fair" | "average" | "weak";

/** Lower bounds of each grade; the official thresholds (TT 01/2018 Art. 15(3)) were not retrieved [U]. */
export interface GradeThresholds {
  excellent: number;
  good: number;
  fair: number;
  average: number;
}

/**
 * Thanh Hóa's quarterly report [I]: > 15 Xuất sắc; 12–< 15 Tốt; 9–< 12 Khá; 6–< 9 Trung bình;
 * < 6 Yếu. As published the 15 itself falls in no band; we put it in "Tốt".
 */
export const DEFAULT_GRADE_THRESHOLDS: GradeThresholds = { excellent: 15, good: 12, fair: 9, average: 6 };

export function gradeIndicators(total: number, t: GradeThresholds = DEFAULT_GRADE_THRESHOLDS): IndicatorGrade {
  if (total > t.excellent) return "excellent";
  if (total >= t.good) return "good";
  if (total >= t.fair) return "fair";
  if (total >= t.average) return "average";
  return "weak";
}
