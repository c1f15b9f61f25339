import { describe, expect, it } from "vitest";
import type { SubmissionRequest } from "../../schema/api/ratings";
import {
  MAX_ENTRIES,
  type OutboxStore,
  RatingOutbox,
  retryDelay,
  type SendOutcome,
} from "../../web/state/rating-outbox";

/**
 * The offline outbox of filled rating forms (web/state/rating-outbox.ts): kept before the first
 * attempt, retried with the same idempotency key and backoff until the API answers, dropped
 * once the API has decided (stored, or refused for good), never lost when storage fails.
 */

function memoryStore(): OutboxStore & { value: string | null; writes: number } {
  return {
    value: null,
    writes: 0,
    get() {
      return this.value;
    },
    set(value: string) {
      this.writes++;
      this.value = value;
    },
    remove() {
      this.value = null;
    },
  };
}

function body(key = crypto.randomUUID()): SubmissionRequest {
  return {
    idempotencyKey: key,
    templateId: "5f0e2d1c-3b4a-4c5d-8e6f-7a8b9c0d1e2f",
    templateVersion: 1,
    source: { kind: "counter", publicCode: "khcn68quay1" },
    answers: [{ criterionCode: "overall", score: 3 }],
  };
}

const receipt = { id: "5f0e2d1c-3b4a-4c5d-8e6f-7a8b9c0d1e2f", receivedAt: "2026-11-20T03:00:00.000Z", followUp: false };

/** A sender that answers from a script and records what it was sent. */
function scripted(...outcomes: SendOutcome[]) {
  const sent: SubmissionRequest[] = [];
  const send = async (b: SubmissionRequest): Promise<SendOutcome> => {
    sent.push(b);
    return outcomes.shift() ?? { kind: "sent", receipt, replayed: false };
  };
  return { sent, send };
}

function clock(start = 1_000_000) {
  return {
    t: start,
    now() {
      return this.t;
    },
    random: () => 0.5,
  };
}

const offline: SendOutcome = { kind: "retry", error: new Error("offline") };

