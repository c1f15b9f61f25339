import { exports } from "cloudflare:workers";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  AdminCalendarSchema,
  DeadlineRuleListSchema,
  DeadlineRuleViewSchema,
  OwnCalendarDaySchema,
} from "../../schema/api/admin-calendar";
import { DueSchema } from "../../schema/api/calendar";
import { ProblemSchema } from "../../schema/api/problem";
import type { StaffRole } from "../../schema/db/database";
import { computeDueDate } from "../../worker/calendar/calendar.service";
import { addDays, localDateOf } from "../../worker/lib/calendar/dates";
import { BASE, staffSession } from "./support/accounts-factories";
import { createCalendarDay, createDeadlineRule, seedNationalCalendar } from "./support/calendar-factories";
import { createAgency } from "./support/factories";
import { testDb } from "./support/worker-env";

const TODAY = () => localDateOf(new Date());

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return ProblemSchema.parse(await res.json());
}

async function due(query: string) {
  const res = await exports.default.fetch(`${BASE}/api/calendar/due?${query}`);
  expect(res.status).toBe(200);
  return DueSchema.parse(await res.json());
}

function settingsAudit(agencyId: string) {
  return testDb()
    .selectFrom("audit_log")
    .where("agency_id", "=", agencyId)
    .where("action", "=", "settings.changed")
    .orderBy("seq")
    .select(["subject_type", "subject_id", "details", "actor_id"])
    .execute();
}

/** Monday 04/03/2030: no holiday anywhere near, computed or entered. */
const MONDAY = "2030-03-04";

const LOCAL_DAY_OFF = {
  date: "2030-03-05",
  kind: "day_off",
  name: "Nghỉ kỷ niệm ngày thành lập Sở",
  nameEn: "Department founding anniversary",
  source: "QĐ 125/QĐ-SKHCN ngày 10/11/2026",
};

