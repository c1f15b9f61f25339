import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  CaseDetailSchema,
  CaseQueueSchema,
  CaseStatsSchema,
  CaseStatusViewSchema,
  PublishedAnswersSchema,
  PublishPreviewSchema,
} from "../../schema/api/cases";
import { ProblemSchema } from "../../schema/api/problem";
import type { CaseNotice } from "../../worker/cases/notifications";
import { markOverdueCases } from "../../worker/cases/overdue.job";
import type { Bindings } from "../../worker/env";
import worker from "../../worker/index";
import { addDays, localDateOf } from "../../worker/lib/calendar/dates";
import { BASE } from "./support/accounts-factories";
import {
  act,
  advance,
  citizenFetch,
  createCasesWorld,
  fileCase,
  intakeBody,
  PDF_BYTES,
} from "./support/cases-factories";
import { testDb } from "./support/worker-env";

async function detail(res: Response) {
  expect(res.status).toBe(200);
  return CaseDetailSchema.parse(await res.json());
}

describe("the workflow of a case", () => {
  it("takes a petition from receipt to publication and closing, recording who, when and why at each step", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const receipt = await fileCase(
      db,
      intakeBody(world, "petition", {
        content:
          "Tôi là Nguyễn Văn Công Dân, số điện thoại 0912 345 678, đề nghị bố trí thêm ghế chờ tại khu vực một cửa.",
      }),
    );
    const manager = await world.as("manager");
    const officer = await world.as("officeInspector");

    const accepted = await detail(await act(manager, receipt.id, { action: "accept" }));
    expect(accepted.status).toBe("accepted");
    expect(accepted.due?.step).toBe("answer");
    expect(accepted.due?.legalBasis).toContain("15 ngày làm việc");
    expect(accepted.allowedActions).toEqual(expect.arrayContaining(["assign", "forward", "transfer"]));

    const assigned = await detail(
      await act(manager, receipt.id, { action: "assign", staffIds: [world.people.officeInspector.id] }),
    );
    expect(assigned.status).toBe("assigned");
    expect(assigned.assignees.map((a) => a.fullName)).toEqual(["Chuyên viên Văn phòng"]);

    expect((await detail(await act(officer, receipt.id, { action: "start" }))).status).toBe("in_progress");
    const answered = await detail(
      await officer.post(`/api/staff/cases/${receipt.id}/answer`, {
        body: "Sở đã bố trí thêm 20 ghế chờ tại khu vực một cửa từ ngày 01/12/2026. Cảm ơn ông Nguyễn Văn Công Dân.",
        documentNumber: "456/SKHCN-VP",
        documentDate: "2026-11-30",
      }),
    );
    expect(answered.status).toBe("answered");
    expect(answered.due?.step).toBe("publish");
    expect(answered.answer?.documentNumber).toBe("456/SKHCN-VP");

    const published = await detail(
      await act(manager, receipt.id, {
        action: "publish",
        publishedQuestion: "Tôi là Nguyễn Văn Công Dân, số điện thoại 0912 345 678, đề nghị bố trí thêm ghế chờ.",
        publishedAnswer: "Sở đã bố trí thêm 20 ghế chờ. Cảm ơn ông Nguyễn Văn Công Dân (congdan@example.test).",
      }),
    );
    expect(published.status).toBe("published");
    expect(published.answer?.publishedQuestion).toBe(
      "Tôi là [đã ẩn], số điện thoại [đã ẩn], đề nghị bố trí thêm ghế chờ.",
    );
    expect(published.answer?.publishedBody).toBe("Sở đã bố trí thêm 20 ghế chờ. Cảm ơn ông [đã ẩn] ([đã ẩn]).");
    expect(published.due).toBeNull();

    const closed = await detail(await act(manager, receipt.id, { action: "close" }));
    expect(closed.status).toBe("closed");
    expect(closed.closedAt).not.toBeNull();

    // The timeline: every transition with who, from/to, and what the citizen was told.
    const transitions = closed.events.filter((e) => e.actor.kind === "staff");
    expect(transitions.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ["accept", "received", "accepted"],
      ["assign", "accepted", "assigned"],
      ["start", "assigned", "in_progress"],
      ["answer", "in_progress", "answered"],
      ["publish", "answered", "published"],
      ["close", "published", "closed"],
    ]);
    expect(transitions[0]?.actor.label).toContain("Lãnh đạo Sở");
    expect(transitions[2]?.actor.label).toContain("Chuyên viên Văn phòng");
    expect(closed.deadlines.map((d) => [d.step, d.outcome])).toEqual([
      ["reject", "met"],
      ["answer", "met"],
      ["publish", "met"],
    ]);
    expect(closed.deadlines.every((d) => d.late === false)).toBe(true);
    const audit = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", world.agency.id)
      .where("action", "=", "case.transition")
      .select(["actor_id", "details"])
      .orderBy("seq")
      .execute();
    expect(audit.map((a) => (a.details as { action: string }).action)).toEqual([
      "accept",
      "assign",
      "start",
      "answer",
      "publish",
      "close",
    ]);
    expect(audit[2]?.actor_id).toBe(world.people.officeInspector.id);

    // The citizen sees the answer and the notices; the public page shows only the redacted texts.
    const status = CaseStatusViewSchema.parse(await (await citizenFetch(`/${receipt.code}`, receipt.secret)).json());
    expect(status.status).toBe("closed");
    expect(status.answer?.body).toContain("20 ghế chờ");
    expect(status.timeline.map((e) => e.action)).toEqual(["receive", "accept", "answer", "publish", "close"]);
    expect(status.canRate).toBe(true);
    const page = PublishedAnswersSchema.parse(
      await (await exports.default.fetch(`${BASE}/api/public/cases/published?agency=${world.agency.code}`)).json(),
    );
    expect(page.items).toHaveLength(1);
    expect(JSON.stringify(page)).not.toMatch(/Công Dân|0912|congdan@/);

    // The rating: once, feeding the PAKN satisfaction figures.
    const rate = await citizenFetch(`/${receipt.code}/rating`, receipt.secret, {
      method: "POST",
      body: JSON.stringify({ satisfied: true }),
      headers: { "content-type": "application/json" },
    });
    expect(rate.status).toBe(201);
    const again = await citizenFetch(`/${receipt.code}/rating`, receipt.secret, {
      method: "POST",
      body: JSON.stringify({ satisfied: false }),
      headers: { "content-type": "application/json" },
    });
    expect(again.status).toBe(409);
    expect(ProblemSchema.parse(await again.json()).type).toBe("/api/problems/answer-already-rated");
    const today = localDateOf(new Date());
    const stats = CaseStatsSchema.parse(
      await (await manager.get(`/api/staff/cases/stats?from=${addDays(today, -1)}&to=${today}`)).json(),
    );
    expect(stats.byKind.find((k) => k.kind === "petition")).toMatchObject({
      received: 1,
      answered: 1,
      answeredOnTime: 1,
      rated: 1,
      satisfied: 1,
    });
    expect(stats.paknSatisfactionRate).toBe(100);
    expect(stats.paknOnTimeRate).toBe(100);
  });

  it("refuses illegal transitions with 409, the current state and the allowed actions, and writes nothing", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const manager = await world.as("manager");
    const petition = await fileCase(db, intakeBody(world, "petition"));
    const complaint = await fileCase(db, intakeBody(world, "complaint"));
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [petition.id, { action: "start" }, "received"],
      [
        petition.id,
        { action: "publish", publishedQuestion: "Câu hỏi đủ dài", publishedAnswer: "Câu trả lời đủ dài" },
        "received",
      ],
      [petition.id, { action: "close" }, "received"],
      [petition.id, { action: "assign", staffIds: [world.people.officeInspector.id] }, "received"],
      [petition.id, { action: "extend", reason: "Cần thêm thời gian" }, "received"],
      [complaint.id, { action: "pause", reason: "Chờ kết quả giám định" }, "received"],
      [complaint.id, { action: "resume" }, "received"],
    ];
    for (const [id, body, current] of cases) {
      const res = await act(manager, id, body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      const json = (await res.json()) as Record<string, unknown>;
      const problem: Record<string, unknown> = { ...json, ...ProblemSchema.parse(json) };
      expect(problem.type).toBe("/api/problems/illegal-transition");
      expect(problem.currentStatus).toBe(current);
      expect(problem.allowedActions).toEqual(expect.arrayContaining(["accept", "reject", "forward"]));
    }
    const events = await db
      .selectFrom("case_events")
      .where("case_id", "in", [petition.id, complaint.id])
      .select("action")
      .execute();
    expect(events.map((e) => e.action)).toEqual(["receive", "receive"]);

    // Once answered, a complaint is never published; once closed, nothing more happens.
    await advance(world, complaint.id, "answered");
    const publish = await act(manager, complaint.id, {
      action: "publish",
      publishedQuestion: "Câu hỏi đủ dài",
      publishedAnswer: "Câu trả lời đủ dài",
    });
    expect(publish.status).toBe(409);
    expect(((await publish.json()) as { allowedActions: string[] }).allowedActions).toEqual(["answer", "close"]);
    expect((await act(manager, complaint.id, { action: "close" })).status).toBe(200);
    for (const body of [
      { action: "accept" },
      { action: "close" },
      { action: "reject", reason: "Không thuộc thẩm quyền" },
    ]) {
      const res = await act(manager, complaint.id, body);
      expect(res.status).toBe(409);
      expect((await res.json()) as { currentStatus: string; allowedActions: string[] }).toMatchObject({
        currentStatus: "closed",
        allowedActions: [],
      });
    }
  });

  it("lets only the assigned staff (or a manager) start and answer, and refuses a viewer and a counter officer", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const complaint = await fileCase(db, intakeBody(world, "complaint"));
    await advance(world, complaint.id, "assigned");
    const other = await world.as("otherInspector");
    const start = await act(other, complaint.id, { action: "start" });
    expect(start.status).toBe(403);
    expect(((await start.json()) as { reason: string }).reason).toBe("not-assigned");
    for (const who of ["viewer", "counterOfficer"] as const) {
      const res = await act(await world.as(who), complaint.id, { action: "start" });
      expect(res.status).toBe(403);
    }
    // The office inspector does not even see the inspectorate's case.
    expect((await (await world.as("officeInspector")).get(`/api/staff/cases/${complaint.id}`)).status).toBe(404);
    expect((await act(await world.as("inspector"), complaint.id, { action: "start" })).status).toBe(200);
  });

  it("requires a reason to reject, forward, extend, pause or transfer, and tells the citizen", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const manager = await world.as("manager");
    const petition = await fileCase(db, intakeBody(world, "petition"));
    const noReason = await act(manager, petition.id, { action: "reject" });
    expect(noReason.status).toBe(422);
    expect(ProblemSchema.parse(await noReason.json()).errors?.[0]?.path).toBe("reason");

    const forwarded = await detail(
      await act(manager, petition.id, {
        action: "forward",
        reason: "Nội dung thuộc thẩm quyền của Sở Xây dựng",
        forwardedTo: "Sở Xây dựng tỉnh Lâm Đồng",
      }),
    );
    expect(forwarded).toMatchObject({ status: "forwarded", forwardedTo: "Sở Xây dựng tỉnh Lâm Đồng", due: null });
    const view = CaseStatusViewSchema.parse(await (await citizenFetch(`/${petition.code}`, petition.secret)).json());
    expect(view.forwardedTo).toBe("Sở Xây dựng tỉnh Lâm Đồng");
    expect(view.timeline.at(-1)?.notice).toBe(
      "Đơn đã được chuyển đến Sở Xây dựng tỉnh Lâm Đồng để giải quyết theo thẩm quyền. Lý do: Nội dung thuộc thẩm quyền của Sở Xây dựng",
    );
    const notices = await db
      .selectFrom("case_notifications")
      .where("case_id", "=", petition.id)
      .select("template")
      .execute();
    expect(notices.map((n) => n.template)).toContain("forwarded");
  });

  it("transfers a case to another unit with a reason, ending the assignments", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const complaint = await fileCase(db, intakeBody(world, "complaint"));
    await advance(world, complaint.id, "in_progress");
    const manager = await world.as("manager");
    const moved = await detail(
      await act(manager, complaint.id, {
        action: "transfer",
        unitId: world.office.id,
        reason: "Giám đốc giao Văn phòng tham mưu",
      }),
    );
    expect(moved).toMatchObject({
      status: "accepted",
      handlingUnit: { id: world.office.id },
      routedBy: "manual",
      assignees: [],
    });
    expect(moved.events.at(-1)).toMatchObject({
      action: "transfer",
      reason: "Giám đốc giao Văn phòng tham mưu",
      public: false,
    });
    // The inspectorate's inspector no longer sees it; the office's does.
    expect((await (await world.as("inspector")).get(`/api/staff/cases/${complaint.id}`)).status).toBe(404);
    expect((await (await world.as("officeInspector")).get(`/api/staff/cases/${complaint.id}`)).status).toBe(200);
  });
});

