import { z } from "zod";
import { CalendarDateSchema, HolidayGroupSchema, IsoDateSchema } from "./calendar";

/**
 * Agency administration of the working-day calendar and of the deadline rules
 * (/api/admin/calendar/*). National rows (agency_id NULL: the official decisions and the
 * national rules) are shown but never changed here; the agency adds its own days off, its
 * working-day swaps and its own deadline rules, which win over the national ones.
 */

const TextSchema = z.object({ vi: z.string(), en: z.string() });

export const CalendarDayKindSchema = z.enum(["day_off", "working_day"], { error: "calendar_day_kind" });
export const CaseKindSchema = z.enum(["petition", "complaint", "denunciation"], { error: "deadline_case_kind" });
export const DayTypeSchema = z.enum(["working", "calendar"], { error: "calendar_unit" });
/** DOMAIN §0.1: [P] text read, [S] secondary source, [I] practice of an implementation, [U] unverified. */
export const ConfidenceSchema = z.enum(["P", "S", "I", "U"], { error: "deadline_confidence" });

/**
 * Why a day is off (or a working day): computed by rule (BLLĐ 2019 Art. 111–112, lunar dates),
 * a national decision entered in the table, or this agency's own row.
 */
export const CalendarOriginSchema = z.enum(["computed", "national", "agency"]);
export type CalendarOrigin = z.infer<typeof CalendarOriginSchema>;

const YearSchema = z.coerce
  .number({ error: "calendar_year" })
  .int({ error: "calendar_year" })
  .min(1990, { error: "calendar_year" })
  .max(2199, { error: "calendar_year" });

/** `GET /api/admin/calendar?year=YYYY` (default: the current year in Vietnam). */
export const AdminCalendarQuerySchema = z.object({ year: YearSchema.optional() });

/** A day of the year that is not an ordinary weekday or weekend: a day off, or a weekend made a working day. */
export const AdminCalendarDaySchema = CalendarDateSchema.extend({
  kind: CalendarDayKindSchema,
  name: TextSchema,
  origin: CalendarOriginSchema,
  holiday: HolidayGroupSchema.nullable(),
  compensatory: z.boolean(),
  source: z.string().nullable(),
  /** The agency's own row that decides this day (the one to edit), null otherwise. */
  ownDayId: z.uuid().nullable(),
});
export type AdminCalendarDay = z.infer<typeof AdminCalendarDaySchema>;

/** One of the agency's own rows, with what the national calendar says of that date without it. */
export const OwnCalendarDaySchema = CalendarDateSchema.extend({
  id: z.uuid(),
  kind: CalendarDayKindSchema,
  name: z.string(),
  nameEn: z.string().nullable(),
  source: z.string().nullable(),
  national: z.object({
    working: z.boolean(),
    /** Null for an ordinary weekday or weekend. */
    name: TextSchema.nullable(),
    origin: z.enum(["computed", "national"]).nullable(),
  }),
  updatedAt: z.iso.datetime(),
});
export type OwnCalendarDay = z.infer<typeof OwnCalendarDaySchema>;

export const AdminCalendarSchema = z.object({
  year: z.number().int(),
  agency: z.object({ code: z.string(), name: z.string() }),
  /** Days off and swapped working days that apply to the agency, in date order. */
  days: z.array(AdminCalendarDaySchema),
  /** The agency's own rows of the year (also those that change nothing visible). */
  ownDays: z.array(OwnCalendarDaySchema),
});
export type AdminCalendar = z.infer<typeof AdminCalendarSchema>;

const Name = z
  .string({ error: "calendar_name" })
  .trim()
  .min(2, { error: "calendar_name" })
  .max(200, { error: "calendar_name" });
const Source = z
  .string({ error: "calendar_source" })
  .trim()
  .max(500, { error: "calendar_source" })
  .refine((v) => v.length === 0 || v.length >= 2, { error: "calendar_source" });

