/**
 * Demo sign-ins for `npm start`: gives the demo agency's staff (inserted by the demo seed with
 * no password) a fresh random password at every start, to be printed on the console. The
 * passwords are flagged as demo passwords: the worker refuses them at sign-in when APP_ENV is
 * "production", and a person who changes theirs leaves the demo set.
 */
import type { Kysely } from "kysely";
import type { Database, StaffRole } from "../../schema/db/database";
import { setPassword } from "../../worker/accounts/accounts.queries";
import { generatePassword, hashPassword } from "../../worker/accounts/password";

export interface DemoCredential {
  role: StaffRole;
  username: string;
  fullName: string;
  password: string;
}

const ROLE_ORDER: StaffRole[] = ["admin", "manager", "inspector", "counter_officer", "viewer"];

/**
 * Sets demo passwords for the staff of `agencyCode` that have none yet or still have a demo
 * one, and returns them for printing. Refuses to run when APP_ENV or NODE_ENV is production.
 */
export async function giveDemoPasswords(db: Kysely<Database>, agencyCode: string): Promise<DemoCredential[]> {
  if (process.env.APP_ENV === "production" || process.env.NODE_ENV === "production") {
    throw new Error("demo passwords are for the demo only; refusing with APP_ENV/NODE_ENV=production");
  }
  const staff = await db
    .selectFrom("staff_users as u")
    .innerJoin("agencies as a", "a.id", "u.agency_id")
    .leftJoin("staff_credentials as cr", "cr.staff_user_id", "u.id")
    .where("a.code", "=", agencyCode)
    .where("u.active", "=", true)
    .where((eb) => eb.or([eb("u.password_hash", "is", null), eb("cr.demo_password", "=", true)]))
    .select(["u.id", "u.agency_id", "u.username", "u.full_name", "u.role"])
    .execute();
  const out: DemoCredential[] = [];
  for (const s of staff) {
    const password = `demo-${generatePassword(10)}`;
    await setPassword(db, { id: s.id, agencyId: s.agency_id }, await hashPassword(password), {
      mustChange: false,
      demo: true,
    });
    out.push({ role: s.role, username: s.username, fullName: s.full_name, password });
  }
  return out.sort(
    (x, y) => ROLE_ORDER.indexOf(x.role) - ROLE_ORDER.indexOf(y.role) || x.username.localeCompare(y.username),
  );
}
