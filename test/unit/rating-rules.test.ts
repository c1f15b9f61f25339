import { describe, expect, it } from "vitest";
import { type ParsedSubmissionRequest, SubmissionRequestSchema } from "../../schema/api/ratings";
import { QUICK_COUNTER_TEMPLATE, SIPAS_TEMPLATE, type StandardTemplate } from "../../schema/surveys/standard-templates";
import { judge, type LimitResult, windowStart } from "../../worker/ratings/rate-limit";
import type { LoadedTemplate } from "../../worker/ratings/ratings.queries";
import { checkAnswers, followUpThreshold, formatDate, reasonRequired } from "../../worker/ratings/ratings.service";

/** A stored template built in memory from a standard one (what loadTemplate returns). */
function loaded(t: StandardTemplate): LoadedTemplate {
  const agency_id = "a";
  const template_id = `t-${t.code}`;
  const elements = t.elements.map((e, i) => ({
    id: `e-${e.code}`,
    agency_id,
    template_id,
    position: i + 1,
    code: e.code,
    name: e.name,
    name_en: e.nameEn,
  }));
  const criteria = t.elements.flatMap((e) =>
    e.criteria.map((c, j) => ({
      id: `c-${c.code}`,
      agency_id,
      template_id,
      element_id: `e-${e.code}`,
      position: j + 1,
      code: c.code,
      text: c.text,
      text_en: c.textEn,
      required: c.required,
    })),
  );
  const options = (t.expectations?.options ?? []).map((o, i) => ({
    id: `o-${o.code}`,
    agency_id,
    template_id,
    position: i + 1,
    code: o.code,
    text: o.label,
    text_en: o.labelEn,
  }));
  return {
    template: {
      id: template_id,
      agency_id,
      code: t.code,
      version: 1,
      kind: t.kind,
      name: t.name,
      name_en: t.nameEn,
      scale_levels: t.scaleLevels,
      active: true,
      published_at: new Date(),
      created_at: new Date(),
      overall_question: t.overallQuestion.text,
      overall_question_en: t.overallQuestion.textEn,
      overall_criterion_code: t.overallQuestion.criterionCode ?? null,
      expectations_question: t.expectations?.question ?? null,
      expectations_question_en: t.expectations?.questionEn ?? null,
      expectations_max: t.expectations?.maxChoices ?? 3,
    },
    elements,
    criteria,
    options,
  };
}

function request(t: StandardTemplate, score: number, over: Record<string, unknown> = {}): ParsedSubmissionRequest {
  return SubmissionRequestSchema.parse({
    idempotencyKey: crypto.randomUUID(),
    templateId: crypto.randomUUID(),
    templateVersion: 1,
    source: { kind: "counter", publicCode: "quay0001" },
    answers: t.elements.flatMap((e) => e.criteria.map((c) => ({ criterionCode: c.code, score }))),
    ...over,
  });
}

function errorsOf(fn: () => unknown): Array<{ path: string; vi: string }> {
  try {
    fn();
  } catch (err) {
    const e = err as { init?: { errors?: Array<{ path: string; message: { vi: string } }> } };
    return (e.init?.errors ?? []).map((x) => ({ path: x.path, vi: x.message.vi }));
  }
  throw new Error("expected a validation problem");
}

describe("follow-up and reason rules (scales.ts)", () => {
  it("queues Bình thường or below on 5 levels and Không hài lòng on 3 levels", () => {
    expect(followUpThreshold(5)).toBe(3);
    expect(followUpThreshold(3)).toBe(1);
  });

  it("requires a reason only for the quick form's Không hài lòng", () => {
    expect(reasonRequired([3, 2, 1], 3)).toBe(true);
    expect(reasonRequired([3, 2, 2], 3)).toBe(false);
    expect(reasonRequired([1, 1, 1], 5)).toBe(false);
  });

  it("shows dates as dd/mm/yyyy in Asia/Ho_Chi_Minh", () => {
    expect(formatDate(new Date("2026-01-14T18:30:00Z"))).toBe("15/01/2026");
  });
});

