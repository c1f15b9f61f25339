/**
 * Reading a CSV of files (hồ sơ) exported from a one-stop system or a spreadsheet. The header
 * names the columns (Vietnamese or English, any order, accents optional); unknown columns are
 * ignored and reported. Each row is checked on its own and every problem is reported with its
 * file line; the service (files-import.service.ts) adds the checks that need the database and
 * writes all rows at once or none.
 *
 * Pure: parsing and checks only.
 */
import { IMPORT_COLUMNS, type ImportColumn } from "../../schema/api/files";
import type { FileStatus } from "../../schema/db/database";
import type { StoredImportError } from "../../schema/db/files";
import { CsvError, type CsvRecord, guessDelimiter, parseCsv } from "../admin/csv";
import { type OfficeHours, officeClosing, officeOpening } from "../lib/calendar/office-hours";
import { parseLocalDateTime } from "../lib/files/datetime";
import { normaliseFileCode } from "../lib/files/file-code";

/** Header names accepted for each column (compared without accents, case or punctuation). */
const ALIASES: Record<ImportColumn, readonly string[]> = {
  code: ["mã hồ sơ", "mã số hồ sơ", "số hồ sơ", "mã biên nhận", "code", "file code"],
  procedureCode: ["mã thủ tục", "mã TTHC", "mã số thủ tục", "procedure code", "procedure"],
  receivedAt: ["ngày tiếp nhận", "thời gian tiếp nhận", "ngày nhận", "received at", "received"],
  dueAt: ["ngày hẹn trả", "ngày hẹn trả kết quả", "hẹn trả", "thời gian hẹn trả", "due at", "due", "appointment"],
  channel: ["kênh", "kênh nộp", "hình thức nộp", "hình thức tiếp nhận", "channel"],
  counterCode: ["quầy", "mã quầy", "counter", "counter code"],
  returnedAt: ["ngày trả kết quả", "ngày trả", "thời gian trả kết quả", "returned at", "returned"],
  stoppedAt: ["ngày dừng", "ngày dừng xử lý", "ngày dừng giải quyết", "stopped at", "stopped"],
  supplementRequestedAt: ["ngày yêu cầu bổ sung", "yêu cầu bổ sung", "supplement requested at"],
  supplementCompletedAt: [
    "ngày bổ sung xong",
    "ngày hoàn thiện bổ sung",
    "ngày nhận bổ sung",
    "supplement completed at",
  ],
  applicantName: ["người nộp", "tên người nộp", "tổ chức cá nhân", "chủ hồ sơ", "applicant name", "applicant"],
  applicantAddress: ["địa chỉ", "địa chỉ người nộp", "applicant address", "address"],
  applicantPhone: ["điện thoại", "số điện thoại", "applicant phone", "phone"],
  applicantEmail: ["email", "thư điện tử", "applicant email"],
};

/** Columns a file cannot do without. */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ["code", "procedureCode", "receivedAt"];

