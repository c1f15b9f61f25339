import { z } from "zod";
import { PublicAgencySchema } from "./public";

/**
 * The contract of petitions (phản ánh, kiến nghị — PAKN), complaints (khiếu nại) and
 * denunciations (tố cáo): the citizen's intake, status page and rating, the public page of
 * published answers, and the staff queue, case page and actions.
 */

export const CaseKindSchema = z.enum(["petition", "complaint", "denunciation"]);
export type CaseKind = z.infer<typeof CaseKindSchema>;

export const CaseStatusSchema = z.enum([
  "received",
  "accepted",
  "rejected",
  "forwarded",
  "assigned",
  "in_progress",
  "answered",
  "published",
  "closed",
]);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const CaseActionSchema = z.enum([
  "accept",
  "reject",
  "forward",
  "transfer",
  "assign",
  "start",
  "answer",
  "publish",
  "close",
  "extend",
  "pause",
  "resume",
]);
export type CaseAction = z.infer<typeof CaseActionSchema>;

/** PAKN.yyyymmdd.nnnn, KN.…, TC.… (migration 0001 CHECK). */
export const CASE_CODE_PATTERN = /^(PAKN|KN|TC)\.[0-9]{8}\.[0-9]{4,6}$/;
export const CaseCodeSchema = z.string().trim().toUpperCase().regex(CASE_CODE_PATTERN, { error: "case_code" });

/** Crockford base32 (no I, L, O, U), 16 characters in 4 groups: K7QF-M2XP-9RTA-VW3H. */
export const TRACKING_SECRET_PATTERN =
  /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** A secret as a person types it: any case, spaces or no dashes, O for 0, I/L for 1. */
export function normaliseTrackingSecret(input: string): string {
  const raw = input.toUpperCase().replace(/[\s-]/g, "").replaceAll("O", "0").replace(/[IL]/g, "1");
  return raw.length === 16 ? (raw.match(/.{4}/g)?.join("-") ?? raw) : raw;
}

export const TrackingSecretSchema = z
  .string()
  .max(40)
  .transform(normaliseTrackingSecret)
  .pipe(z.string().regex(TRACKING_SECRET_PATTERN, { error: "case_secret" }));

/** The header that carries the tracking secret (never a URL: addresses end up in logs). */
export const CASE_SECRET_HEADER = "x-case-secret";

/**
 * The personal-data notice a filer accepts (Luật 91/2025/QH15 Art. 9: informed, per purpose,
 * silence is not consent). The legal basis of the processing itself is the law that requires
 * the identity (Luật Khiếu nại Art. 8, Luật Tố cáo Art. 23, ND 20/2008 Art. 5). A new wording
 * gets a new version; the server records which one was accepted.
 */
export const CASE_CONSENTS = {
  "2026-11": {
    vi: "Tôi đồng ý để cơ quan tiếp nhận đơn này xử lý họ tên, địa chỉ, số điện thoại, email và các thông tin cá nhân khác tôi cung cấp, chỉ để tiếp nhận, xử lý, trả lời và thông báo kết quả giải quyết đơn theo quy định của pháp luật về tiếp công dân, khiếu nại, tố cáo và phản ánh, kiến nghị. Thông tin được mã hóa khi lưu trữ và chỉ cán bộ có trách nhiệm xử lý đơn được xem; danh tính người tố cáo chỉ cán bộ được giao xử lý đơn được xem và được giữ bí mật theo Luật Tố cáo. Thông tin không được công khai: câu trả lời phản ánh, kiến nghị chỉ được công khai sau khi đã xóa thông tin cá nhân. Tôi có quyền yêu cầu xem, chỉnh sửa, hạn chế xử lý hoặc rút lại sự đồng ý qua đường dây nóng của cơ quan (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15); việc rút lại không ảnh hưởng đến việc xử lý đã thực hiện theo quy định của pháp luật.",
    en: "I agree that the agency receiving this case may process my name, address, phone number, email and any other personal data I give, only to receive, handle and answer this case and to tell me the outcome, as the laws on citizen reception, complaints, denunciations and petitions require. The data is encrypted at rest and only the staff responsible for handling the case may see it; a denouncer's identity is seen only by the staff assigned to the case and kept secret under the Law on Denunciations. It is never published: answers to petitions are published only after personal data is removed. I may ask to see, correct or restrict it, or withdraw my consent, through the agency's hotline (Personal Data Protection Law 91/2025/QH15); withdrawal does not affect processing the law already required.",
  },
} as const satisfies Record<string, { vi: string; en: string }>;
export type CaseConsentVersion = keyof typeof CASE_CONSENTS;
export const CURRENT_CASE_CONSENT: CaseConsentVersion = "2026-11";

