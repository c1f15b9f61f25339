/**
 * Faults: PostgreSQL goes away in the middle of a load of citizen ratings, twice (a clean
 * shutdown, then a crash-like immediate one that needs WAL recovery), and comes back on the
 * same data directory and port. Everything is on 127.0.0.1, bounded in count and time.
 *
 * What must hold:
 * - while the database is down the worker answers 503 `database-unavailable` problem+json
 *   within ANSWER_BOUND_MS (the client gives up after CLIENT_TIMEOUT_MS: a hang fails the test);
 * - every submission the worker acknowledged with 2xx is in the database afterwards, with the
 *   id of its receipt;
 * - the client retries the others with the same idempotency key until 2xx, and every key has
 *   exactly one row;
 * - the worker recovers by itself (no restart of wrangler), within RECOVERY_BOUND_MS.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../schema/api/problem";
import { SubmissionReceiptSchema } from "../../schema/api/ratings";
import { type Product, startProduct, tailOf, WRANGLER_LOG } from "./support/product";

const SUBMISSIONS = 300;
/** Arrivals per second: the load lasts SUBMISSIONS / RATE seconds, long enough to span both outages. */
const RATE = 12;
const CONCURRENCY = 8;
const CLIENT_TIMEOUT_MS = 20_000;
/**
 * Every answer, while the database is down too, must come within this: the worker gives up on a
 * connection after DB_CONNECT_TIMEOUT_S (5 s by default, worker/db.ts ConnectDeadline), plus room
 * for 2 shared, busy cores. Without the deadline the first answers took 7.5–14 s, and a request
 * could wait until Postgres came back.
 */
const ANSWER_BOUND_MS = 9_000;
const RECOVERY_BOUND_MS = 15_000;
const LOAD_DEADLINE_MS = 90_000;
/** Longer than an answer takes while the database is down (~5 s), so that probes are answered while it is down. */
const OUTAGE_MS = 12_000;

type Outcome =
  | { kind: "status"; status: number; type?: string }
  | { kind: "timeout" }
  | { kind: "network"; message: string };

interface Attempt {
  at: number;
  ms: number;
  outcome: Outcome;
}

interface Submission {
  key: string;
  body: string;
  attempts: Attempt[];
  receiptId?: string;
  ackedAt?: number;
  failed?: string;
}

let product: Product;
let t0 = 0;
const now = () => Date.now() - t0;

beforeAll(async () => {
  product = await startProduct();
}, 120_000);

afterAll(async () => {
  await product?.stop();
}, 60_000);

