import { z } from "zod";

/** An agency code as in agencies.code. */
const AgencyCode = z.string().regex(/^[0-9A-Za-z.-]{2,40}$/, { error: "invalid_code" });

/** A real calendar date written YYYY-MM-DD. */
export const IsoDateSchema = z.string().refine(
  (v) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === v && Number(m[1]) >= 1990 && Number(m[1]) <= 2199;
  },
  { error: "calendar_iso_date" },
);

/** `GET /api/calendar/holidays?year=YYYY[&agency=CODE]` */
export const HolidaysQuerySchema = z.object({
  year: z.coerce
    .number({ error: "calendar_year" })
    .int({ error: "calendar_year" })
    .min(1990, { error: "calendar_year" })
    .max(2199, { error: "calendar_year" }),
  agency: AgencyCode.optional(),
});

/** `GET /api/calendar/due?from=YYYY-MM-DD&days=N&unit=working|calendar[&agency=CODE]` */
export const DueQuerySchema = z.object({
  from: IsoDateSchema,
  days: z.coerce
    .number({ error: "calendar_days" })
    .int({ error: "calendar_days" })
    .min(0, { error: "calendar_days" })
    .max(1000, { error: "calendar_days" }),
  unit: z.enum(["working", "calendar"], { error: "calendar_unit" }),
  agency: AgencyCode.optional(),
});

const TextSchema = z.object({ vi: z.string(), en: z.string() });

/** A date as people read it (dd/mm/yyyy) and as programs do (ISO). */
export const CalendarDateSchema = z.object({
  /** YYYY-MM-DD */
  date: z.string(),
  /** dd/mm/yyyy */
  display: z.string(),
  weekday: TextSchema,
});

export const HolidayGroupSchema = z.enum([
  "new_year",
  "lunar_new_year",
  "hung_kings",
  "victory_day",
  "labour_day",
  "national_day",
]);

/** A day off of the calendar, or a weekly day off made a working day. */
export const CalendarDaySchema = CalendarDateSchema.extend({
  name: TextSchema,
  /** computed: by rule (BLLĐ 2019 Art. 111–112, lunar dates); entered: by an official decision in the table. */
  origin: z.enum(["computed", "entered"]),
  /** Whose entered row decided it; null when computed. */
  scope: z.enum(["national", "agency"]).nullable(),
  holiday: HolidayGroupSchema.nullable(),
  compensatory: z.boolean(),
  source: z.string().nullable(),
});

const AgencyRefSchema = z.object({ code: z.string(), name: z.string() });

export const HolidaysSchema = z.object({
  year: z.number().int(),
  /** Null: the national calendar. */
  agency: AgencyRefSchema.nullable(),
  daysOff: z.array(CalendarDaySchema),
  /** Saturdays or Sundays made working days (swaps). */
  extraWorkingDays: z.array(CalendarDaySchema),
});

export const SkippedDaySchema = CalendarDateSchema.extend({
  reason: z.enum(["weekend", "day_off"]),
  /** Null for an ordinary weekend. */
  name: TextSchema.nullable(),
  origin: z.enum(["computed", "entered"]).nullable(),
});

export const DueSchema = z.object({
  from: CalendarDateSchema,
  days: z.number().int(),
  unit: z.enum(["working", "calendar"]),
  agency: AgencyRefSchema.nullable(),
  /** The last day of the period: it ends at the end of this day. */
  due: CalendarDateSchema,
  /** Calendar unit: from + days, before the roll-forward. Working unit: equal to `due`. */
  nominalEnd: CalendarDateSchema,
  /** True when the last day was a day off and the period moved to the next working day (BLDS 2015 Art. 148). */
  rolledForward: z.boolean(),
  /** Days not counted (working unit) or rolled over (calendar unit), with the reason. */
  skipped: z.array(SkippedDaySchema),
  /** How the period was counted, in words. */
  rule: TextSchema,
});

export type HolidaysQuery = z.infer<typeof HolidaysQuerySchema>;
export type DueQuery = z.infer<typeof DueQuerySchema>;
export type CalendarDate = z.infer<typeof CalendarDateSchema>;
export type CalendarDay = z.infer<typeof CalendarDaySchema>;
export type Holidays = z.infer<typeof HolidaysSchema>;
export type SkippedDay = z.infer<typeof SkippedDaySchema>;
export type Due = z.infer<typeof DueSchema>;
