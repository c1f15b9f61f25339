import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NATIONAL_CALENDAR_DAYS } from "../../scripts/seed/calendar-reference";
import { Calendar, type EnteredDay } from "../../worker/lib/calendar/calendar";
import {
  addDays,
  dayNumber,
  fromDayNumber,
  instantOf,
  localDateOf,
  localDateTimeOf,
  weekday,
} from "../../worker/lib/calendar/dates";

/** The national calendar as seeded: computed rules + the official decisions of 2025–2026. */
const official = (agency: EnteredDay[] = []) =>
  new Calendar({
    national: NATIONAL_CALENDAR_DAYS.map((d) => ({
      date: d.day,
      kind: d.kind ?? "day_off",
      name: d.name,
      nameEn: d.nameEn,
      holiday: d.holiday,
      source: d.source,
    })),
    agency,
  });

/** The computed rules alone. */
const computed = () => new Calendar();

const dayOff = (date: string, name = "Nghỉ", over: Partial<EnteredDay> = {}): EnteredDay => ({
  date,
  kind: "day_off",
  name,
  nameEn: null,
  holiday: null,
  source: null,
  ...over,
});

describe("working days around Tết 2026", () => {
  it("makes a file received Friday 13/02/2026 with 3 working days due Wednesday 25/02/2026", () => {
    // Counting starts the day after receipt (BLDS Art. 147). Sat 14/02 – Sun 22/02 is the official
    // Tết break (9 days, none counted); Mon 23/02 is day 1, Tue 24/02 day 2, Wed 25/02 day 3.
    const period = official().explainWorkingDays("2026-02-13", 3);
    expect(period.due).toBe("2026-02-25");
    expect(period.skipped.map((s) => s.date)).toEqual([
      "2026-02-14",
      "2026-02-15",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
      "2026-02-21",
      "2026-02-22",
    ]);
    expect(period.skipped.every((s) => s.reason === "day_off" && s.origin === "entered")).toBe(true);
    // The computed rules alone agree on the working days (Mon 16 – Fri 20/02 off).
    expect(computed().addWorkingDays("2026-02-13", 3)).toBe("2026-02-25");
  });

  it("rolls a 30-day period ending on Saturday 14/02/2026 past the whole Tết break (Art. 148)", () => {
    const period = official().explainCalendarDays("2026-01-15", 30);
    expect(period.nominalEnd).toBe("2026-02-14");
    expect(period.rolledForward).toBe(true);
    expect(period.due).toBe("2026-02-23");
  });
});

describe("working days around other holidays of 2026", () => {
  it("skips 30/4, 1/5 and the weekend after: Wednesday 29/04 + 1 working day is Monday 04/05", () => {
    expect(official().addWorkingDays("2026-04-29", 1)).toBe("2026-05-04");
    expect(official().addWorkingDays("2026-04-29", 2)).toBe("2026-05-05");
  });

  it("ends a 10-day period from 20/04/2026 (last day 30/04, a holiday) on Monday 04/05", () => {
    const period = official().explainCalendarDays("2026-04-20", 10);
    expect(period).toMatchObject({ nominalEnd: "2026-04-30", due: "2026-05-04", rolledForward: true });
    expect(period.skipped.map((s) => s.date)).toEqual(["2026-04-30", "2026-05-01", "2026-05-02", "2026-05-03"]);
  });

  it("gives Giỗ Tổ 2026 (Sunday 26/04) its compensatory Monday: Friday 24/04 + 1 working day is Tuesday 28/04", () => {
    expect(official().addWorkingDays("2026-04-24", 1)).toBe("2026-04-28");
    expect(computed().addWorkingDays("2026-04-24", 1)).toBe("2026-04-28");
    const monday = official().dayStatus("2026-04-27");
    expect(monday).toMatchObject({ working: false, reason: "day_off", origin: "entered", holiday: "hung_kings" });
  });

  it("uses the official 1–2/9/2026 instead of the computed 2–3/9", () => {
    // Monday 31/08 + 1 working day: Tue 01/09 by the computed rule; Thu 03/09 by the decision.
    expect(computed().addWorkingDays("2026-08-31", 1)).toBe("2026-09-01");
    expect(official().addWorkingDays("2026-08-31", 1)).toBe("2026-09-03");
    expect(official().isWorkingDay("2026-09-03")).toBe(true);
  });

  it("counts the swapped Saturday 10/01/2026 as a working day and Friday 02/01 as a day off", () => {
    const calendar = official();
    expect(calendar.isWorkingDay("2026-01-02")).toBe(false);
    expect(calendar.dayStatus("2026-01-10")).toMatchObject({ working: true, reason: "extra_working_day" });
    // Wednesday 31/12/2025 + 1 working day: Thu 1/1 and Fri 2/1 off, weekend → Monday 05/01/2026.
    expect(calendar.addWorkingDays("2025-12-31", 1)).toBe("2026-01-05");
    // Friday 09/01 + 1 working day: the swapped Saturday 10/01.
    expect(calendar.addWorkingDays("2026-01-09", 1)).toBe("2026-01-10");
  });

  it("skips an ordinary weekend: Friday 06/03/2026 + 1 working day is Monday 09/03", () => {
    const period = official().explainWorkingDays("2026-03-06", 1);
    expect(period.due).toBe("2026-03-09");
    expect(period.skipped.map((s) => [s.date, s.reason])).toEqual([
      ["2026-03-07", "weekend"],
      ["2026-03-08", "weekend"],
    ]);
    // A 5-day period from Monday 02/03 ends on Saturday 07/03 and rolls to Monday 09/03.
    expect(official().addCalendarDays("2026-03-02", 5)).toBe("2026-03-09");
  });
});