describe("the agency's own days", () => {
  it("moves a due date for that agency only, and shows the day with its origin in the year's calendar", async () => {
    const db = testDb();
    await seedNationalCalendar(db);
    const { client, agency } = await staffSession(db, "admin");
    const other = await createAgency(db);
    const before = await due(`from=${MONDAY}&days=3&unit=working&agency=${agency.code}`);
    expect(before.due.date).toBe("2030-03-07");

    const res = await client.post("/api/admin/calendar/days", LOCAL_DAY_OFF);
    expect(res.status).toBe(201);
    const created = OwnCalendarDaySchema.parse(await res.json());
    expect(created).toMatchObject({
      date: "2030-03-05",
      display: "05/03/2030",
      kind: "day_off",
      name: LOCAL_DAY_OFF.name,
      national: { working: true, name: null, origin: null },
    });

    const own = await due(`from=${MONDAY}&days=3&unit=working&agency=${agency.code}`);
    expect(own.due.date).toBe("2030-03-08");
    expect(own.skipped.find((s) => s.date === "2030-03-05")).toMatchObject({ reason: "day_off", origin: "entered" });
    expect((await due(`from=${MONDAY}&days=3&unit=working&agency=${other.code}`)).due.date).toBe("2030-03-07");
    expect((await due(`from=${MONDAY}&days=3&unit=working`)).due.date).toBe("2030-03-07");

    // The same through the service the cases use.
    await createDeadlineRule(db, { agency_id: agency.id, step: "cal_test", period: 3, valid_from: "2030-01-01" });
    await createDeadlineRule(db, { agency_id: other.id, step: "cal_test", period: 3, valid_from: "2030-01-01" });
    const input = { kind: "complaint", step: "cal_test", start: MONDAY } as const;
    expect((await computeDueDate(db, { ...input, agencyId: agency.id })).due).toBe("2030-03-08");
    expect((await computeDueDate(db, { ...input, agencyId: other.id })).due).toBe("2030-03-07");

    const year = AdminCalendarSchema.parse(await (await client.get("/api/admin/calendar?year=2030")).json());
    expect(year.agency.code).toBe(agency.code);
    expect(year.days.find((d) => d.date === "2030-03-05")).toMatchObject({
      origin: "agency",
      kind: "day_off",
      ownDayId: created.id,
      source: LOCAL_DAY_OFF.source,
    });
    expect(year.days.find((d) => d.date === "2030-01-01")).toMatchObject({ origin: "computed", ownDayId: null });
    expect(year.ownDays.map((d) => d.id)).toEqual([created.id]);

    // 2026 has the national decisions entered (the official Tết span).
    const y2026 = AdminCalendarSchema.parse(await (await client.get("/api/admin/calendar?year=2026")).json());
    expect(y2026.days.find((d) => d.date === "2026-02-16")).toMatchObject({ origin: "national", ownDayId: null });
    expect(y2026.ownDays).toEqual([]);
  });

  it("adds a working-day swap on a Saturday and refuses a day that would change nothing", async () => {
    const db = testDb();
    const { client } = await staffSession(db, "admin");
    const swap = await client.post("/api/admin/calendar/days", {
      date: "2030-03-09",
      kind: "working_day",
      name: "Làm việc bù cho ngày 05/3/2030",
    });
    expect(swap.status).toBe(201);
    expect(OwnCalendarDaySchema.parse(await swap.json())).toMatchObject({
      kind: "working_day",
      nameEn: null,
      source: null,
      national: { working: false },
    });
    const year = AdminCalendarSchema.parse(await (await client.get("/api/admin/calendar?year=2030")).json());
    expect(year.days.find((d) => d.date === "2030-03-09")).toMatchObject({ kind: "working_day", origin: "agency" });

    // 01/01/2030 is New Year's Day (computed): already off.
    const newYear = await client.post("/api/admin/calendar/days", { ...LOCAL_DAY_OFF, date: "2030-01-01" });
    expect(newYear.status).toBe(422);
    const problem = await problemOf(newYear);
    expect(problem.errors?.[0]).toMatchObject({ path: "date" });
    expect(problem.errors?.[0]?.message).toContain("01/01/2030");
    // A working day on a Wednesday that is already one.
    const weekday = await client.post("/api/admin/calendar/days", { ...LOCAL_DAY_OFF, kind: "working_day" });
    expect(weekday.status).toBe(422);
    expect((await problemOf(weekday)).errors?.[0]?.path).toBe("kind");
  });

  it("refuses a second row on the same date with a 409 that names the date, in Vietnamese and English", async () => {
    const db = testDb();
    const { client, agency } = await staffSession(db, "admin");
    expect((await client.post("/api/admin/calendar/days", LOCAL_DAY_OFF)).status).toBe(201);
    const res = await client.post("/api/admin/calendar/days", { ...LOCAL_DAY_OFF, name: "Một tên khác" });
    expect(res.status).toBe(409);
    const problem = await problemOf(res);
    expect(problem.type).toBe("/api/problems/conflict");
    expect(problem.i18n?.vi.detail).toContain("05/03/2030");
    expect(problem.i18n?.en.detail).toContain("05/03/2030");
    const rows = await db.selectFrom("calendar_days").where("agency_id", "=", agency.id).select("name").execute();
    expect(rows).toEqual([{ name: LOCAL_DAY_OFF.name }]);
  });

  it("edits and deletes the agency's own day, auditing each change", async () => {
    const db = testDb();
    const { client, agency, user } = await staffSession(db, "admin");
    const created = OwnCalendarDaySchema.parse(
      await (await client.post("/api/admin/calendar/days", LOCAL_DAY_OFF)).json(),
    );
    const patched = await client.patch(`/api/admin/calendar/days/${created.id}`, {
      date: "2030-03-06",
      source: "QĐ 126/QĐ-SKHCN ngày 12/11/2026",
    });
    expect(patched.status).toBe(200);
    expect(OwnCalendarDaySchema.parse(await patched.json())).toMatchObject({
      date: "2030-03-06",
      name: LOCAL_DAY_OFF.name,
      source: "QĐ 126/QĐ-SKHCN ngày 12/11/2026",
    });
    expect((await client.delete(`/api/admin/calendar/days/${created.id}`)).status).toBe(204);
    expect(await db.selectFrom("calendar_days").where("agency_id", "=", agency.id).selectAll().execute()).toEqual([]);

    const audit = await settingsAudit(agency.id);
    expect(audit.map((a) => [a.subject_type, (a.details as { op: string }).op])).toEqual([
      ["calendar_day", "create"],
      ["calendar_day", "update"],
      ["calendar_day", "delete"],
    ]);
    expect(audit.every((a) => a.subject_id === created.id && a.actor_id === user.id)).toBe(true);
    expect(audit[1]?.details).toMatchObject({
      changes: {
        date: { from: "2030-03-05", to: "2030-03-06" },
        source: { from: LOCAL_DAY_OFF.source, to: "QĐ 126/QĐ-SKHCN ngày 12/11/2026" },
      },
    });
    expect(Object.keys((audit[1]?.details as { changes: object } | undefined)?.changes ?? {})).toEqual([
      "date",
      "source",
    ]);
  });

  it("never lets an agency admin change or delete a national day, and hides another agency's days", async () => {
    const db = testDb();
    await seedNationalCalendar(db);
    const { client } = await staffSession(db, "admin");
    const national = await db
      .selectFrom("calendar_days")
      .where("agency_id", "is", null)
      .where(sql<boolean>`day = DATE '2026-02-16'`)
      .select(["id", "name"])
      .executeTakeFirstOrThrow();

    const patch = await client.patch(`/api/admin/calendar/days/${national.id}`, { name: "Đổi tên ngày Tết" });
    expect(patch.status).toBe(403);
    const problem = await problemOf(patch);
    expect(problem.type).toBe("/api/problems/forbidden");
    expect(problem.detail).toContain("toàn quốc");
    expect((await client.delete(`/api/admin/calendar/days/${national.id}`)).status).toBe(403);
    const after = await db
      .selectFrom("calendar_days")
      .where("id", "=", national.id)
      .select("name")
      .executeTakeFirstOrThrow();
    expect(after.name).toBe(national.name);

    const stranger = await createAgency(db);
    const theirs = await createCalendarDay(db, { agency_id: stranger.id, day: "2030-03-05" });
    expect((await client.patch(`/api/admin/calendar/days/${theirs.id}`, { name: "Của tôi" })).status).toBe(404);
    expect((await client.delete(`/api/admin/calendar/days/${theirs.id}`)).status).toBe(404);
    expect(await db.selectFrom("calendar_days").where("id", "=", theirs.id).select("name").executeTakeFirst()).toEqual({
      name: theirs.name,
    });
  });
});