/** File types an attachment may have (checked on the file's first bytes by the server). */
export const ATTACHMENT_EXTENSIONS = [
  "jpg",
  "jpeg",
  "png",
  "webp",
  "heic",
  "heif",
  "pdf",
  "doc",
  "docx",
  "xls",
  "xlsx",
  "odt",
  "ods",
] as const;

/** The headers of an attachment upload (the body is the file itself). */
export const ATTACHMENT_NAME_HEADER = "x-file-name";

const AgencyCodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z.-]{2,40}$/, { error: "invalid_code" });
const CounterCodeSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]{6,32}$/, { error: "invalid_code" });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: "too_long" })
    .optional()
    .transform((v) => (v ? v : undefined));

export const FilerSchema = z.object({
  type: z.enum(["individual", "organisation"]).default("individual"),
  fullName: z.string().trim().min(2, { error: "case_name_required" }).max(200, { error: "too_long" }),
  /** The organisation a person files for (a business, an association). */
  organisation: optionalText(300),
  address: optionalText(500),
  phone: z
    .string()
    .trim()
    .max(30, { error: "invalid_phone" })
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(
      z
        .string()
        .regex(/^[0-9 +().-]{8,30}$/, { error: "invalid_phone" })
        .optional(),
    ),
  email: z
    .string()
    .trim()
    .max(200, { error: "too_long" })
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.email({ error: "case_email" }).optional()),
  idNumber: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(
      z
        .string()
        .regex(/^([0-9]{9}|[0-9]{12})$/, { error: "case_id_number" })
        .optional(),
    ),
});
export type Filer = z.infer<typeof FilerSchema>;

/** POST /api/public/cases — a citizen files a petition, complaint or denunciation. */
export const IntakeRequestSchema = z
  .object({
    agencyCode: AgencyCodeSchema,
    /** The counter whose QR page the citizen came from (routes the case to its unit). */
    counterCode: CounterCodeSchema.optional(),
    kind: CaseKindSchema,
    title: z.string().trim().min(3, { error: "case_title_length" }).max(300, { error: "case_title_length" }),
    content: z.string().trim().min(10, { error: "case_content_length" }).max(20000, { error: "case_content_length" }),
    /** Mã hồ sơ the case is about, if any. */
    fileCode: optionalText(60),
    procedureId: z.uuid().optional(),
    anonymous: z.boolean().default(false),
    filer: FilerSchema.optional(),
    consent: z
      .object({
        accepted: z.literal(true, { error: "case_consent_required" }),
        version: z.string().max(40),
      })
      .optional(),
    /** Honeypot: people never see it, so it stays empty. */
    website: z.string().max(200).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.anonymous) {
      if (value.kind !== "petition") {
        ctx.addIssue({ code: "custom", path: ["anonymous"], message: "case_anonymous_not_allowed" });
      }
      return;
    }
    if (!value.filer) {
      ctx.addIssue({ code: "custom", path: ["filer", "fullName"], message: "case_name_required" });
      return;
    }
    if (value.kind !== "petition" && !value.filer.address) {
      ctx.addIssue({ code: "custom", path: ["filer", "address"], message: "case_address_required" });
    }
    if (!value.filer.phone && !value.filer.email) {
      ctx.addIssue({ code: "custom", path: ["filer", "phone"], message: "case_contact_required" });
    }
    if (!value.consent) {
      ctx.addIssue({ code: "custom", path: ["consent", "accepted"], message: "case_consent_required" });
    }
  });
