/**
 * Attachments of cases and answers: bytes in R2 (binding ATTACHMENTS) under an opaque key,
 * metadata in case_attachments. The type is checked on the bytes (file-types.ts), the size and
 * count against the limits. A denunciation's attachments identify the denouncer by default, so
 * their content and name are encrypted with the identity keys before they reach R2, and only
 * staff allowed to see the identity may download them (each download audit-logged).
 *
 * Uploads are one file per request, the raw bytes as the body (no multipart), so a request
 * never holds more than one file in memory.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../schema/db/database";
import type { Staff } from "../auth/staff";
import type { Config } from "../env";
import { ProblemError } from "../problems";
import type { AttachmentRow, CaseCoreRow } from "./cases.queries";
import { findAnswer, isAssigned, listAttachments } from "./cases.queries";
import { assertIdentityAccess, logIdentityView } from "./cases.service";
import { checkFile, cleanFileName } from "./file-types";
import { attachmentsIdentify } from "./identity";
import {
  attachmentAad,
  type Keyring,
  keyringFor,
  openBytes,
  openText,
  sealBytes,
  sealText,
  toBase64Url,
} from "./identity-crypto";

type Db = Kysely<Database>;

/** Paths whose bodies are files: the app's 1 MB body limit does not apply, these routes set their own. */
export function isAttachmentUpload(path: string, method: string): boolean {
  return (
    method === "POST" &&
    (/^\/api\/public\/cases\/[^/]+\/attachments$/.test(path) ||
      /^\/api\/staff\/cases\/[^/]+\/answer\/attachments$/.test(path))
  );
}

export function bucketOf(env: { ATTACHMENTS?: R2Bucket }): R2Bucket {
  if (!env.ATTACHMENTS) {
    console.error("the ATTACHMENTS R2 binding is missing");
    throw new ProblemError("storage-unavailable");
  }
  return env.ATTACHMENTS;
}

function tooLarge(max: number): ProblemError {
  const mb = Math.round((max / 1024 / 1024) * 10) / 10;
  return new ProblemError("payload-too-large", {
    detail: {
      vi: `Mỗi tệp đính kèm không quá ${String(mb).replace(".", ",")} MB.`,
      en: `Each attachment may be at most ${mb} MB.`,
    },
    extensions: { maxBytes: max },
  });
}

