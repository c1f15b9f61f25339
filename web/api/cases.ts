import type { z } from "zod";
import { MeSchema } from "../../schema/api/accounts";
import {
  type AnswerRequest,
  ATTACHMENT_NAME_HEADER,
  AttachmentUploadedSchema,
  CASE_SECRET_HEADER,
  CaseDetailSchema,
  CaseIdentitySchema,
  CaseQueueSchema,
  CaseRatingSchema,
  CaseStatusViewSchema,
  CasesMetaSchema,
  IntakeOptionsSchema,
  IntakeReceiptSchema,
  type IntakeRequest,
  PublicAgencyListSchema,
  PublishedAnswersSchema,
  PublishPreviewSchema,
  type TransitionRequest,
} from "../../schema/api/cases";
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from "../../schema/api/problem";
import { lang } from "../i18n/i18n";
import { apiGet, apiSend, type RequestOptions } from "./client";
import { ApiContractError, ApiOfflineError, ApiProblem } from "./errors";

/**
 * The cases API (schema/api/cases.ts): the citizen's intake, status and rating, the public
 * answers, and the inspectorate's queue and case page. Files go up one per request as the raw
 * body, and come down as blobs.
 */

const secretHeader = (secret: string) => ({ [CASE_SECRET_HEADER]: secret });

export function listCaseAgencies(options?: RequestOptions) {
  return apiGet("/api/public/cases/agencies", PublicAgencyListSchema, options);
}

export function getIntakeOptions(where: { agency?: string; counter?: string }, options?: RequestOptions) {
  const query = new URLSearchParams();
  if (where.counter) query.set("counter", where.counter);
  else if (where.agency) query.set("agency", where.agency);
  return apiGet(`/api/public/cases/intake-options?${query}`, IntakeOptionsSchema, options);
}

export function fileCase(body: IntakeRequest) {
  return apiSend("POST", "/api/public/cases", body, IntakeReceiptSchema);
}

export function getCaseStatus(code: string, secret: string, options: RequestOptions = {}) {
  return apiGet(`/api/public/cases/${encodeURIComponent(code)}`, CaseStatusViewSchema, {
    ...options,
    headers: { ...options.headers, ...secretHeader(secret) },
  });
}

export function rateCaseAnswer(code: string, secret: string, body: { satisfied: boolean; comment?: string }) {
  return apiSend("POST", `/api/public/cases/${encodeURIComponent(code)}/rating`, body, CaseRatingSchema, {
    headers: secretHeader(secret),
  });
}

export function getPublishedAnswers(agency: string, before?: string, options?: RequestOptions) {
  const query = new URLSearchParams({ agency });
  if (before) query.set("before", before);
  return apiGet(`/api/public/cases/published?${query}`, PublishedAnswersSchema, options);
}

async function problemOrContract(response: Response, what: string): Promise<never> {
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    payload = undefined;
  }
  const problem = ProblemSchema.safeParse(payload);
  if (problem.success) throw new ApiProblem(problem.data);
  throw new ApiContractError(response.status, `${what}: ${response.status} without a problem body`);
}

async function rawFetch(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { credentials: "same-origin", ...init });
  } catch (err) {
    throw new ApiOfflineError(err);
  }
}

async function upload(path: string, file: File, headers: Record<string, string>) {
  const response = await rawFetch(path, {
    method: "POST",
    body: file,
    headers: {
      accept: `application/json, ${PROBLEM_CONTENT_TYPE}`,
      "accept-language": lang.value,
      "content-type": "application/octet-stream",
      [ATTACHMENT_NAME_HEADER]: encodeURIComponent(file.name),
      ...headers,
    },
  });
  if (!response.ok) return problemOrContract(response, `POST ${path}`);
  const parsed = AttachmentUploadedSchema.safeParse(await response.json());
  if (!parsed.success) throw new ApiContractError(response.status, `POST ${path}: unexpected answer`);
  return parsed.data;
}

async function download(path: string, headers: Record<string, string>): Promise<Blob> {
  const response = await rawFetch(path, { headers: { "accept-language": lang.value, ...headers } });
  if (!response.ok) return problemOrContract(response, `GET ${path}`);
  return response.blob();
}

export function uploadCitizenAttachment(code: string, secret: string, file: File) {
  return upload(`/api/public/cases/${encodeURIComponent(code)}/attachments`, file, secretHeader(secret));
}

export function downloadCitizenAttachment(code: string, secret: string, attachmentId: string) {
  return download(`/api/public/cases/${encodeURIComponent(code)}/attachments/${attachmentId}`, secretHeader(secret));
}

/** Saves a blob under a name through a temporary link (no new window, works on phones). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- staff ----

let csrf: Promise<string> | null = null;

/** The session's CSRF token (from /api/auth/me), fetched once per page load. */
export function staffCsrfToken(): Promise<string> {
  csrf ??= apiGet("/api/auth/me", MeSchema).then(
    (me) => me.csrfToken,
    (err: unknown) => {
      csrf = null;
      throw err;
    },
  );
  return csrf;
}

export function getStaffMe(options?: RequestOptions) {
  return apiGet("/api/auth/me", MeSchema, options);
}

async function staffSend<T>(method: "POST" | "DELETE", path: string, body: unknown, schema: z.ZodType<T>) {
  return apiSend(method, path, body, schema, { headers: { "x-csrf-token": await staffCsrfToken() } });
}

export type QueueParams = Partial<Record<"kind" | "status" | "unitId" | "due" | "mine" | "q", string>>;

export function getCaseQueue(params: QueueParams, options?: RequestOptions) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  return apiGet(`/api/staff/cases?${query}`, CaseQueueSchema, options);
}

export function getCasesMeta(options?: RequestOptions) {
  return apiGet("/api/staff/cases/meta", CasesMetaSchema, options);
}

export function getStaffCase(id: string, options?: RequestOptions) {
  return apiGet(`/api/staff/cases/${id}`, CaseDetailSchema, options);
}

export function getCaseIdentity(id: string) {
  return apiGet(`/api/staff/cases/${id}/identity`, CaseIdentitySchema);
}

export function caseTransition(id: string, body: TransitionRequest) {
  return staffSend("POST", `/api/staff/cases/${id}/transitions`, body, CaseDetailSchema);
}

export function saveCaseAnswer(id: string, body: AnswerRequest) {
  return staffSend("POST", `/api/staff/cases/${id}/answer`, body, CaseDetailSchema);
}

export function previewPublication(id: string, body: { publishedQuestion: string; publishedAnswer: string }) {
  return staffSend("POST", `/api/staff/cases/${id}/publish-preview`, body, PublishPreviewSchema);
}

export async function uploadAnswerAttachment(id: string, file: File) {
  return upload(`/api/staff/cases/${id}/answer/attachments`, file, { "x-csrf-token": await staffCsrfToken() });
}

export function downloadStaffAttachment(id: string, attachmentId: string) {
  return download(`/api/staff/cases/${id}/attachments/${attachmentId}`, {});
}
