import type { GranularityName, ProportionDto } from "../../../schema/api/dashboard";
import { t } from "../../i18n";
import { formatPercent } from "../../lib/format";

/** dd/mm/yyyy of a local date written YYYY-MM-DD (no time-zone arithmetic: it is already local). */
export function isoToVi(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** A percentage in points, or "—" when there is no data. */
export function pct(points: number | null | undefined, digits = 1): string {
  return points === null || points === undefined ? "—" : formatPercent(points, digits);
}

/** "88,8% – 97,8%", or "—". */
export function interval(p: Pick<ProportionDto, "low" | "high">): string {
  return p.low === null || p.high === null ? "—" : `${pct(p.low)} – ${pct(p.high)}`;
}

/** How a trend bucket is named: the week's Monday or the day as dd/mm/yyyy, mm/yyyy, Qn/yyyy. */
export function bucketLabel(bucket: string, granularity: GranularityName): string {
  if (granularity === "month") return `${bucket.slice(5, 7)}/${bucket.slice(0, 4)}`;
  if (granularity === "quarter")
    return `Q${Math.floor((Number(bucket.slice(5, 7)) - 1) / 3) + 1}/${bucket.slice(0, 4)}`;
  return isoToVi(bucket);
}

export function levelLabel(score: number | null, levels: number): string {
  if (score === null) return "—";
  return t(`dashboard.level.${levels === 3 ? 3 : 5}.${score}` as "dashboard.level.5.1");
}

/** Today's local date (Asia/Ho_Chi_Minh) as YYYY-MM-DD. */
export function localToday(): string {
  return new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function shiftDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
