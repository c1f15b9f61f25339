import type { z } from "zod";
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from "../../schema/api/problem";
import { lang } from "../i18n/i18n";
import { ApiContractError, ApiOfflineError, ApiProblem } from "./errors";

export { ApiContractError, ApiOfflineError, ApiProblem } from "./errors";

/**
 * The only place in the web app that calls `fetch`. Every answer is checked against the
 * shared zod contract (schema/api); every non-2xx becomes an `ApiProblem` (the API's one
 * problem+json shape), a network failure an `ApiOfflineError`.
 *
 * Staff requests (/api/staff, /api/admin, /api/auth) need nothing of their callers: a change
 * (POST/PUT/PATCH/DELETE) carries the session's CSRF token in `x-csrf-token` (asked once from
 * /api/auth/me, renewed when the server refuses a stale one), and on a staff page a 401 leads
 * to the sign-in page and back, a forced password change to its page.
 */

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export type SendMethod = "POST" | "PUT" | "PATCH" | "DELETE";

// ---- staff requests: the CSRF token and "not signed in" ----

/** The staff sign-in page; a 401 on a staff page leads there (with `?next=` the page). */
export const STAFF_SIGN_IN_PATH = "/staff/dang-nhap";
/** Where a staff member whose password was reset by an admin must change it first. */
export const STAFF_CHANGE_PASSWORD_PATH = "/staff/doi-mat-khau";
const CSRF_HEADER = "x-csrf-token";
/** The API spaces behind the staff session (worker/auth): changes there carry the CSRF token. */
const STAFF_API = /^\/api\/(staff|admin|auth)(\/|$)/;
/** Requests whose 401 means "wrong credentials", not "signed out": never redirected. */
const SIGN_IN_API = "/api/auth/sign-in";

let csrfToken: Promise<string | null> | null = null;

/**
 * Remembers the session's CSRF token (web/state/session.ts calls it after sign-in and after
 * /api/auth/me; null after sign-out). Staff changes sent through this client carry it.
 */
export function setCsrfToken(token: string | null): void {
  csrfToken = token === null ? null : Promise.resolve(token);
}

/**
 * The session's CSRF token: the one remembered, else asked once from /api/auth/me; null when
 * not signed in. For code that sends staff changes without `apiSend` (raw uploads).
 */
export function getCsrfToken(): Promise<string | null> {
  csrfToken ??= fetch("/api/auth/me", {
    headers: { accept: "application/json", "accept-language": lang.value },
    credentials: "same-origin",
  })
    .then(async (response) => {
      if (!response.ok) return null;
      const me = (await response.json()) as { csrfToken?: unknown };
      return typeof me.csrfToken === "string" ? me.csrfToken : null;
    })
    .catch(() => null)
    .then((token) => {
      // Not known (signed out, offline): ask again next time rather than remember a null.
      if (token === null) csrfToken = null;
      return token;
    });
  return csrfToken;
}

/** Moves the single-page app to `url` (preact-iso follows popstate), without a reload. */
export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  dispatchEvent(new PopStateEvent("popstate"));
}

/**
 * After a staff request failed: on a staff page, a 401 (signed out, session expired or
 * revoked) leads to the sign-in page and back; a forced password change to its page.
 */
function followStaffProblem(path: string, problem: ApiProblem): void {
  if (!STAFF_API.test(path) || path.startsWith(SIGN_IN_API)) return;
  const here = location.pathname;
  if (!here.startsWith("/staff") || here === STAFF_SIGN_IN_PATH) return;
  const next = encodeURIComponent(here + location.search);
  if (problem.status === 401) {
    csrfToken = null;
    navigate(`${STAFF_SIGN_IN_PATH}?next=${next}`, true);
  } else if (problem.slug === "password-change-required" && here !== STAFF_CHANGE_PASSWORD_PATH) {
    navigate(`${STAFF_CHANGE_PASSWORD_PATH}?next=${next}`, true);
  }
}

function isStaffChange(method: string, path: string): boolean {
  return method !== "GET" && STAFF_API.test(path) && !path.startsWith(SIGN_IN_API);
}

async function request<T>(method: string, path: string, schema: z.ZodType<T>, body: unknown, options: RequestOptions) {
  const headers: Record<string, string> = {
    accept: `application/json, ${PROBLEM_CONTENT_TYPE}`,
    "accept-language": lang.value,
    ...options.headers,
  };
  if (body !== undefined) headers["content-type"] = "application/json";
  const staffChange = isStaffChange(method, path);
  // A caller may still pass its own token (under any spelling): keep one header, lower case.
  for (const key of Object.keys(headers)) {
    if (key !== CSRF_HEADER && key.toLowerCase() === CSRF_HEADER) {
      headers[CSRF_HEADER] = headers[key] as string;
      delete headers[key];
    }
  }
  if (staffChange && !headers[CSRF_HEADER]) {
    const token = await getCsrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }
  const send = async (): Promise<Response> => {
    try {
      return await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        signal: options.signal,
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new ApiOfflineError(err);
    }
  };
  let response = await send();
  let payload = await readJson(response);
  if (staffChange && response.status === 403 && isCsrfProblem(payload)) {
    // A token from an earlier session (signed out and in again, another tab): the server
    // refused before doing anything, so ask for the current token and send once more.
    csrfToken = null;
    const fresh = await getCsrfToken();
    if (fresh && fresh !== headers[CSRF_HEADER]) {
      headers[CSRF_HEADER] = fresh;
      response = await send();
      payload = await readJson(response);
    }
  }
  if (!response.ok) {
    const problem = ProblemSchema.safeParse(payload);
    if (problem.success) {
      const error = new ApiProblem(problem.data);
      followStaffProblem(path, error);
      throw error;
    }
    throw new ApiContractError(response.status, `${method} ${path}: ${response.status} without a problem body`);
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiContractError(response.status, `${method} ${path}: the answer does not match its schema`);
  }
  return parsed.data;
}

function isCsrfProblem(payload: unknown): boolean {
  const type = (payload as { type?: unknown } | null)?.type;
  return typeof type === "string" && type.endsWith("/csrf");
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** GET `path` and parse the answer with `schema`. */
export function apiGet<T>(path: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
  return request("GET", path, schema, undefined, options);
}

/** Send `body` as JSON with `method` and parse the answer with `schema`. */
export function apiSend<T>(
  method: SendMethod,
  path: string,
  body: unknown,
  schema: z.ZodType<T>,
  options: RequestOptions = {},
): Promise<T> {
  return request(method, path, schema, body, options);
}
