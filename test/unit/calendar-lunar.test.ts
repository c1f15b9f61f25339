import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, dayNumber, fromDayNumber } from "../../worker/lib/calendar/dates";
import {
  canChiOfYear,
  jdFromDate,
  jdToDate,
  leapMonthOf,
  lunarNewYear,
  lunarToSolar,
  solarToLunar,
} from "../../worker/lib/calendar/lunar";

describe("Vietnamese lunar calendar (Hồ Ngọc Đức's algorithm, UTC+7)", () => {
  it.each([
    [2024, "2024-02-10"],
    [2025, "2025-01-29"],
    [2026, "2026-02-17"],
    [2027, "2027-02-06"],
  ])("puts Tết %i on %s", (year, date) => {
    expect(lunarNewYear(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it.each([
    [2024, "2024-04-18"],
    [2025, "2025-04-07"],
    [2026, "2026-04-26"],
  ])("puts Giỗ Tổ Hùng Vương (10/3 âm lịch) %i on %s", (year, date) => {
    expect(lunarToSolar({ day: 10, month: 3, year, leap: false })).toBe(date);
  });

  it("differs from the Chinese calendar (UTC+8) where the new moon falls near midnight", () => {
    // Tết 1985: Vietnam 21/01/1985, China 20/02/1985; Tết 2007: Vietnam 17/02, China 18/02.
    expect(lunarNewYear(1985)).toBe("1985-01-21");
    expect(lunarNewYear(1985, 8)).toBe("1985-02-20");
    expect(lunarNewYear(2007)).toBe("2007-02-17");
    expect(lunarNewYear(2007, 8)).toBe("2007-02-18");
  });

  it("knows the last days of Ất Tỵ as the Tết 2026 announcement names them", () => {
    // "thứ Bảy 14/2/2026 (tức 27 tháng Chạp, năm Ất Tỵ) … Chủ nhật 22/2/2026 (tức mùng 6 tháng Giêng)".
    expect(solarToLunar("2026-02-14")).toEqual({ day: 27, month: 12, year: 2025, leap: false });
    expect(solarToLunar("2026-02-16")).toEqual({ day: 29, month: 12, year: 2025, leap: false });
    expect(solarToLunar("2026-02-22")).toEqual({ day: 6, month: 1, year: 2026, leap: false });
  });

  it("finds the leap months of recent years (2020: 4, 2023: 2, 2025: 6, 2028: 5, 2033: 11)", () => {
    expect(leapMonthOf(2020)).toBe(4);
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2024)).toBeNull();
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2026)).toBeNull();
    expect(leapMonthOf(2028)).toBe(5);
    expect(leapMonthOf(2033)).toBe(11);
  });

  it("converts a leap-month date both ways and refuses a leap month the year does not have", () => {
    // Ất Tỵ 2025 repeats month 6: 6 nhuận begins on 25/07/2025.
    expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })).toBe("2025-07-25");
    expect(solarToLunar("2025-07-25")).toEqual({ day: 1, month: 6, year: 2025, leap: true });
    expect(solarToLunar("2025-07-24")).toEqual({ day: 30, month: 6, year: 2025, leap: false });
    expect(lunarToSolar({ day: 1, month: 5, year: 2025, leap: true })).toBeNull();
    expect(lunarToSolar({ day: 1, month: 6, year: 2026, leap: true })).toBeNull();
  });

  it("refuses the 30th of a 29-day month", () => {
    // Tháng Chạp Ất Tỵ has 29 days (Tết Bính Ngọ is the day after 29 Chạp).
    expect(lunarToSolar({ day: 29, month: 12, year: 2025, leap: false })).toBe("2026-02-16");
    expect(lunarToSolar({ day: 30, month: 12, year: 2025, leap: false })).toBeNull();
  });

  it("names lunar years by can chi", () => {
    expect(canChiOfYear(2024)).toBe("Giáp Thìn");
    expect(canChiOfYear(2025)).toBe("Ất Tỵ");
    expect(canChiOfYear(2026)).toBe("Bính Ngọ");
    expect(canChiOfYear(2027)).toBe("Đinh Mùi");
  });

  it("converts Julian day numbers both ways", () => {
    expect(jdFromDate(1, 1, 2000)).toBe(2451545);
    expect(jdToDate(2451545)).toEqual([1, 1, 2000]);
  });

  it("round-trips every day from 1900 to 2100 (solar → lunar → solar)", () => {
    const from = dayNumber("1900-01-31");
    const to = dayNumber("2100-12-31");
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (n) => {
        const date = fromDayNumber(n);
        const lunar = solarToLunar(date);
        expect(lunar.day).toBeGreaterThanOrEqual(1);
        expect(lunar.day).toBeLessThanOrEqual(30);
        expect(lunar.month).toBeGreaterThanOrEqual(1);
        expect(lunar.month).toBeLessThanOrEqual(12);
        expect(lunarToSolar(lunar)).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });

  it("advances the lunar day by one from one day to the next, or starts a new month", () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber("1950-01-01"), max: dayNumber("2099-12-30") }), (n) => {
        const today = solarToLunar(fromDayNumber(n));
        const tomorrow = solarToLunar(addDays(fromDayNumber(n), 1));
        if (tomorrow.day === 1) expect([29, 30]).toContain(today.day);
        else expect(tomorrow).toEqual({ ...today, day: today.day + 1 });
      }),
      { numRuns: 1000 },
    );
  });
});