export type IntakeRequest = z.input<typeof IntakeRequestSchema>;

export const AttachmentLimitsSchema = z.object({
  maxFiles: z.number().int(),
  maxBytes: z.number().int(),
  extensions: z.array(z.string()),
});
export type AttachmentLimits = z.infer<typeof AttachmentLimitsSchema>;

/** The answer to a successful intake: what the citizen must keep to follow the case. */
export const IntakeReceiptSchema = z.object({
  code: z.string(),
  /** Shown once; only its hash is stored. */
  secret: z.string(),
  kind: CaseKindSchema,
  status: CaseStatusSchema,
  receivedAt: z.iso.datetime(),
  handlingUnit: z.object({ name: z.string() }).nullable(),
  /** The due date of the first step (the decision to accept), yyyy-mm-dd; null when no rule is in force. */
  dueOn: z.string().nullable(),
  attachments: AttachmentLimitsSchema.extend({ openUntil: z.iso.datetime() }),
});
export type IntakeReceipt = z.infer<typeof IntakeReceiptSchema>;

/** GET /api/public/cases/intake-options?agency=…|counter=… — what the intake page needs. */
export const IntakeOptionsQuerySchema = z
  .object({ agency: AgencyCodeSchema.optional(), counter: CounterCodeSchema.optional() })
  .refine((v) => v.agency || v.counter, { error: "required", path: ["agency"] });

export const IntakeOptionsSchema = z.object({
  agency: PublicAgencySchema,
  counter: z.object({ publicCode: z.string(), name: z.string(), unitName: z.string() }).nullable(),
  allowAnonymousPetitions: z.boolean(),
  procedures: z.array(z.object({ id: z.uuid(), nationalCode: z.string(), name: z.string() })),
  consent: z.object({ version: z.string(), vi: z.string(), en: z.string() }),
  attachments: AttachmentLimitsSchema,
});
export type IntakeOptions = z.infer<typeof IntakeOptionsSchema>;

export const PublicAgencyListSchema = z.object({
  agencies: z.array(z.object({ code: z.string(), name: z.string() })),
});

/** The deadline of a step, as people read it. */
export const DueSchema = z.object({
  /** The deadline_rules step (accept, resolve, answer…); null for a case filed outside the intake. */
  step: z.string().nullable(),
  /** Last day of the period (yyyy-mm-dd); it ends at 24:00 of that day (BLDS 2015 Art. 148). */
  dueOn: z.string(),
  dueAt: z.iso.datetime(),
  legalBasis: z.string().nullable(),
  confidence: z.enum(["P", "S", "I", "U"]).nullable(),
  period: z.number().int().nullable(),
  dayType: z.enum(["working", "calendar"]).nullable(),
  /** ok; soon: within the due-soon window; overdue: past dueAt; paused: the clock is stopped. */
  state: z.enum(["ok", "soon", "overdue", "paused"]),
});
export type Due = z.infer<typeof DueSchema>;

export const AttachmentInfoSchema = z.discriminatedUnion("redacted", [
  z.object({
    id: z.uuid(),
    redacted: z.literal(false),
    name: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    uploadedBy: z.enum(["citizen", "staff"]),
    forAnswer: z.boolean(),
    createdAt: z.iso.datetime(),
  }),
  /** An identifying attachment of a denunciation seen by someone not assigned: only that it exists. */
  z.object({ id: z.uuid(), redacted: z.literal(true), forAnswer: z.boolean() }),
]);
export type AttachmentInfo = z.infer<typeof AttachmentInfoSchema>;

export const AttachmentUploadedSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});

// ---- the citizen's status page ----

export const PublicEventSchema = z.object({
  at: z.iso.datetime(),
  action: z.string(),
  status: CaseStatusSchema.nullable(),
  /** What the agency told the citizen (reasons of a refusal, a forward, an extension…). */
  notice: z.string().nullable(),
  dueOn: z.string().nullable(),
});

export const CaseAnswerPublicSchema = z.object({
  body: z.string(),
  documentNumber: z.string().nullable(),
  documentDate: z.string().nullable(),
  answeredAt: z.iso.datetime(),
  attachments: z.array(AttachmentUploadedSchema),
  publishedAt: z.iso.datetime().nullable(),
});

