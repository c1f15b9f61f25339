/**
 * The words of the apology letter (TT 01/2018/TT-VPCP Mẫu 04 "Phiếu xin lỗi và hẹn lại ngày trả
 * kết quả", or TT 03/2025/TT-VPCP Mẫu 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải
 * quyết"), built once from the issued letter and used by both the print page and the PDF, so
 * the two never differ. The forms are Vietnamese documents: no translation.
 *
 * Pure: no DOM, no clock, no i18n (the Node-side PDF test imports it).
 */
import type { ApologyLetter, ReturnSlip } from "../../../schema/api/files";

/** Vietnam keeps UTC+7 all year. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

interface LocalParts {
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

function localParts(iso: string): LocalParts {
  const d = new Date(Date.parse(iso) + VIETNAM_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, "0");
  return {
    day: two(d.getUTCDate()),
    month: two(d.getUTCMonth() + 1),
    year: String(d.getUTCFullYear()),
    hour: two(d.getUTCHours()),
    minute: two(d.getUTCMinutes()),
  };
}

/** "ngày 02 tháng 11 năm 2026" */
export function longDate(iso: string): string {
  const p = localParts(iso);
  return `ngày ${p.day} tháng ${p.month} năm ${p.year}`;
}

/** "17 giờ 00 phút, ngày 09 tháng 11 năm 2026" */
export function moment(iso: string): string {
  const p = localParts(iso);
  return `${p.hour} giờ ${p.minute} phút, ${longDate(iso)}`;
}

/** "09/11/2026" */
export function shortDate(iso: string): string {
  const p = localParts(iso);
  return `${p.day}/${p.month}/${p.year}`;
}

export const NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
export const NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc";

export interface DocumentHeader {
  /** Tên cơ quan chủ quản (may be absent), then the agency's name, both in capitals. */
  parent: string | null;
  agency: string;
  number: string;
  placeDate: string;
}

export interface LetterContent {
  header: DocumentHeader;
  title: string;
  addressee: string;
  addresseeAddress: string | null;
  /** Body paragraphs; a paragraph may start with a bold label ("Lý do:"). */
  paragraphs: Array<{ label?: string; text: string }>;
  recipients: string[];
  signerTitle: string;
  signerNote: string;
  signerName: string | null;
  formLabel: string;
}

/** The letter's content as the form lays it out. */
export function letterContent(letter: ApologyLetter): LetterContent {
  const agency = letter.agencyName;
  const extension = letter.form === "tt03_2025";
  const received = localParts(letter.receivedAt);
  return {
    header: {
      parent: letter.parentAgencyName?.toUpperCase() ?? null,
      agency: agency.toUpperCase(),
      number: `Số: ${letter.numberText}`,
      placeDate: `${letter.place}, ${longDate(letter.issuedAt)}`,
    },
    title: letter.title,
    addressee: letter.addresseeName,
    addresseeAddress: letter.addresseeAddress,
    paragraphs: [
      {
        text: `Ngày ${received.day} tháng ${received.month} năm ${received.year}, ${agency} tiếp nhận giải quyết hồ sơ đề nghị ${letter.procedureName} của ${letter.addresseeName}.`,
      },
      ...(letter.applicantIdentifier ? [{ label: "Số định danh:", text: letter.applicantIdentifier }] : []),
      { label: "Mã hồ sơ:", text: letter.fileCode },
      { label: "Thời gian hẹn trả kết quả giải quyết hồ sơ:", text: `${moment(letter.originalDueAt)}.` },
      {
        text: `Tuy nhiên đến nay, ${agency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà/tổ chức đúng thời hạn như đã ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.`,
      },
      { label: "Lý do:", text: letter.reason },
      {
        text: `Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà/tổ chức. ${agency} xin lỗi Ông/Bà/tổ chức và ${extension ? "đề nghị gia hạn thời gian giải quyết, " : ""}sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà/tổ chức vào ${moment(letter.newDueAt)}.`,
      },
      { text: "Mong nhận được sự cảm thông của Ông/Bà/tổ chức vì sự chậm trễ này." },
    ],
    recipients: ["Nơi nhận:", "- Như trên;", "- Bộ phận Một cửa;", "- Lưu: VT."],
    signerTitle: letter.signerTitle,
    signerNote: "(Ký và ghi rõ họ tên)",
    signerName: letter.signerName,
    formLabel: letter.formLabel,
  };
}

export interface SlipContent {
  header: DocumentHeader;
  title: string;
  lines: Array<{ label: string; text: string }>;
  ratingPrompt: string;
}

const CHANNEL_TEXT: Record<ReturnSlip["channel"], string> = {
  counter: "Trực tiếp tại Bộ phận Một cửa",
  online: "Trực tuyến",
  postal: "Qua dịch vụ bưu chính",
};

/** The return slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, Mẫu 01). */
export function slipContent(slip: ReturnSlip): SlipContent {
  return {
    header: {
      parent: slip.parentAgencyName?.toUpperCase() ?? null,
      agency: slip.agencyName.toUpperCase(),
      number: `Mã hồ sơ: ${slip.fileCode}`,
      placeDate: `${slip.place}, ${longDate(slip.receivedAt)}`,
    },
    title: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    lines: [
      { label: "Tiếp nhận hồ sơ của:", text: slip.applicantName ?? "…" },
      ...(slip.applicantAddress ? [{ label: "Địa chỉ:", text: slip.applicantAddress }] : []),
      ...(slip.applicantPhone ? [{ label: "Số điện thoại:", text: slip.applicantPhone }] : []),
      ...(slip.applicantEmail ? [{ label: "Thư điện tử:", text: slip.applicantEmail }] : []),
      { label: "Nội dung yêu cầu giải quyết:", text: slip.procedureName },
      {
        label: "Hình thức nộp:",
        text: CHANNEL_TEXT[slip.channel] + (slip.counterName ? ` (${slip.counterName})` : ""),
      },
      { label: "Thời gian giải quyết hồ sơ theo quy định:", text: slip.processingTimeText },
      { label: "Thời gian nhận hồ sơ:", text: `${moment(slip.receivedAt)}.` },
      { label: "Thời gian trả kết quả giải quyết hồ sơ:", text: `${moment(slip.dueAt)}.` },
    ],
    ratingPrompt: `Quét mã QR để đánh giá sự hài lòng về việc giải quyết hồ sơ (ẩn danh, đến ngày ${shortDate(slip.ratingExpiresAt)}).`,
  };
}
