import qrcode from "qrcode-generator";

/** A QR code as one SVG path: `size` modules square, dark modules drawn, runs merged per row. */
export interface QrPath {
  size: number;
  d: string;
}

/**
 * Encodes `text` (byte mode, error correction M: a poster survives some wear and glare) and
 * draws its dark modules as horizontal runs. Pure; the caller adds the quiet zone.
 */
export function qrPath(text: string): QrPath {
  const qr = qrcode(0, "M");
  qr.addData(text, "Byte");
  qr.make();
  const size = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!qr.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && qr.isDark(row, col)) col++;
      parts.push(`M${start} ${row}h${col - start}v1h-${col - start}z`);
    }
  }
  return { size, d: parts.join("") };
}
