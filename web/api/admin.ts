import { z } from "zod";
import {
  type AccountCreate,
  AccountListSchema,
  AccountSchema,
  type AccountUpdate,
  AccountWithPasswordSchema,
} from "../../schema/api/accounts";
import {
  AgencyProfileSchema,
  type AgencyProfileUpdate,
  AuditListSchema,
  AuditVerdictSchema,
  CounterListSchema,
  CounterSchema,
  ProcedureImportResultSchema,
  ProcedureListSchema,
  ProcedureSchema,
  UnitListSchema,
  UnitSchema,
} from "../../schema/api/admin";
import { apiGet, apiSend, type RequestOptions } from "./client";

/**
 * Agency administration (/api/admin/*): profile, units, counters, procedures and their CSV
 * import, accounts, the audit trail. The CSRF token is added by the client.
 */

const Revoked = z.object({ revoked: z.number().int() });

/** A body for PATCH/POST: the form's values (the shared zod schema on the server checks them). */
type Body = Record<string, unknown>;

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const text = search.toString();
  return text ? `?${text}` : "";
}

const id = (value: string) => encodeURIComponent(value);

export function getAgency(options?: RequestOptions) {
  return apiGet("/api/admin/agency", AgencyProfileSchema, options);
}

export function saveAgency(body: AgencyProfileUpdate) {
  return apiSend("PUT", "/api/admin/agency", body, AgencyProfileSchema);
}

export function listUnits(options?: RequestOptions) {
  return apiGet("/api/admin/units", UnitListSchema, options);
}

export function getUnit(unitId: string, options?: RequestOptions) {
  return apiGet(`/api/admin/units/${id(unitId)}`, UnitSchema, options);
}

export function createUnit(body: Body) {
  return apiSend("POST", "/api/admin/units", body, UnitSchema);
}

export function updateUnit(unitId: string, body: Body) {
  return apiSend("PATCH", `/api/admin/units/${id(unitId)}`, body, UnitSchema);
}

export function listCounters(options?: RequestOptions) {
  return apiGet("/api/admin/counters", CounterListSchema, options);
}

export function getCounter(counterId: string, options?: RequestOptions) {
  return apiGet(`/api/admin/counters/${id(counterId)}`, CounterSchema, options);
}

export function createCounter(body: Body) {
  return apiSend("POST", "/api/admin/counters", body, CounterSchema);
}

export function updateCounter(counterId: string, body: Body) {
  return apiSend("PATCH", `/api/admin/counters/${id(counterId)}`, body, CounterSchema);
}

/** The name of a survey template (the public survey definition; nothing lists templates yet). */
const SurveyNameSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  kind: z.string(),
  name: z.object({ vi: z.string(), en: z.string().nullable() }),
});
export type SurveyName = z.infer<typeof SurveyNameSchema>;

export function getSurveyName(templateId: string, options?: RequestOptions) {
  return apiGet(`/api/ratings/surveys/${id(templateId)}`, SurveyNameSchema, options);
}

export function listProcedures(where: { q?: string; unitId?: string; active?: string }, options?: RequestOptions) {
  return apiGet(`/api/admin/procedures${query(where)}`, ProcedureListSchema, options);
}

export function getProcedure(procedureId: string, options?: RequestOptions) {
  return apiGet(`/api/admin/procedures/${id(procedureId)}`, ProcedureSchema, options);
}

export function createProcedure(body: Body) {
  return apiSend("POST", "/api/admin/procedures", body, ProcedureSchema);
}

export function updateProcedure(procedureId: string, body: Body) {
  return apiSend("PATCH", `/api/admin/procedures/${id(procedureId)}`, body, ProcedureSchema);
}

/** Checks (dryRun) or imports a CSV of the national TTHC list; a bad file imports nothing. */
export function importProcedures(csv: string, dryRun: boolean) {
  return apiSend(
    "POST",
    `/api/admin/procedures/import${dryRun ? "?dryRun=1" : ""}`,
    { csv },
    ProcedureImportResultSchema,
  );
}

export function listAccounts(options?: RequestOptions) {
  return apiGet("/api/admin/accounts", AccountListSchema, options);
}

export function getAccount(accountId: string, options?: RequestOptions) {
  return apiGet(`/api/admin/accounts/${id(accountId)}`, AccountSchema, options);
}

export function createAccount(body: AccountCreate) {
  return apiSend("POST", "/api/admin/accounts", body, AccountWithPasswordSchema);
}

export function updateAccount(accountId: string, body: AccountUpdate) {
  return apiSend("PATCH", `/api/admin/accounts/${id(accountId)}`, body, AccountSchema);
}

export function resetAccountPassword(accountId: string) {
  return apiSend("POST", `/api/admin/accounts/${id(accountId)}/reset-password`, {}, AccountWithPasswordSchema);
}

export function revokeAccountSessions(accountId: string) {
  return apiSend("POST", `/api/admin/accounts/${id(accountId)}/revoke-sessions`, {}, Revoked);
}

export function resetAccountTotp(accountId: string) {
  return apiSend("DELETE", `/api/admin/accounts/${id(accountId)}/totp`, undefined, AccountSchema);
}

export function listAudit(before?: string, options?: RequestOptions) {
  return apiGet(`/api/admin/audit${query({ before, limit: "50" })}`, AuditListSchema, options);
}

export function verifyAudit(options?: RequestOptions) {
  return apiGet("/api/admin/audit/verify", AuditVerdictSchema, options);
}
