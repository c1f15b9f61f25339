/**
 * XLSX writing with `write-excel-file` (its universal build: no Node APIs, runs in workerd):
 * one sheet per report table, a bold frozen header row, numbers as numbers with one decimal.
 * Text cells are passed through the same formula guard as the CSV, although XLSX stores them
 * as strings: a reader who re-saves the sheet as CSV keeps the protection.
 */
import writeXlsxFile, { type Row, type Sheet } from "write-excel-file/universal";
import { neutraliseFormula } from "./csv";
import type { Cell, ReportTable } from "./report-tables";

function cell(value: Cell): Row[number] {
  if (value === null) return null;
  if (typeof value === "number") {
    return { value, type: Number, format: Number.isInteger(value) ? "0" : "0.0" };
  }
  return { value: neutraliseFormula(value), type: String };
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, " ").slice(0, 31);
}

export async function tablesToXlsx(title: string, tables: readonly ReportTable[]): Promise<ArrayBuffer> {
  const sheets: Sheet<Blob>[] = tables.map((t, i) => {
    const header: Row = t.header.map((h) => ({ value: h, type: String, fontWeight: "bold", wrap: true }));
    const rows: Row[] = t.rows.map((r) => r.map(cell));
    const data: Row[] =
      i === 0 ? [[{ value: title, type: String, fontWeight: "bold" }], [], header, ...rows] : [header, ...rows];
    const widths = t.header.map((h, c) =>
      Math.min(60, Math.max(10, h.length + 2, ...t.rows.map((r) => String(r[c] ?? "").length + 2))),
    );
    return {
      data,
      sheet: sheetName(t.name),
      columns: widths.map((width) => ({ width })),
      stickyRowsCount: i === 0 ? 3 : 1,
    };
  });
  const blob = await writeXlsxFile(sheets).toBlob();
  return blob.arrayBuffer();
}
