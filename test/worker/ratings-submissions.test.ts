import { describe, expect, it } from "vitest";
import { ProblemSchema } from "../../schema/api/problem";
import { CURRENT_CONTACT_CONSENT, SubmissionReceiptSchema } from "../../schema/api/ratings";
import { QUICK_COUNTER_TEMPLATE, SIPAS_TEMPLATE } from "../../schema/surveys/standard-templates";
import type { Db } from "../../worker/db";
import {
  answersFor,
  createRatingWorld,
  createTemplate,
  deviceHeaders,
  post,
  quickBody,
  sipasBody,
} from "./support/ratings-factories";
import { testDb } from "./support/worker-env";

function submissionByKey(db: Db, key: string) {
  return db.selectFrom("submissions").selectAll().where("idempotency_key", "=", key).executeTakeFirst();
}

function withScore(answers: Array<{ criterionCode: string; score: number }>, code: string, score: number) {
  return answers.map((a) => (a.criterionCode === code ? { ...a, score } : a));
}

describe("POST /api/ratings/submissions", () => {
  it("stores a quick counter rating with its answers, its overall score and the counter's unit", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = quickBody(world);
    const res = await post("/submissions", body);
    expect(res.status).toBe(201);
    const receipt = SubmissionReceiptSchema.parse(await res.json());
    expect(receipt.followUp).toBe(false);
    expect(Object.keys(receipt).sort()).toEqual(["followUp", "id", "receivedAt"]);

    const row = await submissionByKey(db, body.idempotencyKey);
    expect(row).toMatchObject({
      id: receipt.id,
      agency_id: world.agency.id,
      template_id: world.quick.id,
      channel: "counter_qr",
      counter_id: world.counter.id,
      unit_id: world.unit.id,
      file_id: null,
      overall_score: 3,
      flagged: false,
      flag_reason: null,
    });
    const answers = await db.selectFrom("answers").select("score").where("submission_id", "=", receipt.id).execute();
    expect(answers).toHaveLength(8);
    const followUps = await db.selectFrom("rating_follow_ups").where("submission_id", "=", receipt.id).execute();
    expect(followUps).toHaveLength(0);
  });

  it("keeps the template version the citizen answered after the agency publishes a newer one", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const v2 = await createTemplate(db, world.agency.id, QUICK_COUNTER_TEMPLATE, { version: 2 });
    await db.updateTable("counters").set({ survey_template_id: v2.id }).where("id", "=", world.counter.id).execute();

    const offline = quickBody(world); // filled in on version 1 before the switch
    const res = await post("/submissions", offline);
    expect(res.status).toBe(201);
    expect((await submissionByKey(db, offline.idempotencyKey))?.template_id).toBe(world.quick.id);

    const fresh = quickBody(world, { templateId: v2.id, templateVersion: 2 });
    expect((await post("/submissions", fresh)).status).toBe(201);
    expect((await submissionByKey(db, fresh.idempotencyKey))?.template_id).toBe(v2.id);
  });

  it("refuses a version number that does not match the template, asking to reload the form", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const res = await post("/submissions", quickBody(world, { templateVersion: 7 }));
    expect(res.status).toBe(422);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.errors).toEqual([
      {
        path: "templateVersion",
        message: "Phiếu đánh giá đã thay đổi, vui lòng tải lại trang và đánh giá lại.",
        messageEn: "The survey has changed; please reload the page and rate again.",
      },
    ]);
  });

  it("refuses a survey that is not the counter's, even from the same agency", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const res = await post(
      "/submissions",
      sipasBody(world, { source: { kind: "counter", publicCode: world.counter.public_code } }),
    );
    expect(res.status).toBe(422);
    expect(ProblemSchema.parse(await res.json()).errors?.[0]?.path).toBe("templateId");
  });

  it("requires a reason for Không hài lòng on the quick form, in Vietnamese, and stores nothing without it", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = quickBody(world, { answers: withScore(answersFor(QUICK_COUNTER_TEMPLATE, 2), "ind7", 1) });
    const res = await post("/submissions", body);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.type).toBe("/api/problems/validation");
    expect(problem.errors).toEqual([
      {
        path: "reason",
        message: "Vui lòng cho biết lý do Ông/Bà không hài lòng.",
        messageEn: "Please tell us why you are dissatisfied.",
      },
    ]);
    expect(await submissionByKey(db, body.idempotencyKey)).toBeUndefined();

    const blank = await post("/submissions", { ...body, reason: "   " });
    expect(blank.status).toBe(422);

    const withReason = await post("/submissions", { ...body, reason: "Cán bộ không hướng dẫn rõ ràng." });
    expect(withReason.status).toBe(201);
    expect(SubmissionReceiptSchema.parse(await withReason.json()).followUp).toBe(true);
    expect(await submissionByKey(db, body.idempotencyKey)).toMatchObject({
      reason: "Cán bộ không hướng dẫn rõ ràng.",
      overall_score: 2,
    });
  });

  it("refuses a score outside the template's scale and names the answer", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const res = await post(
      "/submissions",
      quickBody(world, { answers: withScore(answersFor(QUICK_COUNTER_TEMPLATE, 3), "ind3", 5) }),
    );
    expect(res.status).toBe(422);
    expect(ProblemSchema.parse(await res.json()).errors).toEqual([
      { path: "answers.2.score", message: "Mức đánh giá không hợp lệ.", messageEn: "This rating level is not valid." },
    ]);
  });

  it("names every required criterion left unanswered, and the overall question", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const answers = answersFor(SIPAS_TEMPLATE, 4).filter(
      (a) => a.criterionCode !== "e1c1" && a.criterionCode !== "e3c2",
    );
    const res = await post("/submissions", sipasBody(world, { answers, overall: null }));
    expect(res.status).toBe(422);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.errors?.map((e) => [e.path, e.message])).toEqual([
      ["answers.e1c1", "Vui lòng đánh giá nội dung này."],
      ["answers.e3c2", "Vui lòng đánh giá nội dung này."],
      ["overall", "Vui lòng đánh giá nội dung này."],
    ]);
  });

  it("lets SIPAS respondents skip the optional element and the respondent questions", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const answers = answersFor(SIPAS_TEMPLATE, 4).filter((a) => !a.criterionCode.startsWith("e5"));
    const body = sipasBody(world, { answers, overall: 4 });
    expect((await post("/submissions", body)).status).toBe(201);
    expect(await submissionByKey(db, body.idempotencyKey)).toMatchObject({
      respondent_kind: null,
      age_band: null,
      gender: null,
    });
  });

  it("stores SIPAS element satisfaction, the overall score, up to 3 expectations and the respondent answers", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = sipasBody(world, {
      elementScores: [
        { elementCode: "e1", score: 5 },
        { elementCode: "e3", score: 4 },
      ],
      overall: 4,
      expectations: ["shorter_time", "online", "attitude"],
      respondent: { kind: "organisation", ageBand: "30_44", gender: "female" },
    });
    const res = await post("/submissions", body);
    expect(res.status).toBe(201);
    const { id } = SubmissionReceiptSchema.parse(await res.json());
    expect(await submissionByKey(db, body.idempotencyKey)).toMatchObject({
      overall_score: 4,
      respondent_kind: "organisation",
      age_band: "30_44",
      gender: "female",
    });
    const elements = await db
      .selectFrom("submission_element_scores as s")
      .innerJoin("survey_elements as e", "e.id", "s.element_id")
      .where("s.submission_id", "=", id)
      .select(["e.code", "s.score"])
      .orderBy("e.code")
      .execute();
    expect(elements).toEqual([
      { code: "e1", score: 5 },
      { code: "e3", score: 4 },
    ]);
    const chosen = await db
      .selectFrom("submission_expectations as x")
      .innerJoin("survey_expectation_options as o", "o.id", "x.option_id")
      .where("x.submission_id", "=", id)
      .select("o.code")
      .orderBy("o.code")
      .execute();
    expect(chosen.map((c) => c.code)).toEqual(["attitude", "online", "shorter_time"]);
  });

  it("refuses a fourth expectation and an area the survey does not list", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const res = await post(
      "/submissions",
      sipasBody(world, { expectations: ["shorter_time", "online", "attitude", "facilities"] }),
    );
    expect(res.status).toBe(422);
    expect(ProblemSchema.parse(await res.json()).errors).toEqual([
      {
        path: "expectations",
        message: "Ông/Bà đã chọn nhiều hơn số nội dung cho phép.",
        messageEn: "You chose more items than allowed.",
      },
    ]);
    const unknown = await post("/submissions", sipasBody(world, { expectations: ["free_coffee"] }));
    expect(unknown.status).toBe(422);
    expect(ProblemSchema.parse(await unknown.json()).errors?.[0]?.path).toBe("expectations.0");
  });

  it("answers a retry with the same idempotency key with the original submission, stored once", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = quickBody(world);
    const headers = deviceHeaders();
    const first = await post("/submissions", body, headers);
    expect(first.status).toBe(201);
    const original = SubmissionReceiptSchema.parse(await first.json());

    const retry = await post("/submissions", body, headers);
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(SubmissionReceiptSchema.parse(await retry.json())).toEqual(original);

    const rows = await db
      .selectFrom("submissions")
      .select("id")
      .where("idempotency_key", "=", body.idempotencyKey)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("stores one row when the same submission arrives five times in parallel", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = quickBody(world, {
      answers: withScore(answersFor(QUICK_COUNTER_TEMPLATE, 2), "ind1", 1),
      reason: "Chờ quá lâu.",
    });
    const headers = deviceHeaders();
    const responses = await Promise.all(Array.from({ length: 5 }, () => post("/submissions", body, headers)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    const receipts = await Promise.all(responses.map(async (r) => SubmissionReceiptSchema.parse(await r.json())));
    expect(new Set(receipts.map((r) => r.id)).size).toBe(1);
    expect(receipts.every((r) => r.followUp)).toBe(true);

    const rows = await db
      .selectFrom("submissions")
      .select("id")
      .where("idempotency_key", "=", body.idempotencyKey)
      .execute();
    expect(rows).toHaveLength(1);
    const followUps = await db
      .selectFrom("rating_follow_ups")
      .select("id")
      .where("submission_id", "=", rows[0]!.id)
      .execute();
    expect(followUps).toHaveLength(1);
  });

  it("queues a low SIPAS rating for the counter's unit with what went wrong and a consented contact kept only there", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = sipasBody(world, {
      answers: answersFor(SIPAS_TEMPLATE, 4).map((a) => (a.criterionCode === "e2c5" ? { ...a, score: 3 } : a)),
      overall: 4,
      whatWentWrong: "Hồ sơ trả chậm hai ngày so với giấy hẹn.",
      contact: { text: "0912 345 678", consent: true, consentVersion: CURRENT_CONTACT_CONSENT },
    });
    const res = await post("/submissions", body);
    expect(res.status).toBe(201);
    const receipt = SubmissionReceiptSchema.parse(await res.json());
    expect(receipt.followUp).toBe(true);

    const followUp = await db
      .selectFrom("rating_follow_ups")
      .selectAll()
      .where("submission_id", "=", receipt.id)
      .executeTakeFirstOrThrow();
    expect(followUp).toMatchObject({
      agency_id: world.agency.id,
      unit_id: world.unit.id,
      status: "open",
      what_went_wrong: "Hồ sơ trả chậm hai ngày so với giấy hẹn.",
      contact: "0912 345 678",
      contact_consent_version: CURRENT_CONTACT_CONSENT,
    });
    expect(followUp.contact_consented_at).toBeInstanceOf(Date);
    const submission = await submissionByKey(db, body.idempotencyKey);
    expect(JSON.stringify(submission)).not.toContain("0912 345 678");

    // Closing the follow-up ends the purpose of the consent: Postgres erases the contact.
    const closed = await db
      .updateTable("rating_follow_ups")
      .set({ status: "closed", note: "Đã gọi điện xin lỗi công dân." })
      .where("id", "=", followUp.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(closed.contact).toBeNull();
    expect(closed.contact_erased_at).toBeInstanceOf(Date);
    expect(closed.closed_at).toBeInstanceOf(Date);
  });

  it("refuses a contact without the explicit consent box ticked", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = {
      ...sipasBody(world, { overall: 2 }),
      contact: { text: "0912 345 678", consent: false, consentVersion: CURRENT_CONTACT_CONSENT },
    };
    const res = await post("/submissions", body);
    expect(res.status).toBe(422);
    expect(ProblemSchema.parse(await res.json()).errors).toEqual([
      {
        path: "contact.consent",
        message: "Vui lòng đánh dấu đồng ý nếu muốn để lại thông tin liên hệ.",
        messageEn: "Please tick the consent box to leave your contact details.",
      },
    ]);
    expect(await submissionByKey(db, body.idempotencyKey)).toBeUndefined();
  });

  it("keeps no contact and opens no follow-up when the rating is not low", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = sipasBody(world, {
      overall: 5,
      whatWentWrong: "Không có gì.",
      contact: { text: "an@example.vn", consent: true, consentVersion: CURRENT_CONTACT_CONSENT },
    });
    const res = await post("/submissions", body);
    expect(res.status).toBe(201);
    const receipt = SubmissionReceiptSchema.parse(await res.json());
    expect(receipt.followUp).toBe(false);
    const followUps = await db.selectFrom("rating_follow_ups").where("agency_id", "=", world.agency.id).execute();
    expect(followUps).toHaveLength(0);
  });

  it("answers an unknown counter with the Vietnamese not-found problem, in English when asked", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const res = await post(
      "/submissions?lang=en",
      quickBody(world, { source: { kind: "counter", publicCode: "khongcoquaynay" } }),
    );
    expect(res.status).toBe(404);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.lang).toBe("en");
    expect(problem.detail).toContain("scan the QR code");
    expect(problem.i18n?.vi.detail).toBe("Không tìm thấy quầy này. Vui lòng quét lại mã QR tại quầy.");
  });
});
