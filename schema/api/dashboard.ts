import { z } from "zod";
import { IsoDateSchema as CalendarIsoDateSchema } from "./calendar";

/**
 * The manager dashboard, corrective actions, periodic reports and the public transparency page.
 * Every percentage is in points (95 means 95%) with its Wilson 95% interval; null means "no
 * data", never 0%.
 */

// A real calendar date: "2026-61-86" would pass a pattern and fail in Postgres (a 500).
const IsoDateSchema = CalendarIsoDateSchema;

export const ProportionSchema = z.object({
  n: z.number().int(),
  k: z.number().int(),
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export type ProportionDto = z.infer<typeof ProportionSchema>;

/** An index that is a mean of shares (SIPAS elements and overall): its interval is indicative. */
export const IndexValueSchema = z.object({
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  n: z.number().int(),
});

export const GranularitySchema = z.enum(["day", "week", "month", "quarter"]);
export type GranularityName = z.infer<typeof GranularitySchema>;

export const DashboardQuerySchema = z.object({
  from: IsoDateSchema,
  to: IsoDateSchema,
  granularity: GranularitySchema.default("week"),
  unitId: z.uuid().optional(),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

const Named = { id: z.uuid(), name: z.string() };

export const TargetSchema = z.object({
  value: z.number(),
  /** The basis shown next to the target line. */
  basis: z.string(),
});

export const DashboardSummarySchema = z.object({
  agency: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  period: z.object({ from: z.string(), to: z.string(), granularity: GranularitySchema }),
  unitId: z.uuid().nullable(),
  target: TargetSchema,
  /** % hài lòng: top-2-box of the overall question, valid submissions only. */
  satisfaction: ProportionSchema,
  /** Slovin's sample size for the files returned in the period (e = 5%). */
  sample: z.object({
    population: z.number().int(),
    answers: z.number().int(),
    required: z.number().int(),
    adequate: z.boolean(),
  }),
  trend: z.array(ProportionSchema.extend({ bucket: z.string() })),
  byUnit: z.array(z.object({ ...Named, share: ProportionSchema, negative: z.number().int() })),
  /** Shares below `minCount` answers are withheld (null). */
  byProcedure: z.array(z.object({ ...Named, n: z.number().int(), share: ProportionSchema.nullable() })),
  byCounter: z.array(z.object({ ...Named, n: z.number().int(), share: ProportionSchema.nullable() })),
  minCount: z.number().int(),
  surveys: z.array(
    z.object({
      templateId: z.uuid(),
      name: z.string(),
      kind: z.enum(["sipas", "quick"]),
      overall: IndexValueSchema,
      elements: z.array(z.object({ ...Named, code: z.string(), index: IndexValueSchema })),
      criteria: z.array(
        z.object({
          ...Named,
          code: z.string(),
          elementId: z.uuid(),
          share: ProportionSchema,
          index: IndexValueSchema,
          /** Counts at each level, lowest first (for "rated average or below"). */
          levels: z.array(z.number().int()),
          neutralOrBelow: z.number().int(),
        }),
      ),
    }),
  ),
  /** The per-file indicators of TTHC handling, 0–2 points, averaged over rated files (1 decimal). */
  indicators: z.object({
    items: z.array(
      z.object({
        number: z.number().int(),
        code: z.string(),
        name: z.string(),
        score: z.number().nullable(),
        files: z.number().int(),
      }),
    ),
    total: z.number(),
    scored: z.number().int(),
  }),
  heatmap: z.array(
    z.object({ weekday: z.number().int(), hour: z.number().int(), n: z.number().int(), satisfied: z.number().int() }),
  ),
  /** Files returned in the period that have a valid rating. */
  responseRate: ProportionSchema,
  onTime: z.object({ source: z.string(), share: ProportionSchema, target: z.number(), late: z.number().int() }),
  /** Case figures are agency-wide: shown only to staff who see every unit. */
  cases: z
    .object({
      source: z.string(),
      paknOnTime: ProportionSchema,
      paknSatisfaction: ProportionSchema,
      deadlinesMet: ProportionSchema,
    })
    .nullable(),
  qd766: z.object({
    tthc: z.object({
      value: z.number().nullable(),
      n: z.number().int(),
      points: z.number().nullable(),
      max: z.number(),
      fullAt: z.number(),
    }),
  }),
  alerts: z.array(
    z.object({
      kind: z.enum(["unit", "counter"]),
      ...Named,
      share: ProportionSchema,
      windowDays: z.number().int(),
      threshold: z.number(),
    }),
  ),
  actions: z.object({ open: z.number().int(), overdue: z.number().int() }),
  followUps: z.object({ open: z.number().int() }),
});
export type DashboardSummary = z.infer<typeof DashboardSummarySchema>;

// ---- follow-up queue (read) ----

export const FollowUpQuerySchema = z.object({
  status: z.enum(["open", "in_progress", "closed", "all"]).default("open"),
  unitId: z.uuid().optional(),
  /** Items per page, newest first. */
  limit: z.coerce.number().int().min(1).max(200).default(200),
  /** The previous page's `nextCursor`: the page after it. */
  cursor: z.string().max(200).optional(),
});

export const FollowUpItemSchema = z.object({
  id: z.uuid(),
  unit: z.object(Named),
  status: z.enum(["open", "in_progress", "closed"]),
  createdAt: z.iso.datetime(),
  submittedAt: z.iso.datetime(),
  overallScore: z.number().int().nullable(),
  scaleLevels: z.number().int(),
  /** What the citizen wrote (reason, comment, what went wrong); never the contact. */
  text: z.string().nullable(),
  counterName: z.string().nullable(),
  procedureName: z.string().nullable(),
  hasContact: z.boolean(),
  actionId: z.uuid().nullable(),
});
export const FollowUpListSchema = z.object({
  items: z.array(FollowUpItemSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type FollowUpItem = z.infer<typeof FollowUpItemSchema>;

// ---- corrective actions ----

export const ActionStatusSchema = z.enum(["open", "in_progress", "done", "cancelled"]);
export const ActionSourceSchema = z.enum(["criterion", "follow_up", "alert", "other"]);

export const ActionCreateSchema = z
  .object({
    unitId: z.uuid(),
    title: z.string().trim().min(3, { error: "required" }).max(300, { error: "too_long" }),
    description: z.string().trim().max(4000, { error: "too_long" }).optional(),
    source: ActionSourceSchema,
    criterionId: z.uuid().optional(),
    followUpId: z.uuid().optional(),
    ownerId: z.uuid().optional(),
    dueOn: IsoDateSchema,
  })
  .refine((a) => (a.source === "criterion") === (a.criterionId !== undefined), {
    path: ["criterionId"],
    error: "required",
  })
  .refine((a) => (a.source === "follow_up") === (a.followUpId !== undefined), {
    path: ["followUpId"],
    error: "required",
  });
export type ActionCreate = z.infer<typeof ActionCreateSchema>;

export const ActionUpdateSchema = z.object({
  title: z.string().trim().min(3, { error: "required" }).max(300, { error: "too_long" }).optional(),
  description: z.string().trim().max(4000, { error: "too_long" }).nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
  dueOn: IsoDateSchema.optional(),
  status: ActionStatusSchema.optional(),
  evidence: z.string().trim().min(3, { error: "required" }).max(4000, { error: "too_long" }).nullable().optional(),
});
export type ActionUpdate = z.infer<typeof ActionUpdateSchema>;

export const ActionQuerySchema = z.object({
  status: z.enum(["open", "in_progress", "done", "cancelled", "active", "all"]).default("active"),
  unitId: z.uuid().optional(),
});

export const ActionSchema = z.object({
  id: z.uuid(),
  unit: z.object(Named),
  title: z.string(),
  description: z.string().nullable(),
  source: ActionSourceSchema,
  criterion: z.object({ id: z.uuid(), code: z.string(), text: z.string() }).nullable(),
  followUpId: z.uuid().nullable(),
  owner: z.object({ id: z.uuid(), fullName: z.string() }).nullable(),
  dueOn: z.string(),
  status: ActionStatusSchema,
  overdue: z.boolean(),
  evidence: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
});
export type Action = z.infer<typeof ActionSchema>;

export const ActionListSchema = z.object({
  items: z.array(ActionSchema),
  /** Who may own an action (staff of the agency), for the form. */
  owners: z.array(z.object({ id: z.uuid(), fullName: z.string() })),
  units: z.array(z.object(Named)),
});

export const RebuildRequestSchema = z.object({ from: IsoDateSchema.optional(), to: IsoDateSchema.optional() });
export const RebuildResultSchema = z.object({ days: z.number().int() });

// ---- periodic report ----

export const ReportQuerySchema = z.object({
  kind: z.enum(["q1", "q2", "q3", "q4", "h1", "year"]).default("h1"),
  year: z.coerce.number().int().min(2000).max(2100),
  cutoff: z.enum(["calendar", "cutoff"]).default("calendar"),
  format: z.enum(["json", "csv", "xlsx"]).default("json"),
  unitId: z.uuid().optional(),
});
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

export const ReportRowSchema = z.object({
  name: z.string(),
  n: z.number().int(),
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});

export const PeriodicReportSchema = z.object({
  agency: z.object({ code: z.string(), name: z.string() }),
  kind: z.string(),
  year: z.number().int(),
  period: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.iso.datetime(),
  target: TargetSchema,
  satisfaction: ProportionSchema,
  sample: z.object({ population: z.number().int(), required: z.number().int(), adequate: z.boolean() }),
  onTime: z.object({ source: z.string(), share: ProportionSchema, late: z.number().int() }),
  responseRate: ProportionSchema,
  qd766Tthc: z.object({ value: z.number().nullable(), points: z.number().nullable(), max: z.number() }),
  cases: z.object({ paknOnTime: ProportionSchema, paknSatisfaction: ProportionSchema }).nullable(),
  byUnit: z.array(ReportRowSchema),
  byProcedure: z.array(ReportRowSchema),
  byMonth: z.array(ReportRowSchema),
  elements: z.array(ReportRowSchema),
  criteria: z.array(ReportRowSchema.extend({ code: z.string(), neutralOrBelow: z.number().int() })),
  indicators: z.array(z.object({ name: z.string(), score: z.number().nullable(), files: z.number().int() })),
  actions: z.array(
    z.object({
      title: z.string(),
      unit: z.string(),
      status: ActionStatusSchema,
      dueOn: z.string(),
      evidence: z.string().nullable(),
    }),
  ),
});
export type PeriodicReport = z.infer<typeof PeriodicReportSchema>;

// ---- public transparency page ----

export const TransparencyParamSchema = z.object({
  agencyCode: z.string().regex(/^[0-9A-Za-z.-]{2,40}$/, { error: "invalid_code" }),
});

export const TransparencySchema = z.object({
  agency: z.object({ code: z.string(), name: z.string() }),
  period: z.object({ from: z.string(), to: z.string() }),
  target: TargetSchema,
  satisfaction: ProportionSchema,
  onTime: ProportionSchema,
  byMonth: z.array(ProportionSchema.extend({ month: z.string() })),
  publishedAnswers: z.array(
    z.object({
      code: z.string(),
      unitName: z.string().nullable(),
      question: z.string().nullable(),
      answer: z.string().nullable(),
      documentNumber: z.string().nullable(),
      publishedAt: z.iso.datetime(),
    }),
  ),
});
export type Transparency = z.infer<typeof TransparencySchema>;
