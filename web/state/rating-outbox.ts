import type { SubmissionReceipt, SubmissionRequest } from "../../schema/api/ratings";

/**
 * The offline queue of filled rating forms (pure logic: no DOM, no timers; the browser wiring is
 * rating-outbox-live.ts). A citizen on a weak connection must never lose a rating, and a rating
 * sent twice must be stored once:
 *
 * - a form is written to storage BEFORE its first attempt, so closing the page mid-request keeps it;
 * - each entry keeps the idempotency key generated once for the filled form; every retry, from
 *   this page or a later visit, resends the same body, and the API stores a key once;
 * - an answer the API will never accept differently (409 already rated, 422, 410, 400…) ends the
 *   entry; no network, a timeout, 429 and 5xx keep it, with exponential backoff.
 */

/** Where entries are kept (localStorage in the browser; a Map in tests). Values are strings. */
export interface OutboxStore {
  get(): string | null;
  set(value: string): void;
  remove(): void;
}

export interface QueuedRating {
  /** The submission's idempotency key. */
  key: string;
  body: SubmissionRequest;
  /** When the citizen pressed "send" (ms since the epoch). */
  queuedAt: number;
  attempts: number;
  /** Not before this moment (ms since the epoch). */
  nextAt: number;
}

/** What one attempt to send gave. */
export type SendOutcome =
  | { kind: "sent"; receipt: SubmissionReceipt; replayed: boolean }
  /** Not delivered, try again later (offline, timeout, 429, 5xx). */
  | { kind: "retry"; retryAfterMs?: number; error: unknown }
  /** Delivered and refused for good (already rated, validation, expired, invalid token). */
  | { kind: "rejected"; error: unknown };

export type Sender = (body: SubmissionRequest) => Promise<SendOutcome>;

export interface OutboxClock {
  now(): number;
  /** In [0, 1): spreads retries so that a room of kiosks does not retry in step. */
  random(): number;
}

const FORMAT_VERSION = 1;
/** A kiosk offline for a whole day stays far below this; beyond it the oldest are kept, new ones too. */
export const MAX_ENTRIES = 500;
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 5 * 60_000;

/**
 * Delay before attempt `attempts + 1`: 2 s, 4 s, 8 s … capped at 5 minutes, each drawn in
 * [50%, 100%] of its step (jitter), never below a server's Retry-After.
 */
export function retryDelay(attempts: number, random: number, retryAfterMs = 0): number {
  const step = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(Math.round(step * (0.5 + random / 2)), retryAfterMs);
}

function isQueued(v: unknown): v is QueuedRating {
  if (typeof v !== "object" || v === null) return false;
  const e = v as Record<string, unknown>;
  const body = e.body as Record<string, unknown> | null;
  return (
    typeof e.key === "string" &&
    typeof e.queuedAt === "number" &&
    typeof e.attempts === "number" &&
    typeof e.nextAt === "number" &&
    typeof body === "object" &&
    body !== null &&
    body.idempotencyKey === e.key
  );
}

export class RatingOutbox {
  /** Used when storage is unavailable (disabled, full): entries then last as long as the page. */
  private memory: QueuedRating[] = [];
  private persistent = true;
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly store: OutboxStore | null,
    private readonly send: Sender,
    private readonly clock: OutboxClock = { now: () => Date.now(), random: () => Math.random() },
  ) {
    if (!store) this.persistent = false;
  }

  /** Whether queued entries survive closing the page (false: storage unavailable). */
  get persisted(): boolean {
    return this.persistent;
  }

  /** The queued entries, oldest first (read from storage each time: another tab may have sent some). */
  list(): QueuedRating[] {
    if (!this.persistent || !this.store) return [...this.memory];
    let raw: string | null;
    try {
      raw = this.store.get();
    } catch {
      this.persistent = false;
      return [...this.memory];
    }
    if (!raw) return [];
    try {
      const parsed = JSON.parse(raw) as { v?: unknown; entries?: unknown };
      if (parsed.v !== FORMAT_VERSION || !Array.isArray(parsed.entries)) return [];
      return parsed.entries.filter(isQueued);
    } catch {
      return [];
    }
  }

  private save(entries: QueuedRating[]): void {
    this.memory = entries;
    if (!this.persistent || !this.store) return;
    try {
      if (entries.length === 0) this.store.remove();
      else this.store.set(JSON.stringify({ v: FORMAT_VERSION, entries }));
    } catch {
      // Quota or policy: keep the queue in memory for this page.
      this.persistent = false;
    }
  }

  /** Queues a filled form (once per idempotency key) and returns its entry; due at once. */
  add(body: SubmissionRequest): QueuedRating {
    const entries = this.list();
    const existing = entries.find((e) => e.key === body.idempotencyKey);
    if (existing) return existing;
    const entry: QueuedRating = {
      key: body.idempotencyKey,
      body,
      queuedAt: this.clock.now(),
      attempts: 0,
      nextAt: this.clock.now(),
    };
    const kept = entries.length >= MAX_ENTRIES ? entries.slice(entries.length - MAX_ENTRIES + 1) : entries;
    this.save([...kept, entry]);
    return entry;
  }

  has(key: string): boolean {
    return this.list().some((e) => e.key === key);
  }

  private update(key: string, change: (e: QueuedRating) => QueuedRating | null): void {
    const next: QueuedRating[] = [];
    for (const e of this.list()) {
      if (e.key !== key) next.push(e);
      else {
        const changed = change(e);
        if (changed) next.push(changed);
      }
    }
    this.save(next);
  }

  /** The earliest moment an entry is due, or null when the queue is empty. */
  nextAttemptAt(): number | null {
    const entries = this.list();
    return entries.length === 0 ? null : Math.min(...entries.map((e) => e.nextAt));
  }

  /**
   * Sends the due entries one after another (all of them with `force`, e.g. when the network
   * comes back or the page loads; only `keys` when given). An entry already being sent by this
   * page is skipped. Returns the outcome per key attempted.
   */
  async flush(options: { force?: boolean; keys?: readonly string[] } = {}): Promise<Map<string, SendOutcome>> {
    const results = new Map<string, SendOutcome>();
    const now = this.clock.now();
    const due = this.list().filter(
      (e) =>
        !this.inFlight.has(e.key) &&
        (!options.keys || options.keys.includes(e.key)) &&
        (options.force || e.nextAt <= now),
    );
    for (const entry of due) {
      // Another tab may have sent it meanwhile.
      if (!this.has(entry.key)) continue;
      this.inFlight.add(entry.key);
      let outcome: SendOutcome;
      try {
        outcome = await this.send(entry.body);
      } catch (error) {
        outcome = { kind: "retry", error };
      } finally {
        this.inFlight.delete(entry.key);
      }
      results.set(entry.key, outcome);
      if (outcome.kind === "retry") {
        this.update(entry.key, (e) => {
          const attempts = e.attempts + 1;
          return {
            ...e,
            attempts,
            nextAt: this.clock.now() + retryDelay(attempts, this.clock.random(), outcome.retryAfterMs),
          };
        });
      } else {
        this.update(entry.key, () => null);
      }
    }
    return results;
  }
}
