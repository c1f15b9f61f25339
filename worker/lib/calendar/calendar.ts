/**
 * The working-day calendar of civil servants (Monday–Friday) for one agency, and the periods
 * counted on it. Built from three layers, the higher one winning:
 *
 *   3. the agency's own entered days (`calendar_days` rows with its agency_id);
 *   2. the national entered days (rows with agency_id NULL): the official decisions of the
 *      Prime Minister / Bộ Nội vụ for each year (Tết span, the day next to 2/9, swaps);
 *   1. the computed national holidays (holidays.ts), and the weekly days off.
 *
 * An entered row decides its own date. When it also names a holiday (`holiday`), it stands
 * for that holiday's official span in that year: the computed days of that holiday in that
 * year (compensatory days included), and the lower layer's entered days of it, are dropped.
 * So entering the official Tết 2026 span (14/02–22/02) replaces the computed five days, and
 * entering 01/09 and 02/09/2026 as "national_day" removes the computed 03/09.
 *
 * Pure: no clock, no database. The loader is worker/calendar/calendar.service.ts.
 */
import { addDays, assertIsoDate, dateParts, eachDay, type IsoDate, isoDate, weekday } from "./dates";
import {
  type ComputedHoliday,
  computedHolidays,
  DEFAULT_WEEKEND,
  type HolidayGroup,
  type HolidayRuleOptions,
  type Text,
} from "./holidays";

export type EnteredDayKind = "day_off" | "working_day";

/** A row of the entered table, national or of one agency. */
export interface EnteredDay {
  date: IsoDate;
  /** `working_day`: a weekly day off made a working day (a swapped Saturday), or a cancelled day off. */
  kind: EnteredDayKind;
  name: string;
  nameEn: string | null;
  /** The holiday whose official span this row belongs to, if any. */
  holiday: HolidayGroup | null;
  /** The decision it comes from, e.g. "CV 8764/BNV-CVL 01/10/2025". */
  source: string | null;
}

export interface CalendarInput {
  /** Entered national rows (agency_id NULL). */
  national?: readonly EnteredDay[];
  /** Entered rows of the agency whose calendar this is. */
  agency?: readonly EnteredDay[];
  rules?: HolidayRuleOptions;
}

export type DayReason =
  /** An ordinary working day. */
  | "weekday"
  /** An ordinary weekly day off. */
  | "weekend"
  /** A holiday, a compensatory day, or another day off by decision. */
  | "day_off"
  /** A weekly day off (or a computed holiday) made a working day by decision. */
  | "extra_working_day";

export interface DayStatus {
  date: IsoDate;
  working: boolean;
  reason: DayReason;
  /** Null for ordinary weekdays and weekends. */
  name: Text | null;
  /** Where the decision comes from: the computed rules or the entered table (null: ordinary day). */
  origin: "computed" | "entered" | null;
  /** Whose entered row decided it (null when not entered). */
  scope: "national" | "agency" | null;
  holiday: HolidayGroup | null;
  compensatory: boolean;
  source: string | null;
}

/** A period and how it was counted, for an answer that explains itself. */
export interface PeriodExplanation {
  start: IsoDate;
  days: number;
  unit: "working" | "calendar";
  /** The last day of the period. */
  due: IsoDate;
  /** Calendar unit: start + days, before any roll-forward. Working unit: equal to `due`. */
  nominalEnd: IsoDate;
  /** True when the end was moved off a day off to the next working day (BLDS 2015 Art. 148). */
  rolledForward: boolean;
  /** Days off that were not counted (working unit) or that the end rolled over (calendar unit). */
  skipped: DayStatus[];
}

/** The longest stretch without a working day the calendar will search before giving up. */
const MAX_SCAN_DAYS = 3660;

const byDate = (rows: readonly EnteredDay[] | undefined) => {
  const map = new Map<IsoDate, EnteredDay>();
  for (const row of rows ?? []) map.set(assertIsoDate(row.date), row);
  return map;
};

const groupsByYear = (rows: readonly EnteredDay[] | undefined) => {
  const map = new Map<number, Set<HolidayGroup>>();
  for (const row of rows ?? []) {
    if (!row.holiday) continue;
    const year = dateParts(row.date).year;
    const set = map.get(year) ?? new Set<HolidayGroup>();
    set.add(row.holiday);
    map.set(year, set);
  }
  return map;
};

export class Calendar {
  private readonly national: Map<IsoDate, EnteredDay>;
  private readonly agency: Map<IsoDate, EnteredDay>;
  private readonly nationalGroups: Map<number, Set<HolidayGroup>>;
  private readonly agencyGroups: Map<number, Set<HolidayGroup>>;
  private readonly computed = new Map<number, Map<IsoDate, ComputedHoliday>>();
  private readonly rules: HolidayRuleOptions;
  private readonly weekend: readonly number[];

  constructor(input: CalendarInput = {}) {
    this.national = byDate(input.national);
    this.agency = byDate(input.agency);
    this.nationalGroups = groupsByYear(input.national);
    this.agencyGroups = groupsByYear(input.agency);
    this.rules = input.rules ?? {};
    this.weekend = this.rules.weekend ?? DEFAULT_WEEKEND;
  }

  private computedFor(year: number): Map<IsoDate, ComputedHoliday> {
    let map = this.computed.get(year);
    if (!map) {
      map = new Map(computedHolidays(year, this.rules).map((h) => [h.date, h]));
      this.computed.set(year, map);
    }
    return map;
  }