describe("the answer", () => {
  it("attaches the signed answer, which the citizen downloads from the status page", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const complaint = await fileCase(db, intakeBody(world, "complaint"));
    await advance(world, complaint.id, "answered");
    const inspector = await world.as("inspector");
    const upload = await inspector.fetch(`/api/staff/cases/${complaint.id}/answer/attachments`, {
      method: "POST",
      body: PDF_BYTES,
      headers: { "x-file-name": encodeURIComponent("Quyết định giải quyết khiếu nại.pdf") },
    });
    expect(upload.status).toBe(201);
    const { id } = (await upload.json()) as { id: string };
    // Only the assigned staff (or a manager) attach documents.
    const other = await (await world.as("otherInspector")).fetch(
      `/api/staff/cases/${complaint.id}/answer/attachments`,
      {
        method: "POST",
        body: PDF_BYTES,
        headers: { "x-file-name": "khac.pdf" },
      },
    );
    expect(other.status).toBe(403);
    const view = CaseStatusViewSchema.parse(await (await citizenFetch(`/${complaint.code}`, complaint.secret)).json());
    expect(view.answer?.attachments).toEqual([
      { id, name: "Quyết định giải quyết khiếu nại.pdf", contentType: "application/pdf", size: PDF_BYTES.length },
    ]);
    const file = await citizenFetch(`/${complaint.code}/attachments/${id}`, complaint.secret);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF_BYTES);
    // Once closed, no more documents.
    await act(await world.as("manager"), complaint.id, { action: "close" });
    const late = await inspector.fetch(`/api/staff/cases/${complaint.id}/answer/attachments`, {
      method: "POST",
      body: PDF_BYTES,
      headers: { "x-file-name": "muon.pdf" },
    });
    expect(late.status).toBe(409);
  });

  it("previews the published texts with personal data removed, before publishing", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const petition = await fileCase(db, intakeBody(world, "petition"));
    await advance(world, petition.id, "answered", "officeInspector");
    const res = await (await world.as("manager")).post(`/api/staff/cases/${petition.id}/publish-preview`, {
      publishedQuestion: "Ông Nguyễn Văn Công Dân (12 Trần Phú, phường Xuân Hương - Đà Lạt) đề nghị thêm ghế chờ.",
      publishedAnswer: "Liên hệ 0912345678 để biết thêm.",
    });
    expect(res.status).toBe(200);
    expect(PublishPreviewSchema.parse(await res.json())).toEqual({
      publishedQuestion: "Ông [đã ẩn] ([đã ẩn]) đề nghị thêm ghế chờ.",
      publishedAnswer: "Liên hệ [đã ẩn] để biết thêm.",
      redactions: 3,
    });
  });
});

