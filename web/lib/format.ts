import { type Lang, lang } from "../i18n/i18n";

/** Dates and times are shown in Vietnam's time zone, wherever the reader's device is. */
export const TIME_ZONE = "Asia/Ho_Chi_Minh";

const LOCALES: Record<Lang, string> = { vi: "vi-VN", en: "en-GB" };

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    // en-GB gives the day-month-year order and 24-hour clock in every browser; the parts are
    // reassembled below so the separators never depend on the locale data.
    format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: TIME_ZONE });
    cache.set(key, format);
  }
  return format;
}

function numberFormat(l: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n${l}${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[l], options);
    cache.set(key, format);
  }
  return format;
}

function parts(format: Intl.DateTimeFormat, value: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(value)) out[part.type] = part.value;
  return out;
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** dd/mm/yyyy in Asia/Ho_Chi_Minh (the same in both languages). */
export function formatDate(value: Date | string | number): string {
  const p = parts(dateFormat({ day: "2-digit", month: "2-digit", year: "numeric" }), toDate(value));
  return `${p.day}/${p.month}/${p.year}`;
}

/** HH:mm (24-hour) in Asia/Ho_Chi_Minh. */
export function formatTime(value: Date | string | number): string {
  const p = parts(dateFormat({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }), toDate(value));
  return `${p.hour}:${p.minute}`;
}

/** HH:mm dd/mm/yyyy, the order Vietnamese documents use ("14:30 ngày 22/11/2026"). */
export function formatDateTime(value: Date | string | number): string {
  return `${formatTime(value)} ${formatDate(value)}`;
}

/** A number in the reader's style: 1.234,5 in Vietnamese, 1,234.5 in English. */
export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}, l: Lang = lang.value): string {
  return numberFormat(l, { maximumFractionDigits: 2, ...options }).format(value);
}

/**
 * A percentage given in points (95 means 95%): "95,5%" in Vietnamese, "95.5%" in English.
 * Indices and targets in the plans are written in points, so that is what the API sends.
 */
export function formatPercent(points: number, fractionDigits = 1, l: Lang = lang.value): string {
  return numberFormat(l, { style: "percent", maximumFractionDigits: fractionDigits }).format(points / 100);
}
