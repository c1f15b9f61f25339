import { z } from "zod";

/**
 * Agency administration of survey templates (/api/admin/survey-templates) and the edit of a case
 * routing rule (PATCH /api/staff/cases/routing-rules/:ruleId).
 *
 * A survey template (phiếu khảo sát) is versioned: UNIQUE (agency, code, version). A published
 * version never changes (submissions keep the version they answered); an edit is a DRAFT copy
 * with the next version number, published when ready. Publishing moves every counter (quầy)
 * using that code to the new version, so the next citizen who scans its QR answers it.
 * A SIPAS template keeps its 5 elements (yếu tố) and 22 criteria (tiêu chí) by code, in order,
 * so its indices stay comparable across versions and agencies (DOMAIN §1.2): only wording and
 * required flags change. A quick counter form may also add, remove or reorder its criteria.
 */

export const SurveyKindSchema = z.enum(["sipas", "quick"]);
export type SurveyKind = z.infer<typeof SurveyKindSchema>;

export const SurveyStatusSchema = z.enum(["draft", "published"]);
export type SurveyStatus = z.infer<typeof SurveyStatusSchema>;

/** A wording in Vietnamese and (optionally) English. */
export const LocalTextSchema = z.object({ vi: z.string(), en: z.string().nullable() });
export type LocalText = z.infer<typeof LocalTextSchema>;

export const SurveyCounterRefSchema = z.object({ id: z.uuid(), code: z.string(), name: z.string() });
export type SurveyCounterRef = z.infer<typeof SurveyCounterRefSchema>;

/** One version of a template, as listed. */
export const SurveyVersionSummarySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  version: z.number().int(),
  kind: SurveyKindSchema,
  name: LocalTextSchema,
  status: SurveyStatusSchema,
  publishedAt: z.iso.datetime().nullable(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  /** Counters whose QR currently offers this version. */
  counters: z.array(SurveyCounterRefSchema),
  /** Submissions (phiếu đánh giá) that answered this version. */
  submissionCount: z.number().int(),
});
export type SurveyVersionSummary = z.infer<typeof SurveyVersionSummarySchema>;

/** A template code with its versions, newest first. */
export const SurveyTemplateGroupSchema = z.object({
  code: z.string(),
  kind: SurveyKindSchema,
  name: LocalTextSchema,
  /** The newest published, active version: what a counter is given when it picks this code. */
  currentId: z.uuid().nullable(),
  /** The draft being prepared, if any (at most one per code). */
  draftId: z.uuid().nullable(),
  versions: z.array(SurveyVersionSummarySchema),
});
export type SurveyTemplateGroup = z.infer<typeof SurveyTemplateGroupSchema>;

export const SurveyTemplateListSchema = z.object({ templates: z.array(SurveyTemplateGroupSchema) });
export type SurveyTemplateList = z.infer<typeof SurveyTemplateListSchema>;

export const SurveyCriterionViewSchema = z.object({ code: z.string(), text: LocalTextSchema, required: z.boolean() });
export const SurveyElementViewSchema = z.object({
  code: z.string(),
  name: LocalTextSchema,
  criteria: z.array(SurveyCriterionViewSchema),
});
export const SurveyOptionViewSchema = z.object({ code: z.string(), text: LocalTextSchema });

/** One version in full. */
export const SurveyTemplateDetailSchema = SurveyVersionSummarySchema.extend({
  scaleLevels: z.union([z.literal(3), z.literal(5)]),
  /** The answer levels the citizen sees (fixed by the kind: 5 for SIPAS, 3 for the quick form). */
  scale: z.array(z.object({ score: z.number().int(), label: LocalTextSchema })),
  /** The overall satisfaction question; null: the standard wording (or the overall criterion's). */
  overallQuestion: LocalTextSchema.nullable(),
  overallCriterionCode: z.string().nullable(),
  expectations: z.object({
    question: LocalTextSchema.nullable(),
    max: z.number().int(),
    options: z.array(SurveyOptionViewSchema),
  }),
  elements: z.array(SurveyElementViewSchema),
  /** True for a draft: the wording may be edited. */
  editable: z.boolean(),
  /** True for SIPAS: elements and criteria keep their codes and order; only wording changes. */
  structureLocked: z.boolean(),
});
export type SurveyTemplateDetail = z.infer<typeof SurveyTemplateDetailSchema>;

// ---- the draft edit ----

const CODE = /^[a-z0-9_-]{1,40}$/;
const Code = z.string().trim().regex(CODE, { error: "invalid_code" });

/** A wording to save: Vietnamese required (2–500 characters), English optional (blank: none). */
export const LocalTextInputSchema = z.object({
  vi: z.string().trim().min(2, { error: "required" }).max(500, { error: "too_long" }),
  en: z
    .string()
    .trim()
    .max(500, { error: "too_long" })
    .nullable()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || v.length >= 2, { error: "required" }),
});
export type LocalTextInput = z.input<typeof LocalTextInputSchema>;

export const SurveyDraftUpdateSchema = z.object({
  name: LocalTextInputSchema,
  overallQuestion: LocalTextInputSchema.nullable(),
  expectations: z.object({
    question: LocalTextInputSchema.nullable(),
    max: z.number().int().min(1).max(10),
    options: z.array(z.object({ code: Code, text: LocalTextInputSchema })).max(30),
  }),
  elements: z
    .array(
      z.object({
        code: Code,
        name: LocalTextInputSchema,
        criteria: z
          .array(z.object({ code: Code, text: LocalTextInputSchema, required: z.boolean() }))
          .min(1, { error: "required" })
          .max(60),
      }),
    )
    .min(1, { error: "required" })
    .max(20),
});
export type SurveyDraftUpdate = z.input<typeof SurveyDraftUpdateSchema>;

/** 409 on retire: the counters that still offer the version. */
export const SurveyInUseExtensionSchema = z.object({ counters: z.array(SurveyCounterRefSchema) });
