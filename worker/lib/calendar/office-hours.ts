/**
 * Office hours, periods counted in hours, "same day" procedures, and the appointment date
 * (ngày hẹn trả) of a file (hồ sơ) from its procedure's processing time.
 *
 * All times are Vietnamese wall-clock times (`LocalDateTime`); convert an instant with
 * `localDateTimeOf` and back with `instantOf` (dates.ts).
 */
import type { Calendar } from "./calendar";
import { type LocalDateTime, parseClock } from "./dates";

/** One stretch of office time in a working day, "HH:mm". */
export interface OfficePeriod {
  start: string;
  end: string;
}

export interface OfficeHours {
  /** The day's office periods, in order, not overlapping. */
  periods: readonly OfficePeriod[];
  /**
   * "Same day" procedures: a file received after this time is due the next working day
   * (Hà Nội QĐ 1811 practice for procedure 2.000635, DOMAIN §4.5 [S]).
   */
  sameDayCutoff: string;
  /**
   * A file received outside office hours or on a day off counts as received at the opening of
   * the next working day (one-stop software practice) when "next_working_day", or as received
   * on its own date when "as_received". [U]: not found in ND 118/2025; configurable.
   */
  offHoursReceipt: "next_working_day" | "as_received";
}

/**
 * Default office hours 07:30–11:30 and 13:30–17:00 [U]: each province fixes its own hours
 * (many use 07:00/07:30–11:30 and 13:00/13:30–17:00); set them per agency.
 */
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  periods: [
    { start: "07:30", end: "11:30" },
    { start: "13:30", end: "17:00" },
  ],
  sameDayCutoff: "15:00",
  offHoursReceipt: "next_working_day",
};

interface Window {
  start: number;
  end: number;
}

function windows(office: OfficeHours): Window[] {
  const out = office.periods.map((p) => ({ start: parseClock(p.start), end: parseClock(p.end) }));
  if (out.length === 0) throw new RangeError("office hours need at least one period");
  out.forEach((w, i) => {
    if (w.end <= w.start || (i > 0 && w.start < out[i - 1]!.end)) {
      throw new RangeError("office periods must be in order, non-empty and not overlapping");
    }
  });
  return out;
}

/** Office minutes in one working day (7.5 hours = 450 by default). */
export function officeMinutesPerDay(office: OfficeHours = DEFAULT_OFFICE_HOURS): number {
  return windows(office).reduce((sum, w) => sum + (w.end - w.start), 0);
}

/** Opening time of the working day, minutes after midnight. */
export function officeOpening(office: OfficeHours = DEFAULT_OFFICE_HOURS): number {
  return windows(office)[0]!.start;
}

/** Closing time of the working day, minutes after midnight. */
export function officeClosing(office: OfficeHours = DEFAULT_OFFICE_HOURS): number {
  return windows(office).at(-1)!.end;
}

/** Whether `at` is inside office hours of a working day. */
export function isOfficeTime(calendar: Calendar, at: LocalDateTime, office = DEFAULT_OFFICE_HOURS): boolean {
  return calendar.isWorkingDay(at.date) && windows(office).some((w) => at.minutes >= w.start && at.minutes < w.end);
}

/**
 * The moment a period of `hours` office hours that starts at `start` ends (BLDS 2015 Art. 147(1):
 * a period in hours starts at the given moment). Only office time on working days counts: lunch,
 * nights, weekends and holidays do not. A period that ends exactly at a closing time ends then,
 * not at the next opening.
 */
export function addWorkingHours(
  calendar: Calendar,
  start: LocalDateTime,
  hours: number,
  office: OfficeHours = DEFAULT_OFFICE_HOURS,
): LocalDateTime {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be ≥ 0, got ${hours}`);
  const ws = windows(office);
  let left = Math.round(hours * 60);
  let date = start.date;
  let at = start.minutes;
  for (let i = 0; i < 3660; i++) {
    if (calendar.isWorkingDay(date)) {
      for (const w of ws) {
        if (at >= w.end) continue;
        const from = Math.max(at, w.start);
        if (left <= w.end - from) return { date, minutes: from + left };
        left -= w.end - from;
        at = w.end;
      }
    }
    date = calendar.nextWorkingDay(date);
    at = 0;
  }
  throw new RangeError("period in hours too long");
}

/**
 * The due moment of a "same day" (trong ngày) procedure: closing time of the day of receipt
 * when the file arrives on a working day no later than the cut-off (15:00 by default), else
 * closing time of the next working day.
 */
export function sameDayDue(
  calendar: Calendar,
  received: LocalDateTime,
  office: OfficeHours = DEFAULT_OFFICE_HOURS,
): LocalDateTime {
  const cutoff = parseClock(office.sameDayCutoff);
  const closing = officeClosing(office);
  if (calendar.isWorkingDay(received.date) && received.minutes <= cutoff) {
    return { date: received.date, minutes: closing };
  }
  return { date: calendar.nextWorkingDay(received.date), minutes: closing };
}

/**
 * When the counting of a file's period starts: the moment of receipt, or, with
 * `offHoursReceipt: "next_working_day"`, the opening of the next working day for a file
 * received after closing time or on a day off.
 */
export function effectiveReceipt(
  calendar: Calendar,
  received: LocalDateTime,
  office: OfficeHours = DEFAULT_OFFICE_HOURS,
): LocalDateTime {
  if (office.offHoursReceipt === "as_received") return received;
  const opening = officeOpening(office);
  if (!calendar.isWorkingDay(received.date)) {
    return { date: calendar.nextWorkingDay(received.date), minutes: opening };
  }
  if (received.minutes >= officeClosing(office)) {
    return { date: calendar.nextWorkingDay(received.date), minutes: opening };
  }
  return received;
}

/** A procedure's processing time (thời hạn giải quyết) as the procedures table stores it. */
export interface ProcessingTime {
  amount: number;
  unit: "hours" | "working_days" | "calendar_days" | "same_day";
}

/**
 * The appointment (ngày hẹn trả kết quả) of a file received at `received`:
 * - `working_days` n (whole): closing time of the n-th working day after the day of receipt;
 *   fractional amounts (e.g. 0,5 ngày làm việc) count as n × the office day in hours [U];
 * - `calendar_days` n: closing time of day + n, rolled to the next working day when that is a
 *   day off (BLDS 2015 Art. 148); a fraction rounds up to a whole day [U];
 * - `hours` n: n office hours from receipt;
 * - `same_day`: `sameDayDue`.
 * Receipt outside office hours first moves to the next opening (`offHoursReceipt`), except for
 * same-day files, whose own rule already covers it.
 */
export function fileAppointment(
  calendar: Calendar,
  received: LocalDateTime,
  time: ProcessingTime,
  office: OfficeHours = DEFAULT_OFFICE_HOURS,
): LocalDateTime {
  if (!Number.isFinite(time.amount) || time.amount < 0) throw new RangeError("processing time must be ≥ 0");
  if (time.unit === "same_day") return sameDayDue(calendar, received, office);
  const from = effectiveReceipt(calendar, received, office);
  const closing = officeClosing(office);
  switch (time.unit) {
    case "hours":
      return addWorkingHours(calendar, from, time.amount, office);
    case "working_days":
      if (Number.isInteger(time.amount)) {
        return { date: calendar.addWorkingDays(from.date, time.amount), minutes: closing };
      }
      return addWorkingHours(calendar, from, (time.amount * officeMinutesPerDay(office)) / 60, office);
    case "calendar_days":
      return { date: calendar.addCalendarDays(from.date, Math.ceil(time.amount)), minutes: closing };
  }
}
