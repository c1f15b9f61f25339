/**
 * The manager dashboard through its API: figures against hand-computed fixtures (flagged
 * ratings excluded, gaps in the trend kept as "no data", small counters withheld), the unit
 * scope of a manager, alerts, the follow-up queue and corrective actions with their audit trail.
 */
import { describe, expect, it } from "vitest";
import { ActionListSchema, ActionSchema, DashboardSummarySchema, FollowUpListSchema } from "../../schema/api/dashboard";
import { ProblemSchema } from "../../schema/api/problem";
import { addDays, localDateOf } from "../../worker/lib/calendar/dates";
import { createStaff, signInAs } from "./support/accounts-factories";
import {
  createDashboardWorld,
  createReturnedFile,
  type DashboardWorld,
  insertRatings,
  localAt,
} from "./support/dashboard-factories";
import { testDb } from "./support/worker-env";

const SUMMARY = "/api/staff/dashboard/summary";

async function manager(db: ReturnType<typeof testDb>, w: DashboardWorld, unitIds: string[] = []) {
  const user = await createStaff(db, w.agency.id, { role: "manager", unitIds });
  return signInAs(user);
}

/**
 * Desk (quick form, 3 levels), week of Mon 05/10/2026: 8 × Rất hài lòng, 1 × Hài lòng,
 * 1 × Không hài lòng, all about returned files → 9 of 10 satisfied.
 * Chi cục (SIPAS, 5 levels), week of Mon 12/10/2026: 5, 5, 5, 4, 3, 2 → 4 of 6 satisfied.
 * Flagged: 5 × Không hài lòng at the desk → not counted. Total 13 of 16 = 81.25%.
 * Files returned in the period: the 10 rated, 2 unrated on time and 1 unrated late.
 */
async function seedFixture(db: ReturnType<typeof testDb>) {
  const w = await createDashboardWorld(db);
  const mon5 = "2026-10-05";
  const mon12 = "2026-10-12";
  await insertRatings(db, w, [
    ...Array.from({ length: 8 }, () => ({
      template: "quick" as const,
      overall: 3,
      at: localAt(mon5, 9, 30),
      withFile: true,
    })),
    { template: "quick", overall: 2, at: localAt(mon5, 9, 30), withFile: true },
    { template: "quick", overall: 1, at: localAt(mon5, 9, 30), withFile: true },
    ...Array.from({ length: 5 }, () => ({
      template: "quick" as const,
      overall: 1,
      at: localAt(mon5, 10),
      flagged: true,
    })),
  ]);
  await insertRatings(
    db,
    w,
    [5, 5, 5, 4, 3, 2].map((overall) => ({
      template: "sipas" as const,
      unit: "branch" as const,
      overall,
      at: localAt(mon12, 14),
    })),
  );
  await createReturnedFile(db, w, { unit: "desk", returnedAt: localAt("2026-10-06", 10) });
  await createReturnedFile(db, w, { unit: "desk", returnedAt: localAt("2026-10-07", 10) });
  await createReturnedFile(db, w, { unit: "branch", returnedAt: localAt("2026-10-08", 10), late: true });
  return w;
}

const QUERY = "from=2026-10-01&to=2026-10-20&granularity=week";

