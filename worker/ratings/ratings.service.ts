import { fieldMessages } from "../../schema/api/messages";
import {
  CONTACT_CONSENTS,
  CURRENT_CONTACT_CONSENT,
  type FileLookupRequest,
  HONEYPOT_FIELD,
  type ParsedSubmissionRequest,
  type RatingFile,
  type SubmissionReceipt,
  type SurveyDefinition,
  type Text,
} from "../../schema/api/ratings";
import type { SubmissionChannel } from "../../schema/db/database";
import { isSatisfied, needsFollowUp, type ScaleLevels, scales } from "../../schema/surveys/scales";
import type { Db } from "../db";
import type { Config } from "../env";
import { type FieldError, ProblemError } from "../problems";
import { IsolateCache } from "./isolate-cache";
import { deviceHash, hit, judge, type LimitRule, limitResults, windowStart } from "./rate-limit";
import {
  fileRatingState,
  findAgencyByCode,
  findCounterByPublicCode,
  findFileByCode,
  findFileById,
  findSubmissionByKey,
  type LoadedTemplate,
  loadTemplate,
  type NewRating,
  offeredFileSurvey,
  type RatingFileRow,
  writeRating,
} from "./ratings.queries";
import { type FileTokenPayload, ratingTokenKeys, signFileToken, verifyFileToken } from "./tokens";
import type { TurnstileOutcome, TurnstileVerifier } from "./turnstile";

/**
 * The rules of citizen ratings (no Hono here): which survey a citizen may answer, what a valid
 * answer is, one rating per file, single-use file tokens, idempotent retries, abuse handling and
 * the follow-up of low ratings. Legal basis: ND 118/2025/NĐ-CP Art. 29–34 (evaluation by citizens,
 * confidentiality of who gives feedback), TT 01/2018/TT-VPCP (one evaluation per file), Luật
 * 91/2025/QH15 (consent for the optional contact).
 */

export interface RatingDeps {
  config: Config;
  now: Date;
  /** The client as the edge saw it: `cf-connecting-ip` and `user-agent`; never stored. */
  client: { ip: string | null; userAgent: string | null };
  /** Cloudflare Turnstile, or null when the deployment has it off. */
  turnstile: TurnstileVerifier | null;
}

const DAY_MS = 86_400_000;

const ALREADY_RATED = {
  vi: "Hồ sơ này đã được đánh giá. Cảm ơn Ông/Bà!",
  en: "This file has already been rated. Thank you!",
};

function alreadyRated(): ProblemError {
  return new ProblemError("already-rated", { detail: ALREADY_RATED });
}

function tokenInvalid(): ProblemError {
  return new ProblemError("rating-token-invalid", {
    detail: {
      vi: "Mã QR đánh giá không hợp lệ. Vui lòng quét lại mã QR trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, hoặc nhập mã hồ sơ.",
      en: "This rating QR code is not valid. Please scan the QR code on your receipt again, or type the file code.",
    },
  });
}

function ratingExpired(until: Date): ProblemError {
  const date = formatDate(until);
  return new ProblemError("rating-expired", {
    detail: {
      vi: `Thời hạn đánh giá hồ sơ này đã kết thúc ngày ${date}. Ông/Bà vẫn có thể góp ý qua đường dây nóng của cơ quan.`,
      en: `The rating period for this file ended on ${date}. You can still give feedback through the agency's hotline.`,
    },
  });
}

function counterNotFound(): ProblemError {
  return new ProblemError("not-found", {
    detail: {
      vi: "Không tìm thấy quầy này. Vui lòng quét lại mã QR tại quầy.",
      en: "This counter was not found. Please scan the QR code at the counter again.",
    },
  });
}

function rateLimited(retryAfterSeconds: number): ProblemError {
  return new ProblemError("rate-limited", {
    detail: {
      vi: "Ông/Bà đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút.",
      en: "Too many requests in a short time. Please try again in a few minutes.",
    },
    headers: { "retry-after": String(retryAfterSeconds) },
  });
}

/** dd/mm/yyyy in Asia/Ho_Chi_Minh. */
export function formatDate(d: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(d);
}

