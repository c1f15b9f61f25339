import type { z } from "zod";
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from "../../schema/api/problem";
import { lang } from "../i18n/i18n";
import { ApiContractError, ApiOfflineError, ApiProblem } from "./errors";

export { ApiContractError, ApiOfflineError, ApiProblem } from "./errors";

/**
 * The only place in the web app that calls `fetch`. Every answer is checked against the
 * shared zod contract (schema/api); every non-2xx becomes an `ApiProblem` (the API's one
 * problem+json shape), a network failure an `ApiOfflineError`.
 */

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export type SendMethod = "POST" | "PUT" | "PATCH" | "DELETE";

async function request<T>(method: string, path: string, schema: z.ZodType<T>, body: unknown, options: RequestOptions) {
  const headers: Record<string, string> = {
    accept: `application/json, ${PROBLEM_CONTENT_TYPE}`,
    "accept-language": lang.value,
    ...options.headers,
  };
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
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
  const payload = await readJson(response);
  if (!response.ok) {
    const problem = ProblemSchema.safeParse(payload);
    if (problem.success) throw new ApiProblem(problem.data);
    throw new ApiContractError(response.status, `${method} ${path}: ${response.status} without a problem body`);
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiContractError(response.status, `${method} ${path}: the answer does not match its schema`);
  }
  return parsed.data;
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
