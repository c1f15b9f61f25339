/**
 * The apology letter as a PDF, A5 like the form (TT 01/2018/TT-VPCP: the one-stop forms are A5),
 * drawn with pdf-lib and a Times-compatible font with Vietnamese glyphs (Tinos, SIL OFL 1.1,
 * shipped in the npm package @expo-google-fonts/tinos), embedded as a subset with its Unicode
 * map, so the text copies and searches with its diacritics intact.
 *
 * Pure: it receives the font bytes, so it runs in the browser (the print page) and in Node
 * (the test that opens the PDF and reads its text back).
 */
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import { type LetterContent, NATIONAL_MOTTO, NATIONAL_TITLE } from "./letter-content";

export interface LetterFonts {
  regular: Uint8Array | ArrayBuffer;
  bold: Uint8Array | ArrayBuffer;
  italic: Uint8Array | ArrayBuffer;
}

const MM = 72 / 25.4;
/** A5 portrait, in points. */
export const A5 = { width: 148 * MM, height: 210 * MM } as const;
const MARGIN = { left: 20 * MM, right: 12 * MM, top: 14 * MM, bottom: 14 * MM };
const TEXT = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);

interface Run {
  text: string;
  font: PDFFont;
}

interface Placed {
  text: string;
  font: PDFFont;
  x: number;
}

