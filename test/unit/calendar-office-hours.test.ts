import { describe, expect, it } from "vitest";
import { NATIONAL_CALENDAR_DAYS } from "../../scripts/seed/calendar-reference";
import { Calendar } from "../../worker/lib/calendar/calendar";
import { type LocalDateTime, parseClock } from "../../worker/lib/calendar/dates";
import {
  addWorkingHours,
  DEFAULT_OFFICE_HOURS,
  effectiveReceipt,
  fileAppointment,
  isOfficeTime,
  type OfficeHours,
  officeMinutesPerDay,
  sameDayDue,
} from "../../worker/lib/calendar/office-hours";

const calendar = new Calendar({
  national: NATIONAL_CALENDAR_DAYS.map((d) => ({
    date: d.day,
    kind: d.kind ?? "day_off",
    name: d.name,
    nameEn: d.nameEn,
    holiday: d.holiday,
    source: d.source,
  })),
});

const at = (date: string, clock: string): LocalDateTime => ({ date, minutes: parseClock(clock) });

describe("same-day procedures and the 15:00 cut-off", () => {
  it("returns a file received by 15:00 on a working day the same day, and a later one the next working day", () => {
    expect(sameDayDue(calendar, at("2026-03-09", "14:59"))).toEqual(at("2026-03-09", "17:00"));
    expect(sameDayDue(calendar, at("2026-03-09", "15:00"))).toEqual(at("2026-03-09", "17:00"));
    expect(sameDayDue(calendar, at("2026-03-09", "15:01"))).toEqual(at("2026-03-10", "17:00"));
  });

  it("carries a file received after 15:00 on Friday 13/02/2026 over the Tết break to Monday 23/02", () => {
    expect(sameDayDue(calendar, at("2026-02-13", "15:30"))).toEqual(at("2026-02-23", "17:00"));
  });

  it("returns a file received on a Saturday on the next working day", () => {
    expect(sameDayDue(calendar, at("2026-03-14", "09:00"))).toEqual(at("2026-03-16", "17:00"));
  });

  it("uses the agency's own cut-off when it sets one", () => {
    const office: OfficeHours = { ...DEFAULT_OFFICE_HOURS, sameDayCutoff: "16:00" };
    expect(sameDayDue(calendar, at("2026-03-09", "15:30"), office)).toEqual(at("2026-03-09", "17:00"));
  });
});

describe("periods in office hours", () => {
  it("skips the lunch break", () => {
    // 10:00–11:30 is 1.5 h; the other 2.5 h run from 13:30 to 16:00.
    expect(addWorkingHours(calendar, at("2026-03-09", "10:00"), 4)).toEqual(at("2026-03-09", "16:00"));
  });

  it("continues the next working morning", () => {
    expect(addWorkingHours(calendar, at("2026-03-09", "16:00"), 2)).toEqual(at("2026-03-10", "08:30"));
  });

  it("skips Tết: 8 hours from Friday 13/02/2026 16:00 end on Monday 23/02 at 16:30", () => {
    expect(addWorkingHours(calendar, at("2026-02-13", "16:00"), 8)).toEqual(at("2026-02-23", "16:30"));
  });

  it("ends at closing time rather than at the next opening", () => {
    expect(addWorkingHours(calendar, at("2026-03-09", "13:30"), 3.5)).toEqual(at("2026-03-09", "17:00"));
  });

  it("starts counting at the next opening when received at lunch or in the evening", () => {
    expect(addWorkingHours(calendar, at("2026-03-09", "12:00"), 1)).toEqual(at("2026-03-09", "14:30"));
    expect(addWorkingHours(calendar, at("2026-03-09", "18:00"), 1)).toEqual(at("2026-03-10", "08:30"));
  });

  it("knows office time from lunch, evenings and days off", () => {
    expect(isOfficeTime(calendar, at("2026-03-09", "09:00"))).toBe(true);
    expect(isOfficeTime(calendar, at("2026-03-09", "12:00"))).toBe(false);
    expect(isOfficeTime(calendar, at("2026-02-17", "09:00"))).toBe(false);
  });

  it("has a 7.5-hour office day by default and accepts other hours", () => {
    expect(officeMinutesPerDay()).toBe(450);
    const office: OfficeHours = {
      ...DEFAULT_OFFICE_HOURS,
      periods: [
        { start: "07:00", end: "11:30" },
        { start: "13:00", end: "17:00" },
      ],
    };
    expect(officeMinutesPerDay(office)).toBe(510);
    expect(() => officeMinutesPerDay({ ...DEFAULT_OFFICE_HOURS, periods: [{ start: "13:00", end: "11:00" }] })).toThrow(
      RangeError,
    );
  });
});

describe("the appointment date of a file", () => {
  it("gives a file received Friday 13/02/2026 at 10:00 with 3 working days Wednesday 25/02, 17:00", () => {
    expect(fileAppointment(calendar, at("2026-02-13", "10:00"), { amount: 3, unit: "working_days" })).toEqual(
      at("2026-02-25", "17:00"),
    );
  });

  it("treats a file received after closing as received at the next opening, unless configured otherwise", () => {
    expect(effectiveReceipt(calendar, at("2026-02-13", "18:00"))).toEqual(at("2026-02-23", "07:30"));
    expect(fileAppointment(calendar, at("2026-02-13", "18:00"), { amount: 3, unit: "working_days" })).toEqual(
      at("2026-02-26", "17:00"),
    );
    const asReceived: OfficeHours = { ...DEFAULT_OFFICE_HOURS, offHoursReceipt: "as_received" };
    expect(
      fileAppointment(calendar, at("2026-02-13", "18:00"), { amount: 3, unit: "working_days" }, asReceived),
    ).toEqual(at("2026-02-25", "17:00"));
  });

  it("counts half a working day as half an office day", () => {
    // 0.5 × 7.5 h = 3 h 45 min from 08:00: 3 h 30 min until 11:30, 15 min after 13:30.
    expect(fileAppointment(calendar, at("2026-03-09", "08:00"), { amount: 0.5, unit: "working_days" })).toEqual(
      at("2026-03-09", "13:45"),
    );
  });

  it("rolls a calendar-day appointment off a day off (Art. 148)", () => {
    expect(fileAppointment(calendar, at("2026-01-15", "09:00"), { amount: 30, unit: "calendar_days" })).toEqual(
      at("2026-02-23", "17:00"),
    );
  });

  it("applies the hours and same-day units", () => {
    expect(fileAppointment(calendar, at("2026-03-09", "10:00"), { amount: 4, unit: "hours" })).toEqual(
      at("2026-03-09", "16:00"),
    );
    expect(fileAppointment(calendar, at("2026-03-09", "15:30"), { amount: 0, unit: "same_day" })).toEqual(
      at("2026-03-10", "17:00"),
    );
  });
});
