import { z } from "zod";

/**
 * Files (hồ sơ) on time: staff routes (/api/staff/files/*), the one-stop software's API
 * (/api/integration/files/*), apology letters, the return slip and the on-time KPIs.
 * Instants travel as ISO 8601 strings; people see them as dd/mm/yyyy in Asia/Ho_Chi_Minh.
 */

// ---------------------------------------------------------------------------------------------
// Building blocks

const Text = (max: number) => z.string().trim().min(1, { error: "required" }).max(max, { error: "too_long" });
const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: "too_long" })
    .transform((v) => v || null)
    .nullable()
    .optional();

/** Mã hồ sơ, loosely (DOMAIN §8.2: e.g. H15.50.05.13-261008-0975); spaces are trimmed. */
export const FileCodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z._/-]{3,60}$/, { error: "file_code" });

/** An instant with its zone, e.g. 2026-11-23T08:15:00+07:00. */
export const InstantSchema = z.iso.datetime({ offset: true, error: "file_datetime" });

export const FileChannelSchema = z.enum(["counter", "online", "postal"]);
export type FileChannel = z.infer<typeof FileChannelSchema>;
export const FileStatusSchema = z.enum(["received", "in_progress", "supplement_requested", "returned", "stopped"]);
export type FileStatus = z.infer<typeof FileStatusSchema>;
export const FileEventKindSchema = z.enum([
  "received",
  "supplement_requested",
  "supplement_completed",
  "returned",
  "stopped",
]);
export type FileEventKind = z.infer<typeof FileEventKindSchema>;
export const OutcomeSchema = z.enum(["early", "on_time", "late", "pending"]);
export type Outcome = z.infer<typeof OutcomeSchema>;
export const ProcessingTimeUnitSchema = z.enum(["hours", "calendar_days", "working_days", "same_day"]);
export const LetterFormSchema = z.enum(["tt01_2018", "tt03_2025"]);
export type LetterForm = z.infer<typeof LetterFormSchema>;
export const DeliveryChannelSchema = z.enum(["print", "email", "sms"]);
export type DeliveryChannel = z.infer<typeof DeliveryChannelSchema>;

const BilingualSchema = z.object({ vi: z.string(), en: z.string() });

export const IdParamSchema = z.object({ id: z.uuid() });
export const CodeParamSchema = z.object({ code: FileCodeSchema });

/** Where the citizen rates a file: the QR on the return slip carries `${origin}${FILE_RATING_PATH}<token>`. */
export const FILE_RATING_PATH = "/r/";

// ---------------------------------------------------------------------------------------------
// Reading files

/** How a file stands against its appointment (QĐ 766/QĐ-TTg, worker/lib/files/timeliness.ts). */
export const TimelinessSchema = z.object({
  outcome: OutcomeSchema,
  finished: z.boolean(),
  endAt: z.iso.datetime(),
  /** The appointment moved by the citizen's supplement time. */
  effectiveDueAt: z.iso.datetime(),
  waitingMinutes: z.number().int(),
  supplementCount: z.number().int(),
  awaitingSupplement: z.boolean(),
  lateReason: z.enum(["after_due", "multiple_supplements"]).nullable(),
  /** D−n working day: from this date an open file raises an alert (YYYY-MM-DD). */
  alertDate: z.string(),
  dueSoon: z.boolean(),
});
export type Timeliness = z.infer<typeof TimelinessSchema>;

export const ApologySummarySchema = z.object({
  id: z.uuid(),
  numberText: z.string(),
  issuedAt: z.iso.datetime(),
  newDueAt: z.iso.datetime(),
});

export const FileSummarySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  procedure: z.object({ id: z.uuid(), nationalCode: z.string(), name: z.string() }),
  unit: z.object({ id: z.uuid(), name: z.string() }),
  channel: FileChannelSchema,
  status: FileStatusSchema,
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  returnedAt: z.iso.datetime().nullable(),
  stoppedAt: z.iso.datetime().nullable(),
  applicantName: z.string().nullable(),
  timeliness: TimelinessSchema,
  apology: ApologySummarySchema.nullable(),
  /** Late (or due soon) and no apology letter yet: one must be issued. */
  apologyRequired: z.boolean(),
});
export type FileSummary = z.infer<typeof FileSummarySchema>;