/** Lower case, no accents, đ → d, words separated by one space. */
export function normaliseHeader(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const BY_NAME = new Map<string, ImportColumn>();
for (const column of IMPORT_COLUMNS) {
  BY_NAME.set(normaliseHeader(column.replace(/([A-Z])/g, " $1")), column);
  for (const alias of ALIASES[column]) BY_NAME.set(normaliseHeader(alias), column);
}
/** Numbering columns spreadsheets add, ignored silently. */
const NUMBERING = new Set(["stt", "tt", "so thu tu", "no", "#"]);

export interface ResolvedHeader {
  delimiter: string;
  /** The column each position holds (null: ignored). */
  columns: Array<ImportColumn | null>;
  ignored: string[];
  missing: ImportColumn[];
  duplicated: ImportColumn[];
}

/** Reads the header line. */
export function resolveHeader(headerLine: string): ResolvedHeader {
  const delimiter = guessDelimiter(headerLine.replace(/^\uFEFF/, ""));
  let cells: string[];
  try {
    cells = parseCsv(headerLine, delimiter)[0]?.cells ?? [];
  } catch (e) {
    if (e instanceof CsvError) cells = [];
    else throw e;
  }
  const columns: Array<ImportColumn | null> = [];
  const ignored: string[] = [];
  const seen = new Set<ImportColumn>();
  const duplicated: ImportColumn[] = [];
  for (const cell of cells) {
    const name = normaliseHeader(cell);
    const column = BY_NAME.get(name) ?? null;
    if (column && seen.has(column)) duplicated.push(column);
    if (column) seen.add(column);
    else if (name && !NUMBERING.has(name)) ignored.push(cell.trim());
    columns.push(column);
  }
  return { delimiter, columns, ignored, missing: REQUIRED_COLUMNS.filter((c) => !seen.has(c)), duplicated };
}

/** A row as staged, ready to be written (JSON in file_import_rows.data). */
export interface StagedRow {
  code: string;
  procedureId: string;
  procedureCode: string;
  unitId: string;
  counterId: string | null;
  channel: "counter" | "online" | "postal";
  status: FileStatus;
  receivedAt: string;
  /** Null until the service computes it from the procedure. */
  dueAt: string | null;
  dueComputed: boolean;
  returnedAt: string | null;
  stoppedAt: string | null;
  supplementRequestedAt: string | null;
  supplementCompletedAt: string | null;
  applicantName: string | null;
  applicantAddress: string | null;
  applicantPhone: string | null;
  applicantEmail: string | null;
}

export interface ParsedLine {
  line: number;
  code: string | null;
  row: StagedRow | null;
  /** For the service: the procedure's processing time when the appointment must be computed. */
  procedureTime: { amount: number; unit: "hours" | "calendar_days" | "working_days" | "same_day" } | null;
  errors: StoredImportError[];
}

export interface ImportLookups {
  procedures: ReadonlyMap<
    string,
    { id: string; unitId: string; active: boolean; time: NonNullable<ParsedLine["procedureTime"]> }
  >;
  counters: ReadonlyMap<string, { id: string }>;
}

const CHANNELS: Array<[RegExp, StagedRow["channel"]]> = [
  [/^(counter|truc tiep|tai quay|quay|tai bo phan mot cua|mot cua)$/, "counter"],
  [/^(online|truc tuyen|dich vu cong|dvc|dvc truc tuyen|qua mang)$/, "online"],
  [/^(postal|post|buu chinh|buu dien|buu chinh cong ich|qua buu chinh)$/, "postal"],
];

function err(field: string | null, vi: string, en: string): StoredImportError {
  return { field, vi, en };
}

/**
 * Parses the rows of one chunk. `firstLine` is the file line of the chunk's first row, so
 * that every error names the line the person sees in their spreadsheet.
 */
export function parseImportChunk(
  csv: string,
  firstLine: number,
  delimiter: string,
  columns: ReadonlyArray<ImportColumn | null>,
  lookups: ImportLookups,
  office: OfficeHours,
  now: Date,
): ParsedLine[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(csv, delimiter);
  } catch (e) {
    if (e instanceof CsvError) {
      const line = firstLine + e.line - 1;
      return [
        {
          line,
          code: null,
          row: null,
          procedureTime: null,
          errors: [err(null, "Dấu ngoặc kép mở nhưng không đóng.", "A quoted field is opened but never closed.")],
        },
      ];
    }
    throw e;
  }
  const opening = officeOpening(office);
  const closing = officeClosing(office);
  return records.map((record) => parseRecord(record, firstLine, columns, lookups, opening, closing, now));
}

