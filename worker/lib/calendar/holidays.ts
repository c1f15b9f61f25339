/**
 * The national days off computed by rule for any year, Bộ luật Lao động 45/2019/QH14
 * Art. 111(3) and Art. 112(1). The Prime Minister fixes the exact Tết span and the day next to
 * 2/9 each year (Art. 112(3)) and may swap working days; those official decisions are entered in
 * the `calendar_days` table and replace what is computed here (see calendar.ts).
 */
import { addDays, type IsoDate, isoDate, weekday } from "./dates";
import { canChiOfYear, lunarNewYear, lunarToSolar, solarToLunar } from "./lunar";

/** The holidays of Art. 112(1), one key each. */
export const HOLIDAY_GROUPS = [
  "new_year",
  "lunar_new_year",
  "hung_kings",
  "victory_day",
  "labour_day",
  "national_day",
] as const;
export type HolidayGroup = (typeof HOLIDAY_GROUPS)[number];

export interface Text {
  vi: string;
  en: string;
}

/** A day off of the computed national calendar. */
export interface ComputedHoliday {
  date: IsoDate;
  group: HolidayGroup;
  name: Text;
  /** A compensatory day (nghỉ bù) for a holiday that fell on a weekly day off (Art. 111(3)). */
  compensatory: boolean;
}

/** Which adjacent day goes with 2/9: chosen by the rule below, or forced. */
export type NationalDayAdjacent = "auto" | "before" | "after";

/**
 * The parts of the computed calendar that the law leaves to a yearly decision. Defaults are a
 * guess at the decision, not law [U]; the entered table is authoritative.
 */
export interface HolidayRuleOptions {
  /**
   * Tết Âm lịch is 5 days (Art. 112(1)(b)); how many of them are before the lunar new year.
   * Default 1: the last day of the old year and the first 4 of the new one, the first of the
   * options the labour ministry offers employers each year.
   */
  tetDaysBefore?: number;
  /** Default "auto" (see `nationalDayAdjacent`). */
  nationalDayAdjacent?: NationalDayAdjacent;
  /** Weekly days off, 0 = Sunday … 6 = Saturday. Civil servants: Saturday and Sunday. */
  weekend?: readonly number[];
}

export const TET_DAYS = 5;
export const DEFAULT_WEEKEND: readonly number[] = [0, 6];

const NAMES: Record<HolidayGroup, Text> = {
  new_year: { vi: "Tết Dương lịch", en: "New Year's Day" },
  lunar_new_year: { vi: "Tết Âm lịch", en: "Lunar New Year (Tết)" },
  hung_kings: {
    vi: "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
    en: "Hung Kings' Commemoration Day (10th of the 3rd lunar month)",
  },
  victory_day: { vi: "Ngày Chiến thắng (30/4)", en: "Victory Day (30 April)" },
  labour_day: { vi: "Ngày Quốc tế lao động (1/5)", en: "International Labour Day (1 May)" },
  national_day: { vi: "Quốc khánh (2/9)", en: "National Day (2 September)" },
};

/** The name of a holiday group in Vietnamese and English. */
export function holidayGroupName(group: HolidayGroup): Text {
  return NAMES[group];
}

/**
 * The day that goes with 2/9 (Art. 112(1)(đ): "01 ngày liền kề trước hoặc sau"). With "auto":
 * prefer an adjacent day that is a working day (giving a weekend day adds nothing), then the
 * one that makes the longer unbroken break with the weekend, then the day after. This gives
 * Mon → 3/9, Tue → 1/9, Wed → 3/9, Thu → 3/9, Fri → 1/9, Sat → 1/9 (+ Mon 4/9 compensatory),
 * Sun → 3/9 (+ Tue 4/9 compensatory), which matches the decisions reported for 2021–2025
 * (2021 2–3/9, 2022 1–2/9, 2023 1/9 + 4/9, 2024 2–3/9, 2025 1–2/9). For a Wednesday the
 * two choices are equal and the decision varies; 2026 was decided as 1/9, and is entered.
 */
