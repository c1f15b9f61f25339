import { MeSchema } from "../../schema/api/accounts";
import {
  type Action,
  type ActionCreate,
  ActionListSchema,
  ActionSchema,
  type ActionUpdate,
  type DashboardQuery,
  DashboardSummarySchema,
  FollowUpListSchema,
  PeriodicReportSchema,
  type ReportQuery,
  TransparencySchema,
} from "../../schema/api/dashboard";
import { apiGet, apiSend, type RequestOptions } from "./client";

/** The manager dashboard, corrective actions, reports (staff) and the transparency page (public). */

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, String(v));
  return search.toString();
}

export function getDashboardSummary(q: DashboardQuery, options?: RequestOptions) {
  return apiGet(`/api/staff/dashboard/summary?${query(q)}`, DashboardSummarySchema, options);
}

export function getFollowUps(q: { status?: string; unitId?: string; cursor?: string }, options?: RequestOptions) {
  return apiGet(`/api/staff/dashboard/follow-ups?${query(q)}`, FollowUpListSchema, options);
}

export function getActions(q: { status?: string; unitId?: string }, options?: RequestOptions) {
  return apiGet(`/api/staff/dashboard/actions?${query(q)}`, ActionListSchema, options);
}

/** The session's CSRF token (sent back on every change); asked once per page load. */
let csrf: Promise<string> | undefined;
function csrfHeaders(): Promise<Record<string, string>> {
  csrf ??= apiGet("/api/auth/me", MeSchema).then((me) => me.csrfToken);
  return csrf.then(
    (token) => ({ "x-csrf-token": token }),
    (err: unknown) => {
      csrf = undefined;
      throw err;
    },
  );
}

export async function createAction(body: ActionCreate): Promise<Action> {
  return apiSend("POST", "/api/staff/dashboard/actions", body, ActionSchema, { headers: await csrfHeaders() });
}

export async function updateAction(id: string, body: ActionUpdate): Promise<Action> {
  return apiSend("PATCH", `/api/staff/dashboard/actions/${encodeURIComponent(id)}`, body, ActionSchema, {
    headers: await csrfHeaders(),
  });
}

export function getPeriodicReport(q: Omit<ReportQuery, "format">, options?: RequestOptions) {
  return apiGet(`/api/staff/reports/periodic?${query({ ...q, format: "json" })}`, PeriodicReportSchema, options);
}

/** Where the browser downloads the report file (a plain link: the session cookie goes with it). */
export function periodicReportUrl(q: Omit<ReportQuery, "format">, format: "csv" | "xlsx"): string {
  return `/api/staff/reports/periodic?${query({ ...q, format })}`;
}

export function getTransparency(agencyCode: string, options?: RequestOptions) {
  return apiGet(`/api/public/transparency/${encodeURIComponent(agencyCode)}`, TransparencySchema, options);
}