describe("cases filed outside the intake (seeded, imported)", () => {
  it("shows them in the queue and handles them like the others", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const due = new Date(Date.now() + 5 * 86_400_000);
    const row = await db
      .insertInto("cases")
      .values({
        agency_id: world.agency.id,
        code: "KN.20260101.0001",
        kind: "complaint",
        title: "Khiếu nại nhập từ hệ thống cũ",
        content: "Nội dung khiếu nại nhập từ hệ thống cũ để thử nghiệm.",
        handling_unit_id: world.inspectorate.id,
        received_at: new Date("2026-01-01T02:00:00Z"),
        due_at: due,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const manager = await world.as("manager");
    const page = await detail(await manager.get(`/api/staff/cases/${row.id}`));
    expect(page.due).toMatchObject({ step: null, legalBasis: null, dueAt: due.toISOString() });
    expect(page.identity.present).toBe(false);
    const accepted = await detail(await act(manager, row.id, { action: "accept" }));
    expect(accepted.status).toBe("accepted");
    expect(accepted.due?.step).toBe("resolve");
    const workflow = await db
      .selectFrom("case_workflow")
      .where("case_id", "=", row.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(workflow.channel).toBeNull();
  });
});

describe("deadlines of the steps", () => {
  it("extends a denunciation at most twice, each time 30 days from the current due date (Luật Tố cáo Art. 30)", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const manager = await world.as("manager");
    const denunciation = await fileCase(db, intakeBody(world, "denunciation"));
    const accepted = await detail(await act(manager, denunciation.id, { action: "accept" }));
    expect(accepted.due).toMatchObject({ step: "resolve", period: 30, dayType: "calendar" });
    const first = await detail(await act(manager, denunciation.id, { action: "extend", reason: "Vụ việc phức tạp" }));
    expect(first.due).toMatchObject({ step: "extend", period: 30 });
    const firstStart = first.deadlines.at(-1)?.startOn;
    expect(firstStart).toBe(accepted.due?.dueOn);
    expect(first.due?.dueOn && first.due.dueOn >= addDays(accepted.due?.dueOn ?? "", 30)).toBe(true);
    expect(first.extensions).toBe(1);
    const second = await detail(
      await act(manager, denunciation.id, { action: "extend", reason: "Vụ việc đặc biệt phức tạp" }),
    );
    expect(second.deadlines.at(-1)?.startOn).toBe(first.due?.dueOn);
    const third = await act(manager, denunciation.id, { action: "extend", reason: "Thêm lần nữa" });
    expect(third.status).toBe(409);
    expect((await third.json()) as Record<string, unknown>).toMatchObject({ reason: "extension-limit", maxTimes: 2 });
    const status = CaseStatusViewSchema.parse(
      await (await citizenFetch(`/${denunciation.code}`, denunciation.secret)).json(),
    );
    expect(status.timeline.filter((e) => e.action === "extend").map((e) => e.dueOn)).toEqual([
      first.due?.dueOn,
      second.due?.dueOn,
    ]);
    expect(status.timeline.at(-1)?.notice).toContain("Lý do: Vụ việc đặc biệt phức tạp");
  });

  it("extends a complaint once, to the complex period counted from acceptance (Luật Khiếu nại Art. 28)", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const manager = await world.as("manager");
    const complaint = await fileCase(db, intakeBody(world, "complaint"));
    const accepted = await detail(await act(manager, complaint.id, { action: "accept" }));
    expect(accepted.due).toMatchObject({ step: "resolve", period: 30 });
    const extended = await detail(await act(manager, complaint.id, { action: "extend", reason: "Vụ việc phức tạp" }));
    expect(extended.due).toMatchObject({ step: "resolve_complex", period: 45 });
    expect(extended.deadlines.at(-1)?.startOn).toBe(extended.deadlines.at(-2)?.startOn);
    expect(extended.complex).toBe(true);
    expect(extended.allowedActions).not.toContain("extend");
    expect((await act(manager, complaint.id, { action: "extend", reason: "Lần hai" })).status).toBe(409);
  });

  it("stops the clock while a complaint is paused and restarts it with what was left", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const manager = await world.as("manager");
    const complaint = await fileCase(db, intakeBody(world, "complaint"));
    const accepted = await detail(await act(manager, complaint.id, { action: "accept" }));
    const paused = await detail(await act(manager, complaint.id, { action: "pause", reason: "Chờ kết quả giám định" }));
    expect(paused.paused).toBe(true);
    expect(paused.due?.state).toBe("paused");
    expect(paused.allowedActions).toEqual(["transfer", "assign", "resume"]);
    // Pretend the pause began 10 days ago: 10 days of the 30 were left unused.
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    await db.updateTable("case_workflow").set({ paused_at: tenDaysAgo }).where("case_id", "=", complaint.id).execute();
    const resumed = await detail(await act(manager, complaint.id, { action: "resume" }));
    expect(resumed.paused).toBe(false);
    const last = resumed.deadlines.at(-1);
    expect(last).toMatchObject({ reason: "resume", step: "resolve", startOn: localDateOf(new Date()) });
    // Remaining = due − pause day, counted again from today (calendar days, rolled to a working day).
    const remaining = Math.round(
      (Date.parse(accepted.due?.dueOn ?? "") - Date.parse(localDateOf(tenDaysAgo))) / 86_400_000,
    );
    expect(last?.period).toBe(remaining);
    expect((resumed.due?.dueOn ?? "") >= addDays(localDateOf(new Date()), remaining)).toBe(true);
  });
});

