import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  AgencyProfileSchema,
  CounterListSchema,
  CounterSchema,
  ProcedureListSchema,
  ProcedureSchema,
  UnitSchema,
} from "../../schema/api/admin";
import { ProblemSchema } from "../../schema/api/problem";
import { PublicCounterSchema } from "../../schema/api/public";
import { BASE, createStaff, signInAs, staffSession } from "./support/accounts-factories";
import { createAgency, createCounter, createSurveyTemplate, createUnit, uniq } from "./support/factories";
import { testDb } from "./support/worker-env";

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return ProblemSchema.parse(await res.json());
}

async function settingsAudit(agencyId: string) {
  return testDb()
    .selectFrom("audit_log")
    .where("agency_id", "=", agencyId)
    .where("action", "=", "settings.changed")
    .orderBy("seq")
    .select(["subject_type", "subject_id", "details", "actor_id"])
    .execute();
}

describe("agency profile", () => {
  const update = {
    name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng",
    shortName: "Sở KH&CN",
    address: "36 Trần Phú, Phường Lâm Viên - Đà Lạt, tỉnh Lâm Đồng",
    hotline: "0263 3822 111",
    email: "sokhcn@lamdong.gov.vn",
    website: "https://sokhcn.lamdong.gov.vn",
    satisfactionTarget: 97.5,
    satisfactionTargetBasis: "Kế hoạch CCHC năm 2027 của Sở",
    leaders: [
      { title: "Giám đốc", name: "Nguyễn Văn An", phone: "0912 000 111", email: "gd@lamdong.gov.vn" },
      { title: "Phó Giám đốc", name: "Trần Thị Bình", phone: "0912 000 222" },
    ],
  };

  it("shows the profile with the 95% default target and its basis", async () => {
    const { client, agency } = await staffSession(testDb(), "viewer");
    const res = await client.get("/api/admin/agency");
    expect(res.status).toBe(200);
    const profile = AgencyProfileSchema.parse(await res.json());
    expect(profile).toMatchObject({ id: agency.id, code: agency.code, satisfactionTarget: 95, leaders: [] });
    expect(profile.satisfactionTargetBasis).toContain("2629");
  });

  it("lets the admin replace the profile, keeps other settings, and audits what changed", async () => {
    const db = testDb();
    const { client, agency, user } = await staffSession(db, "admin");
    await db
      .updateTable("agencies")
      .set({ settings: { other: { kept: true } } as never })
      .where("id", "=", agency.id)
      .execute();
    const res = await client.put("/api/admin/agency", update);
    expect(res.status).toBe(200);
    const profile = AgencyProfileSchema.parse(await res.json());
    expect(profile).toMatchObject({ name: update.name, satisfactionTarget: 97.5, hotline: "0263 3822 111" });
    expect(profile.leaders[1]).toEqual({
      title: "Phó Giám đốc",
      name: "Trần Thị Bình",
      phone: "0912 000 222",
      email: null,
    });
    const row = await db.selectFrom("agencies").where("id", "=", agency.id).selectAll().executeTakeFirstOrThrow();
    expect(row.satisfaction_target).toBe("97.50");
    expect(row.settings).toMatchObject({ other: { kept: true }, leaders: expect.any(Array) });
    const audit = await settingsAudit(agency.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject_type: "agency", subject_id: agency.id, actor_id: user.id });
    expect(audit[0]?.details).toMatchObject({
      op: "update",
      changes: { satisfactionTarget: { from: 95, to: 97.5 }, name: { to: update.name } },
    });

    // The same profile again changes nothing and writes no entry.
    expect((await client.put("/api/admin/agency", update)).status).toBe(200);
    expect(await settingsAudit(agency.id)).toHaveLength(1);
  });

  it("refuses a target outside 0–100 and a leader without a name, naming the fields", async () => {
    const { client } = await staffSession(testDb(), "admin");
    const res = await client.put("/api/admin/agency", {
      ...update,
      satisfactionTarget: 120,
      leaders: [{ title: "GĐ" }],
    });
    expect(res.status).toBe(422);
    const paths = (await problemOf(res)).errors?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["satisfactionTarget", "leaders.0.name"]));
  });

  it("lets a manager read but not change the profile", async () => {
    const { client } = await staffSession(testDb(), "manager");
    expect((await client.get("/api/admin/agency")).status).toBe(200);
    const res = await client.put("/api/admin/agency", update);
    expect(res.status).toBe(403);
    expect((await problemOf(res)).type).toBe("/api/problems/forbidden");
  });
});