describe("the dashboard summary", () => {
  it("computes % satisfied from valid ratings only, with the target line, the interval and a gap-free weekly trend", async () => {
    const db = testDb();
    const w = await seedFixture(db);
    const client = await manager(db, w);
    const res = await client.get(`${SUMMARY}?${QUERY}`);
    expect(res.status).toBe(200);
    const s = DashboardSummarySchema.parse(await res.json());

    expect(s.satisfaction).toMatchObject({ n: 16, k: 13, value: 81.25 });
    expect(s.satisfaction.low).toBeCloseTo(56.99, 1); // Wilson, 13 of 16
    expect(s.satisfaction.high).toBeCloseTo(93.41, 1);
    expect(s.target).toEqual({ value: 95, basis: expect.stringContaining("QĐ 2629/QĐ-TTg") });
    expect(s.trend.map((t) => [t.bucket, t.n, t.value])).toEqual([
      ["2026-09-28", 0, null],
      ["2026-10-05", 10, 90],
      ["2026-10-12", 6, expect.closeTo(66.667, 2)],
      ["2026-10-19", 0, null],
    ]);
    // The lowest unit first: that is where a manager acts.
    expect(s.byUnit.map((u) => [u.name, u.share.n, u.share.k, u.negative])).toEqual([
      ["Chi cục Tiêu chuẩn Đo lường Chất lượng", 6, 4, 1],
      ["Bộ phận Một cửa", 10, 9, 1],
    ]);
  });

  it("withholds a counter's figure below the minimum count and keeps the larger one", async () => {
    const db = testDb();
    const w = await seedFixture(db);
    const s = DashboardSummarySchema.parse(await (await (await manager(db, w)).get(`${SUMMARY}?${QUERY}`)).json());
    expect(s.minCount).toBe(10);
    const counters = Object.fromEntries(s.byCounter.map((c) => [c.name, c]));
    expect(counters["Quầy số 1"]?.share?.value).toBe(90);
    expect(counters["Quầy số 2"]).toMatchObject({ n: 6, share: null });
  });

  it("gives SIPAS criteria, elements and index, and the per-file indicators scored 0–2", async () => {
    const db = testDb();
    const w = await seedFixture(db);
    const s = DashboardSummarySchema.parse(await (await (await manager(db, w)).get(`${SUMMARY}?${QUERY}`)).json());
    const sipas = s.surveys.find((x) => x.kind === "sipas");
    expect(sipas?.criteria).toHaveLength(22);
    expect(sipas?.criteria[0]).toMatchObject({
      code: "e1c1",
      share: { n: 6, k: 4 },
      levels: [0, 1, 1, 1, 3],
      neutralOrBelow: 2,
    });
    expect(sipas?.elements.map((e) => e.index.value)).toEqual(Array(5).fill(expect.closeTo(66.667, 2)));
    expect(sipas?.overall.value).toBeCloseTo(66.667, 2);
    // Quick form on files: 1 × 0 + 1 × 1 + 8 × 2 points over 10 files = 1.7 per indicator.
    expect(s.indicators.items.map((i) => [i.code, i.score, i.files])).toEqual([
      ["ind1", 1.7, 10],
      ["ind2", 1.7, 10],
      ["ind3", 1.7, 10],
      ["ind4", 1.7, 10],
      ["ind6", 1.7, 10],
      ["ind7", 1.7, 10],
    ]);
    expect(s.indicators).toMatchObject({ total: 10.2, scored: 6 });
  });

  it("gives the response rate, the sample check, the heat map and the QĐ 766 TTHC rate", async () => {
    const db = testDb();
    const w = await seedFixture(db);
    const s = DashboardSummarySchema.parse(await (await (await manager(db, w)).get(`${SUMMARY}?${QUERY}`)).json());
    expect(s.responseRate).toMatchObject({ n: 13, k: 10 });
    // Slovin for 13 files: 13 / (1 + 13 × 0.0025) = 12.59 → 13; 16 answers are enough.
    expect(s.sample).toEqual({ population: 13, answers: 16, required: 13, adequate: true });
    expect(s.heatmap).toEqual([
      { weekday: 1, hour: 9, n: 10, satisfied: 9 },
      { weekday: 1, hour: 14, n: 6, satisfied: 4 },
    ]);
    expect(s.onTime.source).toContain("files-module");
    expect(s.onTime.share.n).toBe(13);
    expect(s.onTime.late).toBe(1);
    // 100% − (1 late + 1 rated Không hài lòng) / 13 = 84.6% → 84.6 × 6 / 90 points.
    expect(s.qd766.tthc.value).toBeCloseTo(84.615, 2);
    expect(s.qd766.tthc.points).toBeCloseTo(5.641, 2);
  });

  it("has no value (not 0%) for a period without ratings", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    const s = DashboardSummarySchema.parse(await (await (await manager(db, w)).get(`${SUMMARY}?${QUERY}`)).json());
    expect(s.satisfaction).toEqual({ n: 0, k: 0, value: null, low: null, high: null });
    expect(s.trend.every((t) => t.value === null)).toBe(true);
    expect(s.sample.adequate).toBe(false);
  });

  it("shows a unit-scoped manager only their units, and refuses another unit as not found", async () => {
    const db = testDb();
    const w = await seedFixture(db);
    const client = await manager(db, w, [w.branch.id]);
    const s = DashboardSummarySchema.parse(await (await client.get(`${SUMMARY}?${QUERY}`)).json());
    expect(s.satisfaction).toMatchObject({ n: 6, k: 4 });
    expect(s.byUnit.map((u) => u.id)).toEqual([w.branch.id]);
    expect(s.cases).toBeNull(); // agency-wide case figures are not for a unit-scoped reader

    const other = await client.get(`${SUMMARY}?${QUERY}&unitId=${w.desk.id}`);
    expect(other.status).toBe(404);
  });

  it("refuses a period that ends before it starts", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    const res = await (await manager(db, w)).get(`${SUMMARY}?from=2026-10-20&to=2026-10-01`);
    expect(res.status).toBe(422);
    expect(ProblemSchema.parse(await res.json()).type).toBe("/api/problems/validation");
  });

  it("raises an alert when negative ratings over the window pass the threshold with enough ratings", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    const today = localDateOf(new Date());
    const yesterday = addDays(today, -1);
    // Chi cục: 5 negative of 25 (20% > 10%); desk: 2 negative of 25 (8%): only the Chi cục fires.
    await insertRatings(db, w, [
      ...Array.from({ length: 20 }, () => ({
        template: "sipas" as const,
        unit: "branch" as const,
        overall: 5,
        at: localAt(yesterday, 9),
      })),
      ...Array.from({ length: 5 }, () => ({
        template: "sipas" as const,
        unit: "branch" as const,
        overall: 1,
        at: localAt(yesterday, 9),
      })),
      ...Array.from({ length: 23 }, () => ({
        template: "quick" as const,
        overall: 3,
        at: localAt(yesterday, 9),
        withCounter: false,
      })),
      ...Array.from({ length: 2 }, () => ({
        template: "quick" as const,
        overall: 1,
        at: localAt(yesterday, 9),
        withCounter: false,
      })),
    ]);
    const s = DashboardSummarySchema.parse(
      await (await (await manager(db, w)).get(`${SUMMARY}?from=${addDays(today, -30)}&to=${today}`)).json(),
    );
    expect(s.alerts.map((a) => [a.kind, a.name, a.share.k, a.share.n])).toEqual([
      ["unit", "Chi cục Tiêu chuẩn Đo lường Chất lượng", 5, 25],
      ["counter", "Quầy số 2", 5, 25],
    ]);
    expect(s.alerts[0]).toMatchObject({ windowDays: 7, threshold: 10 });
  });
});

