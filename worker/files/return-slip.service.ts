/**
 * The return slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, TT 03/2025/TT-VPCP Mẫu 01;
 * TT 01/2018/TT-VPCP Mẫu 01) with the file's rating QR code. TT 01/2018 Ch. III: evaluation
 * forms are handed out with the receipt; the QR carries a signed, single-use token for this
 * file (worker/ratings/tokens.ts), so the citizen rates it anonymously from a phone.
 */

import type { Kysely } from "kysely";
import qrcode from "qrcode-generator";
import { FILE_RATING_PATH, type ReturnSlip } from "../../schema/api/files";
import type { Database } from "../../schema/db/database";
import type { Config } from "../env";
import { describeProcessingTime, processingTimeOf } from "../lib/files/appointment";
import { issueFileToken } from "../ratings/ratings.service";
import { placeOf } from "./apology.service";
import { type FileScope, findAgency, findFileDetail } from "./files.queries";
import { fileSummary, loadFileSettings } from "./files.service";

type Db = Kysely<Database>;

/** The QR code of `text` as a standalone SVG document (error correction M, scalable). */
export function qrSvg(text: string): string {
  const qr = qrcode(0, "M");
  qr.addData(text, "Byte");
  qr.make();
  return qr.createSvgTag({ cellSize: 4, margin: 2, scalable: true });
}

/** Everything printed on the slip, and the rating link the QR leads to. */
export async function returnSlip(
  db: Db,
  config: Config,
  agencyId: string,
  scope: FileScope,
  fileId: string,
  origin: string,
  now: Date,
): Promise<ReturnSlip> {
  const summary = await fileSummary(db, agencyId, scope, fileId, now);
  const [detail, agency, settings] = await Promise.all([
    findFileDetail(db, agencyId, fileId),
    findAgency(db, agencyId),
    loadFileSettings(db, agencyId),
  ]);
  if (!detail || !agency) throw new Error("file vanished");
  const file = await db
    .selectFrom("files")
    .where("agency_id", "=", agencyId)
    .where("id", "=", fileId)
    .select(["applicant_name", "applicant_address", "applicant_phone", "applicant_email", "channel"])
    .executeTakeFirstOrThrow();
  const { token, expiresAt } = await issueFileToken(db, config, agencyId, fileId, now);
  const ratingUrl = `${origin}${FILE_RATING_PATH}${token}`;
  return {
    parentAgencyName: settings.parentAgencyName,
    agencyName: agency.name,
    place: placeOf(settings.letterPlace, agency.address, agency.name),
    fileCode: summary.code,
    procedureName: summary.procedure.name,
    processingTimeText: describeProcessingTime(processingTimeOf(detail)).vi,
    applicantName: file.applicant_name,
    applicantAddress: file.applicant_address,
    applicantPhone: file.applicant_phone,
    applicantEmail: file.applicant_email,
    channel: file.channel,
    counterName: detail.counter_name,
    receivedAt: summary.receivedAt,
    dueAt: summary.dueAt,
    ratingUrl,
    qrSvg: qrSvg(ratingUrl),
    ratingExpiresAt: expiresAt.toISOString(),
  };
}
