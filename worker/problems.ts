import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { PROBLEM_CONTENT_TYPE, type Problem } from "../schema/api/problem";
import { type Lang, pickLang } from "./lib/lang";

interface Text {
  vi: string;
  en: string;
}

/**
 * The problem catalogue: every error the API can answer, by stable slug. Each has a status
 * and a title a citizen or an officer can read, in Vietnamese and English.
 */
export const problemCatalogue = {
  "bad-request": { status: 400, title: { vi: "Yêu cầu không hợp lệ", en: "Bad request" } },
  unauthorized: { status: 401, title: { vi: "Vui lòng đăng nhập", en: "Sign-in required" } },
  forbidden: { status: 403, title: { vi: "Bạn không có quyền thực hiện việc này", en: "Not allowed" } },
  "not-found": { status: 404, title: { vi: "Không tìm thấy", en: "Not found" } },
  "method-not-allowed": { status: 405, title: { vi: "Phương thức không được hỗ trợ", en: "Method not allowed" } },
  conflict: {
    status: 409,
    title: { vi: "Dữ liệu đã tồn tại hoặc đã thay đổi", en: "Conflict with the current state" },
  },
  "payload-too-large": { status: 413, title: { vi: "Dữ liệu gửi lên quá lớn", en: "Payload too large" } },
  "unsupported-media-type": {
    status: 415,
    title: { vi: "Định dạng dữ liệu không được hỗ trợ", en: "Unsupported media type" },
  },
  validation: { status: 422, title: { vi: "Thông tin chưa hợp lệ", en: "Some fields are not valid" } },
  "invalid-reference": {
    status: 422,
    title: { vi: "Dữ liệu tham chiếu không tồn tại", en: "A referenced record does not exist" },
  },
  // Citizen ratings (worker/ratings).
  "already-rated": {
    status: 409,
    title: { vi: "Hồ sơ đã được đánh giá", en: "This file has already been rated" },
  },
  "rating-token-invalid": {
    status: 400,
    title: { vi: "Mã QR đánh giá không hợp lệ", en: "The rating QR code is not valid" },
  },
  "rating-expired": {
    status: 410,
    title: { vi: "Đã hết thời hạn đánh giá hồ sơ này", en: "The rating period for this file has ended" },
  },
  "rate-limited": {
    status: 429,
    title: { vi: "Bạn thao tác quá nhanh, vui lòng thử lại sau", en: "Too many requests" },
  },
  "invalid-credentials": {
    status: 401,
    title: { vi: "Tên đăng nhập hoặc mật khẩu không đúng", en: "Wrong username or password" },
  },
  "session-expired": {
    status: 401,
    title: {
      vi: "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại",
      en: "Your session has expired, please sign in again",
    },
  },
  "totp-required": {
    status: 401,
    title: { vi: "Vui lòng nhập mã xác thực hai lớp", en: "Enter the code from your authenticator app" },
  },
  csrf: {
    status: 403,
    title: {
      vi: "Yêu cầu bị từ chối vì không xác minh được nguồn gửi, vui lòng tải lại trang",
      en: "Request refused: its origin could not be verified (CSRF), please reload the page",
    },
  },
  "password-change-required": {
    status: 403,
    title: { vi: "Vui lòng đổi mật khẩu trước khi tiếp tục", en: "Please change your password to continue" },
  },
  locked: {
    status: 429,
    title: {
      vi: "Tài khoản tạm khóa do đăng nhập sai nhiều lần, vui lòng thử lại sau",
      en: "Too many failed sign-ins: temporarily locked, please try again later",
    },
  },
  // Petitions, complaints and denunciations (worker/cases).
  "illegal-transition": {
    status: 409,
    title: {
      vi: "Không thể thực hiện thao tác này ở trạng thái hiện tại của đơn",
      en: "This action is not allowed in the case's current state",
    },
  },
  "answer-already-rated": {
    status: 409,
    title: { vi: "Ông/Bà đã đánh giá câu trả lời này", en: "You have already rated this answer" },
  },
  "identity-store-unavailable": {
    status: 503,
    title: {
      vi: "Chưa thể lưu trữ an toàn thông tin người gửi, vui lòng thử lại sau",
      en: "The filer's details cannot be stored securely right now, please try later",
    },
  },
  "storage-unavailable": {
    status: 503,
    title: { vi: "Kho lưu trữ tệp đính kèm tạm thời gián đoạn", en: "Attachment storage is temporarily unavailable" },
  },
  // Files on time and apology letters (worker/files).
  "second-supplement": {
    status: 409,
    title: {
      vi: "Hồ sơ chỉ được yêu cầu bổ sung, hoàn thiện một lần",
      en: "A file may be sent back for supplementing only once",
    },
  },
  "reappointment-once": {
    status: 409,
    title: {
      vi: "Việc hẹn lại ngày trả kết quả chỉ được thực hiện một lần",
      en: "The return date may be re-appointed only once",
    },
  },
  "apology-not-needed": {
    status: 409,
    title: {
      vi: "Hồ sơ chưa quá hạn hoặc sắp quá hạn, chưa cần phiếu xin lỗi",
      en: "The file is neither late nor about to be late: no apology letter is needed",
    },
  },
  "file-transition": {
    status: 409,
    title: {
      vi: "Thao tác không phù hợp với tình trạng hiện tại của hồ sơ",
      en: "This action does not fit the file's current state",
    },
  },
  "integration-key-invalid": {
    status: 401,
    title: {
      vi: "Khóa tích hợp không hợp lệ hoặc đã bị thu hồi",
      en: "The integration key is not valid or was revoked",
    },
  },
  "import-has-errors": {
    status: 422,
    title: { vi: "Tệp còn dòng lỗi: chưa nhập dòng nào", en: "The file has rows with errors: nothing was imported" },
  },
  "import-closed": {
    status: 409,
    title: { vi: "Lượt nhập này đã được ghi trước đó", en: "This import was already committed" },
  },
  internal: { status: 500, title: { vi: "Hệ thống gặp sự cố", en: "Internal error" } },
  "database-unavailable": {
    status: 503,
    title: { vi: "Hệ thống tạm thời gián đoạn, vui lòng thử lại", en: "Service temporarily unavailable, please retry" },
  },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: Text }>;