export const FileListQuerySchema = z.object({
  /** Received on or after this day (YYYY-MM-DD); default 90 days back. */
  from: z.iso.date().optional(),
  /** Received on or before this day (YYYY-MM-DD); default today. */
  to: z.iso.date().optional(),
  status: FileStatusSchema.optional(),
  outcome: OutcomeSchema.optional(),
  flag: z.enum(["due_soon", "late_without_apology", "multiple_supplements"]).optional(),
  unitId: z.uuid().optional(),
  procedureId: z.uuid().optional(),
  channel: FileChannelSchema.optional(),
  /** Part of the file code or the applicant's name. */
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type FileListQuery = z.input<typeof FileListQuerySchema>;

export const FileListSchema = z.object({
  items: z.array(FileSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  asOf: z.iso.datetime(),
});
export type FileList = z.infer<typeof FileListSchema>;

export const FileEventSchema = z.object({
  id: z.uuid(),
  kind: FileEventKindSchema,
  occurredAt: z.iso.datetime(),
  source: z.enum(["counter", "integration", "import", "staff"]),
  note: z.string().nullable(),
  recordedAt: z.iso.datetime(),
  actorName: z.string().nullable(),
});
export type FileEvent = z.infer<typeof FileEventSchema>;

export const SupplementSchema = z.object({
  seq: z.number().int(),
  requestedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  reason: z.string().nullable(),
  countsAsLate: z.boolean(),
});

export const FileDetailSchema = FileSummarySchema.extend({
  unit: z.object({ id: z.uuid(), name: z.string() }),
  counter: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  procedure: z.object({
    id: z.uuid(),
    nationalCode: z.string(),
    name: z.string(),
    processingTime: z.number(),
    processingTimeUnit: ProcessingTimeUnitSchema,
    processingTimeText: BilingualSchema,
  }),
  applicantAddress: z.string().nullable(),
  applicantPhone: z.string().nullable(),
  applicantEmail: z.string().nullable(),
  events: z.array(FileEventSchema),
  supplements: z.array(SupplementSchema),
  /** ND 118/2025 Đ19 k5: the period counted again from the completed supplement (shown, not used). */
  restartedDueAt: z.iso.datetime().nullable(),
  /** The letter can be issued now: the file is late or due soon and has none yet. */
  canIssueApology: z.boolean(),
  /** What this agency does with a second supplement request. */
  secondSupplement: z.enum(["refuse", "record_late"]),
});
export type FileDetail = z.infer<typeof FileDetailSchema>;

// ---------------------------------------------------------------------------------------------
// Writing files at the counter

export const FileCreateRequestSchema = z.object({
  /** Left out: the next code of the day is generated (agency code-YYMMDD-XXXX). */
  code: FileCodeSchema.optional(),
  procedureId: z.uuid(),
  /** Left out: now. */
  receivedAt: InstantSchema.optional(),
  /** Left out: computed from the procedure's legal processing time on the agency's calendar. */
  dueAt: InstantSchema.optional(),
  channel: FileChannelSchema.default("counter"),
  counterId: z.uuid().nullable().optional(),
  applicantName: OptionalText(300),
  applicantAddress: OptionalText(500),
  applicantPhone: z
    .string()
    .trim()
    .regex(/^[0-9 +().-]{6,30}$/, { error: "invalid_phone" })
    .nullable()
    .optional()
    .or(z.literal("").transform(() => null)),
  applicantEmail: z
    .email({ error: "invalid_email" })
    .max(200)
    .nullable()
    .optional()
    .or(z.literal("").transform(() => null)),
});
export type FileCreateRequest = z.input<typeof FileCreateRequestSchema>;

/** A staff member records what happened to a file. */
export const FileEventRequestSchema = z.object({
  kind: z.enum(["supplement_requested", "supplement_completed", "returned", "stopped"]),
  /** Left out: now. */
  occurredAt: InstantSchema.optional(),
  note: OptionalText(2000),
});
export type FileEventRequest = z.input<typeof FileEventRequestSchema>;

export const FileEventResultSchema = z.object({
  file: FileDetailSchema,
  /** False when the same event was already recorded (nothing changed). */
  applied: z.boolean(),
});
export type FileEventResult = z.infer<typeof FileEventResultSchema>;

export const DuePreviewQuerySchema = z.object({
  procedureId: z.uuid(),
  receivedAt: InstantSchema.optional(),
});
export const DuePreviewSchema = z.object({
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  processingTimeText: BilingualSchema,
});
export type DuePreview = z.infer<typeof DuePreviewSchema>;

// ---------------------------------------------------------------------------------------------
// The one-stop software's API (/api/integration/files, Authorization: Bearer <key>)

export const IntegrationEventSchema = z.object({
  /** The sender's own id of the event; the same id twice is stored once. Left out: the event time is the key. */
  eventId: z.string().trim().min(1).max(200).optional(),
  type: FileEventKindSchema,
  occurredAt: InstantSchema,
  note: OptionalText(2000),
});
export type IntegrationEvent = z.input<typeof IntegrationEventSchema>;

/** PUT /api/integration/files/:code — creates the file or updates it; the same body twice changes nothing. */
export const IntegrationFileUpsertSchema = z.object({
  /** Mã thủ tục in the national TTHC database, as the agency's procedure list has it. */
  procedureCode: z.string().trim().min(3).max(40),
  receivedAt: InstantSchema,
  /** Left out: computed from the procedure's processing time. */
  dueAt: InstantSchema.optional(),
  channel: FileChannelSchema.default("online"),
  counterCode: z.string().trim().max(40).nullable().optional(),
  applicant: z
    .object({
      name: OptionalText(300),
      address: OptionalText(500),
      phone: OptionalText(30),
      email: z.email({ error: "invalid_email" }).max(200).nullable().optional(),
    })
    .optional(),
  /** Events to record with the file, in any order; each is idempotent. */
  events: z.array(IntegrationEventSchema).max(50).default([]),
});
export type IntegrationFileUpsert = z.input<typeof IntegrationFileUpsertSchema>;

export const IntegrationEventResultSchema = z.object({
  type: FileEventKindSchema,
  eventKey: z.string(),
  /** False: already recorded, nothing changed. */
  applied: z.boolean(),
});

export const IntegrationFileResultSchema = z.object({
  code: z.string(),
  status: FileStatusSchema,
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  dueComputed: z.boolean(),
  returnedAt: z.iso.datetime().nullable(),
  outcome: OutcomeSchema,
  created: z.boolean(),
  /** False when nothing at all changed (a repeated request). */
  changed: z.boolean(),
  events: z.array(IntegrationEventResultSchema),
});
export type IntegrationFileResult = z.infer<typeof IntegrationFileResultSchema>;

export const IntegrationKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export const IntegrationKeyListSchema = z.object({ keys: z.array(IntegrationKeySchema) });
export const IntegrationKeyCreateSchema = z.object({ name: Text(100) });
/** The key itself is shown once, at creation; only its hash is kept. */
export const IntegrationKeyCreatedSchema = IntegrationKeySchema.extend({ key: z.string() });
export type IntegrationKeyCreated = z.infer<typeof IntegrationKeyCreatedSchema>;

// ---------------------------------------------------------------------------------------------
// Settings

export const FileSettingsSchema = z.object({
  letterForm: LetterFormSchema,
  secondSupplement: z.enum(["refuse", "record_late"]),
  alertWorkingDays: z.number().int().min(1).max(5),
  onTimeTarget: z.number().min(0).max(100),
  parentAgencyName: z.string().nullable(),
  letterPlace: z.string().nullable(),
  letterNumberSuffix: z.string(),
  signerTitle: z.string().nullable(),
  signerName: z.string().nullable(),
});
export type FileSettings = z.infer<typeof FileSettingsSchema>;

export const FileSettingsUpdateSchema = z.object({
  letterForm: LetterFormSchema,
  secondSupplement: z.enum(["refuse", "record_late"]),
  alertWorkingDays: z.number().int().min(1).max(5),
  onTimeTarget: z.number().min(0).max(100),
  parentAgencyName: OptionalText(300),
  letterPlace: OptionalText(100),
  letterNumberSuffix: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-zĐđ.&-]{1,30}$/, { error: "invalid_code" }),
  signerTitle: OptionalText(200),
  signerName: OptionalText(200),
});
export type FileSettingsUpdate = z.input<typeof FileSettingsUpdateSchema>;

// ---------------------------------------------------------------------------------------------
// Apology letters (phiếu xin lỗi và hẹn lại ngày trả kết quả)

/**
 * The two official forms (DOMAIN §2.2). The agency picks one in its settings.
 * - TT 01/2018/TT-VPCP Mẫu 04 "Phiếu xin lỗi và hẹn lại ngày trả kết quả" [S];
 * - TT 03/2025/TT-VPCP Mẫu 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
 *   [S-weak: the form list was seen in secondary documents; a ministry's copy titles it
 *   "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết"]. Re-check against the gazette.
 */
export const LETTER_FORMS = {
  tt01_2018: {
    title: "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    label: "Mẫu số 04 – Thông tư số 01/2018/TT-VPCP",
    labelEn: "Form 04, Circular 01/2018/TT-VPCP",
  },
  tt03_2025: {
    title: "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    label: "Mẫu số 04 – Thông tư số 03/2025/TT-VPCP",
    labelEn: "Form 04, Circular 03/2025/TT-VPCP",
  },
} as const satisfies Record<LetterForm, { title: string; label: string; labelEn: string }>;

/** The signature block's default title when the agency set none. */
export const DEFAULT_SIGNER_TITLE = "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ";

export const ApologyLetterRequestSchema = z.object({
  /** Lý do quá hạn. */
  reason: z.string().trim().min(5, { error: "required" }).max(2000, { error: "too_long" }),
  /** The new return date (hẹn lại), after the original appointment; given only once. */
  newDueAt: InstantSchema,
  /** Left out: the agency's choice in its file settings. */
  form: LetterFormSchema.optional(),
  addresseeName: OptionalText(300),
  addresseeAddress: OptionalText(500),
  /** Số định danh cá nhân / mã số doanh nghiệp (TT 03/2025 Mẫu 04). */
  applicantIdentifier: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{0,20}$/, { error: "invalid_code" })
    .transform((v) => v || null)
    .nullable()
    .optional(),
  signerTitle: OptionalText(200),
  signerName: OptionalText(200),
});
export type ApologyLetterRequest = z.input<typeof ApologyLetterRequestSchema>;