/** `POST /api/admin/calendar/days`: a local day off or a working-day swap of the agency. */
export const OwnDayCreateSchema = z.object({
  date: IsoDateSchema,
  kind: CalendarDayKindSchema,
  name: Name,
  nameEn: Name.nullable().optional(),
  /** The decision it comes from (number and date), e.g. "QĐ 125/QĐ-SKHCN 10/11/2026". */
  source: Source.nullable().optional(),
});
export type OwnDayCreate = z.infer<typeof OwnDayCreateSchema>;

/** `PATCH /api/admin/calendar/days/:id` */
export const OwnDayUpdateSchema = OwnDayCreateSchema.partial();
export type OwnDayUpdate = z.infer<typeof OwnDayUpdateSchema>;

export const RuleStatusSchema = z.enum(["in_force", "upcoming", "ended"]);
export type RuleStatus = z.infer<typeof RuleStatusSchema>;

export const DeadlineRuleViewSchema = z.object({
  id: z.uuid(),
  /** national: read-only here; agency: this agency's own rule, which wins over the national one. */
  scope: z.enum(["national", "agency"]),
  caseKind: CaseKindSchema,
  step: z.string(),
  period: z.number().int(),
  dayType: DayTypeSchema,
  legalBasis: z.string(),
  confidence: ConfidenceSchema,
  maxTimes: z.number().int().nullable(),
  note: z.string().nullable(),
  validFrom: CalendarDateSchema,
  /** Last day in force (inclusive); null while in force with no end. */
  validTo: CalendarDateSchema.nullable(),
  /** Relative to `today` of the list. */
  status: RuleStatusSchema,
  /** A national rule in force today that one of the agency's own rules replaces today. */
  overridden: z.boolean(),
});
export type DeadlineRuleView = z.infer<typeof DeadlineRuleViewSchema>;

export const DeadlineRuleListSchema = z.object({
  /** Today in Vietnam: what in force / upcoming / ended are relative to. */
  today: CalendarDateSchema,
  rules: z.array(DeadlineRuleViewSchema),
});
export type DeadlineRuleList = z.infer<typeof DeadlineRuleListSchema>;

/** `POST /api/admin/calendar/rules`: the agency's own rule for a case kind and step. */
export const DeadlineRuleCreateSchema = z
  .object({
    caseKind: CaseKindSchema,
    step: z
      .string({ error: "deadline_step" })
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,39}$/, { error: "deadline_step" }),
    period: z.coerce
      .number({ error: "deadline_period" })
      .int({ error: "deadline_period" })
      .min(1, { error: "deadline_period" })
      .max(366, { error: "deadline_period" }),
    dayType: DayTypeSchema,
    legalBasis: z
      .string({ error: "deadline_legal_basis" })
      .trim()
      .min(3, { error: "deadline_legal_basis" })
      .max(500, { error: "deadline_legal_basis" }),
    confidence: ConfidenceSchema.default("P"),
    maxTimes: z.coerce
      .number({ error: "deadline_max_times" })
      .int({ error: "deadline_max_times" })
      .min(1, { error: "deadline_max_times" })
      .max(10, { error: "deadline_max_times" })
      .nullable()
      .optional(),
    note: z.string().trim().max(1000, { error: "too_long" }).nullable().optional(),
    validFrom: IsoDateSchema,
    validTo: IsoDateSchema.nullable().optional(),
  })
  .refine((v) => !v.validTo || v.validTo >= v.validFrom, { error: "deadline_valid_range", path: ["validTo"] });
export type DeadlineRuleCreate = z.infer<typeof DeadlineRuleCreateSchema>;

/** `PATCH /api/admin/calendar/rules/:id`: ends the agency's rule (its last day in force). */
export const DeadlineRuleEndSchema = z.object({ validTo: IsoDateSchema });
export type DeadlineRuleEnd = z.infer<typeof DeadlineRuleEndSchema>;
