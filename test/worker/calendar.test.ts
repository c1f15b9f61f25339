import { exports } from "cloudflare:workers";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { DueSchema, HolidaysSchema } from "../../schema/api/calendar";
import { ProblemSchema } from "../../schema/api/problem";
import { computeDueDate, loadCalendar } from "../../worker/calendar/calendar.service";
import { NoDeadlineRuleError } from "../../worker/lib/calendar/deadlines";
import { createCalendarDay, createDeadlineRule, seedNationalCalendar } from "./support/calendar-factories";
import { createAgency } from "./support/factories";
import { testDb } from "./support/worker-env";

const api = (path: string, init?: RequestInit) =>
  exports.default.fetch(`http://hailong.test/api/calendar${path}`, init);

beforeAll(async () => {
  await seedNationalCalendar(testDb());
});

describe("GET /api/calendar/holidays", () => {
  it("lists the national days off of 2026 as officially decided, cacheable for an hour", async () => {
    const res = await api("/holidays?year=2026");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    const body = HolidaysSchema.parse(await res.json());
    expect(body.agency).toBeNull();
    const tet = body.daysOff.filter((d) => d.holiday === "lunar_new_year");
    expect(tet.map((d) => d.display)).toEqual([
      "14/02/2026",
      "15/02/2026",
      "16/02/2026",
      "17/02/2026",
      "18/02/2026",
      "19/02/2026",
      "20/02/2026",
      "21/02/2026",
      "22/02/2026",
    ]);
    expect(tet[0]).toMatchObject({
      date: "2026-02-14",
      weekday: { vi: "Thứ Bảy", en: "Saturday" },
      origin: "entered",
      scope: "national",
    });
    expect(tet[0]!.source).toContain("8764/BNV-CVL");
    expect(body.daysOff.find((d) => d.date === "2026-04-27")).toMatchObject({ holiday: "hung_kings" });
    expect(body.extraWorkingDays.map((d) => d.date)).toEqual(["2026-01-10"]);
  });

  it("lets entered rows override computed ones: 2/9/2026 is 1–2/09, not the computed 2–3/09", async () => {
    const body = HolidaysSchema.parse(await (await api("/holidays?year=2026")).json());
    const nationalDay = body.daysOff.filter((d) => d.holiday === "national_day").map((d) => d.date);
    expect(nationalDay).toEqual(["2026-09-01", "2026-09-02"]);
  });

  it("computes a year nobody has entered yet, with its lunar holidays and compensatory days", async () => {
    const body = HolidaysSchema.parse(
      await (await api("/holidays?year=2027", { headers: { "accept-language": "en" } })).json(),
    );
    expect(body.daysOff.every((d) => d.origin === "computed" && d.scope === null)).toBe(true);
    expect(body.daysOff.find((d) => d.date === "2027-02-06")).toMatchObject({
      display: "06/02/2027",
      name: { vi: "Tết Âm lịch (mùng 1 Tết Đinh Mùi)" },
      compensatory: false,
    });
    expect(body.daysOff.filter((d) => d.compensatory).map((d) => d.date)).toEqual([
      "2027-02-10",
      "2027-02-11",
      "2027-05-03",
    ]);
  });

  it("adds an agency's own day off to its calendar only", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await createCalendarDay(db, { agency_id: agency.id, day: "2026-03-10", name: "Kỷ niệm ngày thành lập Sở" });
    const own = HolidaysSchema.parse(await (await api(`/holidays?year=2026&agency=${agency.code}`)).json());
    expect(own.agency).toEqual({ code: agency.code, name: agency.name });
    expect(own.daysOff.find((d) => d.date === "2026-03-10")).toMatchObject({
      name: { vi: "Kỷ niệm ngày thành lập Sở" },
      origin: "entered",
      scope: "agency",
    });
    const national = HolidaysSchema.parse(await (await api("/holidays?year=2026")).json());
    expect(national.daysOff.find((d) => d.date === "2026-03-10")).toBeUndefined();
  });

  it("refuses a malformed year with a 422 naming the field, in Vietnamese and English", async () => {
    const res = await api("/holidays?year=20x6");
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.type).toBe("/api/problems/validation");
    expect(problem.errors).toEqual([
      { path: "year", message: "Năm phải từ 1990 đến 2199.", messageEn: "The year must be between 1990 and 2199." },
    ]);
    expect((await api("/holidays?year=1800")).status).toBe(422);
    expect((await api("/holidays")).status).toBe(422);
  });

  it("answers an unknown agency with a not-found problem", async () => {
    const res = await api("/holidays?year=2026&agency=KHONGCO");
    expect(res.status).toBe(404);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.type).toBe("/api/problems/not-found");
    expect(problem.detail).toContain("KHONGCO");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("GET /api/calendar/due", () => {
  it("makes 3 working days from Friday 13/02/2026 end on Wednesday 25/02/2026, skipping Tết", async () => {
    const res = await api("/due?from=2026-02-13&days=3&unit=working");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    const body = DueSchema.parse(await res.json());
    expect(body.due).toEqual({ date: "2026-02-25", display: "25/02/2026", weekday: { vi: "Thứ Tư", en: "Wednesday" } });
    expect(body.rolledForward).toBe(false);
    expect(body.skipped).toHaveLength(9);
    expect(body.skipped[0]).toMatchObject({ date: "2026-02-14", reason: "day_off", origin: "entered" });
    expect(body.rule.vi).toContain("Điều 147");
  });

  it("rolls a calendar-day period that ends in the Tết break to the next working day (Art. 148)", async () => {
    const body = DueSchema.parse(await (await api("/due?from=2026-01-15&days=30&unit=calendar")).json());
    expect(body.nominalEnd.date).toBe("2026-02-14");
    expect(body.due.date).toBe("2026-02-23");
    expect(body.rolledForward).toBe(true);
    expect(body.skipped.map((s) => s.date)).toEqual([
      "2026-02-14",
      "2026-02-15",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
      "2026-02-21",
      "2026-02-22",
    ]);
    expect(body.rule.en).toContain("Art. 148");
  });

  it("explains an ordinary weekend as a weekend", async () => {
    const body = DueSchema.parse(await (await api("/due?from=2026-03-06&days=1&unit=working")).json());
    expect(body.due.date).toBe("2026-03-09");
    expect(body.skipped).toEqual([
      expect.objectContaining({ date: "2026-03-07", reason: "weekend", name: null, origin: null }),
      expect.objectContaining({ date: "2026-03-08", reason: "weekend", name: null, origin: null }),
    ]);
  });

  it("lets an agency's own day off change its due dates but not the national ones", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await createCalendarDay(db, { agency_id: agency.id, day: "2026-03-10" });
    const own = DueSchema.parse(
      await (await api(`/due?from=2026-03-09&days=1&unit=working&agency=${agency.code}`)).json(),
    );
    expect(own.due.date).toBe("2026-03-11");
    expect(own.skipped).toEqual([
      expect.objectContaining({ date: "2026-03-10", reason: "day_off", origin: "entered" }),
    ]);
    const national = DueSchema.parse(await (await api("/due?from=2026-03-09&days=1&unit=working")).json());
    expect(national.due.date).toBe("2026-03-10");
  });

  it("lets an agency enter a working Saturday", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await createCalendarDay(db, {
      agency_id: agency.id,
      day: "2026-03-14",
      kind: "working_day",
      name: "Làm việc thứ Bảy",
    });
    const body = DueSchema.parse(
      await (await api(`/due?from=2026-03-13&days=1&unit=working&agency=${agency.code}`)).json(),
    );
    expect(body.due).toMatchObject({ date: "2026-03-14", weekday: { vi: "Thứ Bảy" } });
  });

  it.each([
    ["from=2026-02-30&days=3&unit=working", "from"],
    ["from=13/02/2026&days=3&unit=working", "from"],
    ["from=2026-02-13&days=-1&unit=working", "days"],
    ["from=2026-02-13&days=2.5&unit=working", "days"],
    ["from=2026-02-13&days=3&unit=hours", "unit"],
  ])("refuses %s with a 422 on %s", async (query, field) => {
    const res = await api(`/due?${query}`);
    expect(res.status).toBe(422);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.type).toBe("/api/problems/validation");
    expect(problem.errors?.map((e) => e.path)).toEqual([field]);
    expect(problem.errors?.[0]?.messageEn).toBeTruthy();
  });

  it("answers an unknown agency with a not-found problem", async () => {
    const res = await api("/due?from=2026-02-13&days=3&unit=working&agency=KHONGCO");
    expect(res.status).toBe(404);
    expect(ProblemSchema.parse(await res.json()).type).toBe("/api/problems/not-found");
  });
});

