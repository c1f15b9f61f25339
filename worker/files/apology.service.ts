/**
 * Apology letters for late files (phiếu xin lỗi và hẹn lại ngày trả kết quả).
 *
 * ND 118/2025/NĐ-CP Điều 19 khoản 6 [P, DOMAIN §0.3]: for a file expected to be late, at the
 * latest one day before the deadline, the handling body notifies the one-stop desk in writing
 * and sends the citizen an apology stating the reason and the new return date, on the form of
 * TT 03/2025/TT-VPCP (Mẫu 04) — or TT 01/2018/TT-VPCP Mẫu 04, still used by some provinces; the
 * agency picks. "Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần": one letter per
 * file, enforced by the unique key apology_letters_one_reappointment.
 *
 * A letter is a snapshot of what was printed: the file's later edits do not change it.
 */
import type { Kysely } from "kysely";
import {
  type ApologyLetter,
  type ApologyLetterRequestSchema,
  DEFAULT_SIGNER_TITLE,
  type DeliveryRequest,
  LETTER_FORMS,
} from "../../schema/api/files";
import type { Database } from "../../schema/db/database";
import type { ApologyDeliveryRow, ApologyLetterRow } from "../../schema/db/files";
import { appendAudit } from "../audit/audit.service";
import { auditActor, type Staff } from "../auth/staff";
import { dateParts, formatClock, formatDateVi, localDateOf, localDateTimeOf } from "../lib/calendar/dates";
import { ProblemError } from "../problems";
import type { LetterDelivery } from "./delivery";
import {
  type FileScope,
  findAgency,
  findFileForUpdate,
  findFileRow,
  findLetterByFile,
  insertDelivery,
  insertLetter,
  listDeliveries,
  nextLetterNumber,
} from "./files.queries";
import { canIssueApology, fileSummary, letterNumberText, loadFileSettings } from "./files.service";

type Db = Kysely<Database>;
type LetterRequest = import("zod").output<typeof ApologyLetterRequestSchema>;

function fieldError(path: string, vi: string, en: string): ProblemError {
  return new ProblemError("validation", { errors: [{ path, message: { vi, en } }] });
}

/** The place name of the date line: the setting, else the province in the agency's address. */
export function placeOf(letterPlace: string | null, address: string | null, agencyName: string): string {
  if (letterPlace) return letterPlace;
  const m = /(?:tỉnh|thành phố)\s+([^,]+?)\s*$/iu.exec(address ?? "");
  return m?.[1] ?? agencyName;
}

export function letterView(row: ApologyLetterRow, deliveries: readonly ApologyDeliveryRow[]): ApologyLetter {
  const form = LETTER_FORMS[row.form];
  return {
    id: row.id,
    fileId: row.file_id,
    form: row.form,
    title: form.title,
    formLabel: form.label,
    number: row.number,
    year: row.year,
    numberText: letterNumberText(row.number, row.number_suffix),
    issuedAt: row.issued_at.toISOString(),
    place: row.place,
    parentAgencyName: row.parent_agency_name,
    agencyName: row.agency_name,
    addresseeName: row.addressee_name,
    addresseeAddress: row.addressee_address,
    applicantIdentifier: row.applicant_identifier,
    fileCode: row.file_code,
    procedureName: row.procedure_name,
    receivedAt: row.received_at.toISOString(),
    originalDueAt: row.original_due_at.toISOString(),
    reason: row.reason,
    newDueAt: row.new_due_at.toISOString(),
    signerTitle: row.signer_title,
    signerName: row.signer_name,
    deliveries: deliveries.map((d) => ({
      id: d.id,
      channel: d.channel,
      recipient: d.recipient,
      status: d.status,
      detail: d.detail,
      deliveredAt: d.delivered_at.toISOString(),
    })),
  };
}

/**
 * Issues the apology letter of a late (or about to be late) file, with its new return date.
 * Refused with `reappointment-once` when the file already has one, `apology-not-needed` when
 * the file is on time and not yet in its alert window.
 */
