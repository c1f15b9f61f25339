import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { MeSchema, SessionListSchema, SignInResultSchema } from "../../schema/api/accounts";
import { ProblemSchema } from "../../schema/api/problem";
import { hashPassword, PASSWORD_ITERATIONS, parsePasswordHash } from "../../worker/accounts/password";
import { signIn } from "../../worker/accounts/sign-in.service";
import { SESSION_COOKIE } from "../../worker/auth/session";
import { readConfig } from "../../worker/env";
import {
  BASE,
  createStaff,
  postSignIn,
  randomIp,
  StaffClient,
  sessionCookieOf,
  setCookiesOf,
  signInAs,
  staffSession,
  TEST_PASSWORD,
} from "./support/accounts-factories";
import { createAgency, createUnit, uniq } from "./support/factories";
import { testDb, testEnv } from "./support/worker-env";

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return ProblemSchema.parse(await res.json());
}

async function auditActions(agencyId: string): Promise<string[]> {
  const rows = await testDb()
    .selectFrom("audit_log")
    .where("agency_id", "=", agencyId)
    .orderBy("seq")
    .select("action")
    .execute();
  return rows.map((r) => r.action);
}

describe("POST /api/auth/sign-in", () => {
  it("opens a session in an HttpOnly, Secure, SameSite=Strict __Host- cookie and returns the CSRF token", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const unit = await createUnit(db, agency.id);
    const user = await createStaff(db, agency.id, { role: "inspector", unitIds: [unit.id] });
    const res = await postSignIn({ username: user.username.toUpperCase(), password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const body = SignInResultSchema.parse(await res.json());
    expect(body.staff).toMatchObject({ id: user.id, role: "inspector", unitIds: [unit.id] });
    expect(body.staff.agency.code).toBe(agency.code);
    expect(body.mustChangePassword).toBe(false);
    const cookie = setCookiesOf(res).find((l) => l.startsWith(`${SESSION_COOKIE}=`)) ?? "";
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);

    // Only the token's hash is stored.
    const token = sessionCookieOf(res).split("=")[1] as string;
    const sessions = await db.selectFrom("staff_sessions").where("staff_user_id", "=", user.id).selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(sessions)).not.toContain(token);
    expect(await auditActions(agency.id)).toEqual(["auth.sign_in"]);
  });

  it("answers a wrong password and an unknown username with the same 401", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const user = await createStaff(db, agency.id);
    const wrong = await problemOf(await postSignIn({ username: user.username, password: "khong-dung-mat-khau" }));
    const unknown = await problemOf(await postSignIn({ username: `nobody${uniq()}`, password: "khong-dung-mat-khau" }));
    expect(wrong.status).toBe(401);
    expect(wrong.type).toBe("/api/problems/invalid-credentials");
    expect(unknown).toMatchObject({ status: wrong.status, type: wrong.type, title: wrong.title });
    expect(await auditActions(agency.id)).toEqual(["auth.sign_in_failed"]);
  });

  it("refuses a disabled account and an account that has no password yet", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const disabled = await createStaff(db, agency.id, { active: false });
    const noPassword = await createStaff(db, agency.id, { password: null });
    expect((await postSignIn({ username: disabled.username, password: TEST_PASSWORD })).status).toBe(401);
    expect((await postSignIn({ username: noPassword.username, password: TEST_PASSWORD })).status).toBe(401);
  });

  it("locks a username for 15 minutes after 5 failures, with Retry-After, even for the right password", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const user = await createStaff(db, agency.id);
    for (let i = 0; i < 5; i++) {
      const res = await postSignIn({ username: user.username, password: `sai-mat-khau-${i}-x` });
      expect(res.status).toBe(401);
    }
    const locked = await postSignIn({ username: user.username, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect((await problemOf(locked)).type).toBe("/api/problems/locked");
    expect(await db.selectFrom("staff_sessions").where("staff_user_id", "=", user.id).selectAll().execute()).toEqual(
      [],
    );
    const actions = await auditActions(agency.id);
    expect(actions.filter((a) => a === "auth.sign_in_failed")).toHaveLength(5);
    expect(actions).toContain("auth.locked");

    // Once the failures are older than the lockout, the right password works again.
    await db
      .updateTable("sign_in_attempts")
      .set({ at: sql<Date>`at - interval '16 minutes'` })
      .where("username", "=", user.username)
      .execute();
    expect((await postSignIn({ username: user.username, password: TEST_PASSWORD })).status).toBe(200);
  });

  it("locks an unknown username the same way, so the answer does not reveal who exists", async () => {
    const username = `ghost${uniq()}`;
    for (let i = 0; i < 5; i++) await postSignIn({ username, password: `sai-mat-khau-${i}-x` });
    const res = await postSignIn({ username, password: "bat-ky-mat-khau" });
    expect(res.status).toBe(429);
    expect((await problemOf(res)).type).toBe("/api/problems/locked");
  });

  it("throttles a client address after too many failures across usernames", async () => {
    const ip = randomIp();
    for (let i = 0; i < 30; i++) {
      const res = await postSignIn({ username: `ip${uniq()}`, password: "sai-mat-khau-x" }, { "cf-connecting-ip": ip });
      expect(res.status).toBe(401);
    }
    const res = await postSignIn({ username: `ip${uniq()}`, password: "sai-mat-khau-x" }, { "cf-connecting-ip": ip });
    expect(res.status).toBe(429);
    expect((await problemOf(res)).type).toBe("/api/problems/rate-limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("upgrades a hash made with fewer iterations at the next successful sign-in", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const user = await createStaff(db, agency.id, { password: null });
    await db
      .updateTable("staff_users")
      .set({ password_hash: await hashPassword("mat-khau-cu-2020", 10_000) })
      .where("id", "=", user.id)
      .execute();
    expect((await postSignIn({ username: user.username, password: "mat-khau-cu-2020" })).status).toBe(200);
    const row = await db.selectFrom("staff_users").where("id", "=", user.id).select("password_hash").executeTakeFirst();
    expect(parsePasswordHash(row?.password_hash ?? "")?.iterations).toBe(PASSWORD_ITERATIONS);
  });

  it("refuses a demo password when the worker runs in production", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const user = await createStaff(db, agency.id);
    await db
      .insertInto("staff_credentials")
      .values({ staff_user_id: user.id, agency_id: agency.id, demo_password: true })
      .execute();
    const input = { username: user.username, password: TEST_PASSWORD };
    const config = readConfig(testEnv);
    const production = await signIn(db, { ...config, APP_ENV: "production" }, input, {
      ip: randomIp(),
      userAgent: undefined,
    });
    expect(production.kind).toBe("failure");
    expect((await signIn(db, config, input, { ip: randomIp(), userAgent: undefined })).kind).toBe("success");
  });

  it("refuses a sign-in posted from another site", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const user = await createStaff(db, agency.id);
    const res = await postSignIn(
      { username: user.username, password: TEST_PASSWORD },
      { origin: "https://evil.example" },
    );
    expect(res.status).toBe(403);
    expect((await problemOf(res)).type).toBe("/api/problems/csrf");
  });
});