function parseRecord(
  record: CsvRecord,
  firstLine: number,
  columns: ReadonlyArray<ImportColumn | null>,
  lookups: ImportLookups,
  opening: number,
  closing: number,
  now: Date,
): ParsedLine {
  const line = firstLine + record.line - 1;
  const errors: StoredImportError[] = [];
  const cell = (c: ImportColumn): string => {
    const i = columns.indexOf(c);
    return i < 0 ? "" : (record.cells[i] ?? "").normalize("NFC").trim();
  };
  if (record.cells.length !== columns.length) {
    errors.push(
      err(
        null,
        `Dòng có ${record.cells.length} cột, tiêu đề có ${columns.length} cột.`,
        `The line has ${record.cells.length} columns; the header has ${columns.length}.`,
      ),
    );
  }

  const rawCode = cell("code");
  const code = rawCode ? normaliseFileCode(rawCode) : null;
  if (!rawCode) errors.push(err("code", "Thiếu mã hồ sơ.", "The file code is missing."));
  else if (!code) {
    errors.push(
      err(
        "code",
        `Mã hồ sơ "${rawCode}" không hợp lệ (3–60 ký tự: chữ, số, dấu chấm, gạch ngang).`,
        `File code "${rawCode}" is not valid (3–60 letters, digits, dots, dashes).`,
      ),
    );
  }

  const procedureCode = cell("procedureCode");
  const procedure = procedureCode ? lookups.procedures.get(procedureCode) : undefined;
  if (!procedureCode) errors.push(err("procedureCode", "Thiếu mã thủ tục.", "The procedure code is missing."));
  else if (!procedure) {
    errors.push(
      err(
        "procedureCode",
        `Cơ quan không có thủ tục mã "${procedureCode}".`,
        `The agency has no procedure with code "${procedureCode}".`,
      ),
    );
  }

  const moment = (c: ImportColumn, label: { vi: string; en: string }, defaultMinutes: number) => {
    const text = cell(c);
    if (!text) return null;
    const parsed = parseLocalDateTime(text, defaultMinutes);
    if (!parsed) {
      errors.push(
        err(
          c,
          `${label.vi} "${text}" không phải ngày giờ hợp lệ (dd/mm/yyyy hh:mm).`,
          `${label.en} "${text}" is not a valid date and time (dd/mm/yyyy hh:mm).`,
        ),
      );
      return null;
    }
    if (parsed.instant.getTime() > now.getTime() + 5 * 60_000 && c !== "dueAt") {
      errors.push(err(c, `${label.vi} "${text}" ở tương lai.`, `${label.en} "${text}" is in the future.`));
      return null;
    }
    return parsed.instant;
  };
  const receivedAt = moment("receivedAt", { vi: "Ngày tiếp nhận", en: "Received at" }, opening);
  if (!cell("receivedAt")) errors.push(err("receivedAt", "Thiếu ngày tiếp nhận.", "The receipt date is missing."));
  const dueAt = moment("dueAt", { vi: "Ngày hẹn trả", en: "Appointment" }, closing);
  const returnedAt = moment("returnedAt", { vi: "Ngày trả kết quả", en: "Returned at" }, closing);
  const stoppedAt = moment("stoppedAt", { vi: "Ngày dừng xử lý", en: "Stopped at" }, closing);
  const supplementRequestedAt = moment(
    "supplementRequestedAt",
    { vi: "Ngày yêu cầu bổ sung", en: "Supplement requested at" },
    closing,
  );
  const supplementCompletedAt = moment(
    "supplementCompletedAt",
    { vi: "Ngày bổ sung xong", en: "Supplement completed at" },
    closing,
  );

  if (receivedAt) {
    const before = (c: ImportColumn, d: Date | null, vi: string, en: string) => {
      if (d && d < receivedAt) errors.push(err(c, `${vi} trước ngày tiếp nhận.`, `${en} is before the receipt.`));
    };
    before("dueAt", dueAt, "Ngày hẹn trả", "The appointment");
    before("returnedAt", returnedAt, "Ngày trả kết quả", "The return");
    before("stoppedAt", stoppedAt, "Ngày dừng xử lý", "The stop");
    before("supplementRequestedAt", supplementRequestedAt, "Ngày yêu cầu bổ sung", "The supplement request");
  }
  if (returnedAt && stoppedAt) {
    errors.push(
      err(
        "stoppedAt",
        "Hồ sơ không thể vừa trả kết quả vừa dừng xử lý.",
        "A file cannot be both returned and stopped.",
      ),
    );
  }
  if (supplementCompletedAt && !supplementRequestedAt) {
    errors.push(
      err(
        "supplementCompletedAt",
        "Có ngày bổ sung xong nhưng thiếu ngày yêu cầu bổ sung.",
        "A supplement completion without a supplement request.",
      ),
    );
  }
  if (supplementCompletedAt && supplementRequestedAt && supplementCompletedAt < supplementRequestedAt) {
    errors.push(
      err(
        "supplementCompletedAt",
        "Ngày bổ sung xong trước ngày yêu cầu bổ sung.",
        "The supplement was completed before it was requested.",
      ),
    );
  }
  const end = returnedAt ?? stoppedAt;
  if (end && supplementRequestedAt && supplementRequestedAt > end) {
    errors.push(
      err(
        "supplementRequestedAt",
        "Ngày yêu cầu bổ sung sau khi hồ sơ đã kết thúc.",
        "The supplement request comes after the file was finished.",
      ),
    );
  }

  const channelText = normaliseHeader(cell("channel"));
  let channel: StagedRow["channel"] = "counter";
  if (channelText) {
    const found = CHANNELS.find(([re]) => re.test(channelText));
    if (found) channel = found[1];
    else {
      errors.push(
        err(
          "channel",
          `Kênh "${cell("channel")}" không rõ (trực tiếp, trực tuyến, bưu chính).`,
          `Unknown channel "${cell("channel")}" (counter, online, postal).`,
        ),
      );
    }
  }
  const counterCode = cell("counterCode");
  const counter = counterCode ? lookups.counters.get(counterCode) : undefined;
  if (counterCode && !counter) {
    errors.push(
      err("counterCode", `Cơ quan không có quầy mã "${counterCode}".`, `The agency has no counter "${counterCode}".`),
    );
  }
  const text = (c: ImportColumn, max: number, label: { vi: string; en: string }) => {
    const value = cell(c);
    if (value.length > max) {
      errors.push(err(c, `${label.vi} dài quá ${max} ký tự.`, `${label.en} is longer than ${max} characters.`));
    }
    return value || null;
  };
  const applicantName = text("applicantName", 300, { vi: "Tên người nộp", en: "The applicant's name" });
  const applicantAddress = text("applicantAddress", 500, { vi: "Địa chỉ", en: "The address" });
  const applicantPhone = text("applicantPhone", 30, { vi: "Số điện thoại", en: "The phone number" });
  if (applicantPhone && !/^[0-9 +().-]{6,30}$/.test(applicantPhone)) {
    errors.push(
      err("applicantPhone", `Số điện thoại "${applicantPhone}" không hợp lệ.`, "The phone number is not valid."),
    );
  }
  const applicantEmail = text("applicantEmail", 200, { vi: "Thư điện tử", en: "The e-mail address" });
  if (applicantEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(applicantEmail)) {
    errors.push(
      err("applicantEmail", `Thư điện tử "${applicantEmail}" không hợp lệ.`, "The e-mail address is not valid."),
    );
  }

  if (errors.length > 0 || !code || !procedure || !receivedAt) {
    return { line, code, row: null, procedureTime: null, errors };
  }
  const status: FileStatus = returnedAt
    ? "returned"
    : stoppedAt
      ? "stopped"
      : supplementRequestedAt && !supplementCompletedAt
        ? "supplement_requested"
        : supplementCompletedAt
          ? "in_progress"
          : "received";
  return {
    line,
    code,
    procedureTime: dueAt ? null : procedure.time,
    errors,
    row: {
      code,
      procedureId: procedure.id,
      procedureCode,
      unitId: procedure.unitId,
      counterId: counter?.id ?? null,
      channel,
      status,
      receivedAt: receivedAt.toISOString(),
      dueAt: dueAt?.toISOString() ?? null,
      dueComputed: dueAt === null,
      returnedAt: returnedAt?.toISOString() ?? null,
      stoppedAt: stoppedAt?.toISOString() ?? null,
      supplementRequestedAt: supplementRequestedAt?.toISOString() ?? null,
      supplementCompletedAt: supplementCompletedAt?.toISOString() ?? null,
      applicantName,
      applicantAddress,
      applicantPhone,
      applicantEmail,
    },
  };
}
