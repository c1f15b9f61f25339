/**
 * Dates and times as people type them in Vietnamese spreadsheets and one-stop exports:
 * `dd/mm/yyyy`, `dd/mm/yyyy HH:mm[:ss]`, `HH:mm dd/mm/yyyy`, `yyyy-mm-dd`, or a full ISO 8601
 * instant. Without a zone they are Vietnamese wall-clock times (Asia/Ho_Chi_Minh, UTC+7).
 */
import { type IsoDate, instantOf, isIsoDate, isoDate } from "../calendar/dates";

export interface ParsedDateTime {
  instant: Date;
  /** Only a date was given; the time was filled in with `defaultMinutes`. */
  dateOnly: boolean;
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2})[:hg](\d{2})(?::(\d{2}))?)?$/i;
const TIME_FIRST = /^(\d{1,2})[:hg](\d{2})(?::(\d{2}))?[ ,]+(?:ngày\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/i;
const YMD = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function local(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | null {
  const date: IsoDate = isoDate(y, mo, d);
  if (!isIsoDate(date) || h > 23 || mi > 59 || s > 59) return null;
  return new Date(instantOf({ date, minutes: h * 60 + mi }).getTime() + s * 1000);
}

/**
 * Parses a date or date-time; `defaultMinutes` (minutes after midnight, local) fills in a
 * missing time. Null when the text is not a real date.
 */
export function parseLocalDateTime(text: string, defaultMinutes: number): ParsedDateTime | null {
  const value = text.normalize("NFC").trim();
  if (!value) return null;
  if (ISO_WITH_ZONE.test(value)) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : { instant: new Date(t), dateOnly: false };
  }
  const h0 = Math.floor(defaultMinutes / 60);
  const m0 = defaultMinutes % 60;
  let m = DMY.exec(value);
  if (m) {
    const dateOnly = m[4] === undefined;
    const at = local(
      Number(m[3]),
      Number(m[2]),
      Number(m[1]),
      dateOnly ? h0 : Number(m[4]),
      dateOnly ? m0 : Number(m[5]),
      Number(m[6] ?? 0),
    );
    return at ? { instant: at, dateOnly } : null;
  }
  m = TIME_FIRST.exec(value);
  if (m) {
    const at = local(Number(m[6]), Number(m[5]), Number(m[4]), Number(m[1]), Number(m[2]), Number(m[3] ?? 0));
    return at ? { instant: at, dateOnly: false } : null;
  }
  m = YMD.exec(value);
  if (m) {
    const dateOnly = m[4] === undefined;
    const at = local(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      dateOnly ? h0 : Number(m[4]),
      dateOnly ? m0 : Number(m[5]),
      Number(m[6] ?? 0),
    );
    return at ? { instant: at, dateOnly } : null;
  }
  return null;
}
