/**
 * CSRF protection for staff requests, two independent checks on every state-changing method:
 * 1. the Origin (hono's `csrf()` for form-like bodies, and our own check for any body: a
 *    browser's Origin header, when present, must be this site or an ALLOWED_ORIGINS entry);
 * 2. a per-session token, returned by sign-in and /api/auth/me, sent back as `x-csrf-token`.
 * SameSite=Strict on the session cookie is a third line.
 */
import type { Context } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { timingSafeEqualText } from "../accounts/password";
import type { Config } from "../env";
import { ProblemError } from "../problems";
import { CSRF_HEADER } from "./session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function allowedOrigin(origin: string, c: Context, config: Config): boolean {
  return origin === new URL(c.req.url).origin || config.ALLOWED_ORIGINS.includes(origin);
}

function refused(en: string, vi: string): ProblemError {
  return new ProblemError("csrf", { detail: { vi, en } });
}

/** Refuses a state-changing request whose Origin is another site (also used before sign-in). */
export async function checkOrigin(c: Context, config: Config): Promise<void> {
  if (isSafeMethod(c.req.method)) return;
  const origin = c.req.header("origin");
  if (origin !== undefined && !allowedOrigin(origin, c, config)) {
    throw refused("The request came from another site.", "Yêu cầu được gửi từ một trang khác.");
  }
  const honoCheck = csrf({ origin: (o, ctx) => allowedOrigin(o, ctx, config) });
  try {
    await honoCheck(c, async () => {});
  } catch (err) {
    if (err instanceof HTTPException) {
      throw refused("A form was posted from another site.", "Biểu mẫu được gửi từ một trang khác.");
    }
    throw err;
  }
}

/** Both checks for a signed-in request: the Origin, then the session's token in x-csrf-token. */
export async function checkCsrf(c: Context, config: Config, sessionCsrfToken: string): Promise<void> {
  if (isSafeMethod(c.req.method)) return;
  await checkOrigin(c, config);
  const sent = c.req.header(CSRF_HEADER);
  if (!sent || !timingSafeEqualText(sent, sessionCsrfToken)) {
    throw refused(
      "The request did not carry this session's CSRF token.",
      "Yêu cầu thiếu mã chống giả mạo (CSRF) của phiên đăng nhập.",
    );
  }
}
