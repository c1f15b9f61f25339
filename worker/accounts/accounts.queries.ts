import { type Kysely, sql, type Updateable } from "kysely";
import type { Account, StaffProfile } from "../../schema/api/accounts";
import type { StaffCredentialTable } from "../../schema/db/accounts";
import type { Database, StaffRole } from "../../schema/db/database";

type Db = Kysely<Database>;

/** The unit ids of one staff account, as a correlated subquery. */
const unitIdsOf = sql<string[]>`coalesce((SELECT array_agg(uu.unit_id ORDER BY uu.unit_id) FROM staff_user_units uu
  WHERE uu.agency_id = u.agency_id AND uu.staff_user_id = u.id), '{}')`;

/** What the web app shows of the signed-in staff member. */
export async function findStaffProfile(db: Db, agencyId: string, userId: string): Promise<StaffProfile | undefined> {
  const row = await db
    .selectFrom("staff_users as u")
    .innerJoin("agencies as a", "a.id", "u.agency_id")
    .where("u.agency_id", "=", agencyId)
    .where("u.id", "=", userId)
    .select([
      "u.id",
      "u.username",
      "u.full_name",
      "u.role",
      "a.id as agency_id",
      "a.code as agency_code",
      "a.name as agency_name",
      unitIdsOf.as("unit_ids"),
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role,
    agency: { id: row.agency_id, code: row.agency_code, name: row.agency_name },
    unitIds: row.unit_ids,
  };
}

/** An account with its password hash and security state, by username (sign-in). */
export function findSignInAccount(db: Db, username: string) {
  return db
    .selectFrom("staff_users as u")
    .leftJoin("staff_credentials as cr", "cr.staff_user_id", "u.id")
    .where("u.username", "=", username)
    .select([
      "u.id",
      "u.agency_id",
      "u.username",
      "u.full_name",
      "u.role",
      "u.active",
      "u.password_hash",
      "cr.must_change_password",
      "cr.demo_password",
      "cr.totp_secret",
      "cr.totp_enabled_at",
      "cr.totp_last_step",
    ])
    .executeTakeFirst();
}

/** The security state of one account (defaults when it has no row yet). */
export async function findCredentials(db: Db, userId: string) {
  const row = await db
    .selectFrom("staff_credentials")
    .where("staff_user_id", "=", userId)
    .selectAll()
    .executeTakeFirst();
  return {
    mustChangePassword: row?.must_change_password ?? false,
    demoPassword: row?.demo_password ?? false,
    totpSecret: row?.totp_secret ?? null,
    totpEnabledAt: row?.totp_enabled_at ?? null,
    totpLastStep: row?.totp_last_step ?? null,
  };
}

type CredentialChanges = Partial<
  Pick<
    Updateable<StaffCredentialTable>,
    | "must_change_password"
    | "demo_password"
    | "password_changed_at"
    | "totp_secret"
    | "totp_enabled_at"
    | "totp_last_step"
  >
>;

/** Creates or updates an account's security row. */
export async function saveCredentials(
  db: Db,
  user: { id: string; agencyId: string },
  changes: CredentialChanges,
): Promise<void> {
  // Update first: CHECK constraints see an upsert's proposed insert row, partial as it is.
  const updated = await db
    .updateTable("staff_credentials")
    .set({ ...changes, updated_at: new Date() })
    .where("staff_user_id", "=", user.id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await db
    .insertInto("staff_credentials")
    .values({ staff_user_id: user.id, agency_id: user.agencyId, ...changes } as never)
    .onConflict((oc) => oc.column("staff_user_id").doUpdateSet({ ...changes, updated_at: new Date() } as never))
    .execute();
}

/** Sets a new password hash and the matching security flags in one go. */
export async function setPassword(
  db: Db,
  user: { id: string; agencyId: string },
  passwordHash: string,
  flags: { mustChange: boolean; demo?: boolean },
): Promise<void> {
  await db
    .updateTable("staff_users")
    .set({ password_hash: passwordHash })
    .where("agency_id", "=", user.agencyId)
    .where("id", "=", user.id)
    .execute();
  await saveCredentials(db, user, {
    must_change_password: flags.mustChange,
    demo_password: flags.demo ?? false,
    password_changed_at: new Date(),
  });
}

function accountQuery(db: Db, agencyId: string) {
  return db
    .selectFrom("staff_users as u")
    .leftJoin("staff_credentials as cr", "cr.staff_user_id", "u.id")
    .where("u.agency_id", "=", agencyId)
    .select([
      "u.id",
      "u.username",
      "u.full_name",
      "u.email",
      "u.phone",
      "u.role",
      "u.active",
      "u.created_at",
      "u.password_hash",
      "cr.must_change_password",
      "cr.totp_enabled_at",
      unitIdsOf.as("unit_ids"),
      sql<Date | null>`(SELECT max(s.created_at) FROM staff_sessions s WHERE s.staff_user_id = u.id)`.as(
        "last_sign_in_at",
      ),
    ]);
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof accountQuery>["executeTakeFirstOrThrow"]>>;

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    email: row.email,
    phone: row.phone,
    role: row.role as StaffRole,
    unitIds: row.unit_ids,
    active: row.active,
    mustChangePassword: row.must_change_password ?? false,
    totpEnabled: row.totp_enabled_at !== null,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at.toISOString(),
    lastSignInAt: row.last_sign_in_at ? new Date(row.last_sign_in_at).toISOString() : null,
  };
}

export async function listAccounts(db: Db, agencyId: string): Promise<Account[]> {
  const rows = await accountQuery(db, agencyId).orderBy("u.username").execute();
  return rows.map(toAccount);
}

export async function findAccount(db: Db, agencyId: string, id: string): Promise<Account | undefined> {
  const row = await accountQuery(db, agencyId).where("u.id", "=", id).executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

/** Replaces the units an account is scoped to. */
export async function setAccountUnits(db: Db, agencyId: string, userId: string, unitIds: readonly string[]) {
  await db
    .deleteFrom("staff_user_units")
    .where("agency_id", "=", agencyId)
    .where("staff_user_id", "=", userId)
    .execute();
  if (unitIds.length === 0) return;
  await db
    .insertInto("staff_user_units")
    .values([...new Set(unitIds)].map((unit_id) => ({ agency_id: agencyId, staff_user_id: userId, unit_id })))
    .execute();
}

/** Active admins of an agency other than `exceptId` (the agency must keep one). */
export async function countOtherActiveAdmins(db: Db, agencyId: string, exceptId: string): Promise<number> {
  const row = await db
    .selectFrom("staff_users")
    .where("agency_id", "=", agencyId)
    .where("role", "=", "admin")
    .where("active", "=", true)
    .where("id", "<>", exceptId)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
