/**
 * Plain calendar dates and local clock times in Asia/Ho_Chi_Minh.
 *
 * A date is an ISO string `YYYY-MM-DD` with no time zone: it names a day on the Vietnamese
 * wall calendar, never an instant. Arithmetic goes through a day number (days since
 * 01/01/1970), computed with UTC arithmetic only, so the server's own time zone can never shift
 * a day. Vietnam has kept UTC+7 all year, without daylight saving, since 1975; the only place an
 * instant meets a date is `localDateTimeOf` / `instantOf` below.
 */

/** A day on the Vietnamese wall calendar, `YYYY-MM-DD`. */
export type IsoDate = string;

/** A local (Asia/Ho_Chi_Minh) date and clock time, in minutes after midnight. */
export interface LocalDateTime {
  date: IsoDate;
  /** 0 ≤ minutes ≤ 1440 (1440 = 24:00, the end of the day, BLDS 2015 Art. 148). */
  minutes: number;
}

/** Vietnam's offset from UTC, in minutes (UTC+7, no daylight saving). */
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (years 1000–9999). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** Throws on anything that is not a real `YYYY-MM-DD` date. */
export function assertIsoDate(value: string): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return value;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYY-MM-DD` from year, month (1–12) and day. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Year, month (1–12) and day of a date. */
export function dateParts(date: IsoDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** Days since 01/01/1970 (negative before). */
export function dayNumber(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function fromDayNumber(n: number): IsoDate {
  const d = new Date(n * DAY_MS);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(dayNumber(date) + n);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday (Chủ nhật), 1 = Monday (Thứ Hai) … 6 = Saturday (Thứ Bảy). */
export function weekday(date: IsoDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

const WEEKDAY_VI = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"] as const;
const WEEKDAY_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** The weekday's name in Vietnamese and English. */
export function weekdayName(date: IsoDate): { vi: string; en: string } {
  const w = weekday(date);
  return { vi: WEEKDAY_VI[w]!, en: WEEKDAY_EN[w]! };
}

/** dd/mm/yyyy, the way Vietnamese documents write a date. */
export function formatDateVi(date: IsoDate): string {
  const { year, month, day } = dateParts(date);
  return `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;
}

/** Every date from `from` to `to`, both included. */
export function* eachDay(from: IsoDate, to: IsoDate): Generator<IsoDate> {
  for (let n = dayNumber(from), end = dayNumber(to); n <= end; n++) yield fromDayNumber(n);
}

/** Minutes after midnight of a clock time written `HH:mm`. */
export function parseClock(value: string): number {
  const m = CLOCK.exec(value);
  if (!m) throw new RangeError(`not a clock time (HH:mm): ${JSON.stringify(value)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** `HH:mm` of minutes after midnight (1440 prints as 24:00). */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** The Vietnamese wall-clock date and time of an instant. */
export function localDateTimeOf(instant: Date): LocalDateTime {
  const localMs = instant.getTime() + VIETNAM_UTC_OFFSET_MINUTES * 60_000;
  const day = Math.floor(localMs / DAY_MS);
  return { date: fromDayNumber(day), minutes: Math.floor((localMs - day * DAY_MS) / 60_000) };
}

/** The Vietnamese date of an instant: what "today" is in Hà Nội, whatever the server's clock. */
export function localDateOf(instant: Date): IsoDate {
  return localDateTimeOf(instant).date;
}

/** The instant of a Vietnamese wall-clock date and time. */
export function instantOf(at: LocalDateTime): Date {
  return new Date((dayNumber(at.date) * 1440 + at.minutes - VIETNAM_UTC_OFFSET_MINUTES) * 60_000);
}

/** Orders local date-times (negative when a is earlier). */
export function compareLocal(a: LocalDateTime, b: LocalDateTime): number {
  return a.date === b.date ? a.minutes - b.minutes : a.date < b.date ? -1 : 1;
}
