import type { Problem } from "../../schema/api/problem";
import type { PublicAgency, PublicCounter } from "../../schema/api/public";
import type {
  FileLookupRequest,
  RatingFile,
  SubmissionReceipt,
  SubmissionRequest,
  SurveyDefinition,
} from "../../schema/api/ratings";
import { lang } from "../i18n/i18n";
import {
  isProblemBody,
  isPublicAgency,
  isPublicCounter,
  isRatingFile,
  isSubmissionReceipt,
  isSurveyDefinition,
} from "./citizen-contract";
import { ApiContractError, ApiOfflineError, ApiProblem } from "./errors";

/**
 * The citizen's rating path: counter, agency, survey, file and submission calls, without zod.
 * Same behaviour as client.ts (problem+json → `ApiProblem`, no network → `ApiOfflineError`,
 * an answer outside the contract → `ApiContractError`), but answers are checked by the
 * structural checks of citizen-contract.ts, so that the QR page's first load stays small
 * (docs: web/README.md, budget). Imports from schema/api are types only.
 */

const PROBLEM_CONTENT_TYPE = "application/problem+json";
/** The header the API sets on a replayed submission (schema/api/ratings.ts IDEMPOTENT_REPLAYED_HEADER). */
const REPLAYED_HEADER = "Idempotent-Replayed";
/** A request still unanswered after this long on a weak connection counts as offline (and is retried). */
const TIMEOUT_MS = 20_000;

export interface CitizenRequestOptions {
  signal?: AbortSignal;
}

async function request<T>(
  method: "GET" | "POST",
  path: string,
  accept: (value: unknown) => value is T,
  body: unknown,
  options: CitizenRequestOptions,
): Promise<{ data: T; response: Response }> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    let response: Response;
    let text: string;
    try {
      response = await fetch(path, {
        method,
        headers: {
          accept: `application/json, ${PROBLEM_CONTENT_TYPE}`,
          "accept-language": lang.value,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        signal: controller.signal,
      });
      text = await response.text();
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new ApiOfflineError(err);
    }
    const payload = parse(text);
    if (!response.ok) {
      if (isProblemBody(payload)) throw new ApiProblem(payload as Problem);
      // A gateway's own error page (502/503/504 from a proxy) is a network problem to the citizen.
      if (response.status >= 502) throw new ApiOfflineError(`${method} ${path}: ${response.status}`);
      throw new ApiContractError(response.status, `${method} ${path}: ${response.status} without a problem body`);
    }
    if (!accept(payload)) {
      throw new ApiContractError(response.status, `${method} ${path}: the answer does not match its contract`);
    }
    return { data: payload, response };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function get<T>(path: string, accept: (v: unknown) => v is T, options: CitizenRequestOptions = {}): Promise<T> {
  return (await request("GET", path, accept, undefined, options)).data;
}

/** The counter behind a QR code, with its unit, agency (and contacts) and survey. */
export function getCounter(publicCode: string, options?: CitizenRequestOptions): Promise<PublicCounter> {
  return get(`/api/public/counters/${encodeURIComponent(publicCode)}`, isPublicCounter, options);
}

/** An agency's public profile (name and contacts, for the header and footer). */
export function getAgency(code: string, options?: CitizenRequestOptions): Promise<PublicAgency> {
  return get(`/api/public/agencies/${encodeURIComponent(code)}`, isPublicAgency, options);
}

/** The survey definition the form renders (cacheable: a published version never changes). */
export function getSurvey(templateId: string, options?: CitizenRequestOptions): Promise<SurveyDefinition> {
  return get(`/api/ratings/surveys/${encodeURIComponent(templateId)}`, isSurveyDefinition, options);
}

/** The file behind the QR printed on a receipt. */
export function getFileByToken(token: string, options?: CitizenRequestOptions): Promise<RatingFile> {
  return get(`/api/ratings/file/${encodeURIComponent(token)}`, isRatingFile, options);
}

/** The file whose code the citizen typed. */
export async function lookupFile(req: FileLookupRequest, options: CitizenRequestOptions = {}): Promise<RatingFile> {
  return (await request("POST", "/api/ratings/lookup", isRatingFile, req, options)).data;
}

/**
 * Sends a filled form. Safe to repeat with the same `idempotencyKey`: the API stores it once and
 * answers a repeat with the stored receipt (`replayed`).
 */
export async function sendSubmission(
  body: SubmissionRequest,
  options: CitizenRequestOptions = {},
): Promise<{ receipt: SubmissionReceipt; replayed: boolean }> {
  const { data, response } = await request("POST", "/api/ratings/submissions", isSubmissionReceipt, body, options);
  return { receipt: data, replayed: response.headers.get(REPLAYED_HEADER) === "true" };
}