export const CaseStatusViewSchema = z.object({
  code: z.string(),
  kind: CaseKindSchema,
  status: CaseStatusSchema,
  title: z.string(),
  receivedAt: z.iso.datetime(),
  agency: z.object({ code: z.string(), name: z.string(), hotline: z.string().nullable() }),
  handlingUnit: z.object({ name: z.string() }).nullable(),
  forwardedTo: z.string().nullable(),
  paused: z.boolean(),
  current: z.object({ step: z.string().nullable(), dueOn: z.string(), legalBasis: z.string().nullable() }).nullable(),
  timeline: z.array(PublicEventSchema),
  answer: CaseAnswerPublicSchema.nullable(),
  rating: z.object({ satisfied: z.boolean(), ratedAt: z.iso.datetime() }).nullable(),
  canRate: z.boolean(),
  attachments: z.object({ count: z.number().int(), canAdd: z.boolean(), maxFiles: z.number().int() }),
  limits: AttachmentLimitsSchema,
});
export type CaseStatusView = z.infer<typeof CaseStatusViewSchema>;

export const CaseRatingRequestSchema = z.object({
  satisfied: z.boolean(),
  comment: optionalText(2000),
});
export const CaseRatingSchema = z.object({ satisfied: z.boolean(), ratedAt: z.iso.datetime() });

export const PublishedAnswersQuerySchema = z.object({
  agency: AgencyCodeSchema,
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const PublishedAnswerSchema = z.object({
  code: z.string(),
  title: z.string(),
  question: z.string(),
  answer: z.string(),
  documentNumber: z.string().nullable(),
  handlingUnit: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  publishedAt: z.iso.datetime(),
});
export const PublishedAnswersSchema = z.object({
  agency: z.object({ code: z.string(), name: z.string() }),
  items: z.array(PublishedAnswerSchema),
  nextBefore: z.iso.datetime().nullable(),
});
export type PublishedAnswers = z.infer<typeof PublishedAnswersSchema>;

// ---- staff ----

export const StaffRefSchema = z.object({ id: z.uuid(), fullName: z.string() });

export const CaseSummarySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: CaseKindSchema,
  status: CaseStatusSchema,
  title: z.string(),
  handlingUnit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  receivedAt: z.iso.datetime(),
  due: DueSchema.nullable(),
  paused: z.boolean(),
  anonymous: z.boolean(),
  assignees: z.array(StaffRefSchema),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const DueFilterSchema = z.enum(["overdue", "soon", "open"]);

export const QueueQuerySchema = z.object({
  kind: CaseKindSchema.optional(),
  status: CaseStatusSchema.optional(),
  unitId: z.uuid().optional(),
  due: DueFilterSchema.optional(),
  mine: z.enum(["true", "false"]).optional(),
  q: z.string().trim().max(60).optional(),
  /** Working days ahead that count as "due soon" (default 3). */
  soonDays: z.coerce.number().int().min(0).max(30).default(3),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100000).default(0),
});
export type QueueQuery = z.input<typeof QueueQuerySchema>;

export const CaseQueueSchema = z.object({
  items: z.array(CaseSummarySchema),
  total: z.number().int(),
  counts: z.object({ overdue: z.number().int(), soon: z.number().int(), open: z.number().int() }),
});
export type CaseQueue = z.infer<typeof CaseQueueSchema>;

export const CaseEventSchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.object({ kind: z.enum(["citizen", "staff", "system"]), label: z.string() }),
  action: z.string(),
  fromStatus: CaseStatusSchema.nullable(),
  toStatus: CaseStatusSchema.nullable(),
  reason: z.string().nullable(),
  notice: z.string().nullable(),
  public: z.boolean(),
});
export type CaseEvent = z.infer<typeof CaseEventSchema>;

