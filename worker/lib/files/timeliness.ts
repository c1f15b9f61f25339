/**
 * Whether a file (hồ sơ) was handled on time, the way the QĐ 766/QĐ-TTg service-quality index
 * counts it (indicator 2.1, DOMAIN §3.3, from the portal's formula spec [I]):
 *
 * - on time when the end of processing ≤ the appointment date (NgàyKếtThúcXửLý ≤ NgàyHẹnTrả);
 * - the end is the first of: result returned, processing stopped; while the file waits for
 *   the citizen's supplement, the time of that request is the end (the agency's clock stops);
 * - the citizen's supplement time, from request to completion, is subtracted;
 * - more than one supplement request → late, whatever the dates (ND 118/2025 Đ11 allows one);
 * - a file not finished is measured at the end of the reporting period (`asOf`).
 *
 * ND 118/2025 Đ19 k5 instead restarts the whole period once the file is complete; that is a
 * different computation (`restartedDue`, appointment.ts), kept apart and named, not mixed in.
 *
 * Pure: no clock, no database.
 */
import type { Calendar } from "../calendar/calendar";
import { addDays, type IsoDate, localDateOf } from "../calendar/dates";

export interface SupplementTimes {
  requestedAt: Date;
  completedAt: Date | null;
}

export interface FileTimes {
  receivedAt: Date;
  /** The appointment (ngày hẹn trả kết quả) given on the receipt; a re-appointment does not move it. */
  dueAt: Date;
  returnedAt: Date | null;
  stoppedAt: Date | null;
  supplements: readonly SupplementTimes[];
}

/**
 * early (trước hạn): finished on a day before the appointment day;
 * on_time (đúng hạn): finished on the appointment day, not after the appointment time;
 * late (trễ hạn / quá hạn): finished after it, or still open past it, or supplemented twice;
 * pending (đang giải quyết, chưa đến hạn): not finished and not past the appointment; QĐ 766
 * measures it at the period's end, so it counts with the on-time files in the rate.
 */
export type Outcome = "early" | "on_time" | "late" | "pending";

export type LateReason = "after_due" | "multiple_supplements";

export interface Timeliness {
  outcome: Outcome;
  /** Returned or stopped by `asOf`. */
  finished: boolean;
  /** The end of processing that was compared with the appointment. */
  endAt: Date;
  /** The citizen's supplement time subtracted (completed requests before the end), in ms. */
  waitingMs: number;
  /** The appointment moved by the waiting time: the end must not pass it. */
  effectiveDueAt: Date;
  /** Supplement requests made by `asOf`. */
  supplementCount: number;
  /** The file waits for the citizen's supplement at `asOf` (the clock is stopped). */
  awaitingSupplement: boolean;
  lateReason: LateReason | null;
}

/** Classifies a file at `asOf` (the end of the reporting period, or now). See the module comment. */
export function classifyFile(file: FileTimes, asOf: Date): Timeliness {
  const t = asOf.getTime();
  const finishes = [file.returnedAt, file.stoppedAt].filter((d): d is Date => d !== null && d.getTime() <= t);
  const finishedAt = finishes.length ? new Date(Math.min(...finishes.map((d) => d.getTime()))) : null;
  const requests = file.supplements
    .filter((s) => s.requestedAt.getTime() <= t)
    .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());

  let end = finishedAt ?? asOf;
  // A request still open at the end: the file waits for the citizen, its end is the request.
  const open = requests.find(
    (s) =>
      s.requestedAt.getTime() <= end.getTime() && (s.completedAt === null || s.completedAt.getTime() > end.getTime()),
  );
  if (open) end = open.requestedAt;
  let waitingMs = 0;
  for (const s of requests) {
    if (s.completedAt && s.completedAt.getTime() <= end.getTime()) {
      waitingMs += s.completedAt.getTime() - s.requestedAt.getTime();
    }
  }
  const effectiveDueAt = new Date(file.dueAt.getTime() + waitingMs);
  const finished = finishedAt !== null;
  const base = {
    finished,
    endAt: end,
    waitingMs,
    effectiveDueAt,
    supplementCount: requests.length,
    awaitingSupplement: !finished && open !== undefined,
  };
  if (requests.length > 1) return { ...base, outcome: "late", lateReason: "multiple_supplements" };
  if (end.getTime() > effectiveDueAt.getTime()) return { ...base, outcome: "late", lateReason: "after_due" };
  if (!finished) return { ...base, outcome: "pending", lateReason: null };
  const early = localDateOf(end) < localDateOf(effectiveDueAt);
  return { ...base, outcome: early ? "early" : "on_time", lateReason: null };
}

/** The `n`-th working day before `date` (n ≥ 1): D−1 of a Monday appointment is the Friday before. */
export function workingDaysBefore(calendar: Calendar, date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1, got ${n}`);
  let d = date;
  let counted = 0;
  for (let i = 0; counted < n; i++) {
    if (i > 3660) throw new RangeError(`no ${n} working days before ${date}`);
    d = addDays(d, -1);
    if (calendar.isWorkingDay(d)) counted++;
  }
  return d;
}

export interface DueAlert {
  /** The day from which the file is flagged: D−n working days. */
  alertDate: IsoDate;
  /** Today is on or after the alert day, the file is open, not waiting for the citizen, not yet late. */
  dueSoon: boolean;
}

/**
 * The D−1 alert of a file expected to be late. ND 118/2025 Điều 19 khoản 6: for a file expected
 * to be overdue, "trong thời hạn chậm nhất 01 ngày trước ngày hết hạn", the handling body must
 * notify the one-stop desk in writing and send the citizen an apology letter with the new
 * date. So an unfinished file is flagged from the n-th working day before its (effective)
 * appointment day (n = 1 by default), until it is returned, stopped, or becomes late.
 */
export function dueAlert(calendar: Calendar, timeliness: Timeliness, asOf: Date, workingDays = 1): DueAlert {
  const alertDate = workingDaysBefore(calendar, localDateOf(timeliness.effectiveDueAt), workingDays);
  const dueSoon = timeliness.outcome === "pending" && !timeliness.awaitingSupplement && localDateOf(asOf) >= alertDate;
  return { alertDate, dueSoon };
}