describe("the days off of a year", () => {
  it("lists the official 2026 days with their origin, and the computed 2027 days", () => {
    const days2026 = official().daysOff(2026);
    expect(days2026.map((d) => d.date)).toEqual([
      "2026-01-01",
      "2026-01-02",
      ...Array.from({ length: 9 }, (_, i) => addDays("2026-02-14", i)),
      "2026-04-26",
      "2026-04-27",
      "2026-04-30",
      "2026-05-01",
      "2026-05-02",
      "2026-05-03",
      "2026-09-01",
      "2026-09-02",
    ]);
    expect(days2026.every((d) => d.origin === "entered" && d.scope === "national")).toBe(true);
    expect(
      official()
        .extraWorkingDays(2026)
        .map((d) => d.date),
    ).toEqual(["2026-01-10"]);
    const days2027 = official().daysOff(2027);
    expect(days2027.every((d) => d.origin === "computed")).toBe(true);
    expect(days2027.map((d) => d.date)).toContain("2027-02-06");
  });

  it("keeps computed holidays of a year whose other holidays were entered", () => {
    // The 2025 decisions cover Tết, 30/4–1/5 and 2/9; 1/1 and Giỗ Tổ stay computed.
    const days2025 = official().daysOff(2025);
    expect(days2025.find((d) => d.date === "2025-01-01")).toMatchObject({ origin: "computed", holiday: "new_year" });
    expect(days2025.find((d) => d.date === "2025-04-07")).toMatchObject({ origin: "computed", holiday: "hung_kings" });
    expect(days2025.find((d) => d.date === "2025-05-02")).toMatchObject({ origin: "entered" });
    expect(official().isWorkingDay("2025-04-26")).toBe(true);
  });
});

describe("entered rows override computed ones", () => {
  it("replaces a holiday's computed days when an entered row names that holiday", () => {
    const calendar = new Calendar({ national: [dayOff("2030-09-03", "Quốc khánh", { holiday: "national_day" })] });
    // 2/9/2030 is a Monday; the computed adjacent day would be Tue 03/09. An entry naming only
    // 03/09 for national_day drops the computed 02/09 as well.
    expect(calendar.isWorkingDay("2030-09-02")).toBe(true);
    expect(calendar.isWorkingDay("2030-09-03")).toBe(false);
  });

  it("lets an entered working day cancel a computed holiday or a weekly day off", () => {
    // 2/9/2027 is a Thursday: the computed adjacent day is Friday 03/09.
    expect(computed().isWorkingDay("2027-09-03")).toBe(false);
    const calendar = new Calendar({
      national: [
        { ...dayOff("2027-09-03", "Làm việc"), kind: "working_day" },
        { ...dayOff("2027-09-04", "Làm bù"), kind: "working_day" },
      ],
    });
    expect(calendar.dayStatus("2027-09-03")).toMatchObject({ working: true, reason: "extra_working_day" });
    expect(calendar.dayStatus("2027-09-04")).toMatchObject({ working: true, reason: "extra_working_day" });
  });

  it("gives an agency its own day off without touching the national calendar", () => {
    const agency = official([dayOff("2026-03-10", "Ngày thành lập ngành")]);
    expect(agency.dayStatus("2026-03-10")).toMatchObject({ working: false, scope: "agency", origin: "entered" });
    expect(agency.addWorkingDays("2026-03-09", 1)).toBe("2026-03-11");
    expect(official().addWorkingDays("2026-03-09", 1)).toBe("2026-03-10");
  });

  it("lets an agency's entry for a holiday replace the national entry of that holiday", () => {
    const agency = official([dayOff("2026-08-31", "Quốc khánh (lịch riêng)", { holiday: "national_day" })]);
    expect(agency.isWorkingDay("2026-08-31")).toBe(false);
    expect(agency.isWorkingDay("2026-09-01")).toBe(true);
    expect(agency.isWorkingDay("2026-09-02")).toBe(true);
  });
});

