/**
 * What an uploaded file really is, from its first bytes (magic numbers), never from the type the
 * sender declared: images (JPEG, PNG, WebP, HEIC from phones), PDF and Office documents (OOXML,
 * OpenDocument, legacy OLE). The name's extension must agree with what the bytes say, so an
 * executable renamed .pdf, or a macro-enabled workbook renamed .xlsx, is refused. Pure.
 */

export interface DetectedType {
  contentType: string;
  /** Extensions a file of this type may carry. */
  extensions: readonly string[];
}

const JPEG: DetectedType = { contentType: "image/jpeg", extensions: ["jpg", "jpeg"] };
const PNG: DetectedType = { contentType: "image/png", extensions: ["png"] };
const WEBP: DetectedType = { contentType: "image/webp", extensions: ["webp"] };
const HEIC: DetectedType = { contentType: "image/heic", extensions: ["heic", "heif"] };
const PDF: DetectedType = { contentType: "application/pdf", extensions: ["pdf"] };
const DOCX: DetectedType = {
  contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  extensions: ["docx"],
};
const XLSX: DetectedType = {
  contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  extensions: ["xlsx"],
};
const ODT: DetectedType = { contentType: "application/vnd.oasis.opendocument.text", extensions: ["odt"] };
const ODS: DetectedType = { contentType: "application/vnd.oasis.opendocument.spreadsheet", extensions: ["ods"] };
const OLE_BY_EXTENSION: Record<string, DetectedType> = {
  doc: { contentType: "application/msword", extensions: ["doc"] },
  xls: { contentType: "application/vnd.ms-excel", extensions: ["xls"] },
};

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  let out = "";
  for (let i = Math.max(0, from); i < Math.min(bytes.length, to); i++) out += String.fromCharCode(bytes[i] as number);
  return out;
}

/** Names of zip entries appear in the local headers (start) and the central directory (end). */
function zipNames(bytes: Uint8Array): string {
  const window = 256 * 1024;
  return bytes.length <= 2 * window
    ? ascii(bytes, 0, bytes.length)
    : ascii(bytes, 0, window) + ascii(bytes, bytes.length - window, bytes.length);
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

/** The type the bytes show, or null when it is none of the accepted types. */
export function sniff(bytes: Uint8Array, extension: string): DetectedType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return WEBP;
  if (ascii(bytes, 4, 8) === "ftyp" && /^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(ascii(bytes, 8, 12))) return HEIC;
  if (ascii(bytes, 0, 5) === "%PDF-") return PDF;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // OpenDocument: an uncompressed "mimetype" entry first, with the type as its content.
    if (ascii(bytes, 30, 38) === "mimetype") {
      const mime = ascii(bytes, 38, 38 + 60);
      if (mime.startsWith(ODT.contentType)) return ODT;
      if (mime.startsWith(ODS.contentType)) return ODS;
      return null;
    }
    const names = zipNames(bytes);
    if (!names.includes("[Content_Types].xml")) return null;
    // Macros are never accepted, whatever the extension says.
    if (names.includes("vbaProject.bin")) return null;
    if (names.includes("word/")) return DOCX;
    if (names.includes("xl/")) return XLSX;
    return null;
  }
  // Compound File Binary (legacy Word/Excel): the format cannot tell which, the extension does.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return OLE_BY_EXTENSION[extension] ?? null;
  return null;
}

export type FileCheck =
  | { ok: true; type: DetectedType }
  | { ok: false; reason: "empty" | "unknown_type" | "extension_mismatch" };

/** Accepts a file only when its bytes are an accepted type and its name's extension agrees. */
export function checkFile(bytes: Uint8Array, name: string): FileCheck {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  const extension = extensionOf(name);
  const type = sniff(bytes, extension);
  if (!type) return { ok: false, reason: "unknown_type" };
  if (!type.extensions.includes(extension)) return { ok: false, reason: "extension_mismatch" };
  return { ok: true, type };
}

/** A file name as people gave it, without a path, control characters or more than 255 characters. */
export function cleanFileName(raw: string): string {
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // keep it as sent
  }
  name = name.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  name = name.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, "").trim();
  if (name.length > 255) {
    const ext = extensionOf(name);
    name = `${name.slice(0, 250 - ext.length)}.${ext}`;
  }
  return name || "tep-dinh-kem";
}