export const DeadlineHistorySchema = z.object({
  step: z.string(),
  dueOn: z.string(),
  dueAt: z.iso.datetime(),
  legalBasis: z.string(),
  confidence: z.enum(["P", "S", "I", "U"]),
  period: z.number().int(),
  dayType: z.enum(["working", "calendar"]),
  startOn: z.string(),
  reason: z.enum(["step", "extension", "resume"]),
  closedAt: z.iso.datetime().nullable(),
  outcome: z.enum(["met", "superseded", "cancelled"]).nullable(),
  late: z.boolean().nullable(),
});

export const CaseAnswerStaffSchema = z.object({
  body: z.string(),
  documentNumber: z.string().nullable(),
  documentDate: z.string().nullable(),
  answeredAt: z.iso.datetime(),
  answeredBy: z.string(),
  publishedQuestion: z.string().nullable(),
  publishedBody: z.string().nullable(),
  publishedAt: z.iso.datetime().nullable(),
});

export const CaseDetailSchema = CaseSummarySchema.extend({
  /** For a denunciation, with the denouncer's identity masked at intake. */
  content: z.string(),
  agencyCode: z.string(),
  channel: z.enum(["web", "counter_qr", "staff_entry"]).nullable(),
  counter: z.object({ name: z.string() }).nullable(),
  fileCode: z.string().nullable(),
  procedure: z.object({ id: z.uuid(), name: z.string(), nationalCode: z.string() }).nullable(),
  routedBy: z.enum(["rule", "setting", "default", "manual"]).nullable(),
  acceptedAt: z.iso.datetime().nullable(),
  complex: z.boolean(),
  extensions: z.number().int(),
  forwardedTo: z.string().nullable(),
  closedAt: z.iso.datetime().nullable(),
  allowedActions: z.array(CaseActionSchema),
  /** Whether the viewer is assigned to the case. */
  assignedToMe: z.boolean(),
  identity: z.object({
    /** False for an anonymous petition. */
    present: z.boolean(),
    /** Whether this viewer may open it (a denouncer's: assigned staff only). */
    canView: z.boolean(),
    filerType: z.enum(["individual", "organisation"]).nullable(),
    hasPhone: z.boolean(),
    hasEmail: z.boolean(),
  }),
  deadlines: z.array(DeadlineHistorySchema),
  events: z.array(CaseEventSchema),
  attachments: z.array(AttachmentInfoSchema),
  answer: CaseAnswerStaffSchema.nullable(),
  rating: z.object({ satisfied: z.boolean(), comment: z.string().nullable(), ratedAt: z.iso.datetime() }).nullable(),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

/** GET /api/staff/cases/:id/identity — only for those allowed; each view is audit-logged. */
export const CaseIdentitySchema = z.object({
  filerType: z.enum(["individual", "organisation"]),
  fullName: z.string(),
  organisation: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  idNumber: z.string().nullable(),
  /** The title and text as filed, before the identity was masked (denunciations). */
  originalTitle: z.string().nullable(),
  originalContent: z.string().nullable(),
});
export type CaseIdentity = z.infer<typeof CaseIdentitySchema>;

/** GET /api/staff/cases/:id/verification-copy — what may be handed over for verification (Luật Tố cáo Art. 56). */
export const VerificationCopySchema = z.object({
  code: z.string(),
  kind: CaseKindSchema,
  title: z.string(),
  content: z.string(),
  receivedAt: z.iso.datetime(),
  attachmentsWithheld: z.number().int(),
  note: z.object({ vi: z.string(), en: z.string() }),
});

const reason = z.string().trim().min(3, { error: "case_reason_required" }).max(4000, { error: "too_long" });
const optionalReason = z.string().trim().max(4000, { error: "too_long" }).optional();
/** What the citizen is told; a standard notice is written when it is left out. */
const notice = z.string().trim().max(4000, { error: "too_long" }).optional();

export const TransitionRequestSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept"), reason: optionalReason, notice, complex: z.boolean().optional() }),
  z.object({ action: z.literal("reject"), reason, notice }),
  z.object({
    action: z.literal("forward"),
    reason,
    notice,
    forwardedTo: z.string().trim().min(2, { error: "required" }).max(300, { error: "too_long" }),
  }),
  z.object({ action: z.literal("transfer"), reason, unitId: z.uuid() }),
  z.object({ action: z.literal("assign"), reason: optionalReason, staffIds: z.array(z.uuid()).min(1).max(5) }),
  z.object({ action: z.literal("start"), reason: optionalReason }),
  z.object({ action: z.literal("extend"), reason, notice }),
  z.object({ action: z.literal("pause"), reason, notice }),
  z.object({ action: z.literal("resume"), reason: optionalReason, notice }),
  z.object({
    action: z.literal("publish"),
    publishedQuestion: z.string().trim().min(10, { error: "case_content_length" }).max(20000),
    publishedAnswer: z.string().trim().min(10, { error: "case_content_length" }).max(20000),
  }),
  z.object({ action: z.literal("close"), reason: optionalReason, notice }),
]);
export type TransitionRequest = z.infer<typeof TransitionRequestSchema>;