function field(path: string, key: keyof typeof fieldMessages): FieldError {
  return { path, message: fieldMessages[key] };
}

function text(vi: string, en: string | null): Text {
  return { vi, en };
}

/** The highest score that enters the follow-up queue on this scale (Bình thường or below). */
export function followUpThreshold(levels: ScaleLevels): number {
  return Math.max(...scales[levels].filter((l) => needsFollowUp(l.score, levels)).map((l) => l.score));
}

/**
 * Whether a reason is required: the quick form's "Không hài lòng" (3-level scale, level 1), as
 * one-stop practice requires (DOMAIN §2.5). The 5-level SIPAS form asks "what went wrong" but
 * never requires it.
 */
export function reasonRequired(scores: readonly number[], levels: ScaleLevels): boolean {
  return levels === 3 && scores.some((s) => needsFollowUp(s, levels));
}

// ---------------------------------------------------------------------------------------------
// Survey definition

const RESPONDENT: SurveyDefinition["respondent"] = {
  kinds: [
    { value: "individual", label: text("Cá nhân", "Individual") },
    { value: "organisation", label: text("Tổ chức, doanh nghiệp", "Organisation or business") },
  ],
  ageBands: [
    { value: "under_30", label: text("Dưới 30 tuổi", "Under 30") },
    { value: "30_44", label: text("Từ 30 đến 44 tuổi", "30 to 44") },
    { value: "45_59", label: text("Từ 45 đến 59 tuổi", "45 to 59") },
    { value: "60_plus", label: text("Từ 60 tuổi trở lên", "60 or over") },
  ],
  genders: [
    { value: "female", label: text("Nữ", "Female") },
    { value: "male", label: text("Nam", "Male") },
    { value: "other", label: text("Khác", "Other") },
  ],
};

/** Builds what the page renders from a stored template version. */
export function buildSurveyDefinition(loaded: LoadedTemplate, config: Config): SurveyDefinition {
  const { template: t, elements, criteria, options } = loaded;
  const levels = t.scale_levels;
  const threshold = followUpThreshold(levels);
  const overallCriterion = t.overall_criterion_code
    ? criteria.find((c) => c.code === t.overall_criterion_code)
    : undefined;
  const overallQuestion = t.overall_question
    ? text(t.overall_question, t.overall_question_en)
    : overallCriterion
      ? text(overallCriterion.text, overallCriterion.text_en)
      : text(
          "Nhìn chung, Ông/Bà hài lòng như thế nào về sự phục vụ của cơ quan?",
          "Overall, how satisfied are you with the agency's service?",
        );
  return {
    id: t.id,
    code: t.code,
    version: t.version,
    kind: t.kind,
    name: text(t.name, t.name_en),
    scale: {
      levels,
      options: scales[levels].map((l) => ({
        score: l.score,
        label: text(l.vi, l.en),
        satisfied: isSatisfied(l.score, levels),
      })),
    },
    followUpAtOrBelow: threshold,
    reasonRequiredAtOrBelow: levels === 3 ? threshold : null,
    elements: elements.map((e) => ({
      code: e.code,
      name: text(e.name, e.name_en),
      satisfactionQuestion:
        t.kind === "sipas"
          ? text(`Mức độ hài lòng của Ông/Bà về: ${e.name}`, e.name_en ? `Your satisfaction with: ${e.name_en}` : null)
          : null,
      criteria: criteria
        .filter((c) => c.element_id === e.id)
        .map((c) => ({ code: c.code, text: text(c.text, c.text_en), required: c.required })),
    })),
    overall: { question: overallQuestion, criterionCode: overallCriterion?.code ?? null },
    expectations:
      options.length === 0
        ? null
        : {
            question: t.expectations_question
              ? text(t.expectations_question, t.expectations_question_en)
              : text(
                  `Ông/Bà mong muốn cơ quan cần cải thiện những nội dung nào? (chọn tối đa ${t.expectations_max} nội dung)`,
                  `What should the agency improve first? (choose up to ${t.expectations_max})`,
                ),
            max: t.expectations_max,
            options: options.map((o) => ({ code: o.code, text: text(o.text, o.text_en) })),
          },
    respondent: RESPONDENT,
    contactConsent: {
      version: CURRENT_CONTACT_CONSENT,
      text: text(CONTACT_CONSENTS[CURRENT_CONTACT_CONSENT].vi, CONTACT_CONSENTS[CURRENT_CONTACT_CONSENT].en),
    },
    turnstileSiteKey: config.TURNSTILE_SECRET ? (config.TURNSTILE_SITE_KEY ?? null) : null,
    honeypotField: HONEYPOT_FIELD,
  };
}

