import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Kysely, sql } from "kysely";
import type { Browser } from "playwright-core";
import type { Database } from "../../../schema/db/database";
import { nodeDb } from "../../../scripts/lib/node-db";
import { PHONE, type Probe } from "./browser";

/*
 * Helpers of the citizen rating browser tests (test/e2e/rating*.e2e.test.ts): a page that looks
 * like its own device to the API's rate limits, receipt tokens, and files picked from the demo.
 */

const ROOT = resolve(import.meta.dirname, "../../..");

/**
 * A fresh phone page (own context, so no storage carried over) with a user agent of its own,
 * recording console errors and failed requests like `openPage`. The API's abuse limits count
 * ratings per device (a daily hash of IP and user agent) and every test browser shares
 * 127.0.0.1: a distinct user agent keeps one test's ratings from being flagged by another's.
 */
export async function openAsDevice(
  browser: Browser,
  device: string,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<Probe> {
  const context = await browser.newContext({
    viewport: options.viewport ?? PHONE,
    locale: options.locale ?? "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    userAgent: `Mozilla/5.0 (Linux; Android 10; hailong-e2e-${device}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36`,
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) =>
    failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`),
  );
  page.on("response", (response) => {
    if (response.status() >= 400)
      failedRequests.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
  });
  return { page, consoleErrors, failedRequests, close: () => context.close() };
}

/**
 * The keys wrangler dev verifies receipt tokens with: RATING_TOKEN_KEYS from `.dev.vars` when
 * present (npm start creates it), else the fixed development key (worker/ratings/tokens.ts).
 */
function tokenKey(): { kid: string; secret: Buffer } {
  let raw = "dev:aGFpbG9uZy1kZXZlbG9wbWVudC1vbmx5LXJhdGluZy10b2tlbi1rZXktMzI=";
  const devVars = resolve(ROOT, ".dev.vars");
  if (existsSync(devVars)) {
    const line = readFileSync(devVars, "utf8")
      .split("\n")
      .find((l) => l.startsWith("RATING_TOKEN_KEYS="));
    const value = line?.slice("RATING_TOKEN_KEYS=".length).trim().replace(/^"|"$/g, "");
    if (value) raw = value;
  }
  const first = raw.split(",")[0]!.trim();
  const colon = first.indexOf(":");
  return {
    kid: first.slice(0, colon),
    secret: Buffer.from(
      first
        .slice(colon + 1)
        .replaceAll("-", "+")
        .replaceAll("_", "/"),
      "base64",
    ),
  };
}

/**
 * A receipt token as the receipt printer issues it (format of worker/ratings/tokens.ts, signed
 * here independently with node:crypto): `v1.<kid>.<payload>.<HMAC-SHA256>`.
 */
export function signFileToken(agencyId: string, fileId: string, validDays = 30): string {
  const { kid, secret } = tokenKey();
  const payload = {
    agency: agencyId,
    file: fileId,
    exp: Math.floor(Date.now() / 1000) + validDays * 86_400,
    jti: randomBytes(16).toString("base64url"),
  };
  const head = `v1.${kid}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

export interface DemoFile {
  id: string;
  code: string;
}

/**
 * A file returned within the rating window that nobody has rated yet (a different one per
 * call), received at a counter that uses the quick form: the tests answer that one-page form,
 * and a file from the SIPAS counter would open the multi-part survey instead.
 */
export async function unratedFile(db: Kysely<Database>, agencyId: string, taken: Set<string>): Promise<DemoFile> {
  const rows = await sql<DemoFile>`
    SELECT f.id, f.code FROM files f
    JOIN counters c ON c.agency_id = f.agency_id AND c.id = f.counter_id
    JOIN survey_templates t ON t.agency_id = c.agency_id AND t.id = c.survey_template_id
    WHERE f.agency_id = ${agencyId}
      AND t.kind = 'quick'
      AND f.returned_at > now() - interval '25 days'
      AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.file_id = f.id)
    ORDER BY random() LIMIT 20`.execute(db);
  const file = rows.rows.find((r) => !taken.has(r.id));
  if (!file) throw new Error("the demo has no unrated returned file left");
  taken.add(file.id);
  return file;
}

/** A file that already has a valid rating. */
export async function ratedFile(db: Kysely<Database>, agencyId: string): Promise<DemoFile> {
  const row = await sql<DemoFile>`
    SELECT f.id, f.code FROM files f
    WHERE f.agency_id = ${agencyId}
      AND f.returned_at > now() - interval '25 days'
      AND EXISTS (SELECT 1 FROM submissions s WHERE s.file_id = f.id AND NOT s.flagged)
    ORDER BY random() LIMIT 1`.execute(db);
  if (!row.rows[0]) throw new Error("the demo has no rated file in the window");
  return row.rows[0];
}

export function ratingDb(url: string): Kysely<Database> {
  return nodeDb(url);
}

/** The stored submissions with this idempotency key (a retry must never make a second one). */
export async function submissionsWithKey(db: Kysely<Database>, key: string) {
  return db
    .selectFrom("submissions")
    .select(["id", "channel", "overall_score", "reason", "flagged", "file_id", "template_id"])
    .where("idempotency_key", "=", key)
    .execute();
}

/** The idempotency keys waiting in the page's outbox (web/state/rating-outbox-live.ts). */
export async function outboxKeys(probe: Probe): Promise<string[]> {
  const raw = await probe.page.evaluate<string | null>("localStorage.getItem('hailong.ratingOutbox')");
  if (!raw) return [];
  return (JSON.parse(raw) as { entries: Array<{ key: string }> }).entries.map((e) => e.key);
}