describe("corrective actions", () => {
  it("creates an action from a low-rated criterion, lists it, counts it overdue, and writes the audit trail", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    const client = await manager(db, w);
    const criterion = w.sipas.criteria.find((c) => c.code === "e3c3");
    const yesterday = addDays(localDateOf(new Date()), -1);
    const res = await client.post("/api/staff/dashboard/actions", {
      unitId: w.branch.id,
      title: "Tập huấn kỹ năng giải thích, hướng dẫn hồ sơ công bố hợp quy",
      source: "criterion",
      criterionId: criterion?.id,
      dueOn: yesterday,
    });
    expect(res.status).toBe(201);
    const action = ActionSchema.parse(await res.json());
    expect(action).toMatchObject({
      status: "open",
      overdue: true,
      criterion: { code: "e3c3" },
      unit: { id: w.branch.id },
    });

    const list = ActionListSchema.parse(await (await client.get("/api/staff/dashboard/actions")).json());
    expect(list.items.map((a) => a.id)).toEqual([action.id]);
    const s = DashboardSummarySchema.parse(await (await client.get(`${SUMMARY}?${QUERY}`)).json());
    expect(s.actions).toEqual({ open: 1, overdue: 1 });

    const audit = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", w.agency.id)
      .where("subject_id", "=", action.id)
      .select(["action", "details"])
      .execute();
    expect(audit).toEqual([
      { action: "corrective_action.created", details: expect.objectContaining({ source: "criterion" }) },
    ]);
  });

  it("refuses to mark an action done without evidence, then closes it with evidence", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    const client = await manager(db, w);
    const created = ActionSchema.parse(
      await (
        await client.post("/api/staff/dashboard/actions", {
          unitId: w.desk.id,
          title: "Bổ sung ghế chờ tại Bộ phận Một cửa",
          source: "other",
          dueOn: "2027-01-15",
        })
      ).json(),
    );
    const refused = await client.patch(`/api/staff/dashboard/actions/${created.id}`, { status: "done" });
    expect(refused.status).toBe(422);
    expect(ProblemSchema.parse(await refused.json()).errors?.[0]?.path).toBe("evidence");

    const done = await client.patch(`/api/staff/dashboard/actions/${created.id}`, {
      status: "done",
      evidence: "Đã lắp thêm 12 ghế chờ (biên bản bàn giao số 15/BB-VP ngày 20/11/2026).",
    });
    expect(done.status).toBe(200);
    expect(ActionSchema.parse(await done.json())).toMatchObject({
      status: "done",
      overdue: false,
      closedAt: expect.any(String),
    });
    const row = await db
      .selectFrom("corrective_actions")
      .where("id", "=", created.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.closed_at).not.toBeNull();
    const s = DashboardSummarySchema.parse(await (await client.get(`${SUMMARY}?${QUERY}`)).json());
    expect(s.actions).toEqual({ open: 0, overdue: 0 });
  });

  it("does not let a unit-scoped manager act on another unit, nor a viewer act at all", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    const scoped = await manager(db, w, [w.desk.id]);
    const res = await scoped.post("/api/staff/dashboard/actions", {
      unitId: w.branch.id,
      title: "Hành động ngoài phạm vi",
      source: "other",
      dueOn: "2027-01-15",
    });
    expect(res.status).toBe(404);
    const viewer = await signInAs(await createStaff(db, w.agency.id, { role: "viewer" }));
    const refused = await viewer.post("/api/staff/dashboard/actions", {
      unitId: w.desk.id,
      title: "Người xem không được tạo",
      source: "other",
      dueOn: "2027-01-15",
    });
    expect(refused.status).toBe(403);
    expect(await db.selectFrom("corrective_actions").where("agency_id", "=", w.agency.id).execute()).toEqual([]);
  });
});