describe("periods of zero days", () => {
  it("makes 0 working days the same day on a working day and the next working day otherwise", () => {
    expect(official().explainWorkingDays("2026-03-09", 0)).toMatchObject({ due: "2026-03-09", rolledForward: false });
    expect(official().explainWorkingDays("2026-02-14", 0)).toMatchObject({ due: "2026-02-23", rolledForward: true });
  });

  it("refuses negative or fractional periods and malformed dates", () => {
    expect(() => official().addWorkingDays("2026-03-09", -1)).toThrow(RangeError);
    expect(() => official().addWorkingDays("2026-03-09", 1.5)).toThrow(RangeError);
    expect(() => official().addWorkingDays("2026-02-30", 1)).toThrow(RangeError);
  });
});

const anyDate = fc.integer({ min: dayNumber("2024-01-01"), max: dayNumber("2028-12-31") }).map(fromDayNumber);
/** A calendar with random extra days off of an agency (some of them long closures). */
const anyCalendar = fc
  .array(
    fc.tuple(
      fc.integer({ min: dayNumber("2024-01-01"), max: dayNumber("2029-12-31") }),
      fc.integer({ min: 1, max: 12 }),
    ),
    { maxLength: 12 },
  )
  .map((spans) => {
    const rows = new Map<string, EnteredDay>();
    for (const [start, length] of spans) {
      for (let i = 0; i < length; i++) rows.set(fromDayNumber(start + i), dayOff(fromDayNumber(start + i)));
    }
    return official([...rows.values()]);
  });

describe("properties of working-day periods", () => {
  it("never lands on a day off", () => {
    fc.assert(
      fc.property(anyCalendar, anyDate, fc.integer({ min: 0, max: 250 }), (calendar, start, n) => {
        expect(calendar.isWorkingDay(calendar.addWorkingDays(start, n))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("is monotonic in n, strictly from 1 on, and counts exactly n working days", () => {
    fc.assert(
      fc.property(anyCalendar, anyDate, fc.integer({ min: 1, max: 200 }), (calendar, start, n) => {
        const due = calendar.addWorkingDays(start, n);
        expect(calendar.addWorkingDays(start, n + 1) > due).toBe(true);
        expect(calendar.addWorkingDays(start, 0) <= calendar.addWorkingDays(start, 1)).toBe(true);
        expect(calendar.workingDaysBetween(start, due)).toBe(n);
        expect(calendar.workingDaysBetween(start, addDays(due, -1))).toBe(n - 1);
      }),
      { numRuns: 200 },
    );
  });

  it("adds up: n then m working days is n + m working days", () => {
    fc.assert(
      fc.property(
        anyCalendar,
        anyDate,
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        (calendar, start, n, m) => {
          expect(calendar.addWorkingDays(calendar.addWorkingDays(start, n), m)).toBe(
            calendar.addWorkingDays(start, n + m),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("makes 0 working days the start itself when it is a working day, else the next working day", () => {
    fc.assert(
      fc.property(anyCalendar, anyDate, (calendar, start) => {
        const due = calendar.addWorkingDays(start, 0);
        if (calendar.isWorkingDay(start)) expect(due).toBe(start);
        else expect(due).toBe(calendar.nextWorkingDay(start));
      }),
      { numRuns: 300 },
    );
  });

  it("ends a calendar-day period on start + n, or on the first working day after it (Art. 148)", () => {
    fc.assert(
      fc.property(anyCalendar, anyDate, fc.integer({ min: 0, max: 120 }), (calendar, start, n) => {
        const period = calendar.explainCalendarDays(start, n);
        expect(period.nominalEnd).toBe(addDays(start, n));
        expect(calendar.isWorkingDay(period.due)).toBe(true);
        expect(period.due >= period.nominalEnd).toBe(true);
        for (let d = period.nominalEnd; d < period.due; d = addDays(d, 1)) {
          expect(calendar.isWorkingDay(d)).toBe(false);
        }
        expect(period.rolledForward).toBe(!calendar.isWorkingDay(period.nominalEnd));
      }),
      { numRuns: 300 },
    );
  });
});

describe("dates never shift with the server's clock", () => {
  it("reads an instant as the date in Hà Nội (UTC+7)", () => {
    // 17:30 UTC on 31/12/2025 is 00:30 on 01/01/2026 in Vietnam.
    expect(localDateOf(new Date("2025-12-31T17:30:00Z"))).toBe("2026-01-01");
    expect(localDateOf(new Date("2025-12-31T16:59:59Z"))).toBe("2025-12-31");
    expect(localDateTimeOf(new Date("2026-02-13T08:00:00Z"))).toEqual({ date: "2026-02-13", minutes: 15 * 60 });
  });

  it("round-trips local date-times through instants", () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 1439 }), (date, minutes) => {
        expect(localDateTimeOf(instantOf({ date, minutes }))).toEqual({ date, minutes });
      }),
    );
  });

  it("computes weekdays from the date alone", () => {
    expect(weekday("2026-02-13")).toBe(5);
    expect(weekday("2026-04-26")).toBe(0);
    expect(weekday("1970-01-01")).toBe(4);
  });
});
