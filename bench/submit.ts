/**
 * Section 2: the submission path. Throughput and p50 / p99 latency of the real rating endpoint
 * (POST /api/ratings/submissions, a fresh idempotency key on each request) in workerd behind
 * pgbouncer, against the same workerd's no-database endpoint (GET /api/problems) in the same
 * run. Peak memory of workerd and Postgres is sampled during the submission load. From a counter
 * QR (the mass path) a rating is one statement (rating_submit, migration 0008) once the
 * isolate has cached the counter and the survey: what this load measures after its warm-up.
 */
import type { BenchDb } from "./lib/database";
import { type MemoryWatch, watchMemory } from "./lib/memory";
import { non2xx, type WrkResult, wrk } from "./lib/wrk";

export interface SubmitLoad {
  seconds: number;
  connections: number;
  tmpDir: string;
}

/** Builds a valid body's answers for a survey, as a citizen who is satisfied would send it. */
export async function submissionTemplates(
  baseUrl: string,
  counters: BenchDb["counters"],
): Promise<Array<{ id: string; version: number; publicCodes: string[]; answers: string; extra: string }>> {
  const byTemplate = new Map<string, string[]>();
  for (const c of counters) byTemplate.set(c.templateId, [...(byTemplate.get(c.templateId) ?? []), c.publicCode]);
  const out = [];
  for (const [id, publicCodes] of byTemplate) {
    const res = await fetch(`${baseUrl}/api/ratings/surveys/${id}`);
    if (!res.ok) throw new Error(`GET /api/ratings/surveys/${id}: ${res.status} ${await res.text()}`);
    const survey = (await res.json()) as {
      version: number;
      scale: { levels: number };
      elements: Array<{ criteria: Array<{ code: string }> }>;
      overall: { criterionCode: string | null };
    };
    const top = survey.scale.levels;
    // Every criterion answered, mostly at the top level, one level below on some: no follow-up.
    const answers = survey.elements.flatMap((e) =>
      e.criteria.map((c, i) => ({ criterionCode: c.code, score: i % 3 === 0 ? top - 1 : top })),
    );
    const extra = survey.overall.criterionCode === null ? `,"overall":${top}` : "";
    out.push({ id, version: survey.version, publicCodes, answers: JSON.stringify(answers), extra });
  }
  return out;
}

function luaString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export function submitPrelude(templates: Awaited<ReturnType<typeof submissionTemplates>>): string {
  const items = templates.map(
    (t) =>
      `{ id = ${luaString(t.id)}, version = ${t.version}, publicCodes = { ${t.publicCodes.map(luaString).join(", ")} }, answers = ${luaString(t.answers)}, extra = ${luaString(t.extra)} }`,
  );
  return `BENCH_TEMPLATES = { ${items.join(",\n")} }`;
}

/**
 * One request first: the load is meaningless if the body is refused. Then its retry, which must
 * be answered from the stored rating (200, Idempotent-Replayed, the same receipt): the load
 * sends fresh keys only, so this is where the benchmark checks that the fast path still replays.
 */
export async function checkOneSubmission(baseUrl: string, t: Awaited<ReturnType<typeof submissionTemplates>>[number]) {
  const body = `{"idempotencyKey":"${crypto.randomUUID()}","templateId":"${t.id}","templateVersion":${t.version},"source":{"kind":"counter","publicCode":"${t.publicCodes[0]}"},"answers":${t.answers}${t.extra}}`;
  const send = () =>
    fetch(`${baseUrl}/api/ratings/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
  const res = await send();
  const first = await res.text();
  if (res.status !== 201) throw new Error(`a single submission answered ${res.status}: ${first}`);
  const retry = await send();
  const again = await retry.text();
  if (retry.status !== 200 || retry.headers.get("idempotent-replayed") !== "true" || again !== first) {
    throw new Error(`its retry answered ${retry.status} ${again} instead of replaying ${first}`);
  }
}

export interface SubmitResult {
  noop: WrkResult;
  submit: WrkResult;
  single: WrkResult;
  memory: ReturnType<MemoryWatch["stop"]>;
}

export async function measureNoop(baseUrl: string, load: SubmitLoad): Promise<WrkResult> {
  return wrk({
    url: `${baseUrl}/api/problems`,
    seconds: load.seconds,
    connections: load.connections,
    tmpDir: load.tmpDir,
  });
}

export async function measureSubmit(
  baseUrl: string,
  prelude: string,
  load: SubmitLoad,
  pids: { workerd?: number; postmaster?: number; pgbouncer?: number },
): Promise<{ result: WrkResult; memory: SubmitResult["memory"] }> {
  const watch = watchMemory(pids);
  const result = await wrk({
    url: baseUrl,
    seconds: load.seconds,
    connections: load.connections,
    prelude,
    script: "submit.lua",
    tmpDir: load.tmpDir,
  });
  return { result, memory: watch.stop() };
}

export function describe(r: WrkResult): string {
  const bad = non2xx(r);
  return `${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms${bad ? `, ${bad} non-2xx ${JSON.stringify(r.statuses)}` : ""}${r.socketErrors ? `, ${r.socketErrors} socket errors` : ""}`;
}