/** Reads a request body of at most `max` bytes (413 beyond, without reading the rest). */
export async function readLimitedBody(request: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) throw tooLarge(max);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function refused(reason: "empty" | "unknown_type" | "extension_mismatch"): ProblemError {
  const detail =
    reason === "empty"
      ? { vi: "Tệp rỗng.", en: "The file is empty." }
      : reason === "extension_mismatch"
        ? {
            vi: "Phần mở rộng của tên tệp không khớp với nội dung tệp.",
            en: "The file name's extension does not match the file's content.",
          }
        : {
            vi: "Chỉ nhận ảnh (JPG, PNG, WEBP, HEIC), PDF và tài liệu Word, Excel, OpenDocument (không có macro).",
            en: "Only images (JPG, PNG, WEBP, HEIC), PDF and Word, Excel or OpenDocument files (without macros) are accepted.",
          };
  return new ProblemError("unsupported-media-type", { detail, extensions: { reason } });
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function opaqueKey(caseId: string): string {
  return `cases/${caseId}/${toBase64Url(crypto.getRandomValues(new Uint8Array(18)))}`;
}

interface StoreInput {
  row: CaseCoreRow;
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
  uploadedBy: { kind: "citizen" } | { kind: "staff"; staffId: string };
  answerId: string | null;
  /** At most this many attachments of the same group (the citizen's, or the answer's). */
  maxFiles: number;
}

export interface StoredAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

/**
 * Checks and stores one attachment. The object is written first; the row (with a count check
 * under the case's row lock) second; if the row is refused the object is deleted again.
 */
export async function storeAttachment(
  db: Db,
  bucket: R2Bucket,
  config: Config,
  input: StoreInput,
): Promise<StoredAttachment> {
  const name = cleanFileName(input.name);
  const check = checkFile(input.bytes, name);
  if (!check.ok) throw refused(check.reason);
  const identifying = attachmentsIdentify(input.row.kind);
  const id = crypto.randomUUID();
  const key = opaqueKey(input.row.id);
  const sha256 = await sha256Hex(input.bytes);
  let ring: Keyring | null = null;
  let body: Uint8Array<ArrayBuffer> = input.bytes;
  let sealedName: { iv: string; ciphertext: string } | null = null;
  let sealedIv: string | null = null;
  if (identifying) {
    ring = await keyringFor(config);
    const sealed = await sealBytes(ring, input.bytes, attachmentAad(input.row.agency_id, id, "content"));
    body = sealed.ciphertext;
    sealedIv = sealed.iv;
    const nameSealed = await sealText(ring, name, attachmentAad(input.row.agency_id, id, "name"));
    sealedName = { iv: nameSealed.iv, ciphertext: nameSealed.ciphertext };
  }
  await bucket.put(key, body, {
    httpMetadata: { contentType: identifying ? "application/octet-stream" : check.type.contentType },
    customMetadata: { case: input.row.id, attachment: id, encrypted: String(identifying) },
  });
  try {
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom("cases").where("id", "=", input.row.id).select("id").forUpdate().executeTakeFirst();
      const existing = await trx
        .selectFrom("case_attachments")
        .where("case_id", "=", input.row.id)
        .where("uploaded_by_kind", "=", input.uploadedBy.kind)
        .where((eb) => (input.answerId ? eb("answer_id", "=", input.answerId) : eb("answer_id", "is", null)))
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      if (Number(existing.n) >= input.maxFiles) {
        throw new ProblemError("conflict", {
          detail: {
            vi: `Chỉ được đính kèm tối đa ${input.maxFiles} tệp.`,
            en: `At most ${input.maxFiles} attachments are allowed.`,
          },
          extensions: { maxFiles: input.maxFiles },
        });
      }
      await trx
        .insertInto("case_attachments")
        .values({
          id,
          agency_id: input.row.agency_id,
          case_id: input.row.id,
          answer_id: input.answerId,
          uploaded_by_kind: input.uploadedBy.kind,
          uploaded_by: input.uploadedBy.kind === "staff" ? input.uploadedBy.staffId : null,
          object_key: key,
          content_type: check.type.contentType,
          size_bytes: input.bytes.byteLength,
          sha256,
          identifying,
          file_name: identifying ? null : name,
          key_id: identifying && ring ? ring.primary.kid : null,
          iv: sealedIv,
          name_iv: sealedName?.iv ?? null,
          name_ciphertext: sealedName?.ciphertext ?? null,
        })
        .execute();
      await trx
        .insertInto("case_events")
        .values({
          agency_id: input.row.agency_id,
          case_id: input.row.id,
          actor_kind: input.uploadedBy.kind,
          actor_id: input.uploadedBy.kind === "staff" ? input.uploadedBy.staffId : null,
          actor_label: input.uploadedBy.kind === "staff" ? "Cán bộ xử lý" : "Người gửi đơn",
          action: "attachment_added",
          details: { attachmentId: id, forAnswer: input.answerId !== null },
        })
        .execute();
    });
  } catch (err) {
    await bucket.delete(key).catch(() => {});
    throw err;
  }
  return { id, name, contentType: check.type.contentType, size: input.bytes.byteLength };
}

/** A citizen adds a file with the tracking secret: while the case is received and the window is open. */
export function addCitizenAttachment(
  db: Db,
  bucket: R2Bucket,
  config: Config,
  row: CaseCoreRow,
  file: { name: string; bytes: Uint8Array<ArrayBuffer> },
  now: Date,
): Promise<StoredAttachment> {
  const open = row.attachments_open_until !== null && row.attachments_open_until.getTime() > now.getTime();
  if (row.status !== "received" || !open) {
    throw new ProblemError("illegal-transition", {
      detail: {
        vi: "Đơn đã được xử lý hoặc đã hết thời gian bổ sung tài liệu trực tuyến; vui lòng liên hệ cơ quan.",
        en: "The case is already being handled or the time to add files online has ended; please contact the agency.",
      },
      extensions: { currentStatus: row.status },
    });
  }
  return storeAttachment(db, bucket, config, {
    row,
    name: file.name,
    bytes: file.bytes,
    uploadedBy: { kind: "citizen" },
    answerId: null,
    maxFiles: config.CASE_ATTACHMENT_MAX_FILES,
  });
}

