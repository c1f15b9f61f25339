/**
 * The appointment (ngày hẹn trả kết quả) of a file from its procedure's legal processing time,
 * on the agency's working-day calendar. The rule itself lives in the calendar engine
 * (`fileAppointment`, worker/lib/calendar/office-hours.ts) — one implementation for cases and
 * files; this module only moves between instants and Vietnamese wall-clock times and says
 * which dates a calendar must cover.
 */
import type { Calendar } from "../calendar/calendar";
import { addDays, type IsoDate, instantOf, localDateOf, localDateTimeOf } from "../calendar/dates";
import { fileAppointment, type OfficeHours, officeMinutesPerDay, type ProcessingTime } from "../calendar/office-hours";

/** The appointment instant of a file received at `receivedAt` (see `fileAppointment`). */
export function appointmentFor(calendar: Calendar, receivedAt: Date, time: ProcessingTime, office: OfficeHours): Date {
  return instantOf(fileAppointment(calendar, localDateTimeOf(receivedAt), time, office));
}

/** A processing time as stored in `procedures` (numeric comes back as text). */
export function processingTimeOf(row: {
  processing_time: string | number;
  processing_time_unit: ProcessingTime["unit"];
}) {
  return { amount: Number(row.processing_time), unit: row.processing_time_unit } satisfies ProcessingTime;
}

/**
 * A generous range of dates the calendar must cover to count `time` from `receivedAt`: the
 * whole period in working days, doubled, plus two months for a long Tết closure. The loader
 * reads whole years anyway; a caller checks the answer falls inside what was loaded.
 */
export function calendarRangeFor(
  receivedAt: Date,
  time: ProcessingTime,
  office: OfficeHours,
): { from: IsoDate; to: IsoDate } {
  const from = localDateOf(receivedAt);
  const workingDays =
    time.unit === "hours" ? Math.ceil((time.amount * 60) / officeMinutesPerDay(office)) : Math.ceil(time.amount);
  return { from, to: addDays(from, workingDays * 2 + 60) };
}

/** How a processing time reads on a receipt: "15 ngày làm việc", "4 giờ", "Trong ngày". */
export function describeProcessingTime(time: ProcessingTime): { vi: string; en: string } {
  const n = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(time.amount);
  const nEn = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 }).format(time.amount);
  switch (time.unit) {
    case "working_days":
      return { vi: `${n} ngày làm việc`, en: `${nEn} working days` };
    case "calendar_days":
      return { vi: `${n} ngày`, en: `${nEn} days` };
    case "hours":
      return { vi: `${n} giờ làm việc`, en: `${nEn} office hours` };
    case "same_day":
      return { vi: "Trong ngày", en: "Same day" };
  }
}

/**
 * The appointment under ND 118/2025 Điều 19 khoản 5 ("Thời hạn giải quyết được tính lại từ đầu
 * sau khi nhận đủ hồ sơ"): the procedure's whole processing time counted again from the moment
 * the supplement was completed. Shown beside the QĐ 766 figure (timeliness.ts); never used to
 * classify a file.
 */
export function restartedDue(calendar: Calendar, completedAt: Date, time: ProcessingTime, office: OfficeHours): Date {
  return appointmentFor(calendar, completedAt, time, office);
}