async function attempt(p: Product, path: string, init: RequestInit): Promise<{ attempt: Attempt; json?: unknown }> {
  const at = now();
  const started = performance.now();
  try {
    const res = await fetch(`${p.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
    const text = await res.text();
    const ms = performance.now() - started;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    let type: string | undefined;
    if (res.status >= 400) {
      expect(res.headers.get("content-type"), `${res.status} ${text.slice(0, 200)}`).toMatch(
        /^application\/problem\+json/,
      );
      type = ProblemSchema.parse(json).type;
    }
    return { attempt: { at, ms, outcome: { kind: "status", status: res.status, type } }, json };
  } catch (err) {
    const ms = performance.now() - started;
    const e = err as Error;
    if (e.name === "TimeoutError" || e.name === "AbortError")
      return { attempt: { at, ms, outcome: { kind: "timeout" } } };
    return { attempt: { at, ms, outcome: { kind: "network", message: e.message } } };
  }
}

/** The citizen's page: posts, and on anything but a 2xx or a final 4xx retries the same key. */
async function submit(p: Product, s: Submission, deadline: number): Promise<void> {
  let backoff = 200;
  while (now() < deadline) {
    const { attempt: a, json } = await attempt(p, "/api/ratings/submissions", {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "hailong-faults" },
      body: s.body,
    });
    s.attempts.push(a);
    if (a.outcome.kind === "status" && a.outcome.status < 300) {
      s.receiptId = SubmissionReceiptSchema.parse(json).id;
      s.ackedAt = a.at;
      return;
    }
    if (a.outcome.kind === "status" && a.outcome.status < 500 && a.outcome.status !== 429) {
      s.failed = `${a.outcome.status} ${a.outcome.type}`;
      return;
    }
    await new Promise((r) => setTimeout(r, backoff));
    backoff = Math.min(backoff * 2, 1_000);
  }
  s.failed = "deadline";
}

interface Outage {
  mode: "fast" | "immediate";
  haltedAt: number;
  resumedAt: number;
  probes: Attempt[];
  recoveredAt?: number;
}

/** Requests sent while the database is down, one after the other, until it is back. */
async function probeWhileDown(p: Product, outage: Outage, isDown: () => boolean): Promise<void> {
  while (isDown()) {
    const { attempt: a } = await attempt(p, `/api/public/counters/${p.counter.publicCode}`, {});
    outage.probes.push(a);
  }
}

async function waitForRecovery(p: Product, outage: Outage): Promise<void> {
  while (now() - outage.resumedAt < RECOVERY_BOUND_MS * 2) {
    const { attempt: a } = await attempt(p, `/api/public/counters/${p.counter.publicCode}`, {});
    if (a.outcome.kind === "status" && a.outcome.status === 200) {
      outage.recoveredAt = now();
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("PostgreSQL stopped and restarted in the middle of a load of ratings", () => {
  it("loses no acknowledged submission, stores every retried one exactly once, and recovers by itself", async () => {
    const p = product;
    const submissions: Submission[] = Array.from({ length: SUBMISSIONS }, () => {
      const key = randomUUID();
      return {
        key,
        attempts: [],
        body: JSON.stringify({
          idempotencyKey: key,
          templateId: p.counter.templateId,
          templateVersion: p.counter.templateVersion,
          source: { kind: "kiosk", publicCode: p.counter.publicCode },
          answers: p.counter.criteria.map((criterionCode, i) => ({ criterionCode, score: 1 + (i % 3) })),
          reason: "Thời gian chờ lâu.",
        }),
      };
    });
    t0 = Date.now();
    const deadline = LOAD_DEADLINE_MS;

    // The load: arrivals at RATE per second, at most CONCURRENCY in flight.
    let next = 0;
    const load = Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < submissions.length) {
          const i = next++;
          const due = (i / RATE) * 1000;
          if (due > now()) await new Promise((r) => setTimeout(r, due - now()));
          await submit(p, submissions[i] as Submission, deadline);
        }
      }),
    );

    // Two outages while the load runs.
    const outages: Outage[] = [];
    const loadSeconds = SUBMISSIONS / RATE;
    for (const [mode, startFraction] of [
      ["fast", 0.2],
      ["immediate", 0.6],
    ] as const) {
      const startAt = loadSeconds * startFraction * 1000;
      if (startAt > now()) await new Promise((r) => setTimeout(r, startAt - now()));
      const outage: Outage = { mode, haltedAt: 0, resumedAt: 0, probes: [] };
      await p.database.halt(mode);
      outage.haltedAt = now();
      let down = true;
      const probing = probeWhileDown(p, outage, () => down);
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      await p.database.resume();
      outage.resumedAt = now();
      down = false;
      await probing;
      await waitForRecovery(p, outage);
      outages.push(outage);
    }
    await load;
    const elapsed = now();

    // What the database holds afterwards.
    const rows = await sql<{ id: string; idempotency_key: string }>`
      SELECT id, idempotency_key FROM submissions WHERE idempotency_key = ANY(${submissions.map((s) => s.key)}::uuid[])`.execute(
      p.db,
    );
    const byKey = new Map<string, string[]>();
    for (const r of rows.rows) byKey.set(r.idempotency_key, [...(byKey.get(r.idempotency_key) ?? []), r.id]);

    // Figures for the report.
    const attempts = submissions.flatMap((s) => s.attempts);
    const count = (f: (a: Attempt) => boolean) => attempts.filter(f).length;
    const unavailable = count((a) => a.outcome.kind === "status" && a.outcome.status === 503);
    const other5xx = count((a) => a.outcome.kind === "status" && a.outcome.status >= 500 && a.outcome.status !== 503);
    const timeouts = count((a) => a.outcome.kind === "timeout");
    const network = count((a) => a.outcome.kind === "network");
    const retried = submissions.filter((s) => s.attempts.length > 1).length;
    const maxAttempts = Math.max(...submissions.map((s) => s.attempts.length));
    const figures = {
      submissions: SUBMISSIONS,
      acknowledged: submissions.filter((s) => s.receiptId).length,
      rowsInDatabase: rows.rows.length,
      attempts: attempts.length,
      answered503: unavailable,
      other5xx,
      clientTimeouts: timeouts,
      networkErrors: network,
      submissionsRetried: retried,
      maxAttemptsForOneKey: maxAttempts,
      loadSeconds: Number((elapsed / 1000).toFixed(1)),
      slowAttempts: attempts
        .filter((a) => a.ms > 3000)
        .map((a) => `${a.at}+${Math.round(a.ms)}:${a.outcome.kind === "status" ? a.outcome.status : a.outcome.kind}`),
      outages: outages.map((o) => ({
        mode: o.mode,
        downMs: o.resumedAt - o.haltedAt,
        probes: o.probes.length,
        probeStatuses: [
          ...new Set(o.probes.map((a) => (a.outcome.kind === "status" ? a.outcome.status : a.outcome.kind))),
        ],
        haltedAt: o.haltedAt,
        resumedAt: o.resumedAt,
        probeTimes: o.probes.map(
          (a) => `${a.at}+${Math.round(a.ms)}:${a.outcome.kind === "status" ? a.outcome.status : a.outcome.kind}`,
        ),
        slowestProbeMs: Math.round(Math.max(0, ...o.probes.map((a) => a.ms))),
        recoveredMsAfterRestart: o.recoveredAt === undefined ? null : o.recoveredAt - o.resumedAt,
      })),
    };
    console.log(`faults: ${JSON.stringify(figures, null, 2)}`);

    // Nothing refused for a reason of its own, nothing left behind.
    expect(
      submissions.filter((s) => s.failed).map((s) => `${s.key}: ${s.failed}`),
      tailOf(WRANGLER_LOG),
    ).toEqual([]);
    // The fault really hit the load.
    expect(unavailable + network + timeouts).toBeGreaterThan(0);
    // While down: 503 database-unavailable problems, quickly; never a hang, never a 500.
    expect(other5xx).toBe(0);
    const all = [...attempts, ...outages.flatMap((o) => o.probes)];
    for (const o of outages) {
      // Requests sent while it was down were told so: 503 database-unavailable problems.
      const refused = all.filter(
        (a) =>
          a.at >= o.haltedAt - 3_000 &&
          a.at <= o.resumedAt &&
          a.outcome.kind === "status" &&
          a.outcome.status === 503 &&
          a.outcome.type === "/api/problems/database-unavailable",
      );
      expect(refused.length, `${o.mode} outage: no 503 while down`).toBeGreaterThan(0);
      for (const a of o.probes) {
        // A probe sent while down gets a 503, or a 200 when the database came back meanwhile.
        if (a.at + a.ms >= o.resumedAt && a.outcome.kind === "status" && a.outcome.status === 200) continue;
        expect(a.outcome, `${o.mode} outage probe at ${a.at} ms`).toMatchObject({
          kind: "status",
          status: 503,
          type: "/api/problems/database-unavailable",
        });
      }
      expect(o.recoveredAt, `${o.mode} outage: the worker did not recover`).toBeDefined();
      expect((o.recoveredAt as number) - o.resumedAt).toBeLessThan(RECOVERY_BOUND_MS);
    }
    // No hang: every request was answered, within the bound.
    expect(all.filter((a) => a.ms >= ANSWER_BOUND_MS).map((a) => `${a.at}+${Math.round(a.ms)}`)).toEqual([]);
    expect(timeouts, "a request hung past the client's timeout").toBe(0);
    // Every acknowledged submission is stored, under the id its receipt gave; every key once.
    for (const s of submissions) {
      expect(byKey.get(s.key), `key ${s.key} (${s.attempts.length} attempts)`).toEqual([s.receiptId]);
    }
    expect(rows.rows.length).toBe(SUBMISSIONS);
  }, 180_000);
});