describe("checkAnswers", () => {
  it("takes the quick form's overall score from its overall criterion", () => {
    const checked = checkAnswers(loaded(QUICK_COUNTER_TEMPLATE), request(QUICK_COUNTER_TEMPLATE, 2, { overall: 3 }));
    expect(checked.overall).toBe(2);
    expect(checked.answers).toHaveLength(8);
  });

  it("asks for a reason when any quick answer is Không hài lòng", () => {
    const t = QUICK_COUNTER_TEMPLATE;
    const answers = request(t, 3).answers.map((a) => (a.criterionCode === "ind3" ? { ...a, score: 1 } : a));
    expect(errorsOf(() => checkAnswers(loaded(t), request(t, 3, { answers })))).toEqual([
      { path: "reason", vi: "Vui lòng cho biết lý do Ông/Bà không hài lòng." },
    ]);
    expect(checkAnswers(loaded(t), request(t, 3, { answers, reason: "Phải đi lại ba lần." })).overall).toBe(3);
  });

  it("reports unknown, repeated and out-of-scale answers by position, missing ones by code", () => {
    const t = QUICK_COUNTER_TEMPLATE;
    const answers = [
      { criterionCode: "ind1", score: 3 },
      { criterionCode: "ind1", score: 2 },
      { criterionCode: "khong_co", score: 2 },
      { criterionCode: "ind2", score: 4 },
    ];
    expect(errorsOf(() => checkAnswers(loaded(t), request(t, 3, { answers })))).toEqual([
      { path: "answers.1.criterionCode", vi: "Nội dung này được đánh giá hai lần." },
      { path: "answers.2.criterionCode", vi: "Nội dung này không có trong phiếu đánh giá." },
      { path: "answers.3.score", vi: "Mức đánh giá không hợp lệ." },
      { path: "answers.ind3", vi: "Vui lòng đánh giá nội dung này." },
      { path: "answers.ind4", vi: "Vui lòng đánh giá nội dung này." },
      { path: "answers.ind6", vi: "Vui lòng đánh giá nội dung này." },
      { path: "answers.ind7", vi: "Vui lòng đánh giá nội dung này." },
      { path: "answers.convenience", vi: "Vui lòng đánh giá nội dung này." },
      { path: "answers.overall", vi: "Vui lòng đánh giá nội dung này." },
    ]);
  });

  it("accepts element satisfaction on SIPAS only", () => {
    const sipas = checkAnswers(
      loaded(SIPAS_TEMPLATE),
      request(SIPAS_TEMPLATE, 4, { overall: 4, elementScores: [{ elementCode: "e2", score: 2 }] }),
    );
    expect(sipas.elementScores).toEqual([{ element_id: "e-e2", score: 2 }]);
    expect(sipas.scores).toContain(2);
    expect(
      errorsOf(() =>
        checkAnswers(
          loaded(QUICK_COUNTER_TEMPLATE),
          request(QUICK_COUNTER_TEMPLATE, 3, { elementScores: [{ elementCode: "tthc", score: 2 }] }),
        ),
      ),
    ).toEqual([{ path: "elementScores.0.elementCode", vi: "Nội dung này không có trong phiếu đánh giá." }]);
  });

  it("refuses a contact accepted under a consent wording the server does not know", () => {
    const contact = { text: "0912345678", consent: true, consentVersion: "2019-01" };
    expect(
      errorsOf(() => checkAnswers(loaded(SIPAS_TEMPLATE), request(SIPAS_TEMPLATE, 2, { overall: 2, contact }))),
    ).toEqual([
      { path: "contact.consentVersion", vi: "Phiếu đánh giá đã thay đổi, vui lòng tải lại trang và đánh giá lại." },
    ]);
  });
});

describe("rate-limit verdicts", () => {
  const now = new Date("2026-11-23T05:05:30Z");
  const result = (count: number, limit: number, windowSeconds = 600): LimitResult => ({
    rule: { bucket: "b", windowSeconds, limit },
    count,
    resetAt: new Date(windowStart(now, windowSeconds).getTime() + windowSeconds * 1000),
  });

  it("aligns windows to multiples of their length", () => {
    expect(windowStart(now, 600).toISOString()).toBe("2026-11-23T05:00:00.000Z");
    expect(windowStart(now, 60).toISOString()).toBe("2026-11-23T05:05:00.000Z");
  });

  it("is fine up to the limit, flags above it and refuses above limit × factor until the window ends", () => {
    expect(judge([result(3, 3)], 5, now)).toEqual({ kind: "ok" });
    expect(judge([result(4, 3)], 5, now).kind).toBe("over");
    expect(judge([result(15, 3)], 5, now).kind).toBe("over");
    expect(judge([result(16, 3)], 5, now)).toMatchObject({ kind: "far-over", retryAfterSeconds: 270 });
    expect(judge([result(1, 20, 60), result(4, 3)], 5, now)).toMatchObject({
      kind: "over",
      exceeded: [{ count: 4 }],
    });
  });
});