/** Published survey versions by id, per isolate: a published version is never edited. */
const templateCache = new IsolateCache<LoadedTemplate>({ ttlMs: 300_000, maxEntries: 1000 });

/** A published survey version (of `agencyId` when given), from the isolate's cache or the database. */
async function publishedTemplate(db: Db, templateId: string, agencyId?: string): Promise<LoadedTemplate | undefined> {
  const loaded = await templateCache.getOrLoad(templateId, () => loadTemplate(db, templateId));
  if (loaded && agencyId !== undefined && loaded.template.agency_id !== agencyId) return undefined;
  return loaded;
}

export async function surveyDefinition(db: Db, templateId: string, config: Config): Promise<SurveyDefinition> {
  const loaded = await publishedTemplate(db, templateId);
  if (!loaded) {
    throw new ProblemError("not-found", {
      detail: {
        vi: "Không tìm thấy phiếu đánh giá này. Vui lòng quét lại mã QR.",
        en: "This survey was not found. Please scan the QR code again.",
      },
    });
  }
  return buildSurveyDefinition(loaded, config);
}

// ---------------------------------------------------------------------------------------------
// Files: tokens and typed file codes

/** The last moment a file may be rated: RATING_WINDOW_DAYS after its result was returned. */
export function rateUntil(file: Pick<RatingFileRow, "returned_at">, config: Config): Date | null {
  return file.returned_at ? new Date(file.returned_at.getTime() + config.RATING_WINDOW_DAYS * DAY_MS) : null;
}

function assertWithinWindow(file: RatingFileRow, deps: RatingDeps): void {
  const until = rateUntil(file, deps.config);
  if (until && deps.now.getTime() > until.getTime()) throw ratingExpired(until);
}

async function ratingFile(db: Db, file: RatingFileRow, deps: RatingDeps, tokenId: string | null): Promise<RatingFile> {
  // Queries run one after another throughout: parallel queries on one request's client open
  // several connections for no gain here (and miniflare's local Hyperdrive proxy crashes at
  // shutdown on the extra sockets).
  const { rated, used } = await fileRatingState(db, file.agency_id, file.id, tokenId);
  const survey = await offeredFileSurvey(db, file.agency_id, file.counter_template_id);
  const until = rateUntil(file, deps.config);
  return {
    agency: { code: file.agency_code, name: file.agency_name, shortName: file.agency_short_name },
    file: {
      code: file.code,
      procedureName: file.procedure_name,
      unitName: file.unit_name,
      status: file.status,
      receivedAt: file.received_at.toISOString(),
      returnedAt: file.returned_at?.toISOString() ?? null,
    },
    survey: survey
      ? { id: survey.id, kind: survey.kind, name: survey.name, nameEn: survey.name_en, version: survey.version }
      : null,
    alreadyRated: rated || used,
    rateUntil: until?.toISOString() ?? null,
  };
}

function tokenKeys(config: Config) {
  const keys = ratingTokenKeys(config);
  // A deployment error, not the citizen's: answered as 500 and logged by the error handler.
  if (keys.length === 0) throw new Error("RATING_TOKEN_KEYS is not set: per-file rating tokens are unavailable");
  return keys;
}

/** Verifies a token's signature; an expired token is reported as such (its payload is genuine). */
async function checkToken(token: string, deps: RatingDeps): Promise<{ payload: FileTokenPayload; expired: boolean }> {
  const check = await verifyFileToken(token, tokenKeys(deps.config), deps.now);
  if (check.ok) return { payload: check.payload, expired: false };
  if (check.reason === "expired") return { payload: check.payload, expired: true };
  throw tokenInvalid();
}

