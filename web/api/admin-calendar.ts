import { z } from "zod";
import {
  AdminCalendarSchema,
  type DeadlineRuleCreate,
  DeadlineRuleListSchema,
  DeadlineRuleViewSchema,
  OwnCalendarDaySchema,
  type OwnDayCreate,
  type OwnDayUpdate,
} from "../../schema/api/admin-calendar";
import { apiGet, apiSend, type RequestOptions } from "./client";

/**
 * The holiday calendar and the deadline rules of the agency (/api/admin/calendar) for the
 * administration pages. The CSRF token is added by the client.
 */

const id = (value: string) => encodeURIComponent(value);
const Nothing = z.undefined();

/** The year's days off and swapped working days, with their origin, and the agency's own rows. */
export function getAdminCalendar(year: number, options?: RequestOptions) {
  return apiGet(`/api/admin/calendar?year=${year}`, AdminCalendarSchema, options);
}

export function createOwnDay(body: OwnDayCreate) {
  return apiSend("POST", "/api/admin/calendar/days", body, OwnCalendarDaySchema);
}

export function updateOwnDay(dayId: string, body: OwnDayUpdate) {
  return apiSend("PATCH", `/api/admin/calendar/days/${id(dayId)}`, body, OwnCalendarDaySchema);
}

export function deleteOwnDay(dayId: string) {
  return apiSend("DELETE", `/api/admin/calendar/days/${id(dayId)}`, undefined, Nothing);
}

export function listDeadlineRules(options?: RequestOptions) {
  return apiGet("/api/admin/calendar/rules", DeadlineRuleListSchema, options);
}

export function createDeadlineRule(body: Partial<DeadlineRuleCreate>) {
  return apiSend("POST", "/api/admin/calendar/rules", body, DeadlineRuleViewSchema);
}

/** Ends one of the agency's rules: `validTo` is its last day in force. */
export function endDeadlineRule(ruleId: string, validTo: string) {
  return apiSend("PATCH", `/api/admin/calendar/rules/${id(ruleId)}`, { validTo }, DeadlineRuleViewSchema);
}

/** Deletes one of the agency's rules that is not yet in force. */
export function deleteDeadlineRule(ruleId: string) {
  return apiSend("DELETE", `/api/admin/calendar/rules/${id(ruleId)}`, undefined, Nothing);
}
