import { describe, expect, it } from "vitest";
import { AccountListSchema, AccountSchema, AccountWithPasswordSchema } from "../../schema/api/accounts";
import { ProblemSchema } from "../../schema/api/problem";
import { createStaff, postSignIn, signInAs, staffSession, TEST_PASSWORD } from "./support/accounts-factories";
import { createAgency, createUnit, uniq } from "./support/factories";
import { testDb } from "./support/worker-env";

async function problemOf(res: Response) {
  return ProblemSchema.parse(await res.json());
}

describe("staff accounts (/api/admin/accounts)", () => {
  it("creates an account scoped to units, with a one-time password that must be changed", async () => {
    const db = testDb();
    const { client, agency, unit, user: admin } = await staffSession(db, "admin");
    const username = `nv.${uniq()}`;
    const res = await client.post("/api/admin/accounts", {
      username: username.toUpperCase(),
      fullName: "Lê Thị Thanh Tra",
      email: "thanhtra@so.test",
      role: "inspector",
      unitIds: [unit.id],
    });
    expect(res.status).toBe(201);
    const { account, oneTimePassword } = AccountWithPasswordSchema.parse(await res.json());
    expect(account).toMatchObject({
      username,
      role: "inspector",
      unitIds: [unit.id],
      mustChangePassword: true,
      totpEnabled: false,
      hasPassword: true,
      lastSignInAt: null,
    });
    const signedIn = await signInAs({ username, password: oneTimePassword });
    expect(signedIn.signIn.mustChangePassword).toBe(true);
    expect(signedIn.signIn.staff.unitIds).toEqual([unit.id]);

    const audit = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", agency.id)
      .where("action", "=", "account.created")
      .select(["actor_id", "subject_id", "details"])
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: admin.id, subject_id: account.id });
    expect(JSON.stringify(audit.details)).not.toContain(oneTimePassword);

    const list = AccountListSchema.parse(await (await client.get("/api/admin/accounts")).json());
    expect(list.accounts.map((a) => a.username).sort()).toEqual([admin.username, username].sort());
    expect(JSON.stringify(list)).not.toContain("pbkdf2");
  });

  it("refuses a taken username (409) and units of another agency (422)", async () => {
    const db = testDb();
    const { client, user } = await staffSession(db, "admin");
    const dup = await client.post("/api/admin/accounts", {
      username: user.username,
      fullName: "Trùng Tên",
      role: "viewer",
    });
    expect(dup.status).toBe(409);
    const foreignUnit = await createUnit(db, (await createAgency(db)).id);
    const res = await client.post("/api/admin/accounts", {
      username: `x.${uniq()}`,
      fullName: "Sai Đơn Vị",
      role: "viewer",
      unitIds: [foreignUnit.id],
    });
    expect(res.status).toBe(422);
    expect((await problemOf(res)).type).toBe("/api/problems/invalid-reference");
  });

  it("changes role and units, and disabling an account ends its sessions at once", async () => {
    const db = testDb();
    const { client, agency } = await staffSession(db, "admin");
    const other = await createUnit(db, agency.id);
    const officer = await createStaff(db, agency.id, { role: "counter_officer" });
    const officerSession = await signInAs(officer);
    const changed = AccountSchema.parse(
      await (
        await client.patch(`/api/admin/accounts/${officer.id}`, { role: "inspector", unitIds: [other.id] })
      ).json(),
    );
    expect(changed).toMatchObject({ role: "inspector", unitIds: [other.id] });
    // The role applies from the next request, without signing in again.
    expect((await officerSession.get("/api/auth/me")).status).toBe(200);
    const me = (await (await officerSession.get("/api/auth/me")).json()) as { staff: { role: string } };
    expect(me.staff.role).toBe("inspector");

    const disabled = AccountSchema.parse(
      await (await client.patch(`/api/admin/accounts/${officer.id}`, { active: false })).json(),
    );
    expect(disabled.active).toBe(false);
    expect((await officerSession.get("/api/auth/me")).status).toBe(401);
    expect((await postSignIn({ username: officer.username, password: TEST_PASSWORD })).status).toBe(401);
    const updates = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", agency.id)
      .where("action", "=", "account.updated")
      .orderBy("seq")
      .select("details")
      .execute();
    expect(updates[0]?.details).toMatchObject({ changes: { role: { from: "counter_officer", to: "inspector" } } });
    expect(updates[1]?.details).toMatchObject({ changes: { active: { from: true, to: false } }, sessionsRevoked: 1 });
  });

  it("keeps at least one active admin in the agency", async () => {
    const { client, user } = await staffSession(testDb(), "admin");
    const res = await client.patch(`/api/admin/accounts/${user.id}`, { role: "manager" });
    expect(res.status).toBe(409);
    expect((await problemOf(res)).detail).toContain("quản trị viên");
  });

  it("revokes an account's sessions and resets its second factor", async () => {
    const db = testDb();
    const { client, agency } = await staffSession(db, "admin");
    const inspector = await createStaff(db, agency.id, { role: "inspector" });
    const s1 = await signInAs(inspector);
    const s2 = await signInAs(inspector);
    const revoked = await client.post(`/api/admin/accounts/${inspector.id}/revoke-sessions`);
    expect(await revoked.json()).toEqual({ revoked: 2 });
    expect((await s1.get("/api/auth/me")).status).toBe(401);
    expect((await s2.get("/api/auth/me")).status).toBe(401);

    await db
      .insertInto("staff_credentials")
      .values({
        staff_user_id: inspector.id,
        agency_id: agency.id,
        totp_secret: "aes-gcm$x$y",
        totp_enabled_at: new Date(),
      })
      .execute();
    const reset = AccountSchema.parse(await (await client.delete(`/api/admin/accounts/${inspector.id}/totp`)).json());
    expect(reset.totpEnabled).toBe(false);
  });

  it("shows managers the accounts but lets only the admin change them", async () => {
    const db = testDb();
    const { client: manager, agency } = await staffSession(db, "manager");
    expect((await manager.get("/api/admin/accounts")).status).toBe(200);
    const viewer = await createStaff(db, agency.id, { role: "viewer" });
    expect((await manager.patch(`/api/admin/accounts/${viewer.id}`, { role: "admin" })).status).toBe(403);
    expect((await manager.post(`/api/admin/accounts/${viewer.id}/reset-password`)).status).toBe(403);
  });
});
