/**
 * The Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức's published algorithm
 * ("Thuật toán tính âm lịch"): months begin on the day of the astronomical new moon, month 11
 * contains the winter solstice, and in a 13-month year the first month after month 11 that
 * contains no major solar term (trung khí) is the leap month.
 *
 * Days are counted in local time. Vietnam uses UTC+7; China uses UTC+8. Near midnight a new
 * moon or a solar term can fall on different days in the two zones, which is why the two
 * calendars sometimes differ (Tết 1985: 21/01 in Vietnam, 20/02 in China; Tết 2007: 17/02 vs
 * 18/02). Every function takes the zone in hours and defaults to Vietnam's.
 *
 * Accuracy: the new-moon and sun-longitude series are the short ones from Meeus (Astronomical
 * Algorithms), good to minutes over 1800–2200; outside that range results may drift.
 */
import { dateParts, type IsoDate, isoDate } from "./dates";

export const VIETNAM_TIME_ZONE = 7;

/** A date of the lunar calendar. `leap` marks the repeated (nhuận) month. */
export interface LunarDate {
  day: number;
  month: number;
  year: number;
  leap: boolean;
}

const { floor, sin, PI } = Math;
/** Julian day number of 1899-12-31 (the epoch of the new-moon series). */
const EPOCH_1900 = 2415021.076998695;
const SYNODIC_MONTH = 29.530588853;

/** Julian day number of a Gregorian date (Julian calendar before 15/10/1582). */
export function jdFromDate(day: number, month: number, year: number): number {
  const a = floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const jd = day + floor((153 * m + 2) / 5) + 365 * y + floor(y / 4) - floor(y / 100) + floor(y / 400) - 32045;
  if (jd < 2299161) return day + floor((153 * m + 2) / 5) + 365 * y + floor(y / 4) - 32083;
  return jd;
}