/** GET /file/:token — what the receipt's QR points at. */
export async function resolveFileToken(db: Db, token: string, deps: RatingDeps): Promise<RatingFile> {
  const { payload, expired } = await checkToken(token, deps);
  if (expired) throw ratingExpired(new Date(payload.exp * 1000));
  // A genuine signature over a file that is not in that agency (or no longer exists).
  const file = await findFileById(db, payload.agency, payload.file);
  if (!file) throw tokenInvalid();
  assertWithinWindow(file, deps);
  return ratingFile(db, file, deps, payload.jti);
}

const FALLBACK_DEVICE_SALT = Uint8Array.from(new TextEncoder().encode("hailong-device-hash-fallback-salt"));

function deviceSecret(config: Config): Uint8Array<ArrayBuffer> {
  // Production without token keys falls back to a fixed salt: still daily-changing, but weaker.
  return ratingTokenKeys(config)[0]?.secret ?? FALLBACK_DEVICE_SALT;
}

/** Counts a file-code attempt of this device; too many in the window is refused (enumeration). */
async function limitFileCodeAttempts(db: Db, agencyId: string, deps: RatingDeps): Promise<void> {
  const device = await deviceHash(deviceSecret(deps.config), deps.client, deps.now);
  const rules: LimitRule[] = [
    {
      bucket: `lookup:device:${device}`,
      windowSeconds: deps.config.RATING_DEVICE_WINDOW_SECONDS,
      limit: deps.config.RATING_LOOKUP_LIMIT,
    },
  ];
  const verdict = judge(await hit(db, agencyId, rules, deps.now), 1, deps.now);
  if (verdict.kind === "far-over") throw rateLimited(verdict.retryAfterSeconds);
}

function fileNotFound(): ProblemError {
  return new ProblemError("not-found", {
    detail: {
      vi: "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã hồ sơ trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
      en: "No file has this code. Please check the file code on your receipt.",
    },
  });
}

function agencyNotFound(): ProblemError {
  return new ProblemError("not-found", {
    detail: { vi: "Không tìm thấy cơ quan này.", en: "This agency was not found." },
  });
}

/** POST /lookup — the citizen typed a file code (page or kiosk). */
export async function lookupFile(db: Db, req: FileLookupRequest, deps: RatingDeps): Promise<RatingFile> {
  const agency = await findAgencyByCode(db, req.agencyCode.trim());
  if (!agency) throw agencyNotFound();
  await limitFileCodeAttempts(db, agency.id, deps);
  const file = await findFileByCode(db, agency.id, req.fileCode.trim());
  if (!file) throw fileNotFound();
  assertWithinWindow(file, deps);
  return ratingFile(db, file, deps, null);
}

/**
 * Issues the token printed as a QR on the file's receipt. For the receipt-printing feature (or
 * the one-stop software's integration); no public route exposes it. The token expires
 * RATING_WINDOW_DAYS after the result was returned, or after the appointment date while the
 * file is still being handled (a reprint after return extends it).
 */
export async function issueFileToken(
  db: Db,
  config: Config,
  agencyId: string,
  fileId: string,
  now: Date = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const file = await findFileById(db, agencyId, fileId);
  if (!file) throw new ProblemError("not-found");
  const base = Math.max((file.returned_at ?? file.due_at).getTime(), now.getTime());
  const expiresAt = new Date(base + config.RATING_WINDOW_DAYS * DAY_MS);
  const token = await signFileToken({ agencyId, fileId, expiresAt }, tokenKeys(config));
  return { token, expiresAt };
}

// ---------------------------------------------------------------------------------------------
// Submissions

type Source = ParsedSubmissionRequest["source"];
type Counter = NonNullable<Awaited<ReturnType<typeof findCounterByPublicCode>>>;