describe("units", () => {
  it("creates, renames and deletes a unit, auditing each change", async () => {
    const db = testDb();
    const { client, agency, unit: office } = await staffSession(db, "admin");
    const created = await client.post("/api/admin/units", {
      code: "TT",
      name: "Thanh tra Sở",
      kind: "inspectorate",
      parentId: office.id,
    });
    expect(created.status).toBe(201);
    const unit = UnitSchema.parse(await created.json());
    expect(unit).toMatchObject({ code: "TT", kind: "inspectorate", parentId: office.id, active: true });

    const renamed = UnitSchema.parse(
      await (await client.patch(`/api/admin/units/${unit.id}`, { name: "Phòng Thanh tra" })).json(),
    );
    expect(renamed.name).toBe("Phòng Thanh tra");
    expect((await client.delete(`/api/admin/units/${unit.id}`)).status).toBe(204);
    expect((await client.get(`/api/admin/units/${unit.id}`)).status).toBe(404);
    const audit = await settingsAudit(agency.id);
    expect(audit.map((a) => (a.details as { op: string }).op)).toEqual(["create", "update", "delete"]);
    expect(audit[1]?.details).toMatchObject({ changes: { name: { from: "Thanh tra Sở", to: "Phòng Thanh tra" } } });
  });

  it("refuses a duplicate code (409), a parent cycle (422) and deleting a unit in use (409)", async () => {
    const db = testDb();
    const { client, agency, unit } = await staffSession(db, "admin");
    const dup = await client.post("/api/admin/units", { code: unit.code, name: "Trùng mã", kind: "office" });
    expect(dup.status).toBe(409);
    const child = UnitSchema.parse(
      await (
        await client.post("/api/admin/units", {
          code: `C${uniq()}`,
          name: "Chi cục",
          kind: "sub_department",
          parentId: unit.id,
        })
      ).json(),
    );
    const cycle = await client.patch(`/api/admin/units/${unit.id}`, { parentId: child.id });
    expect(cycle.status).toBe(422);
    expect((await problemOf(cycle)).errors?.[0]?.path).toBe("parentId");
    await createCounter(db, agency.id, child.id);
    const inUse = await client.delete(`/api/admin/units/${child.id}`);
    expect(inUse.status).toBe(409);
    expect((await problemOf(inUse)).detail).toContain("ngừng hoạt động");
  });

  it("refuses a parent from another agency", async () => {
    const db = testDb();
    const { client } = await staffSession(db, "admin");
    const other = await createUnit(db, (await createAgency(db)).id);
    const res = await client.post("/api/admin/units", {
      code: "X1",
      name: "Đơn vị lạ",
      kind: "other",
      parentId: other.id,
    });
    expect(res.status).toBe(422);
    expect((await problemOf(res)).type).toBe("/api/problems/invalid-reference");
  });
});

