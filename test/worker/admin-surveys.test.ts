import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  type SurveyDraftUpdate,
  SurveyInUseExtensionSchema,
  type SurveyTemplateDetail,
  SurveyTemplateDetailSchema,
  SurveyTemplateListSchema,
} from "../../schema/api/admin-surveys";
import { RoutingRuleSchema } from "../../schema/api/cases";
import { ProblemSchema } from "../../schema/api/problem";
import { PublicCounterSchema } from "../../schema/api/public";
import { SurveyDefinitionSchema } from "../../schema/api/ratings";
import type { StaffRole } from "../../schema/db/database";
import { BASE, createStaff, signInAs } from "./support/accounts-factories";
import { createCounter, createUnit } from "./support/factories";
import { createRatingWorld, post, quickBody, sipasBody } from "./support/ratings-factories";
import { testDb } from "./support/worker-env";

const API = "/api/admin/survey-templates";
const NEW_IND7 = "Cán bộ một cửa hướng dẫn, tiếp nhận hồ sơ lịch sự, tận tình";
const NEW_IND7_EN = "The one-stop officers guided you and received the file politely and helpfully";

type World = Awaited<ReturnType<typeof createRatingWorld>>;

async function sessionIn(world: World, role: StaffRole = "admin") {
  const user = await createStaff(testDb(), world.agency.id, { role, unitIds: [world.unit.id] });
  return { user, client: await signInAs(user) };
}

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const raw = (await res.json()) as Record<string, unknown>;
  // The shared schema checks the shape; extensions (draftId, counters) are read from the raw body.
  return { ...ProblemSchema.parse(raw), extensions: raw };
}

async function detailOf(res: Response, status = 200): Promise<SurveyTemplateDetail> {
  expect(res.status).toBe(status);
  return SurveyTemplateDetailSchema.parse(await res.json());
}

/** The edit body that keeps a version as it is. */
function asUpdate(d: SurveyTemplateDetail): SurveyDraftUpdate {
  return {
    name: d.name,
    overallQuestion: d.overallQuestion,
    expectations: { question: d.expectations.question, max: d.expectations.max, options: d.expectations.options },
    elements: d.elements.map((e) => ({ code: e.code, name: e.name, criteria: e.criteria.map((c) => ({ ...c })) })),
  };
}

function withCriterionText(body: SurveyDraftUpdate, code: string, vi: string, en: string | null): SurveyDraftUpdate {
  return {
    ...body,
    elements: body.elements.map((e) => ({
      ...e,
      criteria: e.criteria.map((c) => (c.code === code ? { ...c, text: { vi, en } } : c)),
    })),
  };
}

function publicCounter(publicCode: string) {
  return exports.default.fetch(`${BASE}/api/public/counters/${publicCode}`).then(async (r) => {
    expect(r.status).toBe(200);
    return PublicCounterSchema.parse(await r.json());
  });
}

function surveyDefinition(templateId: string) {
  return exports.default.fetch(`${BASE}/api/ratings/surveys/${templateId}`).then(async (r) => {
    expect(r.status).toBe(200);
    return SurveyDefinitionSchema.parse(await r.json());
  });
}

const criterionText = (survey: { elements: { criteria: { code: string; text: { vi: string } }[] }[] }, code: string) =>
  survey.elements.flatMap((e) => e.criteria).find((c) => c.code === code)?.text.vi;

async function settingsAudit(agencyId: string) {
  return testDb()
    .selectFrom("audit_log")
    .where("agency_id", "=", agencyId)
    .where("action", "=", "settings.changed")
    .orderBy("seq")
    .select(["subject_type", "subject_id", "details", "actor_id"])
    .execute();
}

