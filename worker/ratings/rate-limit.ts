import { sql } from "kysely";
import type { Db } from "../db";
import { toBase64Url } from "./tokens";

/**
 * Fixed-window rate limits counted in Postgres (table rate_limit_hits): one atomic upsert per
 * request increments every bucket it touches and returns the new counts, so concurrent requests
 * in any isolate see one consistent count.
 */

export interface LimitRule {
  /** e.g. "rating:device:<hash>", "rating:counter:<id>", "lookup:device:<hash>". */
  bucket: string;
  windowSeconds: number;
  limit: number;
}

export interface LimitResult {
  rule: LimitRule;
  count: number;
  /** When the current window ends. */
  resetAt: Date;
}

/** The verdict for one request: within limits, over a limit, or over limit × hard factor. */
export type LimitVerdict =
  | { kind: "ok" }
  | { kind: "over"; exceeded: LimitResult[] }
  | { kind: "far-over"; exceeded: LimitResult[]; retryAfterSeconds: number };

export function windowStart(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** Counts one hit in each rule's current window and returns the counts after it. */
export async function hit(db: Db, agencyId: string, rules: readonly LimitRule[], now: Date): Promise<LimitResult[]> {
  if (rules.length === 0) return [];
  const rows = await db
    .insertInto("rate_limit_hits")
    .values(
      rules.map((r) => ({
        agency_id: agencyId,
        bucket: r.bucket,
        window_start: windowStart(now, r.windowSeconds),
        count: 1,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["agency_id", "bucket", "window_start"]).doUpdateSet({ count: sql`rate_limit_hits.count + 1` }),
    )
    .returning(["bucket", "window_start", "count"])
    .execute();
  // Old windows are useless after a day; prune them now and then instead of needing a cron.
  if (Math.random() < 0.01) {
    await db
      .deleteFrom("rate_limit_hits")
      .where("window_start", "<", new Date(now.getTime() - 86_400_000))
      .execute();
  }
  const counts = rules.map((rule) => {
    const start = windowStart(now, rule.windowSeconds).getTime();
    return rows.find((r) => r.bucket === rule.bucket && r.window_start.getTime() === start)?.count ?? 1;
  });
  return limitResults(rules, counts, now);
}

/** The results of rules whose counts after this request are known, given in rule order. */
export function limitResults(rules: readonly LimitRule[], counts: readonly number[], now: Date): LimitResult[] {
  return rules.map((rule, i) => {
    const start = windowStart(now, rule.windowSeconds);
    return { rule, count: counts[i] ?? 1, resetAt: new Date(start.getTime() + rule.windowSeconds * 1000) };
  });
}

/**
 * The rule for ratings: up to `limit` a request is fine; above it the rating is stored flagged
 * (excluded from indices, the answer looks the same, so a bot learns nothing); above
 * `limit × hardFactor` it is refused with 429.
 */
export function judge(results: readonly LimitResult[], hardFactor: number, now: Date): LimitVerdict {
  const exceeded = results.filter((r) => r.count > r.rule.limit);
  if (exceeded.length === 0) return { kind: "ok" };
  const far = exceeded.filter((r) => r.count > r.rule.limit * hardFactor);
  if (far.length > 0) {
    const reset = Math.max(...far.map((r) => r.resetAt.getTime()));
    return { kind: "far-over", exceeded, retryAfterSeconds: Math.max(1, Math.ceil((reset - now.getTime()) / 1000)) };
  }
  return { kind: "over", exceeded };
}

/** Imported HMAC keys by secret (the secrets are themselves cached per configuration). */
const deviceKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function deviceKey(secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  let key = deviceKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    deviceKeys.set(secret, key);
  }
  return key;
}

/**
 * A pseudonymous device id for rate limits: HMAC-SHA256 over the day, the client IP and the
 * user agent, keyed by a deployment secret. The day in the input makes it change daily, so it
 * cannot follow a person across days, and no IP is ever stored.
 */
export async function deviceHash(
  secret: Uint8Array<ArrayBuffer>,
  client: { ip: string | null; userAgent: string | null },
  now: Date,
): Promise<string> {
  const key = await deviceKey(secret);
  const day = now.toISOString().slice(0, 10);
  const input = `device|${day}|${client.ip ?? "-"}|${client.userAgent ?? "-"}`;
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input));
  return toBase64Url(new Uint8Array(mac).slice(0, 16));
}
