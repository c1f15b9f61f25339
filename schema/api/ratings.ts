import { z } from "zod";

/**
 * The citizen rating API (docs/api-ratings.md): a page fetches a survey definition, renders
 * it, and posts a submission (phiếu đánh giá) with a client-generated idempotency key, possibly
 * much later from an offline queue. Scores are positions on the template's own scale,
 * 1 = lowest (schema/surveys/scales.ts).
 */

/** A text in Vietnamese, with its English wording when the agency wrote one. */
export const TextSchema = z.object({ vi: z.string(), en: z.string().nullable() });
export type Text = z.infer<typeof TextSchema>;

export const SurveyKindSchema = z.enum(["sipas", "quick"]);

/** A survey version as the entry points name it (counter, file token, file code). */
export const SurveySummarySchema = z.object({
  id: z.uuid(),
  kind: SurveyKindSchema,
  name: z.string(),
  nameEn: z.string().nullable(),
  version: z.number().int(),
});
export type SurveySummary = z.infer<typeof SurveySummarySchema>;

export const RespondentKindSchema = z.enum(["individual", "organisation"]);
export const AgeBandSchema = z.enum(["under_30", "30_44", "45_59", "60_plus"]);
export const GenderSchema = z.enum(["female", "male", "other"]);

const ChoiceSchema = <T extends z.ZodType>(value: T) => z.object({ value, label: TextSchema });

/**
 * The consent a citizen gives to leave a contact with a low rating (Luật 91/2025/QH15 Art. 9:
 * voluntary, informed of the data, the purpose, the controller and the rights; per purpose;
 * silence is not consent). A new wording gets a new version; the server accepts the versions
 * listed here and records which one was accepted.
 */
export const CONTACT_CONSENTS = {
  "2026-11": {
    vi: "Tôi đồng ý để cơ quan nhận phiếu đánh giá này dùng thông tin liên hệ tôi cung cấp (số điện thoại hoặc email) chỉ để liên hệ với tôi về ý kiến trong phiếu này. Tôi hiểu rằng cán bộ xử lý sẽ biết phiếu này là của tôi. Thông tin không dùng cho mục đích khác, không công khai, không chuyển cho bên khác và được xóa khi việc xử lý ý kiến kết thúc. Tôi có quyền rút lại sự đồng ý, yêu cầu xem, sửa hoặc xóa thông tin này qua đường dây nóng của cơ quan (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15).",
    en: "I agree that the agency receiving this rating may use the contact I give (phone number or email) only to contact me about the comments in this rating. I understand that the staff handling it will know this rating is mine. It will not be used for anything else, published or passed on, and it is erased when the follow-up ends. I may withdraw my consent, or ask to see, correct or erase this contact, through the agency's hotline (Personal Data Protection Law 91/2025/QH15).",
  },
} as const satisfies Record<string, { vi: string; en: string }>;
export type ContactConsentVersion = keyof typeof CONTACT_CONSENTS;
export const CURRENT_CONTACT_CONSENT: ContactConsentVersion = "2026-11";

/** The honeypot field: a real person never sees it, so it must stay empty. */
export const HONEYPOT_FIELD = "website";

