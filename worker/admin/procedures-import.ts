/**
 * Import of procedures (thủ tục hành chính) from a CSV extract of the national TTHC list
 * (CSDLQG về TTHC). Columns, in this order, header row optional:
 *   1. national code (mã thủ tục, e.g. 1.000894 or 1.000948.H38)
 *   2. name (tên thủ tục)
 *   3. field (lĩnh vực)
 *   4. processing time (thời hạn giải quyết): a number, "15" or "7,5"; may carry its unit ("15 ngày làm việc")
 *   5. unit of that time (đơn vị tính): ngày làm việc | ngày | giờ | trong ngày (or the English enum)
 *   6. code of the handling unit (mã đơn vị xử lý) in this agency
 * Pure: parsing and validation only; the routes write the rows.
 */
import { NationalCodeSchema } from "../../schema/api/admin";
import type { ProcessingTimeUnit } from "../../schema/db/database";
import { CsvError, parseCsv } from "./csv";

export const MAX_IMPORT_ROWS = 5000;

export interface Bilingual {
  vi: string;
  en: string;
}

export interface RowError {
  line: number;
  field: string | null;
  message: Bilingual;
}

export interface ImportRow {
  line: number;
  nationalCode: string;
  name: string;
  field: string;
  processingTime: number;
  processingTimeUnit: ProcessingTimeUnit;
  unitId: string;
}

const UNIT_WORDS: Array<[RegExp, ProcessingTimeUnit]> = [
  [/^(working_days|ngày làm việc)/, "working_days"],
  [/^(same_day|trong ngày|ngay trong ngày|trong ngày làm việc)$/, "same_day"],
  [/^(calendar_days|ngày|ngày dương lịch|ngày lịch|ngày \(dương lịch\))$/, "calendar_days"],
  [/^(hours|giờ)/, "hours"],
];

/** The time unit a cell names, or null. */
export function parseTimeUnit(text: string): ProcessingTimeUnit | null {
  const t = text.normalize("NFC").trim().toLowerCase().replace(/\s+/g, " ");
  for (const [re, unit] of UNIT_WORDS) if (re.test(t)) return unit;
  return null;
}

function isHeader(cells: string[]): boolean {
  const first = (cells[0] ?? "").normalize("NFC").trim().toLowerCase();
  return /^(mã|ma\b|ma_|code|national|stt)/.test(first);
}

const err = (line: number, field: string | null, vi: string, en: string): RowError => ({
  line,
  field,
  message: { vi, en },
});

/**
 * Reads and checks every row. `unitsByCode` maps the agency's unit codes to their ids. Every
 * bad row is reported with its line and reason; a code repeated in the file is an error on
 * the later line.
 */
export function parseProcedureImport(
  text: string,
  unitsByCode: ReadonlyMap<string, string>,
): { rows: ImportRow[]; errors: RowError[]; total: number } {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) {
      return {
        rows: [],
        total: 0,
        errors: [err(e.line, null, "Dấu ngoặc kép mở nhưng không đóng.", "A quoted field is opened but never closed.")],
      };
    }
    throw e;
  }
  if (records[0] && isHeader(records[0].cells)) records = records.slice(1);
  if (records.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      total: records.length,
      errors: [
        err(
          records[MAX_IMPORT_ROWS]?.line ?? 0,
          null,
          `Tệp có quá ${MAX_IMPORT_ROWS} dòng; vui lòng chia nhỏ.`,
          `More than ${MAX_IMPORT_ROWS} rows; please split the file.`,
        ),
      ],
    };
  }
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of records) {
    if (cells.length < 6) {
      errors.push(
        err(
          line,
          null,
          `Cần 6 cột, dòng này có ${cells.length}.`,
          `6 columns are needed; this line has ${cells.length}.`,
        ),
      );
      continue;
    }
    const [codeCell, nameCell, fieldCell, timeCell, unitCell, unitCodeCell] = cells.map((c) => c.trim()) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const rowErrors: RowError[] = [];
    const code = NationalCodeSchema.safeParse(codeCell);
    if (!code.success) {
      rowErrors.push(
        err(
          line,
          "nationalCode",
          `Mã thủ tục "${codeCell}" không đúng định dạng (ví dụ 1.000894).`,
          `Procedure code "${codeCell}" is not in the expected format (e.g. 1.000894).`,
        ),
      );
    } else if (seen.has(code.data)) {
      rowErrors.push(
        err(
          line,
          "nationalCode",
          `Mã thủ tục ${code.data} đã có ở dòng ${seen.get(code.data)}.`,
          `Procedure code ${code.data} already appears on line ${seen.get(code.data)}.`,
        ),
      );
    }
    if (nameCell.length < 3 || nameCell.length > 1000) {
      rowErrors.push(
        err(line, "name", "Tên thủ tục phải có từ 3 đến 1000 ký tự.", "The name needs 3 to 1000 characters."),
      );
    }
    if (fieldCell.length < 1 || fieldCell.length > 300) {
      rowErrors.push(err(line, "field", "Thiếu lĩnh vực.", "The field (lĩnh vực) is missing."));
    }
    // "15 ngày làm việc" in the time column, with the unit column empty, is accepted too.
    const m = /^([0-9]+(?:[.,][0-9]+)?)?\s*(.*)$/.exec(timeCell);
    const amountText = m?.[1];
    const unitText = unitCell || m?.[2] || "";
    const unit = parseTimeUnit(unitText);
    if (!unit) {
      rowErrors.push(
        err(
          line,
          "processingTimeUnit",
          `Đơn vị thời hạn "${unitText}" không rõ (ngày làm việc, ngày, giờ, trong ngày).`,
          `Unknown time unit "${unitText}" (working days, days, hours, same day).`,
        ),
      );
    }
    let amount = amountText === undefined ? Number.NaN : Number(amountText.replace(",", "."));
    if (amountText === undefined && unit === "same_day") amount = 0;
    if (!Number.isFinite(amount) || amount < 0 || amount > 99999) {
      rowErrors.push(
        err(
          line,
          "processingTime",
          `Thời hạn giải quyết "${timeCell}" không phải là số hợp lệ.`,
          `Processing time "${timeCell}" is not a valid number.`,
        ),
      );
    }
    const unitId = unitsByCode.get(unitCodeCell);
    if (!unitId) {
      rowErrors.push(
        err(
          line,
          "unitCode",
          `Không có đơn vị mã "${unitCodeCell}" trong cơ quan.`,
          `No unit with code "${unitCodeCell}" in this agency.`,
        ),
      );
    }
    if (code.success && !seen.has(code.data)) seen.set(code.data, line);
    if (rowErrors.length > 0 || !code.success || !unit || !unitId) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      line,
      nationalCode: code.data,
      name: nameCell,
      field: fieldCell,
      processingTime: amount,
      processingTimeUnit: unit,
      unitId,
    });
  }
  return { rows, errors, total: records.length };
}