export type ProblemSlug = keyof typeof problemCatalogue;

export interface FieldError {
  path: string;
  message: Text;
}

export interface ProblemInit {
  detail?: Text;
  errors?: FieldError[];
  /** Extension members (RFC 9457 §3.2), e.g. the current state after a 409. */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Thrown anywhere in a request; the one error handler answers it as problem+json. */
export class ProblemError extends Error {
  constructor(
    readonly slug: ProblemSlug,
    readonly init: ProblemInit = {},
  ) {
    super(init.detail?.en ?? problemCatalogue[slug].title.en);
    this.name = "ProblemError";
  }
}

export function problemType(slug: ProblemSlug): string {
  return `/api/problems/${slug}`;
}

/** Builds the problem+json response for `slug` in the request's language. */
export function problemResponse(c: Context, slug: ProblemSlug, init: ProblemInit = {}): Response {
  const entry = problemCatalogue[slug];
  const lang: Lang = pickLang(c);
  const body: Problem & Record<string, unknown> = {
    ...init.extensions,
    type: problemType(slug),
    title: entry.title[lang],
    status: entry.status,
    lang,
    i18n: {
      vi: { title: entry.title.vi, ...(init.detail && { detail: init.detail.vi }) },
      en: { title: entry.title.en, ...(init.detail && { detail: init.detail.en }) },
    },
    instance: new URL(c.req.url).pathname,
  };
  if (init.detail) body.detail = init.detail[lang];
  const requestId = c.get("requestId") as string | undefined;
  if (requestId) body.requestId = requestId;
  if (init.errors) {
    body.errors = init.errors.map((e) => ({ path: e.path, message: e.message[lang], messageEn: e.message.en }));
  }
  // c.body keeps the headers middleware already set on the context (x-request-id…).
  return c.body(JSON.stringify(body), entry.status, { "content-type": PROBLEM_CONTENT_TYPE, ...init.headers });
}

/** SQLSTATE classes that mean "the database is not there" rather than "the query is wrong". */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

interface PgLikeError {
  code?: string;
  constraint_name?: string;
  message?: string;
}

/** Maps a Postgres error to a problem, or null when it is not one the client caused. */
export function problemFromDatabase(err: unknown): ProblemError | null {
  if (typeof err !== "object" || err === null) return null;
  const { code, constraint_name: constraint } = err as PgLikeError;
  if (!code) return null;
  if (UNAVAILABLE_CODES.has(code)) {
    return new ProblemError("database-unavailable", { headers: { "retry-after": "5" } });
  }
  const extensions = constraint ? { constraint } : undefined;
  switch (code) {
    case "23505":
    case "23P01": // exclusion constraint, e.g. two rules in force over the same period
      return new ProblemError("conflict", {
        detail: { vi: "Bản ghi này đã tồn tại.", en: "This record already exists." },
        extensions,
      });
    case "23503":
      return new ProblemError("invalid-reference", { extensions });
    case "23001": // restrict_violation: the row is still in use
      return new ProblemError("conflict", {
        detail: { vi: "Dữ liệu đang được sử dụng, không thể xóa.", en: "This record is still in use." },
        extensions,
      });
    case "23514":
    case "23502":
    case "22001":
    case "22003":
    case "22007":
    case "22008":
    case "22P02":
      return new ProblemError("validation", {
        detail: { vi: "Dữ liệu không thỏa mãn ràng buộc.", en: "The data breaks a rule of the database." },
        extensions,
      });
    case "22021": // character_not_in_repertoire: a NUL (\u0000) in a text
    case "22P05": // untranslatable_character
      return new ProblemError("validation", {
        detail: {
          vi: "Dữ liệu chứa ký tự không được phép (ví dụ ký tự NUL).",
          en: "The data contains a character that cannot be stored (such as NUL).",
        },
      });
    case "40001":
    case "40P01":
      return new ProblemError("conflict", {
        detail: {
          vi: "Dữ liệu vừa được người khác thay đổi, vui lòng thử lại.",
          en: "Changed concurrently, please retry.",
        },
      });
    default:
      return null;
  }
}

function statusSlug(status: number): ProblemSlug {
  for (const [slug, entry] of Object.entries(problemCatalogue)) {
    if (entry.status === status) return slug as ProblemSlug;
  }
  return status >= 500 ? "internal" : "bad-request";
}

/** The one error handler (app.onError): problem+json for everything, no internals on 500. */
export function handleError(err: unknown, c: Context): Response {
  if (err instanceof ProblemError) return problemResponse(c, err.slug, err.init);
  const fromDb = problemFromDatabase(err);
  if (fromDb) {
    if (fromDb.slug === "database-unavailable") console.error("database unavailable", describe(err));
    return problemResponse(c, fromDb.slug, fromDb.init);
  }
  if (err instanceof HTTPException) {
    // Hono's own middleware (body limit, malformed JSON…) throws these.
    const slug = statusSlug(err.status);
    return problemResponse(c, slug);
  }
  console.error("unhandled error", c.get("requestId"), describe(err));
  return problemResponse(c, "internal");
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ""}` : String(err);
}
