import { Hono, type MiddlewareHandler } from "hono";
import {
  ChangePasswordRequestSchema,
  type Me,
  type SessionInfo,
  SignInRequestSchema,
  type SignInResult,
  TotpConfirmRequestSchema,
  TotpDisableRequestSchema,
  type TotpEnrolment,
} from "../../schema/api/accounts";
import { fieldMessages } from "../../schema/api/messages";
import type { AppEnv } from "../app";
import { appendAudit } from "../audit/audit.service";
import { checkCsrf, checkOrigin } from "../auth/csrf";
import {
  clearSessionCookie,
  clientIp,
  type LoadedSession,
  loadSession,
  revokeSession,
  revokeUserSessions,
  setSessionCookie,
} from "../auth/session";
import { auditActor } from "../auth/staff";
import { ProblemError } from "../problems";
import { validate } from "../validation";
import { findCredentials, findStaffProfile, saveCredentials, setPassword } from "./accounts.queries";
import { hashPassword, passwordProblem, verifyPassword } from "./password";
import { lockState, recordAttempt, signIn } from "./sign-in.service";
import { base32Encode, newTotpSecret, openTotpSecret, otpauthUri, sealTotpSecret, verifyTotp } from "./totp";

type AuthEnv = { Bindings: AppEnv["Bindings"]; Variables: AppEnv["Variables"] & { session: LoadedSession } };

/** Sign-in, sign-out, the current session, own password and second factor (/api/auth/*). */
export const authRoutes = new Hono<AuthEnv>();

/** A signed-in request to /api/auth/*: the session and, on changes, its CSRF token. */
const withSession: MiddlewareHandler<AuthEnv> = async (c, next) => {
  const session = await loadSession(c, c.var.db, c.var.config);
  c.set("session", session);
  c.set("staff", session.staff);
  await checkCsrf(c, c.var.config, session.csrfToken);
  await next();
};

function lockedProblem(retryAfterSeconds: number): ProblemError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new ProblemError("locked", {
    detail: {
      vi: `Vui lòng thử lại sau ${minutes} phút hoặc liên hệ quản trị viên.`,
      en: `Please try again in ${minutes} minutes or ask your administrator.`,
    },
    headers: { "retry-after": String(retryAfterSeconds) },
    extensions: { retryAfterSeconds },
  });
}

function fieldProblem(path: string, key: keyof typeof fieldMessages): ProblemError {
  return new ProblemError("validation", { errors: [{ path, message: fieldMessages[key] }] });
}

authRoutes.post(
  "/sign-in",
  async (c, next) => {
    // Login CSRF: refuse a sign-in posted from another site before reading the body.
    await checkOrigin(c, c.var.config);
    await next();
  },
  validate("json", SignInRequestSchema),
  async (c) => {
    const input = c.req.valid("json");
    const result = await signIn(c.var.db, c.var.config, input, {
      ip: clientIp(c),
      userAgent: c.req.header("user-agent"),
    });
    switch (result.kind) {
      case "throttled":
        throw new ProblemError("rate-limited", {
          detail: {
            vi: "Có quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau.",
            en: "Too many failed sign-ins from this address. Please try again later.",
          },
          headers: { "retry-after": String(result.retryAfterSeconds) },
          extensions: { retryAfterSeconds: result.retryAfterSeconds },
        });
      case "locked":
        throw lockedProblem(result.retryAfterSeconds);
      case "failure":
        throw new ProblemError("invalid-credentials");
      case "totp-required":
        throw new ProblemError("totp-required", {
          detail: {
            vi: "Tài khoản này bật xác thực hai lớp: nhập mã 6 số trong ứng dụng xác thực.",
            en: "This account uses a second factor: enter the 6-digit code from your authenticator app.",
          },
        });
    }
    const profile = await findStaffProfile(c.var.db, result.user.agencyId, result.user.id);
    if (!profile) throw new ProblemError("internal");
    setSessionCookie(c, result.session.token, result.session.expiresAt);
    const body: SignInResult = {
      staff: profile,
      csrfToken: result.session.csrfToken,
      mustChangePassword: result.mustChangePassword,
      expiresAt: result.session.expiresAt.toISOString(),
    };
    return c.json(body);
  },
);

