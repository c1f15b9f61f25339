/**
 * The satisfaction group (Mức độ hài lòng, 18 points) of the real-time service-quality index of
 * QĐ 766/QĐ-TTg (23/6/2022), run by VPCP on the Cổng DVCQG (DOMAIN §3.2). The rates are from
 * the decision's summaries [S] (vietjack.me; lamdong.dcs.vn 06/7/2022) and the portal's formula
 * spec "Mô tả công thức tính chỉ số 766" [I]; the point split (5.4: 6 points, full at ≥ 90%,
 * otherwise rate × 6 / 90%) is [I] (Đắk Lắk operator log) and [S] for the 6 points.
 */
import { clampPoints, type Proportion, proportion } from "./proportion";

/** A QĐ 766 rate in points, with the points it earns and what they rest on. */
export interface Qd766Rate {
  /** The rate in points (0–100), null without data. */
  value: number | null;
  /** The denominator (files or PAKN within competence). */
  n: number;
  /** Points earned of `max` (null without data). */
  points: number | null;
  max: number;
  /** The rate at and above which the full points are earned. */
  fullAt: number;
}

/**
 * Points for a rate that earns `max` at or above `fullAt` percent and linearly less below it:
 * rate × max / fullAt (QĐ 766 item 5.4: 6 points, full at ≥ 90% [I]).
 */
export function pointsForRate(rate: number | null, max: number, fullAt: number): number | null {
  if (rate === null) return null;
  if (rate >= fullAt) return max;
  return Math.max(0, (rate * max) / fullAt);
}

export interface TthcSatisfactionInput {
  /** Files (hồ sơ) within the agency's competence in the period. */
  files: number;
  /** Of which overdue (quá hạn), by the files module's on-time rule (QĐ 766 §2.1). */
  late: number;
  /** Of which rated "Không hài lòng" (dislike) or with a PAKN about their receipt or handling. */
  dislikedOrPakn: number;
  /**
   * Files counted in both `late` and `dislikedOrPakn`. The portal spec subtracts the two rates
   * as a sum (0, the default); the decision's summary counts a file once ("files rated … or
   * overdue"): pass the overlap to get that reading. Which one the portal applies is [I]/[S].
   */
  overlap?: number;
}

/**
 * Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC (QĐ 766/QĐ-TTg, item 5.4):
 * 100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có PAKN hoặc đánh giá "không hài lòng"), floored at 0.
 * 6 points, full at ≥ 90%, otherwise rate × 6 / 90% [I].
 */
export function tthcSatisfactionRate(input: TthcSatisfactionInput, max = 6, fullAt = 90): Qd766Rate {
  const { files, late, dislikedOrPakn } = input;
  const overlap = input.overlap ?? 0;
  for (const x of [files, late, dislikedOrPakn, overlap]) {
    if (!Number.isInteger(x) || x < 0) throw new RangeError(`invalid count ${x}`);
  }
  if (late > files || dislikedOrPakn > files || overlap > Math.min(late, dislikedOrPakn)) {
    throw new RangeError("counts exceed the number of files");
  }
  if (files === 0) return { value: null, n: 0, points: null, max, fullAt };
  const value = clampPoints(100 - ((late + dislikedOrPakn - overlap) / files) * 100);
  return { value, n: files, points: pointsForRate(value, max, fullAt), max, fullAt };
}

/**
 * Tỷ lệ PAKN xử lý đúng hạn (QĐ 766/QĐ-TTg, satisfaction group [S]): PAKN handled on or
 * before their deadline / PAKN within competence × 100%. The deadlines themselves (answer
 * within 15 working days, …) are the cases module's; this only divides.
 */
export function paknOnTimeRate(withinCompetence: number, onTime: number): Proportion {
  return proportion(onTime, withinCompetence);
}

/**
 * Tỷ lệ hài lòng trong xử lý PAKN (QĐ 766/QĐ-TTg [S]): (PAKN − PAKN with a "không hài lòng"
 * response, or a follow-up complaint about the result or lateness) / PAKN × 100%. The portal
 * counts a PAKN as unsatisfied with more dislikes than likes, when handled late, or when
 * repeated with a dissatisfied follow-up [I]: the cases module decides `unsatisfied`.
 */
export function paknSatisfactionRate(total: number, unsatisfied: number): Proportion {
  return proportion(total - unsatisfied, total);
}
