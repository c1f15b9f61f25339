/**
 * The file code (mã số hồ sơ), TT 01/2018/TT-VPCP Art. 19 and ND 118/2025/NĐ-CP Art. 28
 * (DOMAIN §8.2): `<agency identifier>-YYMMDD-<sequence of the day>`, e.g.
 * `H15.50.05.13-261008-0975`. Files coming from ministry systems carry 6–7-digit sequences,
 * and TT 03/2025/TT-VPCP may have changed the format [U], so codes are accepted loosely and the
 * standard structure is only reported, never required.
 */
import { type IsoDate, isIsoDate, isoDate } from "../calendar/dates";

/** What any file code must look like: 3–60 letters, digits, dots, dashes, slashes, underscores. */
export const LOOSE_FILE_CODE = /^[0-9A-Za-z._/-]{3,60}$/;

const STANDARD_FILE_CODE = /^(?<unit>[0-9A-Za-z.]+)-(?<date>\d{6})-(?<seq>\d{4,7})$/;

export interface ParsedFileCode {
  /** The agency (unit) identifier, e.g. H15.50.05.13. */
  unit: string;
  /** The receipt date the code names, or null when YYMMDD is not a real date. */
  date: IsoDate | null;
  /** The sequence number within the day. */
  seq: number;
}

/** Trims a typed or imported code; null when it is not even loosely a file code. */
export function normaliseFileCode(raw: string): string | null {
  const code = raw.normalize("NFC").trim();
  return LOOSE_FILE_CODE.test(code) ? code : null;
}

/** The parts of a code in the standard structure, or null for any other (accepted) code. */
export function parseFileCode(code: string): ParsedFileCode | null {
  const m = STANDARD_FILE_CODE.exec(code.trim());
  if (!m?.groups) return null;
  const { unit, date, seq } = m.groups as { unit: string; date: string; seq: string };
  const iso = isoDate(2000 + Number(date.slice(0, 2)), Number(date.slice(2, 4)), Number(date.slice(4, 6)));
  return { unit, date: isIsoDate(iso) ? iso : null, seq: Number(seq) };
}

/** `YYMMDD` of a date. */
export function yymmdd(date: IsoDate): string {
  return `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
}

/**
 * A code in the standard structure for a file received on `date`, with the day's sequence
 * number (4 digits, more when a day has more than 9,999 files).
 */
export function formatFileCode(agencyCode: string, date: IsoDate, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`a sequence number is ≥ 1, got ${seq}`);
  return `${agencyCode}-${yymmdd(date)}-${String(seq).padStart(4, "0")}`;
}