describe("the follow-up queue", () => {
  it("lists low ratings without the citizen's contact, and an action made from one links back to it", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    const [id] = await insertRatings(db, w, [{ template: "quick", overall: 1, at: localAt("2026-11-02", 10) }]);
    const followUp = await db
      .insertInto("rating_follow_ups")
      .values({
        agency_id: w.agency.id,
        unit_id: w.desk.id,
        submission_id: id as string,
        what_went_wrong: "Phải chờ hơn một giờ tại quầy.",
        contact: "0912 345 678",
        contact_consent_version: "2026-11",
        contact_consented_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const client = await manager(db, w);
    const res = await client.get("/api/staff/dashboard/follow-ups");
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain("0912 345 678");
    const list = FollowUpListSchema.parse(JSON.parse(body));
    expect(list.items).toEqual([
      expect.objectContaining({
        id: followUp.id,
        text: "Phải chờ hơn một giờ tại quầy.",
        hasContact: true,
        overallScore: 1,
        actionId: null,
      }),
    ]);

    const action = ActionSchema.parse(
      await (
        await client.post("/api/staff/dashboard/actions", {
          unitId: w.desk.id,
          title: "Bố trí thêm cán bộ tiếp nhận giờ cao điểm",
          source: "follow_up",
          followUpId: followUp.id,
          dueOn: "2026-12-31",
        })
      ).json(),
    );
    expect(action.followUpId).toBe(followUp.id);
    const after = FollowUpListSchema.parse(await (await client.get("/api/staff/dashboard/follow-ups")).json());
    expect(after.items[0]?.actionId).toBe(action.id);
  });
});