/** GET /api/ratings/surveys/:templateId — everything a page needs to render the form. */
export const SurveyDefinitionSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  version: z.number().int(),
  kind: SurveyKindSchema,
  name: TextSchema,
  scale: z.object({
    levels: z.union([z.literal(3), z.literal(5)]),
    /** Lowest first; `satisfied` is top-2-box. */
    options: z.array(z.object({ score: z.number().int(), label: TextSchema, satisfied: z.boolean() })),
  }),
  /** A score at or below this offers "what went wrong" and a contact (Bình thường or below). */
  followUpAtOrBelow: z.number().int(),
  /** A score at or below this requires `reason` (the quick form's "Không hài lòng"); null: never. */
  reasonRequiredAtOrBelow: z.number().int().nullable(),
  elements: z.array(
    z.object({
      code: z.string(),
      name: TextSchema,
      /** SIPAS asks satisfaction with each element (optional answer); null: not asked. */
      satisfactionQuestion: TextSchema.nullable(),
      criteria: z.array(z.object({ code: z.string(), text: TextSchema, required: z.boolean() })),
    }),
  ),
  /**
   * The overall satisfaction question, always answered. When `criterionCode` is set (quick form)
   * the answer to that criterion is the overall score and the page asks nothing more.
   */
  overall: z.object({ question: TextSchema, criterionCode: z.string().nullable() }),
  /** Sự mong đợi: which areas should improve first, at most `max` of `options`. */
  expectations: z
    .object({
      question: TextSchema,
      max: z.number().int(),
      options: z.array(z.object({ code: z.string(), text: TextSchema })),
    })
    .nullable(),
  /** Optional questions about the respondent; every one may be skipped. */
  respondent: z.object({
    kinds: z.array(ChoiceSchema(RespondentKindSchema)),
    ageBands: z.array(ChoiceSchema(AgeBandSchema)),
    genders: z.array(ChoiceSchema(GenderSchema)),
  }),
  contactConsent: z.object({ version: z.string(), text: TextSchema }),
  /** Cloudflare Turnstile site key when the deployment turned it on; null: off. */
  turnstileSiteKey: z.string().nullable(),
  honeypotField: z.literal(HONEYPOT_FIELD),
});
export type SurveyDefinition = z.infer<typeof SurveyDefinitionSchema>;

export const TemplateIdParamSchema = z.object({ templateId: z.uuid({ error: "invalid_code" }) });

/** `v1.<kid>.<payload b64url>.<HMAC-SHA256 b64url>` (worker/ratings/tokens.ts). */
export const FILE_TOKEN_PATTERN = /^v1\.[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9_-]{10,400}\.[A-Za-z0-9_-]{43}$/;
export const FileTokenParamSchema = z.object({
  token: z.string().max(512, { error: "invalid_code" }).regex(FILE_TOKEN_PATTERN, { error: "invalid_code" }),
});

const AgencyCodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z.-]{2,40}$/, { error: "invalid_code" });
/** Mã hồ sơ, loosely (DOMAIN §8.2: e.g. H15.50.05.13-261008-0975); spaces are trimmed. */
const FileCodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z._/-]{3,60}$/, { error: "rating_file_code" });
const PublicCodeSchema = z.string().regex(/^[a-z0-9]{6,32}$/, { error: "invalid_code" });

/** POST /api/ratings/lookup — the kiosk "type your file code" path. */
export const FileLookupRequestSchema = z.object({ agencyCode: AgencyCodeSchema, fileCode: FileCodeSchema });
export type FileLookupRequest = z.input<typeof FileLookupRequestSchema>;

/** What a citizen sees of a file before rating it (from a file token or a typed file code). */
export const RatingFileSchema = z.object({
  agency: z.object({ code: z.string(), name: z.string(), shortName: z.string().nullable() }),
  file: z.object({
    code: z.string(),
    procedureName: z.string(),
    unitName: z.string(),
    status: z.enum(["received", "in_progress", "supplement_requested", "returned", "stopped"]),
    receivedAt: z.iso.datetime({ offset: true }),
    returnedAt: z.iso.datetime({ offset: true }).nullable(),
  }),
  /** The survey offered for this file; null when the agency has none published. */
  survey: SurveySummarySchema.nullable(),
  /** True: show "Hồ sơ này đã được đánh giá. Cảm ơn Ông/Bà!" instead of the form. */
  alreadyRated: z.boolean(),
  /** Last moment a rating is accepted; null while the result has not been returned. */
  rateUntil: z.iso.datetime({ offset: true }).nullable(),
});
export type RatingFile = z.infer<typeof RatingFileSchema>;