/** Staff attach the signed answer (or other documents) to a recorded, unpublished answer. */
export async function addAnswerAttachment(
  db: Db,
  bucket: R2Bucket,
  config: Config,
  staff: Staff,
  row: CaseCoreRow,
  file: { name: string; bytes: Uint8Array<ArrayBuffer> },
): Promise<StoredAttachment> {
  const answer = await findAnswer(db, row.id);
  if (!answer || row.status !== "answered") {
    throw new ProblemError("illegal-transition", {
      detail: {
        vi: "Chỉ đính kèm văn bản sau khi đã ghi câu trả lời và trước khi công khai, kết thúc.",
        en: "Documents are attached after the answer is recorded and before it is published or closed.",
      },
      extensions: { currentStatus: row.status },
    });
  }
  if (!(await isAssigned(db, row.id, staff.id)) && staff.role !== "admin" && staff.role !== "manager") {
    throw new ProblemError("forbidden", { extensions: { reason: "not-assigned" } });
  }
  return storeAttachment(db, bucket, config, {
    row,
    name: file.name,
    bytes: file.bytes,
    uploadedBy: { kind: "staff", staffId: staff.id },
    answerId: answer.id,
    maxFiles: config.CASE_ATTACHMENT_MAX_FILES,
  });
}

async function attachmentOf(db: Db, row: CaseCoreRow, attachmentId: string): Promise<AttachmentRow> {
  const attachment = (await listAttachments(db, row.id)).find((a) => a.id === attachmentId);
  if (!attachment) throw new ProblemError("not-found");
  return attachment;
}

function contentDisposition(name: string): string {
  const ascii = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Reads (and decrypts) an attachment into a download response. */
async function download(bucket: R2Bucket, config: Config, a: AttachmentRow): Promise<Response> {
  const object = await bucket.get(a.object_key);
  if (!object) {
    console.error(`attachment ${a.id}: object ${a.object_key} is missing`);
    throw new ProblemError("not-found");
  }
  let bytes = new Uint8Array(await object.arrayBuffer());
  let name = a.file_name ?? "tep-dinh-kem";
  if (a.identifying) {
    if (!a.key_id || !a.iv || !a.name_iv || !a.name_ciphertext)
      throw new Error(`attachment ${a.id}: sealed fields missing`);
    const ring = await keyringFor(config);
    bytes = await openBytes(
      ring,
      { keyId: a.key_id, iv: a.iv, ciphertext: bytes },
      attachmentAad(a.agency_id, a.id, "content"),
    );
    name = await openText(
      ring,
      { keyId: a.key_id, iv: a.name_iv, ciphertext: a.name_ciphertext },
      attachmentAad(a.agency_id, a.id, "name"),
    );
  }
  return new Response(bytes, {
    headers: {
      "content-type": a.content_type,
      "content-length": String(bytes.byteLength),
      "content-disposition": contentDisposition(name),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/** A staff download: identifying attachments only for those who may see the identity, and logged. */
export async function staffDownload(
  db: Db,
  bucket: R2Bucket,
  config: Config,
  staff: Staff,
  row: CaseCoreRow,
  attachmentId: string,
  now: Date,
): Promise<Response> {
  const a = await attachmentOf(db, row, attachmentId);
  if (a.identifying) {
    await assertIdentityAccess(db, staff, row);
    const response = await download(bucket, config, a);
    await logIdentityView(db, staff, row, { attachmentId: a.id }, now);
    return response;
  }
  return download(bucket, config, a);
}

/** The citizen downloads the files of their own case (theirs and the answer's). */
export async function citizenDownload(
  db: Db,
  bucket: R2Bucket,
  config: Config,
  row: CaseCoreRow,
  attachmentId: string,
): Promise<Response> {
  const a = await attachmentOf(db, row, attachmentId);
  if (a.answer_id !== null && !["answered", "published", "closed"].includes(row.status))
    throw new ProblemError("not-found");
  return download(bucket, config, a);
}