describe("the queue", () => {
  it("filters by kind, status, unit and due, counts overdue and due-soon cases, within the viewer's units", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const complaint = await fileCase(db, intakeBody(world, "complaint"));
    const denunciation = await fileCase(db, intakeBody(world, "denunciation"));
    const petition = await fileCase(db, intakeBody(world, "petition"));
    // The complaint's deadline passed yesterday; the denunciation's is tomorrow.
    await db
      .updateTable("cases")
      .set({ due_at: new Date(Date.now() - 86_400_000) })
      .where("id", "=", complaint.id)
      .execute();
    await db
      .updateTable("cases")
      .set({ due_at: new Date(Date.now() + 3_600_000) })
      .where("id", "=", denunciation.id)
      .execute();
    await db
      .updateTable("cases")
      .set({ due_at: new Date(Date.now() + 20 * 86_400_000) })
      .where("id", "=", petition.id)
      .execute();
    const manager = await world.as("manager");
    const all = CaseQueueSchema.parse(await (await manager.get("/api/staff/cases")).json());
    expect(all.total).toBe(3);
    expect(all.items[0]?.id).toBe(complaint.id);
    expect(all.items[0]?.due?.state).toBe("overdue");
    expect(all.counts).toMatchObject({ overdue: 1, soon: 1, open: 3 });
    const overdue = CaseQueueSchema.parse(await (await manager.get("/api/staff/cases?due=overdue")).json());
    expect(overdue.items.map((i) => i.id)).toEqual([complaint.id]);
    const soon = CaseQueueSchema.parse(await (await manager.get("/api/staff/cases?due=soon")).json());
    expect(soon.items.map((i) => i.id)).toEqual([denunciation.id]);
    const byKind = CaseQueueSchema.parse(await (await manager.get("/api/staff/cases?kind=petition")).json());
    expect(byKind.items.map((i) => i.id)).toEqual([petition.id]);
    const byUnit = CaseQueueSchema.parse(
      await (await manager.get(`/api/staff/cases?unitId=${world.inspectorate.id}`)).json(),
    );
    expect(byUnit.total).toBe(2);
    const byCode = CaseQueueSchema.parse(
      await (await manager.get(`/api/staff/cases?q=${petition.code.slice(-6)}`)).json(),
    );
    expect(byCode.items.map((i) => i.code)).toContain(petition.code);
    // An inspector of the office sees only the office's petition.
    const office = CaseQueueSchema.parse(
      await (await (await world.as("officeInspector")).get("/api/staff/cases")).json(),
    );
    expect(office.items.map((i) => i.id)).toEqual([petition.id]);
  });
});