export const DeliverySchema = z.object({
  id: z.uuid(),
  channel: DeliveryChannelSchema,
  recipient: z.string().nullable(),
  status: z.enum(["recorded", "logged", "sent", "failed"]),
  detail: z.string().nullable(),
  deliveredAt: z.iso.datetime(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** Everything printed on the letter, as issued (a snapshot: later edits of the file do not change it). */
export const ApologyLetterSchema = z.object({
  id: z.uuid(),
  fileId: z.uuid(),
  form: LetterFormSchema,
  /** "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" or "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT". */
  title: z.string(),
  formLabel: z.string(),
  number: z.number().int(),
  year: z.number().int(),
  numberText: z.string(),
  issuedAt: z.iso.datetime(),
  place: z.string(),
  parentAgencyName: z.string().nullable(),
  agencyName: z.string(),
  addresseeName: z.string(),
  addresseeAddress: z.string().nullable(),
  applicantIdentifier: z.string().nullable(),
  fileCode: z.string(),
  procedureName: z.string(),
  receivedAt: z.iso.datetime(),
  originalDueAt: z.iso.datetime(),
  reason: z.string(),
  newDueAt: z.iso.datetime(),
  signerTitle: z.string(),
  signerName: z.string().nullable(),
  deliveries: z.array(DeliverySchema),
});
export type ApologyLetter = z.infer<typeof ApologyLetterSchema>;

export const DeliveryRequestSchema = z.object({
  channel: DeliveryChannelSchema,
  /** E-mail address or phone number; left out: the applicant's on the file. */
  recipient: OptionalText(320),
});
export type DeliveryRequest = z.input<typeof DeliveryRequestSchema>;

// ---------------------------------------------------------------------------------------------
// The return slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) with its rating QR

export const ReturnSlipSchema = z.object({
  parentAgencyName: z.string().nullable(),
  agencyName: z.string(),
  place: z.string(),
  fileCode: z.string(),
  procedureName: z.string(),
  processingTimeText: z.string(),
  applicantName: z.string().nullable(),
  applicantAddress: z.string().nullable(),
  applicantPhone: z.string().nullable(),
  applicantEmail: z.string().nullable(),
  channel: FileChannelSchema,
  counterName: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  /** The per-file rating page the QR leads to (signed, single-use token). */
  ratingUrl: z.string(),
  /** The QR code of `ratingUrl`, as an SVG document. */
  qrSvg: z.string(),
  ratingExpiresAt: z.iso.datetime(),
});
export type ReturnSlip = z.infer<typeof ReturnSlipSchema>;

// ---------------------------------------------------------------------------------------------
// Alerts and KPIs

export const AlertsSchema = z.object({
  asOf: z.iso.datetime(),
  alertWorkingDays: z.number().int(),
  /** Open files from their D−n working day until the appointment, without a letter. */
  dueSoon: z.array(FileSummarySchema),
  /** Open files past their appointment. */
  overdue: z.array(FileSummarySchema),
  /** Late files (open or finished, last 90 days) without an apology letter: should be empty. */
  withoutApology: z.array(FileSummarySchema),
});
export type Alerts = z.infer<typeof AlertsSchema>;

export const KpiQuerySchema = z.object({
  /** First day of the period (YYYY-MM-DD); default the first day of the current month. */
  from: z.iso.date().optional(),
  /** Last day of the period (YYYY-MM-DD); default today. */
  to: z.iso.date().optional(),
  unitId: z.uuid().optional(),
  procedureId: z.uuid().optional(),
});
export type KpiQuery = z.input<typeof KpiQuerySchema>;

export const KpiCountsSchema = z.object({
  total: z.number().int(),
  early: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  /** Not finished at the period's end and not past the appointment (counted on time by QĐ 766). */
  pending: z.number().int(),
  /** (early + onTime + pending) / total × 100, null without files. */
  onTimeRate: z.number().nullable(),
  earlyRate: z.number().nullable(),
  lateRate: z.number().nullable(),
});
export type KpiCounts = z.infer<typeof KpiCountsSchema>;

export const KpiSchema = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.iso.datetime(),
  /** The on-time target in percent (100: every file on time), from the agency's settings. */
  target: z.number(),
  totals: KpiCountsSchema,
  byUnit: z.array(KpiCountsSchema.extend({ unitId: z.uuid(), unitName: z.string() })),
  byProcedure: z.array(
    KpiCountsSchema.extend({ procedureId: z.uuid(), nationalCode: z.string(), procedureName: z.string() }),
  ),
  /** Month of the end of processing (YYYY-MM). */
  byMonth: z.array(KpiCountsSchema.extend({ month: z.string() })),
  /** Late files without an apology letter (the list should be empty). */
  lateWithoutApology: z.number().int(),
  /** Files with more than one supplement request (ND 118/2025 Đ11 allows one). */
  multipleSupplements: z.number().int(),
});
export type Kpi = z.infer<typeof KpiSchema>;

// ---------------------------------------------------------------------------------------------
// CSV import: create, send the rows in chunks (the page shows progress), preview, commit

/** The columns a CSV may have (header names in Vietnamese or English, any order). */
export const IMPORT_COLUMNS = [
  "code",
  "procedureCode",
  "receivedAt",
  "dueAt",
  "channel",
  "counterCode",
  "returnedAt",
  "stoppedAt",
  "supplementRequestedAt",
  "supplementCompletedAt",
  "applicantName",
  "applicantAddress",
  "applicantPhone",
  "applicantEmail",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Rows a chunk may carry; the page splits larger files. */
export const IMPORT_CHUNK_ROWS = 1000;
/** Rows an import may have in all. */
export const IMPORT_MAX_ROWS = 50_000;

export const ImportCreateRequestSchema = z.object({
  /** The header line of the CSV, as in the file. */
  header: z.string().min(1).max(5000),
});

export const ImportChunkRequestSchema = z.object({
  /** File line of the chunk's first row (the header is line 1). */
  firstLine: z.number().int().min(2),
  /** The chunk's rows, CSV text without the header. */
  csv: z.string().max(900_000),
});

export const ImportRowErrorSchema = z.object({
  line: z.number().int(),
  field: z.string().nullable(),
  message: z.string(),
  messageEn: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;

export const ImportChunkResultSchema = z.object({
  rows: z.number().int(),
  errors: z.array(ImportRowErrorSchema),
});
export type ImportChunkResult = z.infer<typeof ImportChunkResultSchema>;

export const ImportPreviewRowSchema = z.object({
  line: z.number().int(),
  code: z.string(),
  procedureCode: z.string(),
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  dueComputed: z.boolean(),
  status: FileStatusSchema,
  exists: z.boolean(),
});

export const ImportSummarySchema = z.object({
  id: z.uuid(),
  status: z.enum(["staging", "committed"]),
  columns: z.array(z.string()),
  ignoredColumns: z.array(z.string()),
  rows: z.number().int(),
  validRows: z.number().int(),
  errorRows: z.number().int(),
  /** Valid rows whose code is new (to be created) and already present (left as they are). */
  newFiles: z.number().int(),
  existingFiles: z.number().int(),
  /** Every error, in line order (up to 1,000). */
  errors: z.array(ImportRowErrorSchema),
  /** The first valid rows, to check the reading before committing. */
  sample: z.array(ImportPreviewRowSchema),
  createdFiles: z.number().int().nullable(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;
