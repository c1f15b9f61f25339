/**
 * Signing in: throttling per client IP, temporary lockout per username, password and optional
 * TOTP check, upgrade of old hashes, session creation, and audit entries. No Hono here.
 */
import { type Kysely, sql } from "kysely";
import type { SignInOutcome } from "../../schema/db/accounts";
import type { Database } from "../../schema/db/database";
import { appendAudit } from "../audit/audit.service";
import { createSession, type NewSession } from "../auth/session";
import type { Config } from "../env";
import { findSignInAccount, saveCredentials } from "./accounts.queries";
import { burnPasswordTime, hashPassword, needsRehash, verifyPassword } from "./password";
import { isSealedWithCurrentKey, openTotpSecret, sealTotpSecret, verifyTotp } from "./totp";

type Db = Kysely<Database>;

export interface SignInInput {
  username: string;
  password: string;
  totpCode?: string | undefined;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
}

export type SignInResult =
  | { kind: "success"; session: NewSession; user: { id: string; agencyId: string }; mustChangePassword: boolean }
  | { kind: "failure" }
  | { kind: "totp-required" }
  | { kind: "locked"; retryAfterSeconds: number }
  | { kind: "throttled"; retryAfterSeconds: number };

export async function recordAttempt(db: Db, username: string, ip: string, outcome: SignInOutcome): Promise<void> {
  await db
    .insertInto("sign_in_attempts")
    .values({ username: username.slice(0, 200), ip, outcome })
    .execute();
}

/**
 * Failures for a username since its last success, within the window. Locked when there are
 * SIGN_IN_MAX_FAILURES of them and the latest is less than LOCKOUT_MINUTES old. Attempts made
 * while locked are not verified and do not extend the lock.
 */
export async function lockState(db: Db, username: string, config: Config) {
  const { rows } = await sql<{ n: number; retry_after: number | null }>`
    SELECT count(*)::int AS n,
           ceil(extract(epoch FROM max(at) + make_interval(mins => ${config.LOCKOUT_MINUTES}) - now()))::int AS retry_after
    FROM sign_in_attempts
    WHERE username = ${username} AND outcome = 'failure'
      AND at > now() - make_interval(mins => ${config.SIGN_IN_WINDOW_MINUTES})
      AND at > coalesce((SELECT max(at) FROM sign_in_attempts WHERE username = ${username} AND outcome = 'success'), '-infinity')`.execute(
    db,
  );
  const row = rows[0] ?? { n: 0, retry_after: null };
  const locked = row.n >= config.SIGN_IN_MAX_FAILURES && (row.retry_after ?? 0) > 0;
  return { failures: row.n, locked, retryAfterSeconds: Math.max(1, row.retry_after ?? 1) };
}

/** Failures from one client IP within the window; throttled at SIGN_IN_MAX_FAILURES_PER_IP. */
async function ipState(db: Db, ip: string, config: Config) {
  const { rows } = await sql<{ n: number; retry_after: number | null }>`
    WITH recent AS (
      SELECT at FROM sign_in_attempts
      WHERE ip = ${ip} AND outcome = 'failure' AND at > now() - make_interval(mins => ${config.SIGN_IN_WINDOW_MINUTES})
      ORDER BY at DESC LIMIT ${config.SIGN_IN_MAX_FAILURES_PER_IP}
    )
    SELECT count(*)::int AS n,
           ceil(extract(epoch FROM min(at) + make_interval(mins => ${config.SIGN_IN_WINDOW_MINUTES}) - now()))::int AS retry_after
    FROM recent`.execute(db);
  const row = rows[0] ?? { n: 0, retry_after: null };
  return {
    throttled: row.n >= config.SIGN_IN_MAX_FAILURES_PER_IP,
    retryAfterSeconds: Math.max(1, row.retry_after ?? 1),
  };
}

/**
 * One sign-in attempt. Every outcome is recorded in sign_in_attempts; attempts on an existing
 * account also go to its agency's audit trail (unknown usernames have no agency: they stay in
 * sign_in_attempts only). The lockout answers the same whether or not the username exists.
 */