/** Splits runs into lines no wider than `width`; the first line may be indented. */
function wrap(runs: Run[], width: number, size: number, indent = 0): Placed[][] {
  const words: Array<{ text: string; font: PDFFont; space: boolean }> = [];
  for (const run of runs) {
    const parts = run.text.split(/(\s+)/).filter((p) => p !== "");
    for (const part of parts) words.push({ text: part, font: run.font, space: /^\s+$/.test(part) });
  }
  const lines: Placed[][] = [];
  let line: Placed[] = [];
  let x = indent;
  for (const w of words) {
    if (w.space) {
      if (line.length > 0) x += w.font.widthOfTextAtSize(" ", size);
      continue;
    }
    const wWidth = w.font.widthOfTextAtSize(w.text, size);
    if (x + wWidth > width && line.length > 0) {
      lines.push(line);
      line = [];
      x = 0;
    }
    line.push({ text: w.text, font: w.font, x });
    x += wWidth;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

class Writer {
  page: PDFPage;
  y: number;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: { regular: PDFFont; bold: PDFFont; italic: PDFFont },
  ) {
    this.page = doc.addPage([A5.width, A5.height]);
    this.y = A5.height - MARGIN.top;
  }

  get width(): number {
    return A5.width - MARGIN.left - MARGIN.right;
  }

  ensure(height: number): void {
    if (this.y - height < MARGIN.bottom) {
      this.page = this.doc.addPage([A5.width, A5.height]);
      this.y = A5.height - MARGIN.top;
    }
  }

  /** Text centred in the column [left, left + width] at the current line. */
  centred(text: string, font: PDFFont, size: number, left: number, width: number, y = this.y): number {
    const lines = wrap([{ text, font }], width, size);
    let yy = y;
    for (const l of lines) {
      const lineText = l.map((p) => p.text).join(" ");
      const w = font.widthOfTextAtSize(lineText, size);
      this.page.drawText(lineText, { x: left + (width - w) / 2, y: yy - size, size, font, color: TEXT });
      yy -= size * 1.25;
    }
    return yy;
  }

  /** A paragraph, justified except its last line (the layout of administrative documents). */
  paragraph(runs: Run[], size: number, options: { indent?: number; gap?: number; left?: number; width?: number } = {}) {
    const left = options.left ?? MARGIN.left;
    const width = options.width ?? this.width;
    const lines = wrap(runs, width, size, options.indent ?? 0);
    const lead = size * 1.3;
    lines.forEach((line, i) => {
      this.ensure(lead);
      const last = line.at(-1)!;
      const used = last.x + last.font.widthOfTextAtSize(last.text, size);
      const spread = i < lines.length - 1 && line.length > 1 ? (width - used) / (line.length - 1) : 0;
      line.forEach((p, j) => {
        this.page.drawText(p.text, { x: left + p.x + spread * j, y: this.y - size, size, font: p.font, color: TEXT });
      });
      this.y -= lead;
    });
    this.y -= options.gap ?? size * 0.3;
  }

  rule(left: number, width: number, y: number): void {
    this.page.drawLine({ start: { x: left, y }, end: { x: left + width, y }, thickness: 0.6, color: TEXT });
  }
}

/** The largest size ≤ `max` at which `text` fits `width` on one line (never below `min`). */
function fittedSize(text: string, font: PDFFont, max: number, width: number, min = 8): number {
  let size = max;
  while (size > min && font.widthOfTextAtSize(text, size) > width) size -= 0.25;
  return size;
}

/** Draws the two-column header every administrative document starts with (ND 30/2020/NĐ-CP layout). */
function header(w: Writer, content: Pick<LetterContent, "header">): void {
  const { regular, bold, italic } = w.fonts;
  const leftWidth = w.width * 0.4;
  const rightLeft = MARGIN.left + leftWidth + 4;
  const rightWidth = w.width - leftWidth - 4;
  const top = w.y;

  let yl = top;
  if (content.header.parent) yl = w.centred(content.header.parent, regular, 9.5, MARGIN.left, leftWidth, yl);
  yl = w.centred(content.header.agency, bold, 9.5, MARGIN.left, leftWidth, yl);
  w.rule(MARGIN.left + leftWidth * 0.3, leftWidth * 0.4, yl - 2);
  yl = w.centred(content.header.number, regular, 10, MARGIN.left, leftWidth, yl - 8);

  const titleSize = fittedSize(NATIONAL_TITLE, bold, 9.5, rightWidth);
  let yr = w.centred(NATIONAL_TITLE, bold, titleSize, rightLeft, rightWidth, top);
  const mottoSize = fittedSize(NATIONAL_MOTTO, bold, 10.5, rightWidth);
  yr = w.centred(NATIONAL_MOTTO, bold, mottoSize, rightLeft, rightWidth, yr);
  const mottoWidth = bold.widthOfTextAtSize(NATIONAL_MOTTO, mottoSize);
  w.rule(rightLeft + (rightWidth - mottoWidth) / 2, mottoWidth, yr - 1);
  yr = w.centred(
    content.header.placeDate,
    italic,
    fittedSize(content.header.placeDate, italic, 10, rightWidth),
    rightLeft,
    rightWidth,
    yr - 8,
  );

  w.y = Math.min(yl, yr) - 12;
}

/** The letter as PDF bytes. */
export async function buildLetterPdf(content: LetterContent, fontBytes: LetterFonts): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const fonts = {
    regular: await doc.embedFont(fontBytes.regular, { subset: false }),
    bold: await doc.embedFont(fontBytes.bold, { subset: false }),
    italic: await doc.embedFont(fontBytes.italic, { subset: false }),
  };
  doc.setTitle(`${content.title} – ${content.header.number}`);
  doc.setSubject(content.formLabel);
  doc.setLanguage("vi-VN");
  doc.setCreator("hailong");
  doc.setProducer("hailong (pdf-lib)");

  const w = new Writer(doc, fonts);
  header(w, content);

  w.y = w.centred(content.title, fonts.bold, 12, MARGIN.left, w.width) - 8;
  w.paragraph(
    [
      { text: "Kính gửi: ", font: fonts.regular },
      { text: content.addressee, font: fonts.bold },
    ],
    10.5,
    { indent: 14 * MM, gap: 1 },
  );
  if (content.addresseeAddress) {
    w.paragraph([{ text: `Địa chỉ: ${content.addresseeAddress}`, font: fonts.regular }], 10, { indent: 14 * MM });
  }
  w.y -= 4;
  for (const p of content.paragraphs) {
    const runs: Run[] = [];
    if (p.label) runs.push({ text: `${p.label} `, font: fonts.bold });
    runs.push({ text: p.text, font: fonts.regular });
    w.paragraph(runs, 10.5, { indent: 10 * MM, gap: 2 });
  }

  // Signature block (right) and recipients (left), side by side.
  w.y -= 4;
  w.ensure(78);
  const top = w.y;
  const half = w.width / 2;
  const rightLeft = MARGIN.left + half;
  let ys = w.centred(content.signerTitle, fonts.bold, 10.5, rightLeft, half, top);
  ys = w.centred(content.signerNote, fonts.italic, 10, rightLeft, half, ys);
  if (content.signerName) w.centred(content.signerName, fonts.bold, 10.5, rightLeft, half, ys - 40);
  let yr = top;
  content.recipients.forEach((line, i) => {
    const font = i === 0 ? fonts.bold : fonts.regular;
    const size = i === 0 ? 9.5 : 9;
    w.page.drawText(line, { x: MARGIN.left, y: yr - size, size, font, color: TEXT });
    yr -= size * 1.3;
  });

  for (const page of doc.getPages()) {
    page.drawText(content.formLabel, {
      x: MARGIN.left,
      y: MARGIN.bottom / 2,
      size: 7,
      font: fonts.italic,
      color: GREY,
    });
  }
  return doc.save();
}