describe("counters", () => {
  it("creates a counter with a server-generated public code that the citizen QR page resolves", async () => {
    const db = testDb();
    const { client, agency, unit } = await staffSession(db, "admin");
    const template = await createSurveyTemplate(db, agency.id, "quick");
    const res = await client.post("/api/admin/counters", {
      code: "Q9",
      name: "Quầy số 9",
      unitId: unit.id,
      location: "Tầng 1",
      surveyTemplateId: template.id,
      publicCode: "chosen-by-client",
    });
    expect(res.status).toBe(201);
    const counter = CounterSchema.parse(await res.json());
    expect(counter.publicCode).toMatch(/^[a-z2-9]{12}$/);
    const pub = await exports.default.fetch(`${BASE}/api/public/counters/${counter.publicCode}`);
    expect(PublicCounterSchema.parse(await pub.json()).survey?.id).toBe(template.id);
    const list = CounterListSchema.parse(await (await client.get("/api/admin/counters")).json());
    expect(list.counters.map((c) => c.id)).toEqual([counter.id]);
  });

  it("refuses a survey template of another agency", async () => {
    const db = testDb();
    const { client, unit } = await staffSession(db, "admin");
    const foreign = await createSurveyTemplate(db, (await createAgency(db)).id, "quick");
    const res = await client.post("/api/admin/counters", {
      code: "Q1",
      name: "Quầy 1",
      unitId: unit.id,
      surveyTemplateId: foreign.id,
    });
    expect(res.status).toBe(422);
  });

  it("offers citizens published, active surveys only: a draft or a retired version is refused", async () => {
    const db = testDb();
    const { client, agency, unit } = await staffSession(db, "admin");
    // Retired, draft and published versions of the same survey.
    const retired = await createSurveyTemplate(db, agency.id, "quick");
    await db.updateTable("survey_templates").set({ active: false, version: 11 }).where("id", "=", retired.id).execute();
    const draft = await createSurveyTemplate(db, agency.id, "quick");
    await db
      .updateTable("survey_templates")
      .set({ published_at: null, version: 13 })
      .where("id", "=", draft.id)
      .execute();
    const published = await createSurveyTemplate(db, agency.id, "quick");
    for (const t of [draft, retired]) {
      const res = await client.post("/api/admin/counters", {
        code: "Q7",
        name: "Quầy 7",
        unitId: unit.id,
        surveyTemplateId: t.id,
      });
      expect(res.status).toBe(422);
      expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(["surveyTemplateId"]);
    }
    const created = await client.post("/api/admin/counters", {
      code: "Q7",
      name: "Quầy 7",
      unitId: unit.id,
      surveyTemplateId: published.id,
    });
    expect(created.status).toBe(201);
    const counter = CounterSchema.parse(await created.json());
    const moved = await client.patch(`/api/admin/counters/${counter.id}`, { surveyTemplateId: draft.id });
    expect(moved.status).toBe(422);
    const row = await db
      .selectFrom("counters")
      .where("id", "=", counter.id)
      .select("survey_template_id")
      .executeTakeFirst();
    expect(row?.survey_template_id).toBe(published.id);
  });

  it("deactivates a counter that has ratings instead of deleting it", async () => {
    const db = testDb();
    const { client, agency, unit } = await staffSession(db, "admin");
    const template = await createSurveyTemplate(db, agency.id, "quick");
    const counter = await createCounter(db, agency.id, unit.id, { survey_template_id: template.id });
    await db
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
      .execute();
    expect((await client.delete(`/api/admin/counters/${counter.id}`)).status).toBe(409);
    const off = CounterSchema.parse(
      await (await client.patch(`/api/admin/counters/${counter.id}`, { active: false })).json(),
    );
    expect(off.active).toBe(false);
  });
});

describe("procedures", () => {
  it("creates, finds, updates and deletes a procedure", async () => {
    const db = testDb();
    const { client, agency, unit } = await staffSession(db, "admin");
    const res = await client.post("/api/admin/procedures", {
      nationalCode: "1.000948.H38",
      name: "Thủ tục cấp giấy phép tiến hành công việc bức xạ",
      field: "An toàn bức xạ và hạt nhân",
      processingTime: 10,
      processingTimeUnit: "working_days",
      unitId: unit.id,
      onlineLevel: "full",
    });
    expect(res.status).toBe(201);
    const procedure = ProcedureSchema.parse(await res.json());
    const found = ProcedureListSchema.parse(await (await client.get("/api/admin/procedures?q=bức xạ")).json());
    expect(found.procedures.map((p) => p.id)).toEqual([procedure.id]);
    const none = ProcedureListSchema.parse(await (await client.get("/api/admin/procedures?q=kết hôn")).json());
    expect(none.procedures).toEqual([]);
    const patched = ProcedureSchema.parse(
      await (await client.patch(`/api/admin/procedures/${procedure.id}`, { processingTime: 7.5 })).json(),
    );
    expect(patched.processingTime).toBe(7.5);
    expect((await client.delete(`/api/admin/procedures/${procedure.id}`)).status).toBe(204);
    expect((await settingsAudit(agency.id)).map((a) => a.subject_type)).toEqual([
      "procedure",
      "procedure",
      "procedure",
    ]);
  });

  it("refuses a malformed national code with the field named", async () => {
    const { client, unit } = await staffSession(testDb(), "admin");
    const res = await client.post("/api/admin/procedures", {
      nationalCode: "TTHC-01",
      name: "Thủ tục thử",
      field: "Thử",
      processingTime: 1,
      processingTimeUnit: "same_day",
      unitId: unit.id,
    });
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.[0]).toMatchObject({ path: "nationalCode" });
  });

  it("is readable by every role and writable only by the admin", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const officer = await signInAs(await createStaff(db, agency.id, { role: "counter_officer" }));
    expect((await officer.get("/api/admin/procedures")).status).toBe(200);
    expect((await officer.post("/api/admin/procedures", {})).status).toBe(403);
  });
});