export async function signIn(db: Db, config: Config, input: SignInInput, client: ClientInfo): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    // One attempt per username at a time, so that concurrent guesses cannot outrun the count.
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`sign-in:${username}`}, 0))`.execute(trx);

    const ip = await ipState(trx, client.ip, config);
    if (ip.throttled) {
      await recordAttempt(trx, username, client.ip, "throttled");
      return { kind: "throttled", retryAfterSeconds: ip.retryAfterSeconds };
    }
    const lock = await lockState(trx, username, config);
    if (lock.locked) {
      await recordAttempt(trx, username, client.ip, "locked");
      return { kind: "locked", retryAfterSeconds: lock.retryAfterSeconds };
    }

    const user = await findSignInAccount(trx, username);
    const fail = async (reason: string): Promise<SignInResult> => {
      await recordAttempt(trx, username, client.ip, "failure");
      if (user) {
        const actor = {
          agencyId: user.agency_id,
          actorId: user.id,
          actorLabel: `${user.full_name} (${user.username})`,
        };
        await appendAudit(trx, {
          ...actor,
          action: "auth.sign_in_failed",
          subjectType: "staff_user",
          subjectId: user.id,
          details: { reason, ip: client.ip },
        });
        if (lock.failures + 1 >= config.SIGN_IN_MAX_FAILURES) {
          await appendAudit(trx, {
            ...actor,
            action: "auth.locked",
            subjectType: "staff_user",
            subjectId: user.id,
            details: { minutes: config.LOCKOUT_MINUTES, failures: lock.failures + 1, ip: client.ip },
          });
        }
      }
      return { kind: "failure" };
    };

    if (!user?.password_hash) {
      await burnPasswordTime(input.password);
      return fail(user ? "no_password" : "unknown_user");
    }
    const passwordOk = await verifyPassword(input.password, user.password_hash);
    if (!passwordOk) return fail("wrong_password");
    if (!user.active) return fail("account_disabled");
    if (user.demo_password && config.APP_ENV === "production") {
      console.warn(`sign-in refused: ${username} still has a demo password in production`);
      return fail("demo_password_in_production");
    }

    if (user.totp_enabled_at && user.totp_secret) {
      // The password was right: asking for the code is not a failure.
      if (!input.totpCode) return { kind: "totp-required" };
      const secret = await openTotpSecret(user.totp_secret, config.TOTP_ENCRYPTION_KEY);
      const lastStep = user.totp_last_step === null ? null : Number(user.totp_last_step);
      const step = await verifyTotp(secret, input.totpCode, Date.now(), lastStep);
      if (step === null) return fail("wrong_totp_code");
      // A secret sealed with an older key of the ring moves to the current one (key rotation).
      const resealed = isSealedWithCurrentKey(user.totp_secret, config.TOTP_ENCRYPTION_KEY)
        ? {}
        : { totp_secret: await sealTotpSecret(secret, config.TOTP_ENCRYPTION_KEY) };
      await saveCredentials(trx, { id: user.id, agencyId: user.agency_id }, { totp_last_step: step, ...resealed });
    }

    await recordAttempt(trx, username, client.ip, "success");
    if (needsRehash(user.password_hash)) {
      await trx
        .updateTable("staff_users")
        .set({ password_hash: await hashPassword(input.password) })
        .where("id", "=", user.id)
        .execute();
    }
    const session = await createSession(trx, config, { id: user.id, agencyId: user.agency_id }, client);
    await appendAudit(trx, {
      agencyId: user.agency_id,
      actorId: user.id,
      actorLabel: `${user.full_name} (${user.username})`,
      action: "auth.sign_in",
      subjectType: "staff_user",
      subjectId: user.id,
      details: { sessionId: session.id, ip: client.ip, secondFactor: Boolean(user.totp_enabled_at) },
    });
    // Old attempts are only needed for the window; trim them now and then.
    if (Math.random() < 0.01) {
      await trx.deleteFrom("sign_in_attempts").where("at", "<", sql<Date>`now() - interval '30 days'`).execute();
    }
    return {
      kind: "success",
      session,
      user: { id: user.id, agencyId: user.agency_id },
      mustChangePassword: user.must_change_password ?? false,
    };
  });
}