describe("the agency's own deadline rules", () => {
  const override = (validFrom: string) => ({
    caseKind: "complaint",
    step: "accept",
    period: 5,
    dayType: "working",
    legalBasis: "Quy chế tiếp nhận, xử lý đơn của Sở (QĐ 130/QĐ-SKHCN): thụ lý trong 05 ngày làm việc",
    confidence: "P",
    validFrom,
  });

  it("lists the national rules with their legal basis and marks the one the agency's rule replaces", async () => {
    const db = testDb();
    await seedNationalCalendar(db);
    const { client } = await staffSession(db, "admin");
    const created = DeadlineRuleViewSchema.parse(
      await (await client.post("/api/admin/calendar/rules", override(TODAY()))).json(),
    );
    expect(created).toMatchObject({ scope: "agency", status: "in_force", period: 5 });
    const list = DeadlineRuleListSchema.parse(await (await client.get("/api/admin/calendar/rules")).json());
    expect(list.today.date).toBe(TODAY());
    const accept = list.rules.filter((r) => r.caseKind === "complaint" && r.step === "accept");
    expect(accept.find((r) => r.scope === "national" && r.status === "in_force")).toMatchObject({
      period: 7,
      overridden: true,
      legalBasis: expect.stringContaining("155/2026"),
      confidence: "S",
    });
    expect(accept.find((r) => r.scope === "national" && r.status === "ended")).toMatchObject({ period: 10 });
    expect(accept.find((r) => r.scope === "agency")?.id).toBe(created.id);
  });

  it("applies the agency's rule until its last day, then the national rule again", async () => {
    const db = testDb();
    await seedNationalCalendar(db);
    const { client, agency, user } = await staffSession(db, "admin");
    const today = TODAY();
    const res = await client.post("/api/admin/calendar/rules", override(today));
    expect(res.status).toBe(201);
    const rule = DeadlineRuleViewSchema.parse(await res.json());
    const request = { agencyId: agency.id, kind: "complaint", step: "accept" } as const;
    expect((await computeDueDate(db, { ...request, start: addDays(today, 1) })).rule.id).toBe(rule.id);

    const ended = await client.patch(`/api/admin/calendar/rules/${rule.id}`, { validTo: today });
    expect(ended.status).toBe(200);
    expect(DeadlineRuleViewSchema.parse(await ended.json())).toMatchObject({
      status: "in_force",
      validTo: { date: today },
    });
    const onLastDay = await computeDueDate(db, { ...request, start: today });
    expect(onLastDay.rule).toMatchObject({ id: rule.id, period: 5 });
    const afterwards = await computeDueDate(db, { ...request, start: addDays(today, 1) });
    expect(afterwards.rule).toMatchObject({ agencyId: null, period: 7 });

    const audit = await settingsAudit(agency.id);
    expect(audit.map((a) => [a.subject_type, (a.details as { op: string }).op, a.actor_id])).toEqual([
      ["deadline_rule", "create", user.id],
      ["deadline_rule", "update", user.id],
    ]);
    expect(audit[1]?.details).toEqual({ op: "update", changes: { validTo: { from: null, to: today } } });
  });

  it("refuses an overlapping rule with a 409 that names the rule in the way, in Vietnamese and English", async () => {
    const db = testDb();
    const { client, agency } = await staffSession(db, "admin");
    const first = DeadlineRuleViewSchema.parse(
      await (await client.post("/api/admin/calendar/rules", override(TODAY()))).json(),
    );
    const later = addDays(TODAY(), 10);
    const res = await client.post("/api/admin/calendar/rules", override(later));
    expect(res.status).toBe(409);
    const body = (await res.json()) as Record<string, unknown>;
    const problem = ProblemSchema.parse(body);
    expect(problem.type).toBe("/api/problems/conflict");
    expect(body.conflictingRuleId).toBe(first.id);
    expect(problem.i18n?.vi.detail).toContain(`từ ${first.validFrom.display}`);
    expect(problem.i18n?.vi.detail).toContain("hãy kết thúc quy định đó");
    expect(problem.i18n?.en.detail).toContain("end that rule");

    // Once the first one ends before, the new one fits; extending the first again overlaps.
    expect((await client.patch(`/api/admin/calendar/rules/${first.id}`, { validTo: addDays(later, -1) })).status).toBe(
      200,
    );
    expect((await client.post("/api/admin/calendar/rules", override(later))).status).toBe(201);
    const extend = await client.patch(`/api/admin/calendar/rules/${first.id}`, { validTo: later });
    expect(extend.status).toBe(409);
    expect((await problemOf(extend)).type).toBe("/api/problems/conflict");
    const rows = await db.selectFrom("deadline_rules").where("agency_id", "=", agency.id).select("id").execute();
    expect(rows).toHaveLength(2);
  });

  it("refuses a rule that starts in the past, an end before yesterday, and a change to an ended rule", async () => {
    const db = testDb();
    const { client, agency } = await staffSession(db, "admin");
    const past = await client.post("/api/admin/calendar/rules", override(addDays(TODAY(), -1)));
    expect(past.status).toBe(422);
    expect((await problemOf(past)).errors?.[0]?.path).toBe("validFrom");

    const inForce = await createDeadlineRule(db, { agency_id: agency.id, step: "resolve", valid_from: "2026-01-01" });
    const early = await client.patch(`/api/admin/calendar/rules/${inForce.id}`, { validTo: addDays(TODAY(), -2) });
    expect(early.status).toBe(422);
    expect((await problemOf(early)).errors?.[0]?.path).toBe("validTo");

    const old = await createDeadlineRule(db, {
      agency_id: agency.id,
      step: "forward",
      valid_from: "2026-01-01",
      valid_to: "2026-02-01",
    });
    const again = await client.patch(`/api/admin/calendar/rules/${old.id}`, { validTo: TODAY() });
    expect(again.status).toBe(409);
  });

  it("deletes a rule not yet in force, but not one already applied", async () => {
    const db = testDb();
    const { client } = await staffSession(db, "admin");
    const upcoming = DeadlineRuleViewSchema.parse(
      await (await client.post("/api/admin/calendar/rules", override(addDays(TODAY(), 30)))).json(),
    );
    expect(upcoming.status).toBe("upcoming");
    expect((await client.delete(`/api/admin/calendar/rules/${upcoming.id}`)).status).toBe(204);
    const current = DeadlineRuleViewSchema.parse(
      await (await client.post("/api/admin/calendar/rules", override(TODAY()))).json(),
    );
    const res = await client.delete(`/api/admin/calendar/rules/${current.id}`);
    expect(res.status).toBe(409);
    expect((await problemOf(res)).detail).toContain("kết thúc");
  });

  it("never lets an agency admin end or delete a national rule", async () => {
    const db = testDb();
    await seedNationalCalendar(db);
    const { client } = await staffSession(db, "admin");
    const national = await db
      .selectFrom("deadline_rules")
      .where("agency_id", "is", null)
      .where("case_kind", "=", "complaint")
      .where("step", "=", "accept")
      .where("valid_to", "is", null)
      .select("id")
      .executeTakeFirstOrThrow();
    const end = await client.patch(`/api/admin/calendar/rules/${national.id}`, { validTo: TODAY() });
    expect(end.status).toBe(403);
    expect(await problemOf(end)).toMatchObject({ type: "/api/problems/forbidden" });
    expect((await client.delete(`/api/admin/calendar/rules/${national.id}`)).status).toBe(403);
    const row = await db
      .selectFrom("deadline_rules")
      .where("id", "=", national.id)
      .select("valid_to")
      .executeTakeFirstOrThrow();
    expect(row.valid_to).toBeNull();
  });
});