/** The date of a Julian day number: [day, month, year]. */
export function jdToDate(jd: number): [day: number, month: number, year: number] {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = floor((4 * a + 3) / 146097);
    c = a - floor((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = floor((4 * c + 3) / 1461);
  const e = c - floor((1461 * d) / 4);
  const m = floor((5 * e + 2) / 153);
  const day = e - floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * floor(m / 10);
  const year = b * 100 + d - 4800 + floor(m / 10);
  return [day, month, year];
}

/** Julian date (fractional, UT) of the k-th new moon after 1900-01-01. */
export function newMoon(k: number): number {
  const T = k / 1236.85; // Julian centuries since 1900-01-01 12:00
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * sin((166.56 + 132.87 * T - 0.009173 * T2) * dr); // mean new moon
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * sin(M * dr) + 0.0021 * sin(2 * dr * M);
  c1 = c1 - 0.4068 * sin(Mpr * dr) + 0.0161 * sin(dr * 2 * Mpr);
  c1 -= 0.0004 * sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * sin(dr * 2 * F) - 0.0051 * sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * sin(dr * (M - Mpr)) + 0.0004 * sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * sin(dr * (2 * F - M)) - 0.0006 * sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * sin(dr * (2 * F - Mpr)) + 0.0005 * sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** The sun's apparent longitude, in radians [0, 2π), at a Julian date (UT). */
export function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525; // Julian centuries since 2000-01-01 12:00
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2; // mean anomaly
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2; // mean longitude
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * sin(dr * 2 * M) + 0.00029 * sin(dr * 3 * M);
  let L = (L0 + DL) * dr; // true longitude
  L -= PI * 2 * floor(L / (PI * 2));
  return L;
}

/**
 * The sector (0–11, 30° each) of the sun's longitude at the start of a local day: sector 9 is
 * 270°–300°, the one that begins at the winter solstice.
 */
export function getSunLongitude(dayNumber: number, timeZone = VIETNAM_TIME_ZONE): number {
  return floor((sunLongitude(dayNumber - 0.5 - timeZone / 24) / PI) * 6);
}

/** Julian day number of the local day that contains the k-th new moon. */
export function getNewMoonDay(k: number, timeZone = VIETNAM_TIME_ZONE): number {
  return floor(newMoon(k) + 0.5 + timeZone / 24);
}

/** Julian day number of the first day of lunar month 11 (the month of the winter solstice) of a year. */
export function getLunarMonth11(year: number, timeZone = VIETNAM_TIME_ZONE): number {
  const off = jdFromDate(31, 12, year) - 2415021;
  const k = floor(off / SYNODIC_MONTH);
  const nm = getNewMoonDay(k, timeZone);
  // The new moon on or before 31/12 begins month 11 unless the sun has already passed 270°,
  // i.e. the solstice fell before it; then month 11 began one lunation earlier.
  return getSunLongitude(nm, timeZone) >= 9 ? getNewMoonDay(k - 1, timeZone) : nm;
}

/**
 * In a year with 13 lunar months starting at month 11 (`a11`), the offset of the leap month
 * after month 11: the first month in which the sun stays in one 30° sector (no major term).
 */
export function getLeapMonthOffset(a11: number, timeZone = VIETNAM_TIME_ZONE): number {
  const k = floor((a11 - EPOCH_1900) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = getSunLongitude(getNewMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i++;
    arc = getSunLongitude(getNewMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The lunar date of a Gregorian date (Hồ Ngọc Đức's convertSolar2Lunar). */
export function solarToLunar(date: IsoDate, timeZone = VIETNAM_TIME_ZONE): LunarDate {
  const { year: yy, month: mm, day: dd } = dateParts(date);
  const dayNumber = jdFromDate(dd, mm, yy);
  const k = floor((dayNumber - EPOCH_1900) / SYNODIC_MONTH);
  let monthStart = getNewMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = getNewMoonDay(k, timeZone);

  let a11 = getLunarMonth11(yy, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = getLunarMonth11(yy - 1, timeZone);
  } else {
    lunarYear = yy + 1;
    b11 = getLunarMonth11(yy + 1, timeZone);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = floor((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapMonthDiff = getLeapMonthOffset(a11, timeZone);
    if (diff >= leapMonthDiff) {
      lunarMonth = diff + 10;
      if (diff === leapMonthDiff) leap = true;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { day: lunarDay, month: lunarMonth, year: lunarYear, leap };
}

/**
 * The Gregorian date of a lunar date (Hồ Ngọc Đức's convertLunar2Solar), or null when the date
 * does not exist (a leap month that year does not have, or a day beyond the month's length).
 */
export function lunarToSolar(lunar: LunarDate, timeZone = VIETNAM_TIME_ZONE): IsoDate | null {
  const { day, month, year, leap } = lunar;
  if (day < 1 || day > 30 || month < 1 || month > 12) return null;
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = getLunarMonth11(year - 1, timeZone);
    b11 = getLunarMonth11(year, timeZone);
  } else {
    a11 = getLunarMonth11(year, timeZone);
    b11 = getLunarMonth11(year + 1, timeZone);
  }
  const k = floor(0.5 + (a11 - EPOCH_1900) / SYNODIC_MONTH);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = getLeapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null;
  }
  const monthStart = getNewMoonDay(k + off, timeZone);
  const nextMonthStart = getNewMoonDay(k + off + 1, timeZone);
  if (day > nextMonthStart - monthStart) return null;
  const [d, m, y] = jdToDate(monthStart + day - 1);
  return isoDate(y, m, d);
}

/** Tết Nguyên đán: the first day of the first lunar month of `year` (always in Jan–Feb of `year`). */
export function lunarNewYear(year: number, timeZone = VIETNAM_TIME_ZONE): IsoDate {
  const tet = lunarToSolar({ day: 1, month: 1, year, leap: false }, timeZone);
  if (!tet) throw new Error(`no lunar new year for ${year}`);
  return tet;
}

/** The leap month of a lunar year (1–12), or null when the year has 12 months. */
export function leapMonthOf(year: number, timeZone = VIETNAM_TIME_ZONE): number | null {
  for (let month = 1; month <= 12; month++) {
    if (lunarToSolar({ day: 1, month, year, leap: true }, timeZone)) return month;
  }
  return null;
}

const STEMS = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"] as const;
const BRANCHES = ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"] as const;

/** The sexagenary (can chi) name of a lunar year, e.g. 2026 → "Bính Ngọ". */
export function canChiOfYear(year: number): string {
  return `${STEMS[(((year + 6) % 10) + 10) % 10]} ${BRANCHES[(((year + 8) % 12) + 12) % 12]}`;
}