describe("sessions", () => {
  it("GET /api/auth/me returns the staff member and the CSRF token; without a cookie it is 401", async () => {
    const { client, user, agency } = await staffSession(testDb(), "manager");
    const res = await client.get("/api/auth/me");
    expect(res.status).toBe(200);
    const me = MeSchema.parse(await res.json());
    expect(me.staff).toMatchObject({ id: user.id, role: "manager", agency: { id: agency.id } });
    expect(me.csrfToken).toBe(client.csrfToken);
    expect(me.totpEnabled).toBe(false);

    const anonymous = await fetchRaw("/api/auth/me");
    expect(anonymous.status).toBe(401);
    expect((await problemOf(anonymous)).type).toBe("/api/problems/unauthorized");
    const staffAnonymous = await fetchRaw("/api/admin/units");
    expect(staffAnonymous.status).toBe(401);
  });

  it("ends a session after the idle limit and after the absolute limit", async () => {
    const db = testDb();
    const idle = await staffSession(db, "viewer");
    await db
      .updateTable("staff_sessions")
      .set({ last_seen_at: sql<Date>`now() - interval '9 hours'` })
      .where("staff_user_id", "=", idle.user.id)
      .execute();
    const idleRes = await idle.client.get("/api/auth/me");
    expect(idleRes.status).toBe(401);
    expect((await problemOf(idleRes)).type).toBe("/api/problems/session-expired");

    const old = await staffSession(db, "viewer");
    await db
      .updateTable("staff_sessions")
      .set({ created_at: sql<Date>`now() - interval '13 hours'`, expires_at: sql<Date>`now() - interval '1 hour'` })
      .where("staff_user_id", "=", old.user.id)
      .execute();
    const oldRes = await old.client.get("/api/admin/agency");
    expect(oldRes.status).toBe(401);
    expect((await problemOf(oldRes)).type).toBe("/api/problems/session-expired");
  });

  it("signs out one session, and signs out everywhere", async () => {
    const db = testDb();
    const { client, user, agency } = await staffSession(db, "inspector");
    const second = await signInAs(user);
    const third = await signInAs(user);
    const list = SessionListSchema.parse(await (await client.get("/api/auth/sessions")).json());
    expect(list.sessions).toHaveLength(3);
    expect(list.sessions.filter((s) => s.current)).toHaveLength(1);

    const out = await second.post("/api/auth/sign-out");
    expect(out.status).toBe(204);
    expect(setCookiesOf(out).join()).toMatch(new RegExp(`${SESSION_COOKIE}=;.*Max-Age=0`));
    expect((await second.get("/api/auth/me")).status).toBe(401);
    expect((await client.get("/api/auth/me")).status).toBe(200);

    const everywhere = await client.post("/api/auth/sign-out-everywhere");
    expect(everywhere.status).toBe(200);
    expect(await everywhere.json()).toEqual({ revoked: 2 });
    expect((await client.get("/api/auth/me")).status).toBe(401);
    expect((await third.get("/api/auth/me")).status).toBe(401);
    expect(await auditActions(agency.id)).toEqual([
      "auth.sign_in",
      "auth.sign_in",
      "auth.sign_in",
      "auth.sign_out",
      "auth.sign_out_everywhere",
    ]);
  });
});