describe("the rating outbox", () => {
  it("keeps a form in storage before its first attempt, and drops it once the API stored it", async () => {
    const store = memoryStore();
    let seenInStorage = false;
    const outbox = new RatingOutbox(store, async (b) => {
      seenInStorage = (store.value ?? "").includes(b.idempotencyKey);
      return { kind: "sent", receipt, replayed: false };
    });
    const entry = outbox.add(body());
    expect(outbox.list()).toHaveLength(1);
    const results = await outbox.flush({ force: true });
    expect(seenInStorage).toBe(true);
    expect(results.get(entry.key)?.kind).toBe("sent");
    expect(outbox.list()).toEqual([]);
    expect(store.value).toBeNull();
  });

  it("resends the very same body (same idempotency key) on every retry until it is delivered", async () => {
    const c = clock();
    const { sent, send } = scripted(offline, offline, { kind: "sent", receipt, replayed: true });
    const outbox = new RatingOutbox(memoryStore(), send, c);
    const b = body();
    outbox.add(b);
    await outbox.flush({ force: true });
    await outbox.flush({ force: true });
    expect(outbox.list()[0]?.attempts).toBe(2);
    await outbox.flush({ force: true });
    expect(sent).toHaveLength(3);
    expect(sent.every((s) => s === sent[0] || JSON.stringify(s) === JSON.stringify(b))).toBe(true);
    expect(new Set(sent.map((s) => s.idempotencyKey))).toEqual(new Set([b.idempotencyKey]));
    expect(outbox.list()).toEqual([]);
  });

  it("waits longer after each failure (2 s, 4 s, 8 s … at most 5 min) and honours Retry-After", async () => {
    expect(retryDelay(1, 1 - Number.EPSILON)).toBeCloseTo(2_000, -1);
    expect(retryDelay(2, 1 - Number.EPSILON)).toBeCloseTo(4_000, -1);
    expect(retryDelay(3, 0)).toBe(4_000); // jitter: half of the 8 s step at least
    expect(retryDelay(30, 1 - Number.EPSILON)).toBeLessThanOrEqual(300_000);
    expect(retryDelay(1, 0, 60_000)).toBe(60_000);

    const c = clock();
    const { sent, send } = scripted(offline);
    const outbox = new RatingOutbox(memoryStore(), send, c);
    outbox.add(body());
    await outbox.flush();
    const next = outbox.nextAttemptAt()!;
    expect(next - c.t).toBe(retryDelay(1, 0.5));
    await outbox.flush(); // not due yet: nothing sent
    expect(sent).toHaveLength(1);
    c.t = next;
    await outbox.flush();
    expect(sent).toHaveLength(2);
  });

  it("drops a form the API refused for good (already rated, invalid) and reports why", async () => {
    const refusal = { kind: "rejected", error: new Error("already-rated") } as const;
    const { send } = scripted(refusal);
    const outbox = new RatingOutbox(memoryStore(), send);
    const entry = outbox.add(body());
    const results = await outbox.flush({ force: true });
    expect(results.get(entry.key)).toBe(refusal);
    expect(outbox.list()).toEqual([]);
  });

  it("queues a key once, however often the page adds it", () => {
    const outbox = new RatingOutbox(memoryStore(), scripted().send);
    const b = body();
    outbox.add(b);
    outbox.add(b);
    expect(outbox.list()).toHaveLength(1);
  });

  it("never sends one entry twice at the same time (an `online` event during a send)", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((ok) => {
      release = ok;
    });
    const sent: string[] = [];
    const outbox = new RatingOutbox(memoryStore(), async (b) => {
      sent.push(b.idempotencyKey);
      await gate;
      return { kind: "sent", receipt, replayed: false };
    });
    outbox.add(body());
    const first = outbox.flush({ force: true });
    const second = await outbox.flush({ force: true });
    expect(second.size).toBe(0);
    release();
    await first;
    expect(sent).toHaveLength(1);
  });

  it("finds what an earlier page left in storage (the next page load sends it)", async () => {
    const store = memoryStore();
    new RatingOutbox(store, scripted(offline).send).add(body());
    const later = scripted();
    const outbox = new RatingOutbox(store, later.send);
    expect(outbox.list()).toHaveLength(1);
    await outbox.flush({ force: true });
    expect(later.sent).toHaveLength(1);
    expect(store.value).toBeNull();
  });

  it("keeps working in memory when storage is unavailable or full, and says so", async () => {
    const broken: OutboxStore = {
      get: () => null,
      set: () => {
        throw new Error("QuotaExceededError");
      },
      remove: () => {},
    };
    const outbox = new RatingOutbox(broken, scripted(offline).send);
    outbox.add(body());
    expect(outbox.persisted).toBe(false);
    expect(outbox.list()).toHaveLength(1);
    await outbox.flush({ force: true });
    expect(outbox.list()[0]?.attempts).toBe(1);
    expect(new RatingOutbox(null, scripted().send).persisted).toBe(false);
  });

  it("ignores storage it cannot read (another version, corrupt) instead of failing", () => {
    const store = memoryStore();
    store.value = "{not json";
    expect(new RatingOutbox(store, scripted().send).list()).toEqual([]);
    store.value = JSON.stringify({ v: 99, entries: [{ key: "x" }] });
    expect(new RatingOutbox(store, scripted().send).list()).toEqual([]);
    store.value = JSON.stringify({ v: 1, entries: [{ key: "x", body: { idempotencyKey: "y" } }] });
    expect(new RatingOutbox(store, scripted().send).list()).toEqual([]);
  });

  it("holds a day of kiosk ratings offline, keeping the newest when full", () => {
    const outbox = new RatingOutbox(memoryStore(), scripted().send);
    const keys = Array.from({ length: MAX_ENTRIES + 2 }, () => crypto.randomUUID());
    for (const key of keys) outbox.add(body(key));
    const kept = outbox.list().map((e) => e.key);
    expect(kept).toHaveLength(MAX_ENTRIES);
    expect(kept.at(-1)).toBe(keys.at(-1));
  });
});
