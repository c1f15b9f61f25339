import type { CalendarOrigin, DeadlineRuleView } from "../../../schema/api/admin-calendar";
import { type MessageKey, t } from "../../i18n";
import { formatDate } from "../../lib/format";

/** Pure helpers of the calendar and deadline-rule pages: dates typed as dd/mm/yyyy, labels. */

/** YYYY-MM-DD of a date typed dd/mm/yyyy (d/m/yyyy accepted), or null when it is not a real date. */
export function parseDateVi(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** dd/mm/yyyy of a YYYY-MM-DD date (no time zone involved). */
export function displayDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** Today in Vietnam, dd/mm/yyyy. */
export function todayVi(): string {
  return formatDate(new Date());
}

/** This year in Vietnam. */
export function thisYear(): number {
  return Number(todayVi().slice(6, 10));
}

export const ORIGIN_KEYS: Record<CalendarOrigin, MessageKey> = {
  computed: "adminCalendar.origin.computed",
  national: "adminCalendar.origin.national",
  agency: "adminCalendar.origin.agency",
};

export const CASE_KINDS = ["petition", "complaint", "denunciation"] as const;

export const CASE_KIND_KEYS: Record<(typeof CASE_KINDS)[number], MessageKey> = {
  petition: "adminCalendar.kindName.petition",
  complaint: "adminCalendar.kindName.complaint",
  denunciation: "adminCalendar.kindName.denunciation",
};

const STEP_KEYS: Record<string, MessageKey> = {
  accept: "adminCalendar.step.accept",
  reject: "adminCalendar.step.reject",
  resolve: "adminCalendar.step.resolve",
  resolve_complex: "adminCalendar.step.resolve_complex",
  resolve_remote: "adminCalendar.step.resolve_remote",
  resolve_remote_complex: "adminCalendar.step.resolve_remote_complex",
  send_decision: "adminCalendar.step.send_decision",
  accept_second: "adminCalendar.step.accept_second",
  resolve_second: "adminCalendar.step.resolve_second",
  resolve_second_complex: "adminCalendar.step.resolve_second_complex",
  initial_processing: "adminCalendar.step.initial_processing",
  initial_processing_extended: "adminCalendar.step.initial_processing_extended",
  forward: "adminCalendar.step.forward",
  answer: "adminCalendar.step.answer",
  publish: "adminCalendar.step.publish",
  extend: "adminCalendar.step.extend",
  reception_answer: "adminCalendar.step.reception_answer",
};

/** A step's name in the page language; an agency's own step keeps its code. */
export function stepLabel(step: string): string {
  const key = Object.hasOwn(STEP_KEYS, step) ? STEP_KEYS[step] : undefined;
  return key ? t(key) : step;
}

/** "Khiếu nại – Thụ lý: 7 ngày làm việc" */
export function ruleSummary(rule: Pick<DeadlineRuleView, "caseKind" | "step" | "period" | "dayType">): string {
  return `${t(CASE_KIND_KEYS[rule.caseKind])} – ${stepLabel(rule.step)}: ${periodLabel(rule)}`;
}

export function periodLabel(rule: Pick<DeadlineRuleView, "period" | "dayType">): string {
  return t(rule.dayType === "working" ? "adminCalendar.rules.days.working" : "adminCalendar.rules.days.calendar", {
    count: rule.period,
  });
}