describe("survey templates: list and view", () => {
  it("lists the agency's templates by code with each version's state, counters and submission count", async () => {
    const world = await createRatingWorld(testDb());
    expect((await post("/submissions", quickBody(world))).status).toBe(201);
    const { client } = await sessionIn(world);
    const res = await client.get(API);
    expect(res.status).toBe(200);
    const { templates } = SurveyTemplateListSchema.parse(await res.json());
    expect(templates.map((t) => t.code)).toEqual(["quick", "sipas"]);
    const quick = templates.find((t) => t.code === "quick");
    expect(quick).toMatchObject({ kind: "quick", currentId: world.quick.id, draftId: null });
    expect(quick?.versions).toHaveLength(1);
    expect(quick?.versions[0]).toMatchObject({
      id: world.quick.id,
      version: 1,
      status: "published",
      active: true,
      submissionCount: 1,
      counters: [{ id: world.counter.id, code: world.counter.code, name: world.counter.name }],
    });
    expect(templates.find((t) => t.code === "sipas")?.versions[0]?.counters.map((c) => c.id)).toEqual([
      world.sipasCounter.id,
    ]);
  });

  it("shows one version in full: 5 elements and 22 criteria for SIPAS, its 5-level scale, locked structure", async () => {
    const world = await createRatingWorld(testDb());
    const { client } = await sessionIn(world);
    const sipas = await detailOf(await client.get(`${API}/${world.sipas.id}`));
    expect(sipas.elements).toHaveLength(5);
    expect(sipas.elements.flatMap((e) => e.criteria)).toHaveLength(22);
    expect(sipas.scale.map((l) => l.label.vi)).toEqual([
      "Rất không hài lòng",
      "Không hài lòng",
      "Bình thường",
      "Hài lòng",
      "Rất hài lòng",
    ]);
    expect(sipas).toMatchObject({ kind: "sipas", status: "published", editable: false, structureLocked: true });
    expect(sipas.expectations.options.length).toBeGreaterThan(3);
  });
});