/**
 * Counters by the public code of their QR, per isolate. What a rating takes from here is checked
 * again inside its own write (rating_submit): a counter moved, deactivated or given another
 * survey is noticed on the next rating, not after the cache's lifetime.
 */
const counterCache = new IsolateCache<Counter>({ ttlMs: 60_000, maxEntries: 5000 });

/** Where a submission comes from, once the entry point is known to exist. */
interface Entry {
  agencyId: string;
  channel: SubmissionChannel;
  counter: Counter | null;
  token: { payload: FileTokenPayload; expired: boolean } | null;
}

async function locateEntry(db: Db, source: Source, deps: RatingDeps): Promise<Entry> {
  switch (source.kind) {
    case "counter":
    case "kiosk": {
      const code = source.publicCode;
      const counter = await counterCache.getOrLoad(code, () => findCounterByPublicCode(db, code));
      if (!counter) throw counterNotFound();
      return {
        agencyId: counter.agency_id,
        channel: source.kind === "counter" ? "counter_qr" : "kiosk",
        counter,
        token: null,
      };
    }
    case "file_token": {
      const token = await checkToken(source.token, deps);
      return { agencyId: token.payload.agency, channel: "file_qr", counter: null, token };
    }
    case "file_code": {
      const agency = await findAgencyByCode(db, source.agencyCode);
      if (!agency) throw agencyNotFound();
      return { agencyId: agency.id, channel: "file_code", counter: null, token: null };
    }
  }
}

function receipt(row: { id: string; submitted_at: Date }, followUp: boolean): SubmissionReceipt {
  return { id: row.id, receivedAt: row.submitted_at.toISOString(), followUp };
}

/** The original receipt of a stored submission: its follow-up flag follows from its lowest score. */
function replayedReceipt(row: { id: string; submitted_at: Date; lowest: number | null; scale_levels: ScaleLevels }) {
  return receipt(row, row.lowest !== null && needsFollowUp(Number(row.lowest), row.scale_levels));
}

async function replay(db: Db, agencyId: string, key: string): Promise<SubmissionReceipt | null> {
  const row = await findSubmissionByKey(db, agencyId, key);
  if (!row) return null;
  const scores = [row.overall_score, row.min_answer, row.min_element].filter((s): s is number => s !== null);
  const lowest = scores.length > 0 ? Math.min(...scores.map(Number)) : null;
  return replayedReceipt({ ...row, lowest });
}

function surveyOutdated(path: "templateId" | "templateVersion"): ProblemError {
  return new ProblemError("validation", {
    detail: fieldMessages.rating_survey_outdated,
    errors: [field(path, "rating_survey_outdated")],
  });
}

interface CheckedAnswers {
  answers: NewRating["answers"];
  elementScores: NewRating["elementScores"];
  expectationOptionIds: string[];
  overall: number;
  scores: number[];
}