/** POST /api/staff/cases/:id/answer — record (or amend, before publication) the answer. */
export const AnswerRequestSchema = z.object({
  body: z.string().trim().min(10, { error: "case_content_length" }).max(20000, { error: "case_content_length" }),
  documentNumber: z
    .string()
    .trim()
    .max(100, { error: "too_long" })
    .optional()
    .transform((v) => v || undefined),
  documentDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "invalid_date" })
    .optional(),
  notice,
});
export type AnswerRequest = z.input<typeof AnswerRequestSchema>;

export const PublishPreviewRequestSchema = z.object({
  publishedQuestion: z.string().max(20000),
  publishedAnswer: z.string().max(20000),
});
export const PublishPreviewSchema = z.object({
  publishedQuestion: z.string(),
  publishedAnswer: z.string(),
  redactions: z.number().int(),
});

export const CasesMetaSchema = z.object({
  units: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string() })),
  staff: z.array(z.object({ id: z.uuid(), fullName: z.string(), role: z.string(), unitIds: z.array(z.uuid()) })),
});
export type CasesMeta = z.infer<typeof CasesMetaSchema>;

export const RoutingRuleSchema = z.object({
  id: z.uuid(),
  caseKind: CaseKindSchema.nullable(),
  sourceUnitId: z.uuid().nullable(),
  procedureId: z.uuid().nullable(),
  handlingUnitId: z.uuid(),
  note: z.string().nullable(),
  active: z.boolean(),
});
export const RoutingRuleListSchema = z.object({ rules: z.array(RoutingRuleSchema) });
export const NewRoutingRuleSchema = z.object({
  caseKind: CaseKindSchema.nullable().default(null),
  sourceUnitId: z.uuid().nullable().default(null),
  procedureId: z.uuid().nullable().default(null),
  handlingUnitId: z.uuid(),
  note: z.string().trim().max(1000).optional(),
});
/** PATCH /api/staff/cases/routing-rules/:ruleId: what a rule matches, its handling unit, active or not. */
export const RoutingRuleUpdateSchema = z
  .object({
    caseKind: CaseKindSchema.nullable(),
    sourceUnitId: z.uuid().nullable(),
    procedureId: z.uuid().nullable(),
    handlingUnitId: z.uuid(),
    note: z.string().trim().max(1000, { error: "too_long" }).nullable(),
    active: z.boolean(),
  })
  .partial();
export type RoutingRuleUpdate = z.infer<typeof RoutingRuleUpdateSchema>;

/** GET /api/staff/cases/stats — PAKN figures for SIPAS element 5 and the QĐ 766 satisfaction group. */
export const CaseStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  byKind: z.array(
    z.object({
      kind: CaseKindSchema,
      received: z.number().int(),
      answered: z.number().int(),
      answeredOnTime: z.number().int(),
      rated: z.number().int(),
      satisfied: z.number().int(),
      unsatisfied: z.number().int(),
    }),
  ),
  /** QĐ 766 5.2: PAKN handled on time / PAKN handled × 100 (null without any). */
  paknOnTimeRate: z.number().nullable(),
  /** QĐ 766 5.3: (PAKN − unsatisfied or late) / PAKN × 100 (null without any). */
  paknSatisfactionRate: z.number().nullable(),
});
export type CaseStats = z.infer<typeof CaseStatsSchema>;