export function nationalDayAdjacent(
  year: number,
  choice: NationalDayAdjacent = "auto",
  weekend: readonly number[] = DEFAULT_WEEKEND,
): IsoDate {
  const before = isoDate(year, 9, 1);
  const after = isoDate(year, 9, 3);
  if (choice === "before") return before;
  if (choice === "after") return after;
  const isWeekend = (d: IsoDate) => weekend.includes(weekday(d));
  const nationalDay = isoDate(year, 9, 2);
  /** Length of the unbroken break around 2/9, compensatory days included. */
  const breakLength = (adjacent: IsoDate) => {
    const off = new Set([nationalDay, adjacent]);
    for (const holiday of [...off].sort()) {
      if (!isWeekend(holiday)) continue;
      let d = addDays(holiday, 1);
      while (isWeekend(d) || off.has(d)) d = addDays(d, 1);
      off.add(d);
    }
    const isOff = (d: IsoDate) => off.has(d) || isWeekend(d);
    let length = 1;
    for (let d = addDays(nationalDay, -1); isOff(d); d = addDays(d, -1)) length++;
    for (let d = addDays(nationalDay, 1); isOff(d); d = addDays(d, 1)) length++;
    return length;
  };
  const score = (adjacent: IsoDate) => [isWeekend(adjacent) ? 0 : 1, breakLength(adjacent)] as const;
  const [wb, lb] = score(before);
  const [wa, la] = score(after);
  if (wb !== wa) return wb > wa ? before : after;
  return lb > la ? before : after;
}

/**
 * The computed national days off of `year`, in date order: 1/1; Tết (5 days around the lunar
 * new year); Giỗ Tổ (10/3 âm lịch); 30/4; 1/5; 2/9 and its adjacent day (Art. 112(1)); and a
 * compensatory day on the next working day for each of them that falls on a weekly day off
 * (Art. 111(3)).
 */
export function computedHolidays(year: number, options: HolidayRuleOptions = {}): ComputedHoliday[] {
  const weekend = options.weekend ?? DEFAULT_WEEKEND;
  const before = Math.max(0, Math.min(TET_DAYS, options.tetDaysBefore ?? 1));
  const days: ComputedHoliday[] = [];
  // Two holidays on one date (Giỗ Tổ fell on 30/4 in 1947; not between 1948 and 2199) give one
  // day off: the law is silent on it [U].
  const add = (date: IsoDate, group: HolidayGroup, name: Text = NAMES[group]) => {
    if (!days.some((d) => d.date === date)) days.push({ date, group, name, compensatory: false });
  };

  add(isoDate(year, 1, 1), "new_year");

  const tet = lunarNewYear(year);
  const oldYear = canChiOfYear(year - 1);
  const newYear = canChiOfYear(year);
  for (let i = -before; i < TET_DAYS - before; i++) {
    const date = addDays(tet, i);
    const name: Text =
      i < 0
        ? {
            vi: `Tết Âm lịch (${solarToLunar(date).day} tháng Chạp năm ${oldYear})`,
            en: `Lunar New Year (${solarToLunar(date).day}th of the 12th month of ${oldYear})`,
          }
        : {
            vi: `Tết Âm lịch (mùng ${i + 1} Tết ${newYear})`,
            en: `Lunar New Year (day ${i + 1} of ${newYear})`,
          };
    add(date, "lunar_new_year", name);
  }

  const hungKings = lunarToSolar({ day: 10, month: 3, year, leap: false });
  if (hungKings) add(hungKings, "hung_kings");
  add(isoDate(year, 4, 30), "victory_day");
  add(isoDate(year, 5, 1), "labour_day");

  const adjacent = nationalDayAdjacent(year, options.nationalDayAdjacent ?? "auto", weekend);
  const nationalDay: Text = NAMES.national_day;
  const adjacentName: Text = {
    vi: `Quốc khánh (ngày liền kề ${adjacent < isoDate(year, 9, 2) ? "trước" : "sau"})`,
    en: `National Day (adjacent day ${adjacent < isoDate(year, 9, 2) ? "before" : "after"})`,
  };
  if (adjacent < isoDate(year, 9, 2)) add(adjacent, "national_day", adjacentName);
  add(isoDate(year, 9, 2), "national_day", nationalDay);
  if (adjacent > isoDate(year, 9, 2)) add(adjacent, "national_day", adjacentName);

  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  // Art. 111(3): a holiday on a weekly day off gives a day off on the next working day.
  const taken = new Set(days.map((d) => d.date));
  const compensatory: ComputedHoliday[] = [];
  for (const holiday of days) {
    if (!weekend.includes(weekday(holiday.date))) continue;
    let d = addDays(holiday.date, 1);
    while (weekend.includes(weekday(d)) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    compensatory.push({
      date: d,
      group: holiday.group,
      name: { vi: `Nghỉ bù ${NAMES[holiday.group].vi}`, en: `Compensatory day off for ${NAMES[holiday.group].en}` },
      compensatory: true,
    });
  }
  return [...days, ...compensatory].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