/** Checks the answers against the template; collects every field error into one 422. */
export function checkAnswers(loaded: LoadedTemplate, req: ParsedSubmissionRequest): CheckedAnswers {
  const { template: t, elements, criteria, options } = loaded;
  const levels = t.scale_levels;
  const errors: FieldError[] = [];
  const byCode = new Map(criteria.map((c) => [c.code, c]));
  const answered = new Map<string, number>();
  /** Criteria the request mentions, valid or not: a wrong score is not also "missing". */
  const mentioned = new Set<string>();
  const answers: CheckedAnswers["answers"] = [];
  for (const [i, a] of req.answers.entries()) {
    const criterion = byCode.get(a.criterionCode);
    if (!criterion) {
      errors.push(field(`answers.${i}.criterionCode`, "rating_unknown_item"));
    } else if (mentioned.has(a.criterionCode)) {
      errors.push(field(`answers.${i}.criterionCode`, "rating_duplicate"));
    } else {
      mentioned.add(a.criterionCode);
      if (a.score > levels) {
        errors.push(field(`answers.${i}.score`, "rating_invalid_score"));
      } else {
        answered.set(a.criterionCode, a.score);
        answers.push({ criterion_id: criterion.id, score: a.score });
      }
    }
  }
  for (const c of criteria) {
    const isOverall = c.code === t.overall_criterion_code;
    if ((c.required || isOverall) && !mentioned.has(c.code)) {
      errors.push(field(`answers.${c.code}`, "rating_criterion_required"));
    }
  }

  const elementScores: CheckedAnswers["elementScores"] = [];
  const elementByCode = new Map(elements.map((e) => [e.code, e]));
  const seenElements = new Set<string>();
  // Only SIPAS asks satisfaction per element (DOMAIN §1.2).
  for (const [i, e] of (req.elementScores ?? []).entries()) {
    const element = t.kind === "sipas" ? elementByCode.get(e.elementCode) : undefined;
    if (!element) {
      errors.push(field(`elementScores.${i}.elementCode`, "rating_unknown_item"));
    } else if (seenElements.has(e.elementCode)) {
      errors.push(field(`elementScores.${i}.elementCode`, "rating_duplicate"));
    } else if (e.score > levels) {
      errors.push(field(`elementScores.${i}.score`, "rating_invalid_score"));
    } else {
      seenElements.add(e.elementCode);
      elementScores.push({ element_id: element.id, score: e.score });
    }
  }

  // The overall score: the overall criterion's answer (quick form), or the `overall` field.
  let overall: number | undefined;
  if (t.overall_criterion_code) {
    // Always answered (checked above); a separate `overall` field is ignored.
    overall = answered.get(t.overall_criterion_code);
  } else if (req.overall === undefined || req.overall === null) {
    errors.push(field("overall", "rating_criterion_required"));
  } else if (req.overall > levels) {
    errors.push(field("overall", "rating_invalid_score"));
  } else {
    overall = req.overall;
  }

  const scores = [
    ...answered.values(),
    ...elementScores.map((e) => e.score),
    ...(overall !== undefined ? [overall] : []),
  ];
  if (reasonRequired(scores, levels) && !req.reason) errors.push(field("reason", "rating_reason_required"));

  const expectationOptionIds: string[] = [];
  const optionByCode = new Map(options.map((o) => [o.code, o]));
  const chosen = req.expectations ?? [];
  if (chosen.length > t.expectations_max) errors.push(field("expectations", "rating_too_many_choices"));
  for (const [i, code] of chosen.entries()) {
    const option = optionByCode.get(code);
    if (!option) errors.push(field(`expectations.${i}`, "rating_unknown_item"));
    else if (expectationOptionIds.includes(option.id)) errors.push(field(`expectations.${i}`, "rating_duplicate"));
    else expectationOptionIds.push(option.id);
  }

  if (req.contact && !Object.hasOwn(CONTACT_CONSENTS, req.contact.consentVersion)) {
    errors.push(field("contact.consentVersion", "rating_survey_outdated"));
  }

  if (errors.length > 0 || overall === undefined) throw new ProblemError("validation", { errors });
  return { answers, elementScores, expectationOptionIds, overall, scores };
}

/** Flags decided before writing: the honeypot and, when on, Turnstile. */
async function preFlags(entry: Entry, req: ParsedSubmissionRequest, deps: RatingDeps): Promise<string[]> {
  const reasons: string[] = [];
  const honeypot = req[HONEYPOT_FIELD];
  if (honeypot && honeypot.trim() !== "") reasons.push("honeypot");
  // A signed file token already proves a receipt; Turnstile guards the open entry points.
  if (deps.turnstile && entry.channel !== "file_qr" && reasons.length === 0) {
    if (!req.turnstileToken) reasons.push("turnstile_missing");
    else {
      const outcome = await deps.turnstile.verify(req.turnstileToken, deps.client.ip);
      if (outcome === "failed") reasons.push("turnstile_failed");
      if (outcome === "unavailable") reasons.push("turnstile_unavailable");
    }
  }
  return reasons;
}

/** A limit rule with the flag reason it raises. */
type RatingRule = LimitRule & { reason: "rate_limit_device" | "rate_limit_counter" };

/**
 * Counter-QR and kiosk limits, counted by the submission's own write (rating_submit), only when
 * it is stored: per device (salted daily hash of IP + user agent) per window, and per counter
 * per minute. Over a limit: flagged. Over limit × RATING_HARD_LIMIT_FACTOR: 429, nothing stored.
 */
