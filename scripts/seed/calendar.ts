/**
 * Days and office hours for the demo seed, in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight
 * saving). A "day" here is a whole number: local calendar days since 01/01/1970.
 *
 * SEED-LOCAL HOLIDAY TABLE. The product's working-day calendar (editable holiday table, lunar
 * dates, roll-forward rules; reference rows in scripts/seed/calendar-reference.ts) is a separate
 * module; the seed keeps its own small table, kept in line with those rows, so that it depends
 * on nothing in progress. Civil servants work Monday to Friday (DOMAIN §6.1); the days
 * below are the weekday holidays only (days that fall on a weekend are off anyway). Swapped
 * working Saturdays are ignored: the demo receives no file on any Saturday.
 */

const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Weekday public holidays for civil servants, Bộ luật Lao động 45/2019/QH14 Art. 112 and the
 * yearly Prime Minister / Bộ Nội vụ decisions (DOMAIN §6.1).
 */
export const SEED_HOLIDAYS: ReadonlyArray<readonly [string, string]> = [
  // 2025
  ["2025-01-01", "Tết Dương lịch"],
  ["2025-01-27", "Tết Nguyên đán Ất Tỵ"], // Tết 2025 for civil servants: 25/01–02/02/2025 [S]
  ["2025-01-28", "Tết Nguyên đán Ất Tỵ"],
  ["2025-01-29", "Tết Nguyên đán Ất Tỵ"],
  ["2025-01-30", "Tết Nguyên đán Ất Tỵ"],
  ["2025-01-31", "Tết Nguyên đán Ất Tỵ"],
  ["2025-04-07", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"],
  ["2025-04-30", "Ngày Chiến thắng"],
  ["2025-05-01", "Quốc tế Lao động"],
  ["2025-05-02", "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)"], // [U] swap as announced for 2025
  ["2025-09-01", "Quốc khánh (ngày liền kề)"],
  ["2025-09-02", "Quốc khánh"],
  // 2026
  ["2026-01-01", "Tết Dương lịch"],
  ["2026-01-02", "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)"], // [S] swap agreed 25/12/2025
  // Tết Bính Ngọ for civil servants: Sat 14/02 to Sun 22/02/2026, 9 days (CV 8764/BNV-CVL) [S].
  ["2026-02-16", "Tết Nguyên đán Bính Ngọ"],
  ["2026-02-17", "Tết Nguyên đán Bính Ngọ"],
  ["2026-02-18", "Tết Nguyên đán Bính Ngọ"],
  ["2026-02-19", "Tết Nguyên đán Bính Ngọ"],
  ["2026-02-20", "Tết Nguyên đán Bính Ngọ"],
  // Giỗ Tổ 10/3 âm lịch falls on Sunday 26/04/2026: compensatory day Monday 27/04 (Art. 111(3)).
  ["2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương"],
  ["2026-04-30", "Ngày Chiến thắng"],
  ["2026-05-01", "Quốc tế Lao động"],
  // 02/09 plus one adjacent day chosen yearly by the Prime Minister: 01/09/2026 (CV 8764/BNV-CVL) [S].
  ["2026-09-01", "Quốc khánh (ngày liền kề)"],
  ["2026-09-02", "Quốc khánh"],
  // 2027 [U]: the Tết span is decided late in 2026; Tết Đinh Mùi is Saturday 06/02/2027.
  ["2027-01-01", "Tết Dương lịch"],
  ["2027-02-04", "Tết Nguyên đán Đinh Mùi"],
  ["2027-02-05", "Tết Nguyên đán Đinh Mùi"],
  ["2027-02-08", "Tết Nguyên đán Đinh Mùi"],
  ["2027-02-09", "Tết Nguyên đán Đinh Mùi"],
  ["2027-02-10", "Tết Nguyên đán Đinh Mùi"],
];

const holidayDays = new Set(SEED_HOLIDAYS.map(([iso]) => isoToDay(iso)));

/** The local (Asia/Ho_Chi_Minh) day an instant falls on. */
export function localDay(instant: Date): number {
  return Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS);
}

/** Minutes after local midnight of an instant. */
export function localMinutes(instant: Date): number {
  return Math.floor(((((instant.getTime() + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 60000);
}

/** The instant of a local day at a local clock time given in minutes after midnight. */
export function instantAt(day: number, minutes: number): Date {
  return new Date(day * DAY_MS + minutes * 60000 - OFFSET_MS);
}

export function isoToDay(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** yymmdd of a local day, as in the file code (TT 01/2018/TT-VPCP Art. 19). */
export function yymmdd(day: number): string {
  return dayToIso(day).slice(2).replaceAll("-", "");
}

/** yyyymmdd of a local day, as in case codes (PAKN.yyyymmdd.nnnn). */
export function yyyymmdd(day: number): string {
  return dayToIso(day).replaceAll("-", "");
}

/** 0 = Sunday … 6 = Saturday (01/01/1970 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isHoliday(day: number): boolean {
  return holidayDays.has(day);
}

export function isWorkingDay(day: number): boolean {
  const w = weekday(day);
  return w !== 0 && w !== 6 && !holidayDays.has(day);
}

/** The first working day on or after `day` (BLDS 2015 Art. 148 roll-forward). */
export function rollForward(day: number): number {
  let d = day;
  while (!isWorkingDay(d)) d++;
  return d;
}

/** The n-th working day after `day` (n ≥ 1); n = 0 gives `day` itself. */
export function addWorkingDays(day: number, n: number): number {
  let d = day;
  let left = n;
  while (left > 0) {
    d++;
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days strictly after `from` up to and including `to` (0 when to ≤ from). */
export function workingDaysBetween(from: number, to: number): number {
  let n = 0;
  for (let d = from + 1; d <= to; d++) if (isWorkingDay(d)) n++;
  return n;
}

/**
 * Office hours used by the seed: 07:30–11:30 and 13:30–17:00 (minutes after midnight), the same
 * periods the demo agency's `settings.calendar.officeHours` declares. Files are received and
 * returned only inside them.
 */
export const OFFICE_WINDOWS: ReadonlyArray<readonly [number, number]> = [
  [7 * 60 + 30, 11 * 60 + 30],
  [13 * 60 + 30, 17 * 60],
];
export const OFFICE_OPEN = 7 * 60 + 30;
export const OFFICE_CLOSE = 17 * 60;

/** Adds working minutes inside office windows, skipping lunch, nights, weekends and holidays. */
export function addOfficeMinutes(start: Date, minutes: number): Date {
  let day = localDay(start);
  let at = localMinutes(start);
  let left = minutes;
  for (;;) {
    if (isWorkingDay(day)) {
      for (const [open, close] of OFFICE_WINDOWS) {
        if (at >= close) continue;
        const from = Math.max(at, open);
        const room = close - from;
        if (left <= room) return instantAt(day, from + left);
        left -= room;
        at = close;
      }
    }
    day++;
    at = 0;
  }
}
