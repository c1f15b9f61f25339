/**
 * Answer scales. An answer's `score` is the level's position on its template's scale,
 * from 1 (lowest) to `scale_levels`:
 * - 5 levels (SIPAS, QĐ 2640/QĐ-BNV, QĐ 1001/QĐ-BNV): 1 Rất không hài lòng … 5 Rất hài lòng;
 * - 3 levels (quick counter form, as provincial one-stop systems do): 1 Không hài lòng,
 *   2 Hài lòng, 3 Rất hài lòng.
 * "Satisfied" is the top two levels of either scale (top-2-box, DOMAIN §1.4, §10); a rating
 * "Bình thường hoặc thấp hơn" (neutral or below) needs follow-up: level ≤ 3 of 5, level 1 of 3.
 */
export type ScaleLevels = 3 | 5;

export interface ScaleLevel {
  score: number;
  vi: string;
  en: string;
}

export const scales: Record<ScaleLevels, readonly ScaleLevel[]> = {
  5: [
    { score: 1, vi: "Rất không hài lòng", en: "Very dissatisfied" },
    { score: 2, vi: "Không hài lòng", en: "Dissatisfied" },
    { score: 3, vi: "Bình thường", en: "Neutral" },
    { score: 4, vi: "Hài lòng", en: "Satisfied" },
    { score: 5, vi: "Rất hài lòng", en: "Very satisfied" },
  ],
  3: [
    { score: 1, vi: "Không hài lòng", en: "Dissatisfied" },
    { score: 2, vi: "Hài lòng", en: "Satisfied" },
    { score: 3, vi: "Rất hài lòng", en: "Very satisfied" },
  ],
};

/** Top-2-box: the answer counts as satisfied. */
export function isSatisfied(score: number, levels: ScaleLevels): boolean {
  return score >= levels - 1;
}

/** Neutral or below ("Bình thường" trở xuống): the rating enters the follow-up queue. */
export function needsFollowUp(score: number, levels: ScaleLevels): boolean {
  return levels === 5 ? score <= 3 : score <= 1;
}
