import { Hono } from "hono";
import type { Kysely } from "kysely";
import { type Account, AccountCreateSchema, AccountUpdateSchema } from "../../schema/api/accounts";
import { IdParamSchema } from "../../schema/api/admin";
import type { Database } from "../../schema/db/database";
import type { AppEnv } from "../app";
import { appendAudit } from "../audit/audit.service";
import { revokeUserSessions } from "../auth/session";
import { auditActor, currentStaff } from "../auth/staff";
import { ProblemError } from "../problems";
import { validate } from "../validation";
import {
  countOtherActiveAdmins,
  findAccount,
  listAccounts,
  saveCredentials,
  setAccountUnits,
  setPassword,
} from "./accounts.queries";
import { generatePassword, hashPassword } from "./password";

/** Staff accounts of the agency, managed by its admin (/api/admin/accounts). */
export const accountsRoutes = new Hono<AppEnv>();

async function mustFind(db: Kysely<Database>, agencyId: string, id: string): Promise<Account> {
  const account = await findAccount(db, agencyId, id);
  if (!account) throw new ProblemError("not-found");
  return account;
}

accountsRoutes.get("/", async (c) => {
  const staff = currentStaff(c);
  return c.json({ accounts: await listAccounts(c.var.db, staff.agencyId) });
});

accountsRoutes.get("/:id", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  return c.json(await mustFind(c.var.db, staff.agencyId, c.req.valid("param").id));
});

/** Creates an account with a one-time password the admin hands over; it must be changed at sign-in. */
accountsRoutes.post("/", validate("json", AccountCreateSchema), async (c) => {
  const staff = currentStaff(c);
  const input = c.req.valid("json");
  const oneTimePassword = generatePassword();
  const hash = await hashPassword(oneTimePassword);
  const account = await c.var.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("staff_users")
      .values({
        agency_id: staff.agencyId,
        username: input.username,
        full_name: input.fullName,
        email: input.email ?? null,
        phone: input.phone ?? null,
        role: input.role,
        password_hash: hash,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const user = { id: row.id, agencyId: staff.agencyId };
    await setAccountUnits(trx, staff.agencyId, row.id, input.unitIds);
    await saveCredentials(trx, user, { must_change_password: true, password_changed_at: new Date() });
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "account.created",
      subjectType: "staff_user",
      subjectId: row.id,
      details: { username: input.username, role: input.role, unitIds: input.unitIds },
    });
    return mustFind(trx, staff.agencyId, row.id);
  });
  return c.json({ account, oneTimePassword }, 201);
});

accountsRoutes.patch("/:id", validate("param", IdParamSchema), validate("json", AccountUpdateSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  const input = c.req.valid("json");
  const account = await c.var.db.transaction().execute(async (trx) => {
    const before = await mustFind(trx, staff.agencyId, id);
    const losesAdmin =
      before.role === "admin" &&
      before.active &&
      ((input.role !== undefined && input.role !== "admin") || input.active === false);
    if (losesAdmin && (await countOtherActiveAdmins(trx, staff.agencyId, id)) === 0) {
      throw new ProblemError("conflict", {
        detail: {
          vi: "Cơ quan phải còn ít nhất một quản trị viên đang hoạt động.",
          en: "The agency must keep at least one active administrator.",
        },
      });
    }
    const set = {
      ...(input.fullName !== undefined && { full_name: input.fullName }),
      ...(input.email !== undefined && { email: input.email }),
      ...(input.phone !== undefined && { phone: input.phone }),
      ...(input.role !== undefined && { role: input.role }),
      ...(input.active !== undefined && { active: input.active }),
    };
    if (Object.keys(set).length > 0) {
      await trx
        .updateTable("staff_users")
        .set(set)
        .where("agency_id", "=", staff.agencyId)
        .where("id", "=", id)
        .execute();
    }
    if (input.unitIds !== undefined) await setAccountUnits(trx, staff.agencyId, id, input.unitIds);
    let revoked = 0;
    if (input.active === false && before.active) {
      revoked = await revokeUserSessions(trx, { id, agencyId: staff.agencyId }, "account_disabled");
    }
    const after = await mustFind(trx, staff.agencyId, id);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ["fullName", "email", "phone", "role", "unitIds", "active"] as const) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        changes[key] = { from: before[key], to: after[key] };
    }
    if (Object.keys(changes).length > 0) {
      await appendAudit(trx, {
        agencyId: staff.agencyId,
        ...auditActor(staff),
        action: "account.updated",
        subjectType: "staff_user",
        subjectId: id,
        details: { changes, sessionsRevoked: revoked },
      });
    }
    return after;
  });
  return c.json(account);
});

/** Admin password reset: a one-time password, every session of the account ends, change forced. */
accountsRoutes.post("/:id/reset-password", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  const oneTimePassword = generatePassword();
  const hash = await hashPassword(oneTimePassword);
  const account = await c.var.db.transaction().execute(async (trx) => {
    await mustFind(trx, staff.agencyId, id);
    const user = { id, agencyId: staff.agencyId };
    await setPassword(trx, user, hash, { mustChange: true });
    const revoked = await revokeUserSessions(trx, user, "password_reset");
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "account.password_reset",
      subjectType: "staff_user",
      subjectId: id,
      details: { sessionsRevoked: revoked },
    });
    return mustFind(trx, staff.agencyId, id);
  });
  return c.json({ account, oneTimePassword });
});

accountsRoutes.post("/:id/revoke-sessions", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  const revoked = await c.var.db.transaction().execute(async (trx) => {
    await mustFind(trx, staff.agencyId, id);
    const n = await revokeUserSessions(trx, { id, agencyId: staff.agencyId }, "revoked_by_admin");
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "account.sessions_revoked",
      subjectType: "staff_user",
      subjectId: id,
      details: { revoked: n },
    });
    return n;
  });
  return c.json({ revoked });
});

/** Turns off an account's second factor (a lost phone); the person enrols again after sign-in. */
accountsRoutes.delete("/:id/totp", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  const account = await c.var.db.transaction().execute(async (trx) => {
    await mustFind(trx, staff.agencyId, id);
    await saveCredentials(
      trx,
      { id, agencyId: staff.agencyId },
      { totp_secret: null, totp_enabled_at: null, totp_last_step: null },
    );
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "account.totp_reset",
      subjectType: "staff_user",
      subjectId: id,
    });
    return mustFind(trx, staff.agencyId, id);
  });
  return c.json(account);
});
