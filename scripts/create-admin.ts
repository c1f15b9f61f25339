/**
 * `npm run admin:create -- --agency CODE --username U --name "Họ và tên"`: creates the first
 * administrator of an agency on a real deployment (the demo seed does it for `npm start`).
 *
 * Prints a one-time password, which must be changed at the first sign-in; with
 * `--password-stdin` it reads the password from standard input instead (not echoed, not in
 * the shell history): `printf '%s' "$PW" | npm run admin:create -- … --password-stdin`.
 *
 * Options:
 *   --agency CODE            the agency's code (agencies.code)
 *   --agency-name "…"        with --province: create the agency when it does not exist yet
 *   --province NN            2-digit province code (QĐ 19/2025/QĐ-TTg), e.g. 68 for Lâm Đồng
 *   --username U             lower-case letters, digits, . _ - (3–64)
 *   --name "…"               full name
 *   --email E                optional
 *   --reset                  the account exists: give it a new password, end its sessions
 * Needs DATABASE_URL (the owner role or the application role).
 */
import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import { UsernameSchema } from "../schema/api/accounts";
import type { Database } from "../schema/db/database";
import { saveCredentials, setPassword } from "../worker/accounts/accounts.queries";
import { generatePassword, hashPassword, passwordProblem } from "../worker/accounts/password";
import { appendAudit } from "../worker/audit/audit.service";
import { nodeDb } from "./lib/node-db";

const { values } = parseArgs({
  options: {
    agency: { type: "string" },
    "agency-name": { type: "string" },
    province: { type: "string" },
    username: { type: "string" },
    name: { type: "string" },
    email: { type: "string" },
    "password-stdin": { type: "boolean", default: false },
    reset: { type: "boolean", default: false },
  },
});

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const url = process.env.DATABASE_URL ?? fail("DATABASE_URL is not set (e.g. postgres://user:pass@host:5432/hailong)");
if (!values.agency || !values.username || (!values.name && !values.reset)) {
  fail(
    'usage: npm run admin:create -- --agency CODE --username U --name "Họ và tên" [--email E] [--password-stdin] [--reset]',
  );
}
const username = UsernameSchema.safeParse(values.username);
if (!username.success) fail(`invalid username "${values.username}": 3–64 of a-z 0-9 . _ -`);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

let password: string;
let oneTime: boolean;
if (values["password-stdin"]) {
  password = await readStdin();
  const problem = passwordProblem(password, username.data);
  if (problem) fail(`password refused: ${problem.replaceAll("_", " ")} (at least 10 characters, not the username)`);
  oneTime = false;
} else {
  password = generatePassword();
  oneTime = true;
}

async function findOrCreateAgency(db: Kysely<Database>, code: string) {
  const found = await db.selectFrom("agencies").where("code", "=", code).select(["id", "name"]).executeTakeFirst();
  if (found) return found;
  if (!values["agency-name"] || !values.province) {
    fail(`no agency with code "${code}"; add --agency-name "…" --province NN to create it`);
  }
  const created = await db
    .insertInto("agencies")
    .values({ code, name: values["agency-name"], province_code: values.province })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  console.log(`Đã tạo cơ quan / created agency ${code}: ${created.name}`);
  return created;
}

const db = nodeDb(url);
try {
  const hash = await hashPassword(password);
  const result = await db.transaction().execute(async (trx) => {
    const agency = await findOrCreateAgency(trx, values.agency as string);
    const existing = await trx
      .selectFrom("staff_users")
      .where("username", "=", username.data)
      .select(["id", "agency_id", "full_name", "role"])
      .executeTakeFirst();
    if (existing && !values.reset)
      fail(`username "${username.data}" already exists; use --reset to give it a new password`, 1);
    if (!existing && values.reset) fail(`no account "${username.data}" to reset`, 1);
    if (existing && existing.agency_id !== agency.id) fail(`"${username.data}" belongs to another agency`, 1);

    if (existing) {
      const user = { id: existing.id, agencyId: agency.id };
      await setPassword(trx, user, hash, { mustChange: oneTime });
      await trx
        .updateTable("staff_sessions")
        .set({ revoked_at: new Date(), revoked_reason: "password_reset" })
        .where("staff_user_id", "=", existing.id)
        .where("revoked_at", "is", null)
        .execute();
      await appendAudit(trx, {
        agencyId: agency.id,
        actorLabel: "cli (npm run admin:create --reset)",
        action: "account.password_reset",
        subjectType: "staff_user",
        subjectId: existing.id,
        details: { username: username.data },
      });
      return { agency, id: existing.id, created: false };
    }
    const row = await trx
      .insertInto("staff_users")
      .values({
        agency_id: agency.id,
        username: username.data,
        full_name: values.name as string,
        email: values.email ?? null,
        role: "admin",
        password_hash: hash,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await saveCredentials(
      trx,
      { id: row.id, agencyId: agency.id },
      { must_change_password: oneTime, password_changed_at: new Date() },
    );
    await appendAudit(trx, {
      agencyId: agency.id,
      actorLabel: "cli (npm run admin:create)",
      action: "account.created",
      subjectType: "staff_user",
      subjectId: row.id,
      details: { username: username.data, role: "admin", unitIds: [] },
    });
    return { agency, id: row.id, created: true };
  });
  console.log(
    `${result.created ? "Đã tạo quản trị viên / created admin" : "Đã đặt lại mật khẩu / password reset for"} ${username.data} (${result.agency.name})`,
  );
  if (oneTime) {
    console.log(`Mật khẩu dùng một lần / one-time password: ${password}`);
    console.log("Phải đổi khi đăng nhập lần đầu. / It must be changed at the first sign-in.");
  }
} finally {
  await db.destroy();
}