export async function issueApologyLetter(
  db: Db,
  staff: Staff,
  scope: FileScope,
  fileId: string,
  req: LetterRequest,
  now: Date,
): Promise<ApologyLetter> {
  const agencyId = staff.agencyId;
  const summary = await fileSummary(db, agencyId, scope, fileId, now);
  if (summary.apology) throw reappointmentOnce(summary.code, summary.apology.numberText);
  if (!canIssueApology(summary)) {
    throw new ProblemError("apology-not-needed", {
      detail: {
        vi: `Hồ sơ ${summary.code} hẹn trả ngày ${formatDateVi(localDateOf(new Date(summary.dueAt)))}, chưa quá hạn và chưa đến ngày cảnh báo (${formatDateVi(summary.timeliness.alertDate)}).`,
        en: `File ${summary.code} is due on ${formatDateVi(localDateOf(new Date(summary.dueAt)))}; it is not late and its alert day (${formatDateVi(summary.timeliness.alertDate)}) has not come.`,
      },
    });
  }
  const newDueAt = new Date(req.newDueAt);
  if (newDueAt <= new Date(summary.dueAt)) {
    throw fieldError(
      "newDueAt",
      "Ngày hẹn lại phải sau ngày hẹn trả ban đầu.",
      "The new return date must come after the original appointment.",
    );
  }
  const [settings, agency] = await Promise.all([loadFileSettings(db, agencyId), findAgency(db, agencyId)]);
  if (!agency) throw new ProblemError("not-found");

  try {
    return await db.transaction().execute(async (trx) => {
      const file = await findFileForUpdate(trx, agencyId, { id: fileId });
      if (!file) throw new ProblemError("not-found");
      const existing = await findLetterByFile(trx, agencyId, fileId);
      if (existing) {
        throw reappointmentOnce(
          file.code,
          letterNumberText(existing.number, existing.number_suffix),
          existing.new_due_at,
        );
      }
      const addressee = req.addresseeName ?? file.applicant_name;
      if (!addressee) {
        throw fieldError(
          "addresseeName",
          "Hồ sơ chưa có tên người nộp; vui lòng nhập người nhận (Kính gửi).",
          "The file has no applicant name; please enter the addressee.",
        );
      }
      const year = dateParts(localDateOf(now)).year;
      const number = await nextLetterNumber(trx, agencyId, year);
      const row = await insertLetter(trx, {
        agency_id: agencyId,
        file_id: file.id,
        form: req.form ?? settings.letterForm,
        year,
        number,
        number_suffix: settings.letterNumberSuffix,
        issued_at: now,
        place: placeOf(settings.letterPlace, agency.address, agency.name),
        parent_agency_name: settings.parentAgencyName,
        agency_name: agency.name,
        addressee_name: addressee,
        addressee_address: req.addresseeAddress ?? file.applicant_address,
        applicant_identifier: req.applicantIdentifier ?? null,
        file_code: file.code,
        procedure_name: summary.procedure.name,
        received_at: file.received_at,
        original_due_at: file.due_at,
        reason: req.reason,
        new_due_at: newDueAt,
        signer_title: req.signerTitle ?? settings.signerTitle ?? DEFAULT_SIGNER_TITLE,
        signer_name: req.signerName ?? settings.signerName,
        issued_by: staff.id,
      });
      const actor = auditActor(staff);
      await appendAudit(trx, {
        agencyId,
        ...actor,
        action: "file.apology_issued",
        subjectType: "file",
        subjectId: file.id,
        details: {
          letterId: row.id,
          number: letterNumberText(row.number, row.number_suffix),
          fileCode: file.code,
          form: row.form,
          reason: row.reason,
        },
      });
      await appendAudit(trx, {
        agencyId,
        ...actor,
        action: "file.reappointed",
        subjectType: "file",
        subjectId: file.id,
        details: { fileCode: file.code, from: file.due_at.toISOString(), to: newDueAt.toISOString() },
      });
      return letterView(row, []);
    });
  } catch (err) {
    if ((err as { code?: string; constraint_name?: string }).constraint_name === "apology_letters_one_reappointment") {
      throw reappointmentOnce(summary.code, null);
    }
    throw err;
  }
}

/** `newDueAt` (when known): the letter that already exists is the file's current state. */
function reappointmentOnce(fileCode: string, numberText: string | null, newDueAt?: Date): ProblemError {
  return new ProblemError("reappointment-once", {
    detail: {
      vi: `Hồ sơ ${fileCode} đã có phiếu xin lỗi${numberText ? ` số ${numberText}` : ""} với ngày hẹn lại. Theo Nghị định 118/2025/NĐ-CP (Điều 19), việc hẹn lại ngày trả kết quả chỉ thực hiện một lần.`,
      en: `File ${fileCode} already has an apology letter${numberText ? ` (No. ${numberText})` : ""} with a new date. ND 118/2025 (Art. 19) allows re-appointing only once.`,
    },
    extensions: {
      fileCode,
      ...(numberText && {
        current: { apologyLetter: { number: numberText, newDueAt: newDueAt?.toISOString() ?? null } },
      }),
    },
  });
}

/** The letter of a file in scope (404 when it has none). */
export async function getApologyLetter(db: Db, agencyId: string, scope: FileScope, fileId: string, now: Date) {
  await fileSummary(db, agencyId, scope, fileId, now); // scope check
  const row = await findLetterByFile(db, agencyId, fileId);
  if (!row) {
    throw new ProblemError("not-found", {
      detail: { vi: "Hồ sơ này chưa có phiếu xin lỗi.", en: "This file has no apology letter." },
    });
  }
  return letterView(row, await listDeliveries(db, agencyId, row.id));
}