authRoutes.get("/me", withSession, async (c) => {
  const { staff, csrfToken, createdAt, expiresAt, idleExpiresAt } = c.var.session;
  const [profile, credentials] = await Promise.all([
    findStaffProfile(c.var.db, staff.agencyId, staff.id),
    findCredentials(c.var.db, staff.id),
  ]);
  if (!profile) throw new ProblemError("unauthorized");
  const body: Me = {
    staff: profile,
    csrfToken,
    mustChangePassword: credentials.mustChangePassword,
    totpEnabled: credentials.totpEnabledAt !== null,
    // Inspectors see denouncers' identities: the web app nudges them to turn the second factor on.
    totpRecommended: profile.role === "inspector" && credentials.totpEnabledAt === null,
    session: {
      id: staff.sessionId,
      createdAt: createdAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      idleExpiresAt: idleExpiresAt.toISOString(),
    },
  };
  return c.json(body);
});

authRoutes.get("/sessions", withSession, async (c) => {
  const { staff } = c.var.session;
  const rows = await c.var.db
    .selectFrom("staff_sessions")
    .where("agency_id", "=", staff.agencyId)
    .where("staff_user_id", "=", staff.id)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", new Date())
    .orderBy("created_at", "desc")
    .select(["id", "created_at", "last_seen_at", "expires_at", "ip", "user_agent"])
    .execute();
  const sessions: SessionInfo[] = rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id === staff.sessionId,
  }));
  return c.json({ sessions });
});

authRoutes.post("/sign-out", withSession, async (c) => {
  const { staff } = c.var.session;
  await c.var.db.transaction().execute(async (trx) => {
    await revokeSession(trx, staff.sessionId, "sign_out");
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "auth.sign_out",
      subjectType: "staff_user",
      subjectId: staff.id,
      details: { sessionId: staff.sessionId },
    });
  });
  clearSessionCookie(c);
  return c.body(null, 204);
});

authRoutes.post("/sign-out-everywhere", withSession, async (c) => {
  const { staff } = c.var.session;
  const revoked = await c.var.db.transaction().execute(async (trx) => {
    const n = await revokeUserSessions(trx, staff, "sign_out_everywhere");
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "auth.sign_out_everywhere",
      subjectType: "staff_user",
      subjectId: staff.id,
      details: { revoked: n },
    });
    return n;
  });
  clearSessionCookie(c);
  return c.json({ revoked });
});

/** Changes one's own password (also the way out of a forced change); other sessions end. */
authRoutes.post("/password", withSession, validate("json", ChangePasswordRequestSchema), async (c) => {
  const { staff } = c.var.session;
  const { currentPassword, newPassword } = c.req.valid("json");
  const user = await c.var.db
    .selectFrom("staff_users")
    .where("agency_id", "=", staff.agencyId)
    .where("id", "=", staff.id)
    .select(["password_hash"])
    .executeTakeFirstOrThrow();
  // Guessing the current password from a stolen session counts towards the same lockout as sign-in.
  const lock = await lockState(c.var.db, staff.username, c.var.config);
  if (lock.locked) throw lockedProblem(lock.retryAfterSeconds);
  if (!user.password_hash || !(await verifyPassword(currentPassword, user.password_hash))) {
    await recordAttempt(c.var.db, staff.username, clientIp(c), "failure");
    throw fieldProblem("currentPassword", "password_wrong");
  }
  const problem = passwordProblem(newPassword, staff.username);
  if (problem === "same_as_username") throw fieldProblem("newPassword", "password_same_as_username");
  if (problem) throw fieldProblem("newPassword", problem === "too_short" ? "password_too_short" : "too_long");
  if (await verifyPassword(newPassword, user.password_hash)) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "newPassword",
          message: { vi: "Mật khẩu mới phải khác mật khẩu cũ.", en: "The new password must differ from the old one." },
        },
      ],
    });
  }
  const hash = await hashPassword(newPassword);
  await c.var.db.transaction().execute(async (trx) => {
    await setPassword(trx, staff, hash, { mustChange: false });
    const revoked = await revokeUserSessions(trx, staff, "password_changed", staff.sessionId);
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "auth.password_changed",
      subjectType: "staff_user",
      subjectId: staff.id,
      details: { otherSessionsRevoked: revoked },
    });
  });
  return c.body(null, 204);
});

