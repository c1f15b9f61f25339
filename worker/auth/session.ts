/**
 * Staff sessions stored in Postgres. The cookie carries an opaque random token; only its
 * SHA-256 is stored, so a leaked database copy cannot be replayed as a session.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { type Kysely, sql } from "kysely";
import type { SessionRevokedReason } from "../../schema/db/accounts";
import type { Database, StaffRole } from "../../schema/db/database";
import { randomBytes, toBase64Url } from "../accounts/password";
import { sha256Hex } from "../audit/audit.chain";
import type { Config } from "../env";
import { ProblemError } from "../problems";
import type { Staff } from "./staff";

/** `__Host-` binds the cookie to this exact origin: Secure, Path=/, no Domain. */
export const SESSION_COOKIE = "__Host-hailong_session";
export const CSRF_HEADER = "x-csrf-token";

/** Refresh last_seen_at at most this often, to spare a write on every request. */
const TOUCH_EVERY_MS = 60_000;

export function newSessionToken(): string {
  return toBase64Url(randomBytes(32));
}

export function hashSessionToken(token: string): Promise<string> {
  return sha256Hex(`hailong-session:${token}`);
}

/** The client address: Cloudflare's header, then the first X-Forwarded-For hop, else "local". */
export function clientIp(c: Context): string {
  const cf = c.req.header("cf-connecting-ip")?.trim();
  if (cf) return cf.slice(0, 100);
  const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded ? forwarded.slice(0, 100) : "local";
}

export interface NewSession {
  id: string;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Opens a session for a staff member who has just proved who they are. */
export async function createSession(
  db: Kysely<Database>,
  config: Config,
  user: { id: string; agencyId: string },
  client: { ip: string; userAgent: string | undefined },
): Promise<NewSession> {
  const token = newSessionToken();
  const csrfToken = newSessionToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + config.SESSION_ABSOLUTE_HOURS * 3_600_000);
  const row = await db
    .insertInto("staff_sessions")
    .values({
      agency_id: user.agencyId,
      staff_user_id: user.id,
      token_hash: await hashSessionToken(token),
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 500) ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, token, csrfToken, expiresAt };
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true, httpOnly: true, sameSite: "Strict" });
}

export interface LoadedSession {
  staff: Staff;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  idleExpiresAt: Date;
}

function expired(detail: "idle" | "absolute" | "revoked"): ProblemError {
  const texts = {
    idle: { vi: "Phiên đã hết hạn do không hoạt động.", en: "The session ended after a period of inactivity." },
    absolute: { vi: "Phiên đã hết thời gian tối đa.", en: "The session reached its maximum length." },
    revoked: { vi: "Phiên đã được đăng xuất.", en: "The session was signed out." },
  };
  return new ProblemError("session-expired", { detail: texts[detail] });
}

/**
 * The session named by the request's cookie, with its staff member, or a 401 problem: no
 * cookie or an unknown token → `unauthorized`; revoked, idle or past its maximum length →
 * `session-expired`. Refreshes last_seen_at (idle expiry) at most once a minute.
 */
export async function loadSession(c: Context, db: Kysely<Database>, config: Config): Promise<LoadedSession> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || token.length > 100) throw new ProblemError("unauthorized");
  const row = await db
    .selectFrom("staff_sessions as s")
    .innerJoin("staff_users as u", (j) =>
      j.onRef("u.agency_id", "=", "s.agency_id").onRef("u.id", "=", "s.staff_user_id"),
    )
    .leftJoin("staff_credentials as cr", "cr.staff_user_id", "u.id")
    .where("s.token_hash", "=", await hashSessionToken(token))
    .select([
      "s.id as session_id",
      "s.csrf_token",
      "s.created_at",
      "s.last_seen_at",
      "s.expires_at",
      "s.revoked_at",
      "u.id",
      "u.agency_id",
      "u.role",
      "u.full_name",
      "u.username",
      "u.active",
      "cr.must_change_password",
      sql<string[]>`coalesce((SELECT array_agg(uu.unit_id ORDER BY uu.unit_id) FROM staff_user_units uu
        WHERE uu.agency_id = u.agency_id AND uu.staff_user_id = u.id), '{}')`.as("unit_ids"),
    ])
    .executeTakeFirst();
  if (!row) throw new ProblemError("unauthorized");
  const now = Date.now();
  if (row.revoked_at || !row.active) throw expired("revoked");
  if (row.expires_at.getTime() <= now) throw expired("absolute");
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  if (row.last_seen_at.getTime() + idleMs <= now) throw expired("idle");
  let lastSeen = row.last_seen_at;
  if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    lastSeen = new Date(now);
    await db.updateTable("staff_sessions").set({ last_seen_at: lastSeen }).where("id", "=", row.session_id).execute();
  }
  return {
    staff: {
      id: row.id,
      agencyId: row.agency_id,
      role: row.role as StaffRole,
      unitIds: row.unit_ids,
      fullName: row.full_name,
      username: row.username,
      sessionId: row.session_id,
      mustChangePassword: row.must_change_password ?? false,
    },
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    idleExpiresAt: new Date(Math.min(lastSeen.getTime() + idleMs, row.expires_at.getTime())),
  };
}

/** Ends one session. */
export async function revokeSession(db: Kysely<Database>, sessionId: string, reason: SessionRevokedReason) {
  await db
    .updateTable("staff_sessions")
    .set({ revoked_at: new Date(), revoked_reason: reason })
    .where("id", "=", sessionId)
    .where("revoked_at", "is", null)
    .execute();
}

/** Ends every live session of a staff member (optionally keeping one); returns how many. */
export async function revokeUserSessions(
  db: Kysely<Database>,
  user: { id: string; agencyId: string },
  reason: SessionRevokedReason,
  keepSessionId?: string,
): Promise<number> {
  let q = db
    .updateTable("staff_sessions")
    .set({ revoked_at: new Date(), revoked_reason: reason })
    .where("agency_id", "=", user.agencyId)
    .where("staff_user_id", "=", user.id)
    .where("revoked_at", "is", null);
  if (keepSessionId) q = q.where("id", "<>", keepSessionId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
