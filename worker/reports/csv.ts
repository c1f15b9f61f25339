/**
 * CSV writing (RFC 4180) for reports that people open in a spreadsheet.
 *
 * Formula injection (CWE-1236): a spreadsheet runs a cell starting with = + - @ (or a tab or
 * carriage return before them) as a formula, so text that comes from people (unit, procedure
 * and criterion names, an action's evidence) could run `=HYPERLINK(...)` on the reader's
 * machine. Such text cells are prefixed with an apostrophe, which spreadsheets show as text.
 * Numbers are written as numbers (a negative number is not text and is not prefixed).
 */
import type { Cell, ReportTable } from "./report-tables";

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const text = neutraliseFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(",");
}

/**
 * The tables one after another, each under its heading and followed by a blank line; CRLF line
 * ends and a UTF-8 byte-order mark so that Excel reads Vietnamese letters correctly.
 */
export function tablesToCsv(title: string, tables: readonly ReportTable[]): string {
  const lines: string[] = [csvLine([title]), ""];
  for (const t of tables) {
    lines.push(csvLine([t.name]), csvLine(t.header), ...t.rows.map(csvLine), "");
  }
  return `\uFEFF${lines.join("\r\n")}`;
}