describe("deadline service", () => {
  it("uses the national rule in force on the start date and returns it for the case to store", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const before = await computeDueDate(db, {
      agencyId: agency.id,
      kind: "complaint",
      step: "accept",
      start: "2026-06-25",
    });
    expect(before.due).toBe("2026-07-09");
    expect(before.rule).toMatchObject({ agencyId: null, period: 10, validTo: "2026-06-30" });
    const after = await computeDueDate(db, {
      agencyId: agency.id,
      kind: "complaint",
      step: "accept",
      start: "2026-07-02",
    });
    expect(after.due).toBe("2026-07-13");
    expect(after.rule).toMatchObject({ agencyId: null, period: 7, validFrom: "2026-07-01" });
    const stored = await db
      .selectFrom("deadline_rules")
      .select("legal_basis")
      .where("id", "=", after.rule.id)
      .executeTakeFirstOrThrow();
    expect(stored.legal_basis).toContain("ND 155/2026");
  });

  it("prefers the agency's own rule and counts on the agency's own calendar", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const rule = await createDeadlineRule(db, { agency_id: agency.id, period: 5, valid_from: "2026-07-01" });
    await createCalendarDay(db, { agency_id: agency.id, day: "2026-07-06" });
    const result = await computeDueDate(db, {
      agencyId: agency.id,
      kind: "complaint",
      step: "accept",
      start: "2026-07-02",
    });
    // 03/07 (1), 06/07 the agency's day off, 07 (2), 08 (3), 09 (4), 10 (5).
    expect(result.due).toBe("2026-07-10");
    expect(result.rule.id).toBe(rule.id);
  });

  it("throws a named error when no rule is in force", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await expect(
      computeDueDate(db, { agencyId: agency.id, kind: "petition", step: "no_such_step", start: "2026-03-02" }),
    ).rejects.toBeInstanceOf(NoDeadlineRuleError);
  });

  it("loads a calendar whose national rows hold for every agency", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const calendar = await loadCalendar(db, agency.id, "2026-01-01", "2026-12-31");
    expect(calendar.isWorkingDay("2026-02-16")).toBe(false);
    expect(calendar.isWorkingDay("2026-01-10")).toBe(true);
  });
});

