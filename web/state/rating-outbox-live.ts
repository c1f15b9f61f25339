import { signal } from "@preact/signals";
import type { SubmissionRequest } from "../../schema/api/ratings";
import { sendSubmission } from "../api/citizen";
import { ApiOfflineError, ApiProblem } from "../api/errors";
import { type OutboxStore, RatingOutbox, type SendOutcome } from "./rating-outbox";

/**
 * The browser side of the rating outbox (rating-outbox.ts): localStorage, the sender, and the
 * moments a queued rating is retried: when the network comes back (`online`), on a timer with
 * backoff, when the page becomes visible again, and on every page load of the rating pages.
 * Signals let the pages show "đã gửi / đang chờ gửi" as it changes.
 */

export const OUTBOX_STORAGE_KEY = "hailong.ratingOutbox";

function localStore(): OutboxStore | null {
  try {
    const storage = window.localStorage;
    return {
      get: () => storage.getItem(OUTBOX_STORAGE_KEY),
      set: (value) => storage.setItem(OUTBOX_STORAGE_KEY, value),
      remove: () => storage.removeItem(OUTBOX_STORAGE_KEY),
    };
  } catch {
    return null;
  }
}

/** One attempt: what the API said, sorted into sent / try again later / refused for good. */
async function sendOnce(body: SubmissionRequest): Promise<SendOutcome> {
  try {
    const { receipt, replayed } = await sendSubmission(body);
    return { kind: "sent", receipt, replayed };
  } catch (error) {
    if (error instanceof ApiProblem) {
      // Overloaded or rate-limited: nothing was stored; try again later.
      if (error.status === 429 || error.status >= 500) return { kind: "retry", error };
      return { kind: "rejected", error };
    }
    // Offline, timeout, or an answer outside the contract (a captive portal's page): retry later.
    return { kind: "retry", error };
  }
}

const outbox = new RatingOutbox(localStore(), sendOnce);

/** Ratings waiting to be sent from this browser. */
export const pendingCount = signal(outbox.list().length);
/** Whether waiting ratings survive closing the page (false when storage is unavailable). */
export const outboxPersisted = signal(outbox.persisted);
/** Outcomes seen by this page, by idempotency key (the form's own rating among them). */
export const outboxOutcomes = signal<ReadonlyMap<string, SendOutcome>>(new Map());
/** Ratings queued earlier (another visit, another citizen at a kiosk) that this page delivered. */
export const deliveredFromQueue = signal(0);

/** Keys of the ratings filled on this page: their outcome is shown by the form, not the banner. */
const ownKeys = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;
let started = false;

function publish(results: Map<string, SendOutcome>): void {
  pendingCount.value = outbox.list().length;
  outboxPersisted.value = outbox.persisted;
  if (results.size === 0) return;
  const next = new Map(outboxOutcomes.value);
  let delivered = 0;
  for (const [key, outcome] of results) {
    next.set(key, outcome);
    if (outcome.kind === "sent" && !ownKeys.has(key)) delivered++;
  }
  outboxOutcomes.value = next;
  if (delivered > 0) deliveredFromQueue.value += delivered;
}

function schedule(): void {
  clearTimeout(timer);
  const next = outbox.nextAttemptAt();
  if (next === null) return;
  timer = setTimeout(() => void flush(false), Math.max(0, next - Date.now()));
}

function offline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

/** Sends what is due (everything with `force`), then plans the next attempt. */
async function flush(force: boolean, keys?: readonly string[]): Promise<Map<string, SendOutcome>> {
  if (offline()) {
    // Wait for the `online` event rather than fail attempts one after another.
    publish(new Map());
    return new Map();
  }
  const results = await outbox.flush({ force, keys });
  publish(results);
  schedule();
  return results;
}

/**
 * Starts the outbox on this page (idempotent): sends what earlier visits left, and listens for
 * the network coming back, the page becoming visible and other tabs changing the queue.
 */
export function startOutbox(): void {
  if (started) return;
  started = true;
  window.addEventListener("online", () => void flush(true));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void flush(false);
  });
  window.addEventListener("storage", (event) => {
    if (event.key === OUTBOX_STORAGE_KEY) publish(new Map());
  });
  if (pendingCount.value > 0) void flush(true);
}

/** What the citizen's own submission became right after "send". */
export type SubmitResult = SendOutcome | { kind: "queued"; persisted: boolean };

/**
 * Queues the filled form (stored before the first attempt) and tries to send it now. A rating
 * that could not be delivered stays queued and is retried; its later outcome appears in
 * `outboxOutcomes`.
 */
export async function submitRating(body: SubmissionRequest): Promise<SubmitResult> {
  startOutbox();
  ownKeys.add(body.idempotencyKey);
  outbox.add(body);
  pendingCount.value = outbox.list().length;
  const results = await flush(true, [body.idempotencyKey]);
  const outcome = results.get(body.idempotencyKey);
  if (!outcome || outcome.kind === "retry") return { kind: "queued", persisted: outbox.persisted };
  return outcome;
}

/** Tries every waiting rating now (the "send now" button). */
export function retryNow(): Promise<unknown> {
  return flush(true);
}

/** Kiosk reset: forget what this page showed (outcomes and counts), keep the queue itself. */
export function forgetOutcomes(): void {
  ownKeys.clear();
  outboxOutcomes.value = new Map();
  deliveredFromQueue.value = 0;
}

/** Whether an error means "sent later": the network, not the content. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof ApiOfflineError || (error instanceof ApiProblem && (error.status === 429 || error.status >= 500))
  );
}

// Every rating page imports this module (through the form): what an earlier visit left in this
// browser is sent as soon as one of them loads, whether or not the citizen rates again.
if (typeof window !== "undefined") startOutbox();