async function limitRules(entry: Entry, deps: RatingDeps): Promise<RatingRule[]> {
  if (!entry.counter) return [];
  const { config } = deps;
  const device = await deviceHash(deviceSecret(config), deps.client, deps.now);
  const kiosk = entry.channel === "kiosk";
  return [
    {
      bucket: `${kiosk ? "rating:kiosk" : "rating:device"}:${device}`,
      windowSeconds: config.RATING_DEVICE_WINDOW_SECONDS,
      limit: kiosk ? config.RATING_KIOSK_DEVICE_LIMIT : config.RATING_DEVICE_LIMIT,
      reason: "rate_limit_device",
    },
    {
      bucket: `rating:counter:${entry.counter.id}`,
      windowSeconds: 60,
      limit: config.RATING_COUNTER_LIMIT_PER_MINUTE,
      reason: "rate_limit_counter",
    },
  ];
}

function isUniqueViolation(err: unknown): err is { code: string; constraint_name?: string } {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "23505";
}

/** Asks Turnstile at most once per token in one request (a stale cache makes us try twice). */
function verifyOnce(verifier: TurnstileVerifier): TurnstileVerifier {
  const outcomes = new Map<string, Promise<TurnstileOutcome>>();
  return {
    verify(token, remoteIp) {
      let outcome = outcomes.get(token);
      if (!outcome) {
        outcome = verifier.verify(token, remoteIp);
        outcomes.set(token, outcome);
      }
      return outcome;
    },
  };
}

const STALE = Symbol("stale");

/**
 * POST /submissions. Order matters: a retry of a stored submission is answered from the stored
 * row before any other check (so it never becomes a 409 or a 410), then the file rules, the
 * survey and answers, the abuse rules, and one write.
 *
 * From a counter or kiosk (the mass path) the counter and the survey come from the isolate's
 * cache and the rating is one round trip: the idempotency check is part of the write. When the
 * write finds the cache out of date, both are reloaded and the rating is tried once more.
 *
 * @returns the receipt, and whether it is a replay of an earlier request with the same key.
 */
export async function submitRating(
  db: Db,
  req: ParsedSubmissionRequest,
  deps: RatingDeps,
): Promise<{ receipt: SubmissionReceipt; replayed: boolean }> {
  const once: RatingDeps = { ...deps, turnstile: deps.turnstile && verifyOnce(deps.turnstile) };
  const first = await attemptSubmission(db, req, once, false);
  if (first !== STALE) return first;
  if (req.source.kind === "counter" || req.source.kind === "kiosk") counterCache.delete(req.source.publicCode);
  templateCache.delete(req.templateId);
  const second = await attemptSubmission(db, req, once, true);
  if (second !== STALE) return second;
  // Changed again between our reload and our write: let the page reload the survey.
  throw surveyOutdated("templateId");
}