  private fromRow(date: IsoDate, row: EnteredDay, scope: "national" | "agency"): DayStatus {
    const working = row.kind === "working_day";
    const isWeekend = this.weekend.includes(weekday(date));
    return {
      date,
      working,
      reason: working ? (isWeekend || this.computedStatus(date) ? "extra_working_day" : "weekday") : "day_off",
      name: { vi: row.name, en: row.nameEn ?? row.name },
      origin: "entered",
      scope,
      holiday: row.holiday,
      compensatory: false,
      source: row.source,
    };
  }

  private computedStatus(date: IsoDate): ComputedHoliday | undefined {
    return this.computedFor(dateParts(date).year).get(date);
  }

  /** Whether `date` is a working day, and why. */
  dayStatus(date: IsoDate): DayStatus {
    const year = dateParts(date).year;
    const agencyRow = this.agency.get(date);
    if (agencyRow) return this.fromRow(date, agencyRow, "agency");
    const agencyGroups = this.agencyGroups.get(year);
    const nationalRow = this.national.get(date);
    if (nationalRow && !(nationalRow.holiday && agencyGroups?.has(nationalRow.holiday))) {
      return this.fromRow(date, nationalRow, "national");
    }
    const holiday = this.computedStatus(date);
    if (holiday && !this.nationalGroups.get(year)?.has(holiday.group) && !agencyGroups?.has(holiday.group)) {
      return {
        date,
        working: false,
        reason: "day_off",
        name: holiday.name,
        origin: "computed",
        scope: null,
        holiday: holiday.group,
        compensatory: holiday.compensatory,
        source: null,
      };
    }
    const isWeekend = this.weekend.includes(weekday(date));
    return {
      date,
      working: !isWeekend,
      reason: isWeekend ? "weekend" : "weekday",
      name: null,
      origin: null,
      scope: null,
      holiday: null,
      compensatory: false,
      source: null,
    };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.dayStatus(date).working;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate {
    let d = date;
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) return d;
    }
    throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days after ${date}`);
  }

  /** `date` itself when it is a working day, else the next working day. */
  workingDayOnOrAfter(date: IsoDate): IsoDate {
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
  }

  /**
   * The days off of `year` other than ordinary weekends: holidays (also those on a weekend),
   * compensatory days, official spans and the agency's own days off, in date order.
   */
  daysOff(year: number): DayStatus[] {
    const out: DayStatus[] = [];
    for (const date of eachDay(isoDate(year, 1, 1), isoDate(year, 12, 31))) {
      const status = this.dayStatus(date);
      if (!status.working && status.reason !== "weekend") out.push(status);
    }
    return out;
  }

  /** Weekly days off made working days by decision in `year` (e.g. a swapped Saturday). */
  extraWorkingDays(year: number): DayStatus[] {
    const out: DayStatus[] = [];
    for (const date of eachDay(isoDate(year, 1, 1), isoDate(year, 12, 31))) {
      const status = this.dayStatus(date);
      if (status.reason === "extra_working_day") out.push(status);
    }
    return out;
  }

  /**
   * The due date of a period of `n` working days (ngày làm việc) from `start`: the n-th working
   * day after `start`. Counting begins the day after the event (BLDS 2015 Art. 147), so a file
   * received on Friday 13/02/2026 with 3 working days is due on Wednesday 25/02/2026 (Tết
   * 14–22/02 is not counted). `n = 0` means "the same day": `start` when it is a working day,
   * else the next working day.
   */
  addWorkingDays(start: IsoDate, n: number): IsoDate {
    return this.explainWorkingDays(start, n).due;
  }

  /**
   * The due date of a period of `n` calendar days (ngày) from `start`, BLDS 2015 Art. 147–148:
   * the period starts the day after the event and ends at the end of its last day, start + n;
   * when that day is a weekly day off or a holiday, it ends at the end of the next working day.
   */
  addCalendarDays(start: IsoDate, n: number): IsoDate {
    return this.explainCalendarDays(start, n).due;
  }

  explainWorkingDays(start: IsoDate, n: number): PeriodExplanation {
    assertPeriod(start, n);
    const skipped: DayStatus[] = [];
    if (n === 0) {
      let d = start;
      for (let i = 0; ; i++) {
        if (i > MAX_SCAN_DAYS) throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days of ${start}`);
        const status = this.dayStatus(d);
        if (status.working) break;
        skipped.push(status);
        d = addDays(d, 1);
      }
      return { start, days: 0, unit: "working", due: d, nominalEnd: d, rolledForward: d !== start, skipped };
    }
    let d = start;
    let counted = 0;
    for (let i = 0; counted < n; i++) {
      if (i > MAX_SCAN_DAYS + n * 7) throw new RangeError(`cannot count ${n} working days from ${start}`);
      d = addDays(d, 1);
      const status = this.dayStatus(d);
      if (status.working) counted++;
      else skipped.push(status);
    }
    return { start, days: n, unit: "working", due: d, nominalEnd: d, rolledForward: false, skipped };
  }

  explainCalendarDays(start: IsoDate, n: number): PeriodExplanation {
    assertPeriod(start, n);
    const nominalEnd = addDays(start, n);
    const skipped: DayStatus[] = [];
    let d = nominalEnd;
    for (let i = 0; ; i++) {
      if (i > MAX_SCAN_DAYS) throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days of ${nominalEnd}`);
      const status = this.dayStatus(d);
      if (status.working) break;
      skipped.push(status);
      d = addDays(d, 1);
    }
    return { start, days: n, unit: "calendar", due: d, nominalEnd, rolledForward: d !== nominalEnd, skipped };
  }

  /** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }
}

function assertPeriod(start: IsoDate, n: number): void {
  assertIsoDate(start);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a period is a whole number of days ≥ 0, got ${n}`);
}

/** A calendar from the computed rules and the entered rows (see the module comment). */
export function createCalendar(input: CalendarInput = {}): Calendar {
  return new Calendar(input);
}