/** Starts TOTP enrolment: a new secret, pending until a code from it is confirmed. */
authRoutes.post("/totp/enrol", withSession, async (c) => {
  const { staff } = c.var.session;
  const { config, db } = c.var;
  if (config.APP_ENV === "production" && !config.TOTP_ENCRYPTION_KEY) {
    console.error("TOTP enrolment refused: TOTP_ENCRYPTION_KEY is not set");
    throw new ProblemError("internal", {
      detail: {
        vi: "Máy chủ chưa được cấu hình xác thực hai lớp. Vui lòng báo quản trị hệ thống.",
        en: "Two-factor sign-in is not configured on the server. Please tell the system administrator.",
      },
    });
  }
  const current = await findCredentials(db, staff.id);
  if (current.totpEnabledAt) {
    throw new ProblemError("conflict", {
      detail: { vi: "Xác thực hai lớp đang bật.", en: "Two-factor sign-in is already on." },
    });
  }
  const profile = await findStaffProfile(db, staff.agencyId, staff.id);
  const secret = newTotpSecret();
  await saveCredentials(db, staff, {
    totp_secret: await sealTotpSecret(secret, config.TOTP_ENCRYPTION_KEY),
    totp_enabled_at: null,
    totp_last_step: null,
  });
  const body: TotpEnrolment = {
    otpauthUri: otpauthUri(secret, `${staff.username}@${profile?.agency.code ?? ""}`, "hailong"),
    secret: base32Encode(secret),
  };
  return c.json(body);
});

authRoutes.post("/totp/confirm", withSession, validate("json", TotpConfirmRequestSchema), async (c) => {
  const { staff } = c.var.session;
  const { config, db } = c.var;
  const current = await findCredentials(db, staff.id);
  if (!current.totpSecret || current.totpEnabledAt) {
    throw new ProblemError("conflict", {
      detail: { vi: "Chưa bắt đầu đăng ký xác thực hai lớp.", en: "No two-factor enrolment is pending." },
    });
  }
  const secret = await openTotpSecret(current.totpSecret, config.TOTP_ENCRYPTION_KEY);
  const step = await verifyTotp(secret, c.req.valid("json").code, Date.now());
  if (step === null) throw fieldProblem("code", "totp_code_wrong");
  await db.transaction().execute(async (trx) => {
    await saveCredentials(trx, staff, { totp_enabled_at: new Date(), totp_last_step: step });
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "auth.totp_enabled",
      subjectType: "staff_user",
      subjectId: staff.id,
    });
  });
  return c.json({ totpEnabled: true });
});

authRoutes.post("/totp/disable", withSession, validate("json", TotpDisableRequestSchema), async (c) => {
  const { staff } = c.var.session;
  const { db } = c.var;
  const user = await db
    .selectFrom("staff_users")
    .where("agency_id", "=", staff.agencyId)
    .where("id", "=", staff.id)
    .select(["password_hash"])
    .executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(c.req.valid("json").password, user.password_hash))) {
    throw fieldProblem("password", "password_wrong");
  }
  await db.transaction().execute(async (trx) => {
    await saveCredentials(trx, staff, { totp_secret: null, totp_enabled_at: null, totp_last_step: null });
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "auth.totp_disabled",
      subjectType: "staff_user",
      subjectId: staff.id,
    });
  });
  return c.json({ totpEnabled: false });
});
