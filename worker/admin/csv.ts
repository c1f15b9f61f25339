/**
 * A small RFC 4180 CSV reader: quoted fields with "" escapes and line breaks inside quotes,
 * CRLF or LF, a UTF-8 byte-order mark, and the delimiter Vietnamese spreadsheets use (comma,
 * semicolon or tab, guessed from the first line). Each record keeps the file line it starts on.
 */

export interface CsvRecord {
  /** File line (from 1) where the record starts. */
  line: number;
  cells: string[];
}

/** The delimiter used most outside quotes on the first line. */
export function guessDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ",";
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Parses CSV text; blank lines are skipped. Throws on an unterminated quote (with its line). */
export function parseCsv(input: string, delimiter = guessDelimiter(input.replace(/^\uFEFF/, ""))): CsvRecord[] {
  const text = input.replace(/^\uFEFF/, "");
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const endRecord = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]?.trim() !== "") records.push({ line: recordLine, cells });
    cells = [];
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      quoted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = "";
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (quoted) throw new CsvError(quoteLine);
  if (cell !== "" || cells.length > 0) endRecord();
  return records;
}

export class CsvError extends Error {
  constructor(readonly line: number) {
    super(`unterminated quoted field starting on line ${line}`);
    this.name = "CsvError";
  }
}
