/**
 * Sends fuzzed requests and judges each answer: never a 5xx, never a hang, every 4xx an
 * `application/problem+json` that `ProblemSchema` parses with the HTTP status, `nosniff` on
 * everything, no HTML, and no spreadsheet formula in any CSV cell.
 */
import { exports } from "cloudflare:workers";
import type { Hono } from "hono";
import { ProblemSchema } from "../../../../schema/api/problem";
import type { AppEnv } from "../../../../worker/app";
import type { WireBody } from "./arbitraries";

export const FUZZ_BASE = "http://hailong.test";

export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded. */
  url: string;
  headers: Record<string, string>;
  body?: WireBody;
  /** "app": in-process `app.request()` (fast); "fetch": through the worker's own fetch handler. */
  via: "app" | "fetch";
}

export interface Verdict {
  ok: boolean;
  status: number;
  reason?: string;
  problemType?: string;
}

const HANG_MS = 20_000;

function toInit(req: FuzzRequest): RequestInit {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) headers.set(k, v);
  let body: BodyInit | undefined;
  if (req.body && req.method !== "GET" && req.method !== "HEAD") {
    body = req.body.body;
    if (req.body.contentType !== undefined) headers.set("content-type", req.body.contentType);
    if (req.body.declaredLength !== undefined) headers.set("content-length", String(req.body.declaredLength));
  }
  return { method: req.method, headers, body };
}

/** Cells of a CSV text (RFC 4180 quoting), row by row. */
export function csvCells(text: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      cells.push(cell);
      cell = "";
      i++;
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** A cell a spreadsheet would run as a formula (numbers such as -3 are fine). */
export function isFormulaCell(cell: string): boolean {
  const text = cell.replace(/^\uFEFF/, "");
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text);
}

async function judge(req: FuzzRequest, res: Response): Promise<Verdict> {
  const status = res.status;
  const type = res.headers.get("content-type") ?? "";
  const fail = (reason: string): Verdict => ({ ok: false, status, reason });
  if (status >= 500) {
    const text = await res.text();
    return fail(`status ${status}: ${text.slice(0, 300)}`);
  }
  if (res.headers.get("x-content-type-options") !== "nosniff") return fail("no x-content-type-options: nosniff");
  if (/text\/html/i.test(type)) return fail(`an API answer served as ${type}`);
  if (status >= 400) {
    if (req.method === "HEAD") return { ok: true, status };
    if (!type.startsWith("application/problem+json")) return fail(`4xx with content-type "${type}"`);
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      return fail("4xx problem body is not JSON");
    }
    const parsed = ProblemSchema.safeParse(json);
    if (!parsed.success) return fail(`4xx body is not a problem: ${parsed.error.message.slice(0, 200)}`);
    if (parsed.data.status !== status) return fail(`problem status ${parsed.data.status} ≠ HTTP ${status}`);
    return { ok: true, status, problemType: parsed.data.type };
  }
  if (type.startsWith("text/csv")) {
    const bad = csvCells(await res.text()).find(isFormulaCell);
    if (bad !== undefined) return fail(`CSV cell would run as a formula: ${JSON.stringify(bad.slice(0, 80))}`);
    return { ok: true, status };
  }
  await res.arrayBuffer();
  return { ok: true, status };
}

/** Sends one request and judges the answer; a request that takes longer than 20 s is a hang. */
export async function send(app: Hono<AppEnv>, env: unknown, req: FuzzRequest): Promise<Verdict> {
  const init = toInit(req);
  const call =
    req.via === "fetch"
      ? exports.default.fetch(`${FUZZ_BASE}${req.url}`, init)
      : Promise.resolve(app.request(`${FUZZ_BASE}${req.url}`, init, env as never, executionContext));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<"hang">((ok) => {
    timer = setTimeout(() => ok("hang"), HANG_MS);
  });
  try {
    const res = await Promise.race([call, hang]);
    if (res === "hang") return { ok: false, status: 0, reason: `no answer within ${HANG_MS / 1000} s` };
    return await judge(req, res);
  } catch (err) {
    return { ok: false, status: 0, reason: `request threw: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    clearTimeout(timer);
  }
}

/** In-process requests run inside the test's own request; background work just runs. */
const executionContext = {
  waitUntil(promise: Promise<unknown>) {
    promise.catch(() => {});
  },
  passThroughOnException() {},
  props: {},
};

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A short, printable description of a request for a failure report. */
export function describeRequest(req: FuzzRequest): string {
  const body = req.body?.body;
  const text =
    body === undefined
      ? ""
      : typeof body === "string"
        ? body.length > 400
          ? `${body.slice(0, 400)}… (${body.length} chars)`
          : body
        : `<${body.byteLength} bytes: ${Array.from(body.slice(0, 40), (b) => b.toString(16).padStart(2, "0")).join(" ")}>`;
  const headers = Object.entries(req.headers)
    .filter(([k]) => k !== "cookie" && k !== "x-csrf-token" && k !== "authorization")
    .map(([k, v]) => `${k}: ${v.slice(0, 120)}`)
    .join("; ");
  const url = req.url.length > 300 ? `${req.url.slice(0, 300)}… (${req.url.length} chars)` : req.url;
  return `${req.method} ${url} [${req.via}] {${headers}} ${req.body?.label ?? ""} ${JSON.stringify(text)}`;
}
