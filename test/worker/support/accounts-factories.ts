import { exports } from "cloudflare:workers";
import { type SignInResult, SignInResultSchema } from "../../../schema/api/accounts";
import type { StaffRole, StaffUserRow } from "../../../schema/db/database";
import { hashPassword } from "../../../worker/accounts/password";
import { SESSION_COOKIE } from "../../../worker/auth/session";
import type { Db } from "../../../worker/db";
import { createAgency, createCounter, createProcedure, createSurveyTemplate, createUnit, uniq } from "./factories";
import { addFilesTenancyRows } from "./files-factories";

export const BASE = "http://hailong.test";
/** The password every factory-made account gets (hashed once per isolate: PBKDF2 is slow on purpose). */
export const TEST_PASSWORD = "mat-khau-thu-nghiem-2026";
let testHash: Promise<string> | undefined;

/** A client address of its own, so that one test's failures never throttle another's. */
export function randomIp(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

export interface StaffOptions {
  role?: StaffRole;
  unitIds?: string[];
  username?: string;
  fullName?: string;
  /** A password of its own (hashed now); defaults to TEST_PASSWORD. */
  password?: string | null;
  mustChangePassword?: boolean;
  active?: boolean;
}

/** A staff account in an agency, with a password, scoped to the given units. */
export async function createStaff(
  db: Db,
  agencyId: string,
  options: StaffOptions = {},
): Promise<StaffUserRow & { password: string }> {
  testHash ??= hashPassword(TEST_PASSWORD);
  const password = options.password ?? TEST_PASSWORD;
  const hash =
    options.password === null ? null : options.password ? await hashPassword(options.password) : await testHash;
  const user = await db
    .insertInto("staff_users")
    .values({
      agency_id: agencyId,
      username: options.username ?? `u${uniq()}`,
      full_name: options.fullName ?? "Nguyễn Văn Thử",
      role: options.role ?? "admin",
      password_hash: hash,
      ...(options.active !== undefined && { active: options.active }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (options.unitIds?.length) {
    await db
      .insertInto("staff_user_units")
      .values(options.unitIds.map((unit_id) => ({ agency_id: agencyId, staff_user_id: user.id, unit_id })))
      .execute();
  }
  if (options.mustChangePassword) {
    await db
      .insertInto("staff_credentials")
      .values({ staff_user_id: user.id, agency_id: agencyId, must_change_password: true })
      .execute();
  }
  return { ...user, password };
}

/** POST /api/auth/sign-in from a client address of its own (or the one given). */
export function postSignIn(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": randomIp(), ...headers },
    body: JSON.stringify(body),
  });
}

/** Every Set-Cookie line of a response (workerd has getSetCookie; its types do not yet). */
export function setCookiesOf(res: Response): string[] {
  return (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
}

/** The session cookie a response set, as a Cookie header value. */
export function sessionCookieOf(res: Response): string {
  for (const line of setCookiesOf(res)) {
    if (line.startsWith(`${SESSION_COOKIE}=`)) return line.split(";")[0] as string;
  }
  throw new Error("no session cookie in the response");
}

export interface RequestOptions {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Leave out the x-csrf-token header (to test the refusal). */
  withoutCsrf?: boolean;
}

/** A signed-in staff member's browser: the cookie, and the CSRF token on every change. */
export class StaffClient {
  constructor(
    readonly cookie: string,
    readonly csrfToken: string,
    readonly signIn: SignInResult,
  ) {}

  fetch(path: string, options: RequestOptions = {}): Promise<Response> {
    const method = options.method ?? "GET";
    const headers: Record<string, string> = { cookie: this.cookie };
    if (method !== "GET" && method !== "HEAD") {
      // As a browser does: fetch() sends Origin on every non-GET request.
      headers.origin = BASE;
      if (!options.withoutCsrf) headers["x-csrf-token"] = this.csrfToken;
    }
    Object.assign(headers, options.headers);
    let body = options.body;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    }
    return exports.default.fetch(`${BASE}${path}`, { method, headers, body });
  }

  get(path: string) {
    return this.fetch(path);
  }
  post(path: string, json?: unknown) {
    return this.fetch(path, { method: "POST", json: json ?? {} });
  }
  put(path: string, json: unknown) {
    return this.fetch(path, { method: "PUT", json });
  }
  patch(path: string, json: unknown) {
    return this.fetch(path, { method: "PATCH", json });
  }
  delete(path: string) {
    return this.fetch(path, { method: "DELETE" });
  }
}

/** Signs in through the real endpoint; throws unless it succeeds. */
export async function signInAs(user: { username: string; password: string }): Promise<StaffClient> {
  const res = await postSignIn({ username: user.username, password: user.password });
  if (res.status !== 200) throw new Error(`sign-in of ${user.username} answered ${res.status}: ${await res.text()}`);
  const body = SignInResultSchema.parse(await res.json());
  return new StaffClient(sessionCookieOf(res), body.csrfToken, body);
}

/** A fresh agency with one unit and a signed-in account of the given role. */
export async function staffSession(db: Db, role: StaffRole = "admin", options: StaffOptions = {}) {
  const agency = await createAgency(db);
  const unit = await createUnit(db, agency.id);
  const user = await createStaff(db, agency.id, { role, unitIds: [unit.id], ...options });
  return { agency, unit, user, client: await signInAs(user) };
}

/**
 * `GET …/:id` routes whose records createTenancyWorld does not build (yet): the isolation test
 * still checks that the other agency's ids answer 404, but cannot check that the route finds
 * the agency's own records. Prefer adding a row to createTenancyWorld over adding a key here.
 */
export const TENANCY_WORLD_UNCOVERED = new Set<string>([]);

/**
 * An agency with a row in every core table (units, counters, procedures, survey templates,
 * staff, files, submissions, cases), for the cross-agency isolation test: it returns every id.
 * Features with tables of their own add a row here so that their `:id` routes are covered.
 */
export async function createTenancyWorld(db: Db) {
  const agency = await createAgency(db);
  const unit = await createUnit(db, agency.id);
  const template = await createSurveyTemplate(db, agency.id, "quick");
  const counter = await createCounter(db, agency.id, unit.id, { survey_template_id: template.id });
  const procedure = await createProcedure(db, agency.id, unit.id);
  const staff = await createStaff(db, agency.id, { role: "inspector", unitIds: [unit.id] });
  const now = new Date();
  const file = await db
    .insertInto("files")
    .values({
      agency_id: agency.id,
      code: `F-${uniq()}`,
      procedure_id: procedure.id,
      unit_id: unit.id,
      counter_id: counter.id,
      channel: "counter",
      received_at: now,
      due_at: new Date(now.getTime() + 15 * 86_400_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const submission = await db
    .insertInto("submissions")
    .values({
      agency_id: agency.id,
      idempotency_key: crypto.randomUUID(),
      template_id: template.id,
      channel: "counter_qr",
      unit_id: unit.id,
      counter_id: counter.id,
      overall_score: 3,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const day = now.toISOString().slice(0, 10).replaceAll("-", "");
  const caseIds: string[] = [];
  for (const [kind, prefix] of [
    ["petition", "PAKN"],
    ["complaint", "KN"],
    ["denunciation", "TC"],
  ] as const) {
    const row = await db
      .insertInto("cases")
      .values({
        agency_id: agency.id,
        code: `${prefix}.${day}.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`,
        kind,
        title: "Phản ánh thử nghiệm",
        content: "Nội dung phản ánh dùng để thử nghiệm cách ly dữ liệu giữa các cơ quan.",
        handling_unit_id: unit.id,
        procedure_id: procedure.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    caseIds.push(row.id);
  }
  const filesIds = await addFilesTenancyRows(db, agency.id, file.id);
  return {
    agency,
    unit,
    template,
    counter,
    procedure,
    staff,
    ids: [unit.id, template.id, counter.id, procedure.id, staff.id, file.id, submission.id, ...caseIds, ...filesIds],
    codes: [agency.code, unit.code, counter.code, counter.public_code, procedure.national_code, staff.username],
  };
}