describe("CSRF", () => {
  it("refuses a state-changing staff request without the session's token, with a wrong one, or from another origin", async () => {
    const { client, unit } = await staffSession(testDb(), "admin");
    const body = { code: `U${uniq()}`, name: "Phòng Kế hoạch", kind: "division", parentId: unit.id };

    const missing = await client.fetch("/api/admin/units", { method: "POST", json: body, withoutCsrf: true });
    expect(missing.status).toBe(403);
    expect((await problemOf(missing)).type).toBe("/api/problems/csrf");

    const wrong = await client.fetch("/api/admin/units", {
      method: "POST",
      json: body,
      withoutCsrf: true,
      headers: { "x-csrf-token": "not-the-token-of-this-session-at-all" },
    });
    expect(wrong.status).toBe(403);
    expect((await problemOf(wrong)).type).toBe("/api/problems/csrf");

    const foreign = await client.fetch("/api/admin/units", {
      method: "POST",
      json: body,
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect((await problemOf(foreign)).type).toBe("/api/problems/csrf");

    const form = await client.fetch("/api/admin/units", {
      method: "POST",
      body: "code=X",
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site", origin: "null" },
    });
    expect(form.status).toBe(403);

    expect((await client.post("/api/admin/units", body)).status).toBe(201);
    const sameOrigin = await client.fetch("/api/admin/units", {
      method: "POST",
      json: { ...body, code: `U${uniq()}` },
      headers: { origin: BASE },
    });
    expect(sameOrigin.status).toBe(201);
  });

  it("also protects sign-out: a token from another session is refused", async () => {
    const db = testDb();
    const a = await staffSession(db, "viewer");
    const b = await staffSession(db, "viewer");
    const crossed = new StaffClient(a.client.cookie, b.client.csrfToken, a.client.signIn);
    const res = await crossed.post("/api/auth/sign-out");
    expect(res.status).toBe(403);
    expect((await problemOf(res)).type).toBe("/api/problems/csrf");
    expect((await a.client.get("/api/auth/me")).status).toBe(200);
  });
});

describe("passwords", () => {
  it("admin reset gives a one-time password, ends the account's sessions and forces a change", async () => {
    const db = testDb();
    const { client: admin, agency } = await staffSession(db, "admin");
    const officer = await createStaff(db, agency.id, { role: "counter_officer" });
    const officerSession = await signInAs(officer);

    const reset = await admin.post(`/api/admin/accounts/${officer.id}/reset-password`);
    expect(reset.status).toBe(200);
    const { oneTimePassword, account } = (await reset.json()) as { oneTimePassword: string; account: unknown };
    expect(oneTimePassword).toHaveLength(16);
    expect(account).toMatchObject({ mustChangePassword: true });
    expect((await officerSession.get("/api/auth/me")).status).toBe(401);
    expect((await postSignIn({ username: officer.username, password: TEST_PASSWORD })).status).toBe(401);

    const fresh = await signInAs({ username: officer.username, password: oneTimePassword });
    expect(fresh.signIn.mustChangePassword).toBe(true);
    const blocked = await fresh.get("/api/admin/units");
    expect(blocked.status).toBe(403);
    expect((await problemOf(blocked)).type).toBe("/api/problems/password-change-required");

    const tooShort = await fresh.post("/api/auth/password", { currentPassword: oneTimePassword, newPassword: "ngan" });
    expect(tooShort.status).toBe(422);
    const sameAsUser = await fresh.post("/api/auth/password", {
      currentPassword: oneTimePassword,
      newPassword: `${officer.username}-2026`,
    });
    expect(sameAsUser.status).toBe(422);
    expect((await problemOf(sameAsUser)).errors?.[0]?.path).toBe("newPassword");

    const changed = await fresh.post("/api/auth/password", {
      currentPassword: oneTimePassword,
      newPassword: "mot-mat-khau-moi-dai",
    });
    expect(changed.status).toBe(204);
    expect((await fresh.get("/api/admin/units")).status).toBe(200);
    const actions = await auditActions(agency.id);
    expect(actions).toContain("account.password_reset");
    expect(actions).toContain("auth.password_changed");
  });
});

describe("changing one's own password", () => {
  it("counts wrong current passwords towards the sign-in lockout", async () => {
    const { client } = await staffSession(testDb(), "viewer");
    for (let i = 0; i < 5; i++) {
      const res = await client.post("/api/auth/password", {
        currentPassword: `doan-sai-${i}-abc`,
        newPassword: "mot-mat-khau-moi-dai",
      });
      expect(res.status).toBe(422);
    }
    const locked = await client.post("/api/auth/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "mot-mat-khau-moi-dai",
    });
    expect(locked.status).toBe(429);
    expect((await problemOf(locked)).type).toBe("/api/problems/locked");
  });
});

describe("TOTP second factor", () => {
  it("enrols with an otpauth URI, then asks for the code at sign-in and refuses a wrong or replayed one", async () => {
    const { totp, base32Decode } = await import("../../worker/accounts/totp");
    const db = testDb();
    const { client, user, agency } = await staffSession(db, "inspector");
    expect(MeSchema.parse(await (await client.get("/api/auth/me")).json()).totpRecommended).toBe(true);
    const enrol = await client.post("/api/auth/totp/enrol");
    expect(enrol.status).toBe(200);
    const { otpauthUri, secret } = (await enrol.json()) as { otpauthUri: string; secret: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/hailong:/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    const key = base32Decode(secret);

    const badConfirm = await client.post("/api/auth/totp/confirm", { code: "000000" });
    expect(badConfirm.status).toBe(422);
    // Confirm with the previous step's code, so that the current one stays usable for sign-in.
    const confirm = await client.post("/api/auth/totp/confirm", { code: await totp(key, Date.now() - 30_000) });
    expect(confirm.status).toBe(200);
    const stored = await db
      .selectFrom("staff_credentials")
      .where("staff_user_id", "=", user.id)
      .select("totp_secret")
      .executeTakeFirst();
    expect(stored?.totp_secret).toMatch(/^aes-gcm\$/);
    expect(stored?.totp_secret).not.toContain(secret);

    const noCode = await postSignIn({ username: user.username, password: TEST_PASSWORD });
    expect(noCode.status).toBe(401);
    expect((await problemOf(noCode)).type).toBe("/api/problems/totp-required");
    const wrongCode = await postSignIn({ username: user.username, password: TEST_PASSWORD, totpCode: "123456" });
    expect((await problemOf(wrongCode)).type).toBe("/api/problems/invalid-credentials");
    const code = await totp(key, Date.now());
    expect((await postSignIn({ username: user.username, password: TEST_PASSWORD, totpCode: code })).status).toBe(200);
    const replay = await postSignIn({ username: user.username, password: TEST_PASSWORD, totpCode: code });
    expect(replay.status).toBe(401);
    const actions = await auditActions(agency.id);
    expect(actions).toContain("auth.totp_enabled");
    expect(MeSchema.parse(await (await client.get("/api/auth/me")).json()).totpRecommended).toBe(false);
  });
});

function fetchRaw(path: string, init?: RequestInit): Promise<Response> {
  return import("cloudflare:workers").then(({ exports }) => exports.default.fetch(`${BASE}${path}`, init));
}
