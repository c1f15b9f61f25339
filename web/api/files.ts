import { MeSchema } from "../../schema/api/accounts";
import { CounterListSchema, ProcedureListSchema, UnitListSchema } from "../../schema/api/admin";
import {
  AlertsSchema,
  type ApologyLetterRequest,
  ApologyLetterSchema,
  type DeliveryRequest,
  DuePreviewSchema,
  type FileCreateRequest,
  FileDetailSchema,
  type FileEventRequest,
  FileEventResultSchema,
  type FileListQuery,
  FileListSchema,
  FileSettingsSchema,
  ImportChunkResultSchema,
  ImportSummarySchema,
  type KpiQuery,
  KpiSchema,
  ReturnSlipSchema,
} from "../../schema/api/files";
import { apiGet, apiSend, type RequestOptions } from "./client";

/** Files (hồ sơ) on time, apology letters, the return slip and the CSV import (/api/staff/files). */

const BASE = "/api/staff/files";

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The session's CSRF token (sent back on every change); asked once per page load. */
let csrf: Promise<string> | undefined;
async function csrfHeaders(): Promise<Record<string, string>> {
  csrf ??= apiGet("/api/auth/me", MeSchema).then((me) => me.csrfToken);
  try {
    return { "x-csrf-token": await csrf };
  } catch (err) {
    csrf = undefined;
    throw err;
  }
}

export function listFiles(q: FileListQuery, options?: RequestOptions) {
  return apiGet(`${BASE}${query(q as Record<string, string | number | undefined>)}`, FileListSchema, options);
}

export function getFile(id: string, options?: RequestOptions) {
  return apiGet(`${BASE}/${encodeURIComponent(id)}`, FileDetailSchema, options);
}

export async function createFile(body: FileCreateRequest) {
  return apiSend("POST", BASE, body, FileDetailSchema, { headers: await csrfHeaders() });
}

export async function recordFileEvent(id: string, body: FileEventRequest) {
  return apiSend("POST", `${BASE}/${encodeURIComponent(id)}/events`, body, FileEventResultSchema, {
    headers: await csrfHeaders(),
  });
}

export function previewDue(procedureId: string, receivedAt: string | undefined, options?: RequestOptions) {
  return apiGet(`${BASE}/due-preview${query({ procedureId, receivedAt })}`, DuePreviewSchema, options);
}

export function getAlerts(options?: RequestOptions) {
  return apiGet(`${BASE}/alerts`, AlertsSchema, options);
}

export function getKpis(q: KpiQuery, options?: RequestOptions) {
  return apiGet(`${BASE}/kpis${query(q)}`, KpiSchema, options);
}

export function getFileSettings(options?: RequestOptions) {
  return apiGet(`${BASE}/settings`, FileSettingsSchema, options);
}

export async function issueApologyLetter(id: string, body: ApologyLetterRequest) {
  return apiSend("POST", `${BASE}/${encodeURIComponent(id)}/apology-letter`, body, ApologyLetterSchema, {
    headers: await csrfHeaders(),
  });
}

export function getApologyLetter(id: string, options?: RequestOptions) {
  return apiGet(`${BASE}/${encodeURIComponent(id)}/apology-letter`, ApologyLetterSchema, options);
}

export async function deliverApologyLetter(id: string, body: DeliveryRequest) {
  return apiSend("POST", `${BASE}/${encodeURIComponent(id)}/apology-letter/deliveries`, body, ApologyLetterSchema, {
    headers: await csrfHeaders(),
  });
}

export function getReturnSlip(id: string, options?: RequestOptions) {
  return apiGet(`${BASE}/${encodeURIComponent(id)}/return-slip`, ReturnSlipSchema, options);
}

export async function startImport(header: string) {
  return apiSend("POST", `${BASE}/imports`, { header }, ImportSummarySchema, { headers: await csrfHeaders() });
}

export async function sendImportChunk(id: string, chunk: { firstLine: number; csv: string }) {
  return apiSend("POST", `${BASE}/imports/${encodeURIComponent(id)}/chunks`, chunk, ImportChunkResultSchema, {
    headers: await csrfHeaders(),
  });
}

export function getImport(id: string, options?: RequestOptions) {
  return apiGet(`${BASE}/imports/${encodeURIComponent(id)}`, ImportSummarySchema, options);
}

export async function commitImport(id: string) {
  return apiSend("POST", `${BASE}/imports/${encodeURIComponent(id)}/commit`, {}, ImportSummarySchema, {
    headers: await csrfHeaders(),
  });
}

/** Reference data for the forms and filters (the agency administration's lists, readable by every role). */
export function listProcedures(options?: RequestOptions) {
  return apiGet("/api/admin/procedures?active=true", ProcedureListSchema, options);
}

export function listCounters(options?: RequestOptions) {
  return apiGet("/api/admin/counters", CounterListSchema, options);
}

export function listUnits(options?: RequestOptions) {
  return apiGet("/api/admin/units", UnitListSchema, options);
}