const ScoreSchema = z
  .number({ error: "rating_invalid_score" })
  .int({ error: "rating_invalid_score" })
  .min(1, { error: "rating_invalid_score" })
  .max(5, { error: "rating_invalid_score" });
const CodeSchema = z.string().min(1).max(40);

/** Where the citizen came from; decides the channel, the unit and the file of the submission. */
export const RatingSourceSchema = z.discriminatedUnion("kind", [
  /** The static QR at a counter. */
  z.object({ kind: z.literal("counter"), publicCode: PublicCodeSchema }),
  /** The QR on the receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả): binds the rating to the file. */
  z.object({ kind: z.literal("file_token"), token: FileTokenParamSchema.shape.token }),
  /** The file code typed by the citizen (page or kiosk). */
  z.object({ kind: z.literal("file_code"), agencyCode: AgencyCodeSchema, fileCode: FileCodeSchema }),
  /** A rating device at a counter (thiết bị đánh giá), identified by the counter's public code. */
  z.object({ kind: z.literal("kiosk"), publicCode: PublicCodeSchema }),
]);
export type RatingSource = z.infer<typeof RatingSourceSchema>;

/** POST /api/ratings/submissions */
export const SubmissionRequestSchema = z.object({
  /** Generated once per filled form (crypto.randomUUID()) and reused on every retry. */
  idempotencyKey: z.uuid(),
  templateId: z.uuid(),
  templateVersion: z.number().int().min(1),
  source: RatingSourceSchema,
  answers: z.array(z.object({ criterionCode: CodeSchema, score: ScoreSchema })).max(100),
  /** SIPAS: satisfaction with each element, optional. */
  elementScores: z
    .array(z.object({ elementCode: CodeSchema, score: ScoreSchema }))
    .max(20)
    .optional(),
  /** The overall satisfaction; omit it when the survey's overall question is a criterion. */
  overall: ScoreSchema.nullish(),
  /** Required when a score is at or below `reasonRequiredAtOrBelow` (quick form "Không hài lòng"). */
  reason: z.string().trim().max(2000, { error: "too_long" }).nullish(),
  /** Codes of the chosen improvement areas, at most the survey's `expectations.max`. */
  expectations: z.array(CodeSchema).max(10, { error: "rating_too_many_choices" }).optional(),
  /** Kept only with a low rating (Bình thường or below); goes to the unit's follow-up queue. */
  whatWentWrong: z.string().trim().max(2000, { error: "too_long" }).nullish(),
  /** Kept only with a low rating, and only with the explicit consent of `contactConsent`. */
  contact: z
    .object({
      text: z.string().trim().min(3, { error: "required" }).max(200, { error: "too_long" }),
      consent: z.literal(true, { error: "rating_consent_required" }),
      consentVersion: z.string().max(40),
    })
    .nullish(),
  respondent: z
    .object({
      kind: RespondentKindSchema.nullish(),
      ageBand: AgeBandSchema.nullish(),
      gender: GenderSchema.nullish(),
    })
    .nullish(),
  /** Honeypot: must be absent or empty. */
  [HONEYPOT_FIELD]: z.string().max(500).nullish(),
  /** Cloudflare Turnstile response, when the deployment turned it on. */
  turnstileToken: z.string().max(2048).nullish(),
});
export type SubmissionRequest = z.input<typeof SubmissionRequestSchema>;
export type ParsedSubmissionRequest = z.output<typeof SubmissionRequestSchema>;

/**
 * 201 Created, or 200 with `Idempotent-Replayed: true` for a retry of the same key (same body).
 * `followUp`: the rating was low, so the unit will look at it (show a thank-you that says so).
 */
export const SubmissionReceiptSchema = z.object({
  id: z.uuid(),
  receivedAt: z.iso.datetime({ offset: true }),
  followUp: z.boolean(),
});
export type SubmissionReceipt = z.infer<typeof SubmissionReceiptSchema>;

export const IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed";