describe("the overdue job (Cron Trigger)", () => {
  it("marks each overdue case once, records it on the timeline and notifies the unit and the assignees", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const late = await fileCase(db, intakeBody(world, "complaint"));
    const paused = await fileCase(db, intakeBody(world, "complaint"));
    const onTime = await fileCase(db, intakeBody(world, "petition"));
    await advance(world, paused.id, "accepted");
    await act(await world.as("manager"), paused.id, { action: "pause", reason: "Chờ giám định" });
    const past = new Date(Date.now() - 3_600_000);
    await db.updateTable("cases").set({ due_at: past }).where("id", "in", [late.id, paused.id]).execute();
    await db.updateTable("case_deadlines").set({ due_at: past }).where("case_id", "=", late.id).execute();

    const sent: CaseNotice[] = [];
    const run = await markOverdueCases(db, new Date(), { deliver: async (n) => void sent.push(n) });
    expect(run.marked).toBeGreaterThanOrEqual(1);
    const mine = sent.filter((n) => [late.id, paused.id, onTime.id].includes(n.caseId));
    expect(
      mine
        .filter((n) => n.template === "overdue")
        .map((n) => [n.caseId, n.audience])
        .sort(),
    ).toEqual(
      [
        [late.id, "assignees"],
        [late.id, "handling_unit"],
      ].sort(),
    );
    // Never the filer's identity in a notice.
    expect(JSON.stringify(mine)).not.toContain("Nguyễn Văn Công Dân");
    const workflow = await db
      .selectFrom("case_workflow")
      .where("case_id", "=", late.id)
      .select("overdue_at")
      .executeTakeFirstOrThrow();
    expect(workflow.overdue_at).not.toBeNull();
    const events = await db
      .selectFrom("case_events")
      .where("case_id", "=", late.id)
      .where("action", "=", "overdue")
      .selectAll()
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_kind: "system", public: false });

    const again = await markOverdueCases(db, new Date(), { deliver: async (n) => void sent.push(n) });
    expect(sent.filter((n) => n.caseId === late.id && n.template === "overdue")).toHaveLength(2);
    expect(again.marked).toBe(0);
  });

  it("runs from the worker's scheduled handler", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const late = await fileCase(db, intakeBody(world, "petition"));
    await db
      .updateTable("cases")
      .set({ due_at: new Date(Date.now() - 60_000) })
      .where("id", "=", late.id)
      .execute();
    const ctx = createExecutionContext();
    worker.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: "*/15 * * * *" }),
      env as unknown as Bindings,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const events = await db
      .selectFrom("case_events")
      .where("case_id", "=", late.id)
      .where("action", "=", "overdue")
      .execute();
    expect(events).toHaveLength(1);
  });
});