describe("calendar tables", () => {
  it("refuses two rules of one agency, kind and step that overlap in time", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await createDeadlineRule(db, { agency_id: agency.id, valid_from: "2026-01-01", valid_to: "2026-06-30" });
    await expect(
      createDeadlineRule(db, { agency_id: agency.id, valid_from: "2026-06-30", valid_to: null }),
    ).rejects.toMatchObject({ code: "23P01" });
    await createDeadlineRule(db, { agency_id: agency.id, valid_from: "2026-07-01", valid_to: null });
    const rows = await db.selectFrom("deadline_rules").select("id").where("agency_id", "=", agency.id).execute();
    expect(rows).toHaveLength(2);
  });

  it("refuses a national rule that overlaps a seeded national rule", async () => {
    const db = testDb();
    await expect(
      createDeadlineRule(db, { agency_id: null, case_kind: "denunciation", step: "resolve", valid_from: "2030-01-01" }),
    ).rejects.toMatchObject({ code: "23P01" });
  });

  it("keeps one entered row per agency and day, national rows included", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await createCalendarDay(db, { agency_id: agency.id, day: "2026-03-10" });
    await expect(createCalendarDay(db, { agency_id: agency.id, day: "2026-03-10" })).rejects.toMatchObject({
      code: "23505",
    });
    await expect(createCalendarDay(db, { agency_id: null, day: "2026-02-14" })).rejects.toMatchObject({
      code: "23505",
    });
  });

  it("checks kinds, holidays, periods and ranges", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await expect(
      sql`INSERT INTO calendar_days (agency_id, day, kind, name) VALUES (${agency.id}, '2026-03-11', 'holiday', 'X X')`.execute(
        db,
      ),
    ).rejects.toMatchObject({ code: "23514" });
    await expect(createDeadlineRule(db, { agency_id: agency.id, step: "resolve", period: 0 })).rejects.toMatchObject({
      code: "23514",
    });
    await expect(
      createDeadlineRule(db, {
        agency_id: agency.id,
        step: "forward",
        valid_from: "2026-07-01",
        valid_to: "2026-06-30",
      }),
    ).rejects.toMatchObject({ code: "23514" });
  });

  it("re-seeds without duplicating or overwriting rows", async () => {
    const db = testDb();
    const { seedCalendarReference } = await import("../../scripts/seed/calendar-reference");
    expect(await seedCalendarReference(db)).toEqual({ calendarDays: 0, deadlineRules: 0 });
  });
});
