import { describe, expect, it } from "vitest";
import { NATIONAL_CALENDAR_DAYS } from "../../scripts/seed/calendar-reference";
import { Calendar } from "../../worker/lib/calendar/calendar";
import { DEFAULT_OFFICE_HOURS, type ProcessingTime } from "../../worker/lib/calendar/office-hours";
import { appointmentFor, describeProcessingTime, restartedDue } from "../../worker/lib/files/appointment";

/** The national calendar with the official 2025–2026 decisions (Tết Bính Ngọ 14–22/02/2026…). */
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

/** An instant from a Vietnamese wall-clock time. */
const vn = (local: string) => new Date(`${local}:00+07:00`);
const due = (received: string, time: ProcessingTime) =>
  appointmentFor(calendar, vn(received), time, DEFAULT_OFFICE_HOURS).toISOString();

describe("the appointment of a file from its procedure's processing time", () => {
  it("counts working days over the Tết Bính Ngọ break (14–22/02/2026): 5 days from Thursday 12/02 end on Thursday 26/02", () => {
    expect(due("2026-02-12T10:00", { amount: 5, unit: "working_days" })).toBe(vn("2026-02-26T17:00").toISOString());
  });

  it("counts working days over 30/4–1/5/2026 and its weekend: 3 days from Tuesday 28/04 end on Tuesday 05/05", () => {
    expect(due("2026-04-28T08:00", { amount: 3, unit: "working_days" })).toBe(vn("2026-05-05T17:00").toISOString());
  });

  it("rolls a period in calendar days that ends on 30/4 forward past 1/5 and the weekend to Monday 04/05 (BLDS Art. 148)", () => {
    expect(due("2026-04-20T09:00", { amount: 10, unit: "calendar_days" })).toBe(vn("2026-05-04T17:00").toISOString());
  });

  it("counts calendar days through Tết without skipping them when the last day is a working day", () => {
    // 10/02 + 15 days = 25/02 (Wednesday, a working day): Tết days inside the period count.
    expect(due("2026-02-10T09:00", { amount: 15, unit: "calendar_days" })).toBe(vn("2026-02-25T17:00").toISOString());
  });

  it("counts hours in office time only, over a weekend and the Giỗ Tổ compensatory Monday 27/04/2026", () => {
    // Friday 24/04 16:00: 1 h that day, then Tuesday 28/04 07:30 + 3 h.
    expect(due("2026-04-24T16:00", { amount: 4, unit: "hours" })).toBe(vn("2026-04-28T10:30").toISOString());
  });

  it("counts hours across the lunch break", () => {
    expect(due("2026-03-10T10:30", { amount: 2, unit: "hours" })).toBe(vn("2026-03-10T14:30").toISOString());
  });

  it("returns a same-day file received by 15:00 that day, and one received after 15:00 the next working day", () => {
    expect(due("2026-04-29T14:00", { amount: 0, unit: "same_day" })).toBe(vn("2026-04-29T17:00").toISOString());
    expect(due("2026-04-29T15:30", { amount: 0, unit: "same_day" })).toBe(vn("2026-05-04T17:00").toISOString());
  });

  it("counts a file received on a Saturday from the next working day", () => {
    // Saturday 21/11/2026 → counted from Monday 23/11: 2 working days → Wednesday 25/11.
    expect(due("2026-11-21T09:00", { amount: 2, unit: "working_days" })).toBe(vn("2026-11-25T17:00").toISOString());
  });

  it("counts a file received after closing time from the next working day", () => {
    expect(due("2026-11-20T17:30", { amount: 1, unit: "working_days" })).toBe(vn("2026-11-24T17:00").toISOString());
  });

  it("counts the ND 118/2025 restart from the completed supplement, over a weekend", () => {
    const at = restartedDue(
      calendar,
      vn("2026-11-20T10:00"),
      { amount: 3, unit: "working_days" },
      DEFAULT_OFFICE_HOURS,
    );
    expect(at.toISOString()).toBe(vn("2026-11-25T17:00").toISOString());
  });

  it("writes the processing time as a receipt reads it", () => {
    expect(describeProcessingTime({ amount: 15, unit: "working_days" }).vi).toBe("15 ngày làm việc");
    expect(describeProcessingTime({ amount: 0.5, unit: "working_days" }).vi).toBe("0,5 ngày làm việc");
    expect(describeProcessingTime({ amount: 0, unit: "same_day" }).vi).toBe("Trong ngày");
    expect(describeProcessingTime({ amount: 4, unit: "hours" }).en).toBe("4 office hours");
  });
});