describe("survey templates: draft, edit, publish", () => {
  it("publishes an edited copy: the counter's next citizen answers the new wording while an old submission keeps its version", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const old = quickBody(world);
    expect((await post("/submissions", old)).status).toBe(201);
    const { client, user } = await sessionIn(world);

    const draft = await detailOf(await client.post(`${API}/${world.quick.id}/drafts`, {}), 201);
    expect(draft).toMatchObject({ code: "quick", version: 2, status: "draft", editable: true, counters: [] });
    expect(criterionText(draft, "ind7")).toBe(criterionText(await surveyDefinition(world.quick.id), "ind7"));

    const edited = await detailOf(
      await client.put(`${API}/${draft.id}`, withCriterionText(asUpdate(draft), "ind7", NEW_IND7, NEW_IND7_EN)),
    );
    expect(criterionText(edited, "ind7")).toBe(NEW_IND7);

    // Not yet published: the counter still offers version 1.
    expect((await publicCounter(world.counter.public_code)).survey).toMatchObject({ id: world.quick.id, version: 1 });

    const published = await detailOf(await client.post(`${API}/${draft.id}/publish`, {}));
    expect(published).toMatchObject({ status: "published", editable: false, active: true });
    expect(published.counters.map((c) => c.id)).toEqual([world.counter.id]);

    // What the citizen sees next: the counter's QR leads to version 2 and its new wording.
    const counter = await publicCounter(world.counter.public_code);
    expect(counter.survey).toMatchObject({ id: draft.id, version: 2 });
    const survey = await surveyDefinition(draft.id);
    expect(criterionText(survey, "ind7")).toBe(NEW_IND7);
    const fresh = quickBody(world, { templateId: draft.id, templateVersion: 2 });
    expect((await post("/submissions", fresh)).status).toBe(201);

    // A form opened on version 1 before the switch is still accepted, as version 1.
    const late = quickBody(world);
    expect((await post("/submissions", late)).status).toBe(201);

    const rows = await db
      .selectFrom("submissions")
      .where("agency_id", "=", world.agency.id)
      .select(["idempotency_key", "template_id"])
      .execute();
    const templateOf = (key: string) => rows.find((r) => r.idempotency_key === key)?.template_id;
    expect(templateOf(old.idempotencyKey)).toBe(world.quick.id);
    expect(templateOf(late.idempotencyKey)).toBe(world.quick.id);
    expect(templateOf(fresh.idempotencyKey)).toBe(draft.id);

    // The old submission still reads its own version's wording.
    expect(criterionText(await surveyDefinition(world.quick.id), "ind7")).not.toBe(NEW_IND7);
    const oldAnswer = await db
      .selectFrom("answers as a")
      .innerJoin("submissions as s", "s.id", "a.submission_id")
      .innerJoin("survey_criteria as c", "c.id", "a.criterion_id")
      .where("s.idempotency_key", "=", old.idempotencyKey)
      .where("c.code", "=", "ind7")
      .select(["c.text", "c.template_id"])
      .executeTakeFirstOrThrow();
    expect(oldAnswer.template_id).toBe(world.quick.id);
    expect(oldAnswer.text).not.toBe(NEW_IND7);

    // The list now shows v2 current, v1 still published (readable) but without counters.
    const { templates } = SurveyTemplateListSchema.parse(await (await client.get(API)).json());
    const quick = templates.find((t) => t.code === "quick");
    expect(quick?.currentId).toBe(draft.id);
    expect(quick?.versions.map((v) => [v.version, v.status, v.counters.length, v.submissionCount])).toEqual([
      [2, "published", 1, 1],
      [1, "published", 0, 2],
    ]);

    // Audited: the draft, the edit (what changed), the publication and the counter moved.
    const audit = await settingsAudit(world.agency.id);
    expect(audit.map((a) => [a.subject_type, (a.details as { op: string }).op])).toEqual([
      ["survey_template", "create_draft"],
      ["survey_template", "edit_draft"],
      ["survey_template", "publish"],
      ["counter", "update"],
    ]);
    expect(audit.every((a) => a.actor_id === user.id)).toBe(true);
    expect(audit[1]?.details).toMatchObject({
      code: "quick",
      version: 2,
      changes: { "criteria.ind7.text": { to: { vi: NEW_IND7, en: NEW_IND7_EN } } },
    });
    expect(audit[3]).toMatchObject({
      subject_id: world.counter.id,
      details: { changes: { surveyTemplateId: { from: world.quick.id, to: draft.id } } },
    });
  });

  it("refuses to change a published version (409) and leaves its wording as it was", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const { client } = await sessionIn(world);
    const v1 = await detailOf(await client.get(`${API}/${world.quick.id}`));
    const res = await client.put(`${API}/${world.quick.id}`, withCriterionText(asUpdate(v1), "ind7", NEW_IND7, null));
    expect(res.status).toBe(409);
    const problem = await problemOf(res);
    expect(problem.type).toBe("/api/problems/conflict");
    expect(problem.detail).toContain("đã ban hành");
    expect((await client.post(`${API}/${world.quick.id}/publish`, {})).status).toBe(409);
    expect((await client.delete(`${API}/${world.quick.id}`)).status).toBe(409);
    const texts = await db
      .selectFrom("survey_criteria")
      .where("template_id", "=", world.quick.id)
      .select("text")
      .execute();
    expect(texts.map((t) => t.text)).not.toContain(NEW_IND7);
    expect(await settingsAudit(world.agency.id)).toEqual([]);
  });

  it("refuses a second draft of the same code, naming the existing one", async () => {
    const world = await createRatingWorld(testDb());
    const { client } = await sessionIn(world);
    const draft = await detailOf(await client.post(`${API}/${world.quick.id}/drafts`, {}), 201);
    const res = await client.post(`${API}/${world.quick.id}/drafts`, {});
    expect(res.status).toBe(409);
    const problem = await problemOf(res);
    expect(problem.detail).toContain("phiên bản 2");
    expect(problem.extensions.draftId).toBe(draft.id);
  });

  it("keeps a SIPAS draft's 5 elements and 22 criteria: dropping or renaming a criterion is refused, wording is accepted", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const { client } = await sessionIn(world);
    const draft = await detailOf(await client.post(`${API}/${world.sipas.id}/drafts`, {}), 201);
    expect(draft.structureLocked).toBe(true);
    const body = asUpdate(draft);

    const dropped = {
      ...body,
      elements: body.elements.map((e, i) => (i === 0 ? { ...e, criteria: e.criteria.slice(1) } : e)),
    };
    const res = await client.put(`${API}/${draft.id}`, dropped);
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.errors?.map((e) => e.path)).toEqual(["elements"]);
    expect(problem.errors?.[0]?.message).toContain("5 yếu tố và 22 tiêu chí");

    const renamed = {
      ...body,
      elements: body.elements.map((e, i) =>
        i === 2 ? { ...e, criteria: e.criteria.map((c, j) => (j === 0 ? { ...c, code: "e3c9" } : c)) } : e,
      ),
    };
    expect((await client.put(`${API}/${draft.id}`, renamed)).status).toBe(422);
    const reordered = { ...body, elements: [...body.elements].reverse() };
    expect((await client.put(`${API}/${draft.id}`, reordered)).status).toBe(422);

    const wording = withCriterionText(body, "e3c1", "Công chức giao tiếp lịch sự, nhã nhặn.", "Officials were polite.");
    wording.elements[0] = { ...wording.elements[0]!, name: { vi: "Tiếp cận dịch vụ hành chính công", en: null } };
    const saved = await detailOf(await client.put(`${API}/${draft.id}`, wording));
    expect(criterionText(saved, "e3c1")).toBe("Công chức giao tiếp lịch sự, nhã nhặn.");
    expect(saved.elements[0]?.name).toEqual({ vi: "Tiếp cận dịch vụ hành chính công", en: null });
    expect(saved.elements.flatMap((e) => e.criteria.map((c) => c.code))).toEqual(
      draft.elements.flatMap((e) => e.criteria.map((c) => c.code)),
    );
    // The SIPAS counter keeps its version until the draft is published.
    expect((await publicCounter(world.sipasCounter.public_code)).survey?.id).toBe(world.sipas.id);
    await detailOf(await client.post(`${API}/${draft.id}/publish`, {}));
    expect((await publicCounter(world.sipasCounter.public_code)).survey?.id).toBe(draft.id);
    const next = sipasBody(world, { templateId: draft.id, templateVersion: 2 });
    expect((await post("/submissions", next)).status).toBe(201);
  });

  it("lets a quick form drop and add criteria but never the one that carries the overall rating", async () => {
    const world = await createRatingWorld(testDb());
    const { client } = await sessionIn(world);
    const draft = await detailOf(await client.post(`${API}/${world.quick.id}/drafts`, {}), 201);
    expect(draft.structureLocked).toBe(false);
    const body = asUpdate(draft);
    const changed: SurveyDraftUpdate = {
      ...body,
      elements: body.elements.map((e) =>
        e.code === "tthc"
          ? {
              ...e,
              criteria: [
                ...e.criteria.filter((c) => c.code !== "ind2"),
                { code: "wait", text: { vi: "Thời gian chờ đến lượt", en: null }, required: false },
              ],
            }
          : e,
      ),
    };
    const saved = await detailOf(await client.put(`${API}/${draft.id}`, changed));
    expect(saved.elements[0]?.criteria.map((c) => c.code)).toEqual(["ind1", "ind3", "ind4", "ind6", "ind7", "wait"]);
    expect(saved.overallCriterionCode).toBe("overall");

    const noOverall = {
      ...body,
      elements: body.elements.map((e) => ({ ...e, criteria: e.criteria.filter((c) => c.code !== "overall") })),
    };
    const res = await client.put(`${API}/${draft.id}`, noOverall);
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.[0]?.message).toContain("overall");
    const twice = withCriterionText(body, "ind1", "x", null);
    const bad = await client.put(`${API}/${draft.id}`, twice);
    expect(bad.status).toBe(422);
    expect((await problemOf(bad)).errors?.map((e) => e.path)).toEqual(["elements.0.criteria.0.text.vi"]);
  });

  it("deletes a draft but not a published version", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const { client } = await sessionIn(world);
    const draft = await detailOf(await client.post(`${API}/${world.quick.id}/drafts`, {}), 201);
    expect((await client.delete(`${API}/${draft.id}`)).status).toBe(204);
    expect(await db.selectFrom("survey_templates").where("id", "=", draft.id).select("id").executeTakeFirst()).toBe(
      undefined,
    );
    expect((await client.get(`${API}/${draft.id}`)).status).toBe(404);
  });
});