describe("who may do what", () => {
  const cases: Array<{ role: StaffRole; calendar: number; rules: number }> = [
    { role: "manager", calendar: 200, rules: 200 },
    { role: "inspector", calendar: 200, rules: 200 },
    { role: "counter_officer", calendar: 200, rules: 403 },
    { role: "viewer", calendar: 200, rules: 200 },
  ];

  it.each(cases)("lets a $role read what the policy allows and change nothing", async ({ role, calendar, rules }) => {
    const db = testDb();
    const { client, agency } = await staffSession(db, role);
    expect((await client.get("/api/admin/calendar?year=2030")).status).toBe(calendar);
    expect((await client.get("/api/admin/calendar/rules")).status).toBe(rules);
    const day = await client.post("/api/admin/calendar/days", LOCAL_DAY_OFF);
    expect(day.status).toBe(403);
    expect((await problemOf(day)).type).toBe("/api/problems/forbidden");
    const rule = await client.post("/api/admin/calendar/rules", {
      caseKind: "petition",
      step: "answer",
      period: 10,
      dayType: "working",
      legalBasis: "Quy chế của Sở",
      validFrom: TODAY(),
    });
    expect(rule.status).toBe(403);
    const own = await createCalendarDay(db, { agency_id: agency.id, day: "2030-03-05" });
    expect((await client.delete(`/api/admin/calendar/days/${own.id}`)).status).toBe(403);
    expect(await db.selectFrom("calendar_days").where("agency_id", "=", agency.id).select("id").execute()).toHaveLength(
      1,
    );
    expect(await db.selectFrom("deadline_rules").where("agency_id", "=", agency.id).select("id").execute()).toEqual([]);
    expect(await settingsAudit(agency.id)).toEqual([]);
  });
});
