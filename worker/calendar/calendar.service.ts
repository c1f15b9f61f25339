/**
 * Loads the working-day calendar and the deadline rules of an agency from the database and
 * hands them to the pure engine (worker/lib/calendar). This is the entry point for features
 * that compute deadlines: cases (PAKN, complaints, denunciations) and files (appointment dates).
 *
 *   const { due, rule } = await computeDueDate(db, { agencyId, kind: "complaint", step: "accept", start });
 *   const calendar = await loadCalendar(db, agencyId, from, to);
 */
import { z } from "zod";
import type { Db } from "../db";
import { Calendar, type EnteredDay } from "../lib/calendar/calendar";
import { addDays, dateParts, type IsoDate, isoDate } from "../lib/calendar/dates";
import {
  type CaseKind,
  type DeadlineRule,
  type DeadlineStep,
  type DueDate,
  dueDate,
  ruleInForce,
} from "../lib/calendar/deadlines";
import type { HolidayGroup } from "../lib/calendar/holidays";
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from "../lib/calendar/office-hours";
import { listCalendarDays, listDeadlineRules } from "./calendar.queries";

type DayRow = Awaited<ReturnType<typeof listCalendarDays>>[number];
type RuleRow = Awaited<ReturnType<typeof listDeadlineRules>>[number];

function toEntered(row: DayRow): EnteredDay {
  return {
    date: row.day,
    kind: row.kind,
    name: row.name,
    nameEn: row.name_en,
    holiday: row.holiday as HolidayGroup | null,
    source: row.source,
  };
}

export function toDeadlineRule(row: RuleRow): DeadlineRule {
  return {
    id: row.id,
    agencyId: row.agency_id,
    caseKind: row.case_kind,
    step: row.step,
    period: row.period,
    dayType: row.day_type,
    legalBasis: row.legal_basis,
    confidence: row.confidence,
    maxTimes: row.max_times,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

/**
 * The calendar of an agency (national when `agencyId` is null) with the entered rows of every
 * whole year from `from` to `to`. Whole years, because an entered row that names a holiday
 * replaces that holiday's computed days for its whole year.
 */
export async function loadCalendar(db: Db, agencyId: string | null, from: IsoDate, to: IsoDate): Promise<Calendar> {
  const rows = await listCalendarDays(
    db,
    agencyId,
    isoDate(dateParts(from).year, 1, 1),
    isoDate(dateParts(to).year, 12, 31),
  );
  return new Calendar({
    national: rows.filter((r) => r.agency_id === null).map(toEntered),
    agency: rows.filter((r) => r.agency_id !== null).map(toEntered),
  });
}

/** A generous last day for a period: enough entered rows to count it (checked after counting). */
function windowEnd(start: IsoDate, days: number, unit: "working" | "calendar"): IsoDate {
  return addDays(start, unit === "working" ? days * 2 + 60 : days + 60);
}

/**
 * Runs `count` on a calendar loaded for the period, and again on a wider one if the answer lies
 * beyond what was loaded (an agency with a very long closure).
 */
export async function withPeriodCalendar<T extends { due: IsoDate }>(
  db: Db,
  agencyId: string | null,
  start: IsoDate,
  days: number,
  unit: "working" | "calendar",
  count: (calendar: Calendar) => T,
): Promise<T> {
  let end = windowEnd(start, days, unit);
  for (;;) {
    const calendar = await loadCalendar(db, agencyId, start, end);
    const result = count(calendar);
    // loadCalendar loads whole years, so anything up to 31/12 of the end's year was seen.
    if (result.due <= isoDate(dateParts(end).year, 12, 31)) return result;
    end = addDays(result.due, 366);
  }
}

/** The national rules and the agency's own, for one case kind or all. */
export async function loadDeadlineRules(db: Db, agencyId: string | null, kind?: CaseKind): Promise<DeadlineRule[]> {
  return (await listDeadlineRules(db, agencyId, kind)).map(toDeadlineRule);
}

export interface DueDateInput {
  agencyId: string;
  kind: CaseKind;
  step: DeadlineStep;
  start: IsoDate;
}

/**
 * The due date of a case step for an agency: the rule in force on `start` (the agency's own
 * or the national one), counted on the agency's calendar. Store `rule.id` with the case.
 *
 * @throws NoDeadlineRuleError when no rule is in force (lib/calendar/deadlines.ts).
 */
export async function computeDueDate(db: Db, input: DueDateInput): Promise<DueDate> {
  const rules = await loadDeadlineRules(db, input.agencyId, input.kind);
  const request = { kind: input.kind, step: input.step, start: input.start, agencyId: input.agencyId };
  const rule = ruleInForce(rules, request);
  // Without a rule dueDate throws the engine's own error; no calendar is needed for that.
  if (!rule) return dueDate(rules, new Calendar(), request);
  return withPeriodCalendar(db, input.agencyId, input.start, rule.period, rule.dayType, (calendar) =>
    dueDate(rules, calendar, request),
  );
}

const ClockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const OfficeHoursSettingsSchema = z.object({
  periods: z
    .array(z.object({ start: ClockSchema, end: ClockSchema }))
    .min(1)
    .max(4)
    .default(DEFAULT_OFFICE_HOURS.periods.map((p) => ({ ...p }))),
  sameDayCutoff: ClockSchema.default(DEFAULT_OFFICE_HOURS.sameDayCutoff),
  offHoursReceipt: z.enum(["next_working_day", "as_received"]).default(DEFAULT_OFFICE_HOURS.offHoursReceipt),
});

/**
 * The agency's office hours from `agencies.settings.calendar.officeHours`
 * (`{ periods: [{ start: "07:30", end: "11:30" }, …], sameDayCutoff: "15:00",
 * offHoursReceipt: "next_working_day" }`), or the defaults [U] when absent or malformed.
 */
export function officeHoursOf(settings: unknown): OfficeHours {
  const raw = (settings as { calendar?: { officeHours?: unknown } } | null)?.calendar?.officeHours;
  if (raw === undefined) return DEFAULT_OFFICE_HOURS;
  const parsed = OfficeHoursSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_OFFICE_HOURS;
}
