/**
 * Calendar periods of the dashboard and the reports, on local dates written "YYYY-MM-DD"
 * (the agency's day in Asia/Ho_Chi_Minh; the database buckets instants into those days).
 */

import { addDays, assertIsoDate, dateParts, daysBetween, daysInMonth, isoDate, weekday } from "../calendar/dates";

export type Granularity = "day" | "week" | "month" | "quarter";

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysInRange(from: string, to: string): number {
  return Math.max(0, daysBetween(assertIsoDate(from), assertIsoDate(to)) + 1);
}

/** The first day of the bucket a day falls in; weeks start on Monday (ISO 8601, as in Viet Nam). */
export function bucketStart(day: string, granularity: Granularity): string {
  const { year, month } = dateParts(assertIsoDate(day));
  switch (granularity) {
    case "day":
      return day;
    case "week":
      return addDays(day, -((weekday(day) + 6) % 7));
    case "month":
      return isoDate(year, month, 1);
    case "quarter":
      return isoDate(year, Math.floor((month - 1) / 3) * 3 + 1, 1);
  }
}

function nextBucket(start: string, granularity: Granularity): string {
  if (granularity === "day") return addDays(start, 1);
  if (granularity === "week") return addDays(start, 7);
  const { year, month } = dateParts(start);
  const next = month - 1 + (granularity === "month" ? 1 : 3);
  return isoDate(year + Math.floor(next / 12), (next % 12) + 1, 1);
}

/** Every bucket start from the bucket of `from` to the bucket of `to`, in order (for gap-free trends). */
export function bucketsBetween(from: string, to: string, granularity: Granularity): string[] {
  const out: string[] = [];
  const last = bucketStart(to, granularity);
  for (let current = bucketStart(from, granularity); current <= last; current = nextBucket(current, granularity)) {
    out.push(current);
  }
  return out;
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(day: string): number {
  return ((weekday(day) + 6) % 7) + 1;
}

export type ReportKind = "q1" | "q2" | "q3" | "q4" | "h1" | "year";

/**
 * How a periodic report's period is cut:
 * - "calendar": calendar quarter, first half-year (01/01–30/06) or year (01/01–31/12);
 * - "cutoff": the data cut-off dates of the state reporting regime, as we recall ND 09/2019/NĐ-CP
 *   Art. 12: quarter from the 15th of the month before it to the 14th of its last month, 6 months
 *   from 15/12 of the previous year to 14/6, the year from 15/12 to 14/12 [U: not in DOMAIN;
 *   check the agency's reporting instructions].
 */
export type ReportCutoff = "calendar" | "cutoff";

export interface Period {
  from: string;
  /** Included. */
  to: string;
}

export function reportPeriod(kind: ReportKind, year: number, cutoff: ReportCutoff = "calendar"): Period {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new RangeError(`invalid year ${year}`);
  const [firstMonth, lastMonth] =
    kind === "year" ? [1, 12] : kind === "h1" ? [1, 6] : [(Number(kind[1]) - 1) * 3 + 1, Number(kind[1]) * 3];
  if (cutoff === "calendar") {
    return { from: isoDate(year, firstMonth, 1), to: isoDate(year, lastMonth, daysInMonth(year, lastMonth)) };
  }
  const start = firstMonth === 1 ? { year: year - 1, month: 12 } : { year, month: firstMonth - 1 };
  return { from: isoDate(start.year, start.month, 15), to: isoDate(year, lastMonth, 14) };
}