describe("survey templates: retire", () => {
  it("refuses to retire a version a counter still offers, naming the counters; retires it once they moved", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const second = await createCounter(db, world.agency.id, world.unit.id, {
      survey_template_id: world.quick.id,
      name: "Quầy số 3",
    });
    const { client } = await sessionIn(world);
    const res = await client.post(`${API}/${world.quick.id}/retire`, {});
    expect(res.status).toBe(409);
    const problem = await problemOf(res);
    expect(problem.detail).toContain(world.counter.code);
    expect(problem.detail).toContain(second.code);
    expect(
      SurveyInUseExtensionSchema.parse(problem.extensions)
        .counters.map((c) => c.id)
        .sort(),
    ).toEqual([world.counter.id, second.id].sort());

    const draft = await detailOf(await client.post(`${API}/${world.quick.id}/drafts`, {}), 201);
    await detailOf(await client.post(`${API}/${draft.id}/publish`, {}));
    const retired = await detailOf(await client.post(`${API}/${world.quick.id}/retire`, {}));
    expect(retired).toMatchObject({ active: false, status: "published", counters: [] });
    // Retired, yet readable for the submissions that answered it.
    expect((await surveyDefinition(world.quick.id)).version).toBe(1);
    const audit = await settingsAudit(world.agency.id);
    expect(audit.at(-1)).toMatchObject({
      subject_id: world.quick.id,
      details: { op: "retire", changes: { active: { from: true, to: false } } },
    });
  });
});

