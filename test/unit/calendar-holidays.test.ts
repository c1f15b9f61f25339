import { describe, expect, it } from "vitest";
import { weekday } from "../../worker/lib/calendar/dates";
import { computedHolidays, nationalDayAdjacent } from "../../worker/lib/calendar/holidays";

const dates = (year: number) => computedHolidays(year).map((h) => h.date);

describe("computed national days off (BLLĐ 2019 Art. 111–112)", () => {
  it("gives 2026 its eleven holidays and the compensatory Monday after Giỗ Tổ", () => {
    expect(dates(2026)).toEqual([
      "2026-01-01",
      // Tết: the last day of Ất Tỵ (29 Chạp) and mùng 1–4 Bính Ngọ.
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
      "2026-04-26", // Giỗ Tổ, a Sunday
      "2026-04-27", // compensatory day
      "2026-04-30",
      "2026-05-01",
      "2026-09-02",
      "2026-09-03", // default adjacent day for a Wednesday: the day after
    ]);
    const compensatory = computedHolidays(2026).filter((h) => h.compensatory);
    expect(compensatory).toEqual([
      expect.objectContaining({ date: "2026-04-27", group: "hung_kings", compensatory: true }),
    ]);
  });

  it("gives Tết 2027 (Saturday 06/02) two compensatory days after the break", () => {
    const tet = computedHolidays(2027).filter((h) => h.group === "lunar_new_year");
    expect(tet.map((h) => [h.date, h.compensatory])).toEqual([
      ["2027-02-05", false],
      ["2027-02-06", false],
      ["2027-02-07", false],
      ["2027-02-08", false],
      ["2027-02-09", false],
      ["2027-02-10", true],
      ["2027-02-11", true],
    ]);
    expect(tet[0]!.name.vi).toBe("Tết Âm lịch (29 tháng Chạp năm Bính Ngọ)");
    expect(tet[1]!.name.vi).toBe("Tết Âm lịch (mùng 1 Tết Đinh Mùi)");
  });

  it("moves 1/5/2027 (a Saturday) to Monday 03/05/2027", () => {
    expect(computedHolidays(2027).find((h) => h.compensatory && h.group === "labour_day")?.date).toBe("2027-05-03");
  });

  it("chooses the day next to 2/9 as the decisions of 2021–2025 did", () => {
    expect(nationalDayAdjacent(2021)).toBe("2021-09-03"); // Thu → Fri
    expect(nationalDayAdjacent(2022)).toBe("2022-09-01"); // Fri → Thu
    expect(nationalDayAdjacent(2023)).toBe("2023-09-01"); // Sat → Fri (+ Mon 4/9 compensatory)
    expect(nationalDayAdjacent(2024)).toBe("2024-09-03"); // Mon → Tue
    expect(nationalDayAdjacent(2025)).toBe("2025-09-01"); // Tue → Mon
    expect(
      computedHolidays(2023)
        .filter((h) => h.group === "national_day")
        .map((h) => h.date),
    ).toEqual(["2023-09-01", "2023-09-02", "2023-09-04"]);
  });

  it("lets the Tết span and the adjacent day be chosen", () => {
    const threeBefore = computedHolidays(2026, { tetDaysBefore: 3 }).filter((h) => h.group === "lunar_new_year");
    expect(threeBefore.map((h) => h.date)).toEqual([
      "2026-02-14",
      "2026-02-15",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      // 14 and 15/02 are a weekend: two compensatory days.
      "2026-02-19",
      "2026-02-20",
    ]);
    expect(nationalDayAdjacent(2026, "before")).toBe("2026-09-01");
  });

  it("always has 11 holidays from 1990 to 2199, and every compensatory day on a weekday that is not a holiday", () => {
    for (let year = 1990; year <= 2199; year++) {
      const days = computedHolidays(year);
      expect(days.filter((h) => !h.compensatory)).toHaveLength(11);
      const weekendHolidays = days.filter((h) => !h.compensatory && [0, 6].includes(weekday(h.date)));
      const compensatory = days.filter((h) => h.compensatory);
      expect(compensatory).toHaveLength(weekendHolidays.length);
      for (const c of compensatory) expect([0, 6]).not.toContain(weekday(c.date));
      expect(new Set(days.map((h) => h.date)).size).toBe(days.length);
    }
  });
});