/** One try; `reloaded`: the counter and survey were just read from the database, not the cache. */
async function attemptSubmission(
  db: Db,
  req: ParsedSubmissionRequest,
  deps: RatingDeps,
  reloaded: boolean,
): Promise<{ receipt: SubmissionReceipt; replayed: boolean } | typeof STALE> {
  const entry = await locateEntry(db, req.source, deps);

  // Resolve the file (file sources) and apply the one-rating and time-window rules. A retry of
  // a stored rating is answered first: by then its token is spent and its file rated.
  let file: RatingFileRow | undefined;
  if (req.source.kind === "file_token" || req.source.kind === "file_code") {
    const earlier = await replay(db, entry.agencyId, req.idempotencyKey);
    if (earlier) return { receipt: earlier, replayed: true };
  }
  if (entry.token) {
    if (entry.token.expired) throw ratingExpired(new Date(entry.token.payload.exp * 1000));
    file = await findFileById(db, entry.agencyId, entry.token.payload.file);
    if (!file) throw tokenInvalid();
  } else if (req.source.kind === "file_code") {
    await limitFileCodeAttempts(db, entry.agencyId, deps);
    file = await findFileByCode(db, entry.agencyId, req.source.fileCode);
    if (!file) throw fileNotFound();
  }
  if (file) {
    assertWithinWindow(file, deps);
    const state = await fileRatingState(db, file.agency_id, file.id, entry.token?.payload.jti ?? null);
    if (state.rated || state.used) throw alreadyRated();
  }

  // The survey: a published version of the agency's survey. From a counter, it must be a version
  // of the counter's survey (any version: a citizen offline for a while keeps the one they saw).
  const loaded = await publishedTemplate(db, req.templateId, entry.agencyId);
  if (!loaded) throw surveyOutdated("templateId");
  if (loaded.template.version !== req.templateVersion) throw surveyOutdated("templateVersion");
  if (entry.counter && loaded.template.code !== entry.counter.template_code) {
    // A cached counter may predate a switch to another survey: look again before refusing.
    if (!reloaded) return STALE;
    throw surveyOutdated("templateId");
  }

  const checked = checkAnswers(loaded, req);
  const reasons = await preFlags(entry, req, deps);
  const levels = loaded.template.scale_levels;
  const low = checked.scores.some((s) => needsFollowUp(s, levels));

  const unitId = file?.unit_id ?? entry.counter?.unit_id;
  if (!unitId) throw new Error("a rating entry without a unit");
  const contact = req.contact?.consent === true ? req.contact : null;
  const rating: NewRating = {
    submission: {
      agency_id: entry.agencyId,
      idempotency_key: req.idempotencyKey,
      template_id: loaded.template.id,
      channel: entry.channel,
      unit_id: unitId,
      counter_id: file ? file.counter_id : (entry.counter?.id ?? null),
      procedure_id: file?.procedure_id ?? null,
      file_id: file?.id ?? null,
      overall_score: checked.overall,
      reason: req.reason || null,
      respondent_kind: req.respondent?.kind ?? null,
      age_band: req.respondent?.ageBand ?? null,
      gender: req.respondent?.gender ?? null,
      flag_reason: reasons.length > 0 ? reasons.join(",") : null,
    },
    answers: checked.answers,
    elementScores: checked.elementScores,
    expectationOptionIds: checked.expectationOptionIds,
    tokenId: entry.token?.payload.jti ?? null,
    followUp: low
      ? {
          what_went_wrong: req.whatWentWrong || null,
          contact: contact?.text ?? null,
          contact_consent_version: contact?.consentVersion ?? null,
        }
      : null,
  };

  const rules = await limitRules(entry, deps);
  let written: Awaited<ReturnType<typeof writeRating>>;
  try {
    written = await writeRating(
      db,
      rating,
      {
        now: deps.now,
        hardFactor: deps.config.RATING_HARD_LIMIT_FACTOR,
        rules: rules.map((r) => ({
          bucket: r.bucket,
          windowStart: windowStart(deps.now, r.windowSeconds),
          limit: r.limit,
          reason: r.reason,
        })),
      },
      {
        templateVersion: loaded.template.version,
        counter: entry.counter && {
          id: entry.counter.id,
          publicCode: entry.counter.public_code,
          unitId: entry.counter.unit_id,
          // Checked equal to the template's code above.
          templateCode: loaded.template.code,
        },
      },
    );
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Another rating of the same file, or the same token, got there first.
    if (err.constraint_name === "submissions_one_per_file" || err.constraint_name === "rating_tokens_used_pkey") {
      throw alreadyRated();
    }
    throw err;
  }
  switch (written.outcome) {
    case "stale":
      return STALE;
    case "rate-limited": {
      const verdict = judge(
        limitResults(rules, written.counts, deps.now),
        deps.config.RATING_HARD_LIMIT_FACTOR,
        deps.now,
      );
      throw rateLimited(verdict.kind === "far-over" ? verdict.retryAfterSeconds : 60);
    }
    case "replayed":
      return { receipt: replayedReceipt(written), replayed: true };
    case "stored":
      return { receipt: receipt(written, low), replayed: false };
  }
}
