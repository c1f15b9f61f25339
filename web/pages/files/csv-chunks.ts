/**
 * Splits a CSV file into its header line and chunks of whole records, so that a large file goes
 * up in pieces (a progress bar can follow them) while every row keeps its line number in the
 * file. Quoted fields may contain line breaks; a chunk never cuts a record.
 *
 * Pure: no DOM.
 */

export interface CsvChunk {
  /** File line (from 1) of the chunk's first record. */
  firstLine: number;
  /** The exact text of the chunk's records, as in the file. */
  csv: string;
  rows: number;
}

export interface SplitCsv {
  header: string;
  chunks: CsvChunk[];
  rows: number;
}

/** Splits `input` after its header into chunks of at most `maxRows` records and about `maxChars` characters. */
export function splitCsv(input: string, maxRows = 1000, maxChars = 800_000): SplitCsv {
  const text = input.replace(/^\uFEFF/, "");
  const records: Array<{ start: number; end: number; line: number }> = [];
  let quoted = false;
  let line = 1;
  let start = 0;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) {
      records.push({ start, end: i, line: startLine });
      if (ch === "\r" && text[i + 1] === "\n") i++;
      line++;
      start = i + 1;
      startLine = line;
    } else if (ch === "\n") line++;
  }
  if (start < text.length) records.push({ start, end: text.length, line: startLine });
  const nonEmpty = records.filter((r) => text.slice(r.start, r.end).trim() !== "");
  const [head, ...rows] = nonEmpty;
  if (!head) return { header: "", chunks: [], rows: 0 };
  const chunks: CsvChunk[] = [];
  let group: typeof rows = [];
  const flush = () => {
    const first = group[0];
    const last = group.at(-1);
    if (first && last)
      chunks.push({ firstLine: first.line, csv: text.slice(first.start, last.end), rows: group.length });
    group = [];
  };
  for (const r of rows) {
    const size = group.length ? r.end - (group[0]?.start ?? r.start) : 0;
    if (group.length >= maxRows || size > maxChars) flush();
    group.push(r);
  }
  flush();
  return { header: text.slice(head.start, head.end), chunks, rows: rows.length };
}