describe("survey templates: roles and agencies", () => {
  it("lets a manager read templates but not draft, edit, publish or retire them; a viewer reads nothing", async () => {
    const world = await createRatingWorld(testDb());
    const { client: manager } = await sessionIn(world, "manager");
    expect((await manager.get(API)).status).toBe(200);
    expect((await manager.get(`${API}/${world.quick.id}`)).status).toBe(200);
    for (const res of [
      await manager.post(`${API}/${world.quick.id}/drafts`, {}),
      await manager.post(`${API}/${world.quick.id}/publish`, {}),
      await manager.post(`${API}/${world.quick.id}/retire`, {}),
      await manager.put(`${API}/${world.quick.id}`, {}),
    ]) {
      expect(res.status).toBe(403);
      expect((await problemOf(res)).type).toBe("/api/problems/forbidden");
    }
    const { client: viewer } = await sessionIn(world, "viewer");
    expect((await viewer.get(API)).status).toBe(403);
  });

  it("answers 404 for another agency's version", async () => {
    const mine = await createRatingWorld(testDb());
    const theirs = await createRatingWorld(testDb());
    const { client } = await sessionIn(mine);
    expect((await client.get(`${API}/${theirs.quick.id}`)).status).toBe(404);
    expect((await client.post(`${API}/${theirs.quick.id}/drafts`, {})).status).toBe(404);
  });
});

describe("case routing rules: add, edit, deactivate, delete", () => {
  it("adds a rule, changes its handling unit, deactivates and deletes it, and audits each change", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const inspectorate = await createUnit(db, world.agency.id, { name: "Phòng Thanh tra", kind: "inspectorate" });
    const { client, user } = await sessionIn(world);
    const created = await client.post("/api/staff/cases/routing-rules", {
      caseKind: "complaint",
      sourceUnitId: world.unit.id,
      handlingUnitId: world.unit.id,
    });
    expect(created.status).toBe(201);
    const rule = RoutingRuleSchema.parse(await created.json());

    const res = await client.patch(`/api/staff/cases/routing-rules/${rule.id}`, {
      handlingUnitId: inspectorate.id,
      note: "Khiếu nại về Bộ phận Một cửa do Phòng Thanh tra xử lý",
    });
    expect(res.status).toBe(200);
    expect(RoutingRuleSchema.parse(await res.json())).toMatchObject({ handlingUnitId: inspectorate.id, active: true });
    const off = await client.patch(`/api/staff/cases/routing-rules/${rule.id}`, { active: false });
    expect(RoutingRuleSchema.parse(await off.json()).active).toBe(false);

    const row = await db
      .selectFrom("case_routing_rules")
      .where("id", "=", rule.id)
      .select(["handling_unit_id", "active"])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ handling_unit_id: inspectorate.id, active: false });
    const audit = (await settingsAudit(world.agency.id)).filter((a) => a.subject_type === "case_routing_rule");
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({
      actor_id: user.id,
      subject_id: rule.id,
      details: { op: "create", rule: { caseKind: "complaint", handlingUnitId: world.unit.id } },
    });
    expect(audit[1]).toMatchObject({
      actor_id: user.id,
      details: { changes: { handlingUnitId: { from: world.unit.id, to: inspectorate.id } } },
    });
    expect(audit[2]?.details).toMatchObject({ changes: { active: { from: true, to: false } } });

    expect((await client.delete(`/api/staff/cases/routing-rules/${rule.id}`)).status).toBe(204);
    expect(await db.selectFrom("case_routing_rules").where("id", "=", rule.id).select("id").executeTakeFirst()).toBe(
      undefined,
    );
    const afterDelete = (await settingsAudit(world.agency.id)).filter((a) => a.subject_type === "case_routing_rule");
    expect(afterDelete[3]).toMatchObject({
      subject_id: rule.id,
      details: { op: "delete", rule: { handlingUnitId: inspectorate.id, active: false } },
    });
    expect((await client.delete(`/api/staff/cases/routing-rules/${rule.id}`)).status).toBe(404);
  });

  it("refuses another agency's unit as handler, an unknown rule, and a manager", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const other = await createRatingWorld(db);
    const { client } = await sessionIn(world);
    const created = await client.post("/api/staff/cases/routing-rules", {
      caseKind: "petition",
      handlingUnitId: world.unit.id,
    });
    const rule = RoutingRuleSchema.parse(await created.json());
    const res = await client.patch(`/api/staff/cases/routing-rules/${rule.id}`, { handlingUnitId: other.unit.id });
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(["handlingUnitId"]);
    expect(
      (await client.patch(`/api/staff/cases/routing-rules/${crypto.randomUUID()}`, { active: false })).status,
    ).toBe(404);
    const { client: manager } = await sessionIn(world, "manager");
    expect((await manager.patch(`/api/staff/cases/routing-rules/${rule.id}`, { active: false })).status).toBe(403);
  });
});
