import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** A `date` column: postgres.js reads it as a Date at UTC midnight; write `YYYY-MM-DD`. Select it with to_char. */
type DateColumn = ColumnType<Date, string, string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type CalendarDayKind = "day_off" | "working_day";
export type HolidayGroupColumn =
  | "new_year"
  | "lunar_new_year"
  | "hung_kings"
  | "victory_day"
  | "labour_day"
  | "national_day";

/** Entered days of the working-day calendar (migration 0002). */
export interface CalendarDayTable {
  id: Generated<string>;
  /** NULL: national. */
  agency_id: string | null;
  day: DateColumn;
  kind: CalendarDayKind;
  holiday: HolidayGroupColumn | null;
  name: string;
  name_en: string | null;
  source: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** Effective-dated deadline rules of PAKN, complaints and denunciations (migration 0002). */
export interface DeadlineRuleTable {
  id: Generated<string>;
  /** NULL: national default. */
  agency_id: string | null;
  case_kind: "petition" | "complaint" | "denunciation";
  step: string;
  period: number;
  day_type: "working" | "calendar";
  legal_basis: string;
  confidence: "P" | "S" | "I" | "U";
  max_times: number | null;
  note: string | null;
  valid_from: DateColumn;
  valid_to: DateColumn | null;
  created_at: DefaultTimestamp;
}

export interface CalendarTables {
  calendar_days: CalendarDayTable;
  deadline_rules: DeadlineRuleTable;
}

export type CalendarDayRow = Selectable<CalendarDayTable>;
export type NewCalendarDay = Insertable<CalendarDayTable>;
export type DeadlineRuleRow = Selectable<DeadlineRuleTable>;
export type NewDeadlineRule = Insertable<DeadlineRuleTable>;