/** "14 giờ 30 ngày 25/11/2026": how the forms write a moment. */
export function momentVi(instant: Date): string {
  const local = localDateTimeOf(instant);
  const [h, m] = formatClock(local.minutes).split(":");
  return `${h} giờ ${m} ngày ${formatDateVi(local.date)}`;
}

/** The text of an e-mail or SMS carrying the letter. */
export function letterMessage(letter: ApologyLetter, channel: "email" | "sms"): { subject: string; body: string } {
  const newDate = formatDateVi(localDateOf(new Date(letter.newDueAt)));
  const subject = `${LETTER_FORMS[letter.form].title.charAt(0)}${LETTER_FORMS[letter.form].title.slice(1).toLowerCase()} - hồ sơ ${letter.fileCode}`;
  if (channel === "sms") {
    return {
      subject,
      body: `${letter.agencyName} xin lỗi vì hồ sơ ${letter.fileCode} chưa trả kết quả đúng hẹn. Hẹn trả kết quả ngày ${newDate}. Phiếu số ${letter.numberText}.`,
    };
  }
  const body = [
    `Kính gửi: ${letter.addresseeName}`,
    "",
    `Ngày ${formatDateVi(localDateOf(new Date(letter.receivedAt)))}, ${letter.agencyName} tiếp nhận hồ sơ "${letter.procedureName}", mã hồ sơ ${letter.fileCode}, hẹn trả kết quả ${momentVi(new Date(letter.originalDueAt))}.`,
    `Tuy nhiên đến nay ${letter.agencyName} chưa trả kết quả giải quyết hồ sơ. Lý do: ${letter.reason}`,
    `${letter.agencyName} xin lỗi Ông/Bà vì sự chậm trễ này và sẽ trả kết quả vào ${momentVi(new Date(letter.newDueAt))}.`,
    "",
    `Phiếu số ${letter.numberText}, ${letter.place}, ngày ${formatDateVi(localDateOf(new Date(letter.issuedAt)))}.`,
  ].join("\n");
  return { subject, body };
}

/**
 * Records how the letter reached the citizen: printed and handed over, or sent by e-mail or
 * SMS through the deployment's `LetterDelivery` (log-only until a gateway is configured).
 */
export async function deliverApologyLetter(
  db: Db,
  staff: Staff,
  scope: FileScope,
  fileId: string,
  req: { channel: DeliveryRequest["channel"]; recipient?: string | null | undefined },
  delivery: LetterDelivery,
  now: Date,
): Promise<ApologyLetter> {
  const letter = await getApologyLetter(db, staff.agencyId, scope, fileId, now);
  const file = await findFileRow(db, staff.agencyId, fileId);
  if (!file) throw new ProblemError("not-found");
  let recipient: string | null = null;
  let status: "recorded" | "logged" | "sent" | "failed" = "recorded";
  let detail: string | null = null;
  if (req.channel !== "print") {
    recipient = req.recipient ?? (req.channel === "email" ? file.applicant_email : file.applicant_phone);
    if (!recipient) {
      throw fieldError(
        "recipient",
        req.channel === "email"
          ? "Hồ sơ chưa có thư điện tử của người nộp; vui lòng nhập địa chỉ."
          : "Hồ sơ chưa có số điện thoại của người nộp; vui lòng nhập số.",
        req.channel === "email"
          ? "The file has no e-mail address; please enter one."
          : "The file has no phone number; please enter one.",
      );
    }
    if (req.channel === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(recipient)) {
      throw fieldError("recipient", "Địa chỉ thư điện tử không hợp lệ.", "The e-mail address is not valid.");
    }
    if (req.channel === "sms" && !/^[0-9 +().-]{6,30}$/.test(recipient)) {
      throw fieldError("recipient", "Số điện thoại không hợp lệ.", "The phone number is not valid.");
    }
    const outcome = await delivery.send({ channel: req.channel, recipient, ...letterMessage(letter, req.channel) });
    status = outcome.status;
    detail = outcome.detail;
  }
  await db.transaction().execute(async (trx) => {
    await insertDelivery(trx, {
      agencyId: staff.agencyId,
      letterId: letter.id,
      channel: req.channel,
      recipient,
      status,
      detail,
      actorId: staff.id,
    });
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "file.apology_delivered",
      subjectType: "file",
      subjectId: fileId,
      details: { letterId: letter.id, channel: req.channel, status },
    });
  });
  return getApologyLetter(db, staff.agencyId, scope, fileId, now);
}
