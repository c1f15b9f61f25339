import { describe, expect, it } from "vitest";
import { PublicCounterSchema } from "../../schema/api/public";
import {
  RatingFileSchema,
  type RatingSource,
  SubmissionReceiptSchema,
  SubmissionRequestSchema,
  type SurveyDefinition,
  SurveyDefinitionSchema,
} from "../../schema/api/ratings";
import { QUICK_COUNTER_TEMPLATE, SIPAS_TEMPLATE, type StandardTemplate } from "../../schema/surveys/standard-templates";
import { isPublicCounter, isRatingFile, isSubmissionReceipt, isSurveyDefinition } from "../../web/api/citizen-contract";
import {
  buildRequest,
  emptyForm,
  type FormState,
  fieldOfApiPath,
  hasLowAnswer,
  newIdempotencyKey,
  reasonNeeded,
  stepOfField,
  stepsOf,
  validate,
} from "../../web/pages/rate/form-model";
import type { Config } from "../../worker/env";
import type { LoadedTemplate } from "../../worker/ratings/ratings.queries";
import { buildSurveyDefinition, checkAnswers } from "../../worker/ratings/ratings.service";

/**
 * The citizen's rating form as data (web/pages/rate/form-model.ts) against the real survey
 * definition the API serves and the real server-side checks: what the page lets through, the
 * API accepts; what the page refuses, it words before anything is sent. And the zod-free
 * contract checks of the citizen path (web/api/citizen-contract.ts) agree with the zod schemas.
 */

const TEMPLATE_ID = "5f0e2d1c-3b4a-4c5d-8e6f-7a8b9c0d1e2f";
const config = { TURNSTILE_SECRET: undefined, TURNSTILE_SITE_KEY: undefined } as unknown as Config;
const source: RatingSource = { kind: "counter", publicCode: "khcn68quay1" };

function loaded(t: StandardTemplate): LoadedTemplate {
  const agency_id = "a";
  const elements = t.elements.map((e, i) => ({
    id: `e-${e.code}`,
    agency_id,
    template_id: TEMPLATE_ID,
    position: i + 1,
    code: e.code,
    name: e.name,
    name_en: e.nameEn,
  }));
  const criteria = t.elements.flatMap((e) =>
    e.criteria.map((c, j) => ({
      id: `c-${c.code}`,
      agency_id,
      template_id: TEMPLATE_ID,
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
    template_id: TEMPLATE_ID,
    position: i + 1,
    code: o.code,
    text: o.label,
    text_en: o.labelEn,
  }));
  return {
    template: {
      id: TEMPLATE_ID,
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

const quick = buildSurveyDefinition(loaded(QUICK_COUNTER_TEMPLATE), config);
const sipas = buildSurveyDefinition(loaded(SIPAS_TEMPLATE), config);

/** Every criterion answered with `score` (optional ones included). */
function answered(def: SurveyDefinition, score: number, over: Partial<FormState> = {}): FormState {
  const answers: Record<string, number> = {};
  for (const e of def.elements) for (const c of e.criteria) answers[c.code] = score;
  return { ...emptyForm(), answers, ...over };
}

/** What the server's own checks say about the request the page builds. */
function serverAccepts(def: SurveyDefinition, state: FormState, t: StandardTemplate) {
  const body = SubmissionRequestSchema.parse(buildRequest(def, state, source, newIdempotencyKey()));
  return checkAnswers(loaded(t), body);
}

describe("the quick counter form", () => {
  it("is one step whose overall question is the “Đánh giá tổng thể dịch vụ” criterion, not asked twice", () => {
    expect(stepsOf(quick)).toEqual([{ kind: "all" }]);
    expect(quick.overall.criterionCode).toBe("overall");
    const state = answered(quick, 3);
    expect(validate(quick, state)).toEqual([]);
    const body = buildRequest(quick, state, source, newIdempotencyKey());
    expect(body.overall).toBeUndefined();
    expect(serverAccepts(quick, state, QUICK_COUNTER_TEMPLATE).overall).toBe(3);
  });

  it("names every unanswered required criterion, in screen order", () => {
    const state = answered(quick, 2);
    delete state.answers.ind3;
    delete state.answers.overall;
    expect(validate(quick, state)).toEqual([
      { field: "c:ind3", problem: "required" },
      { field: "c:overall", problem: "required" },
    ]);
  });

  it("requires a reason for any “Không hài lòng” and sends it; a contact only with the consent", () => {
    const low = answered(quick, 2, { answers: { ...answered(quick, 2).answers, ind7: 1 } });
    expect(hasLowAnswer(quick, low)).toBe(true);
    expect(reasonNeeded(quick, low)).toBe(true);
    expect(validate(quick, low)).toEqual([{ field: "reason", problem: "reason_required" }]);

    const withContact = { ...low, reason: " Phải chờ quá lâu. ", contact: "0912 345 678" };
    expect(validate(quick, withContact)).toEqual([{ field: "consent", problem: "consent_required" }]);
    const consented = { ...withContact, consent: true };
    expect(validate(quick, consented)).toEqual([]);
    const body = buildRequest(quick, consented, source, newIdempotencyKey());
    expect(body.reason).toBe("Phải chờ quá lâu.");
    // The reason is the quick form's "what went wrong": stored once, on the submission.
    expect(body.whatWentWrong).toBeUndefined();
    expect(body.contact).toEqual({ text: "0912 345 678", consent: true, consentVersion: "2026-11" });
    expect(() => serverAccepts(quick, consented, QUICK_COUNTER_TEMPLATE)).not.toThrow();
  });

  it("drops the reason and the contact when the citizen raises the low answer again", () => {
    const state = answered(quick, 3, { reason: "Chờ lâu", contact: "0912 345 678", consent: true });
    const body = buildRequest(quick, state, source, newIdempotencyKey());
    expect(body.reason).toBeUndefined();
    expect(body.contact).toBeUndefined();
  });

  it("sends the honeypot only when something filled it, under the name the API expects", () => {
    expect(buildRequest(quick, answered(quick, 3), source, "k")).not.toHaveProperty("website");
    const bot = buildRequest(quick, answered(quick, 3, { honeypot: "http://spam.example" }), source, "k");
    expect(bot).toHaveProperty("website", "http://spam.example");
  });
});

describe("the SIPAS form", () => {
  it("has one part per element, then overall and expectations, then the optional questions", () => {
    expect(stepsOf(sipas).map((s) => s.kind)).toEqual([
      "element",
      "element",
      "element",
      "element",
      "element",
      "overall",
      "finish",
    ]);
    expect(stepOfField(sipas, "c:e3c2")).toBe(2);
    expect(stepOfField(sipas, "e:e4")).toBe(3);
    expect(stepOfField(sipas, "expectations")).toBe(5);
    expect(stepOfField(sipas, "contact")).toBe(6);
  });

  it("checks a part on its own: element 5 (feedback) is optional", () => {
    const steps = stepsOf(sipas);
    const state = answered(sipas, 4);
    for (const c of SIPAS_TEMPLATE.elements[4]!.criteria) delete state.answers[c.code];
    expect(validate(sipas, state, steps[4])).toEqual([]);
    delete state.answers.e1c2;
    expect(validate(sipas, state, steps[0])).toEqual([{ field: "c:e1c2", problem: "required" }]);
    expect(validate(sipas, state, steps[5])).toEqual([{ field: "overall", problem: "required" }]);
  });

  it("builds what the API accepts: overall, element satisfaction, up to 3 expectations, what went wrong", () => {
    const state = answered(sipas, 4, {
      overall: 4,
      elementScores: { e2: 5, e3: 3 },
      expectations: ["shorter_time", "simplify"],
      whatWentWrong: "Phải chờ lâu.",
      respondentKind: "individual",
      ageBand: "45_59",
    });
    expect(hasLowAnswer(sipas, state)).toBe(true); // the element at "Bình thường"
    expect(reasonNeeded(sipas, state)).toBe(false); // SIPAS never requires a reason
    const body = buildRequest(sipas, state, source, newIdempotencyKey());
    expect(body).toMatchObject({
      overall: 4,
      elementScores: [
        { elementCode: "e2", score: 5 },
        { elementCode: "e3", score: 3 },
      ],
      expectations: ["shorter_time", "simplify"],
      whatWentWrong: "Phải chờ lâu.",
      respondent: { kind: "individual", ageBand: "45_59" },
    });
    expect(body.reason).toBeUndefined();
    const checked = serverAccepts(sipas, state, SIPAS_TEMPLATE);
    expect(checked.overall).toBe(4);
    expect(checked.expectationOptionIds).toEqual(["o-shorter_time", "o-simplify"]);
  });

  it("refuses more expectations than allowed, as the API does", () => {
    const state = answered(sipas, 5, { overall: 5, expectations: ["a", "b", "c", "d"] });
    expect(validate(sipas, state, stepsOf(sipas)[5])).toEqual([{ field: "expectations", problem: "too_many" }]);
  });

  it("maps the API's 422 field paths onto the form's fields", () => {
    const body = buildRequest(sipas, answered(sipas, 4, { overall: 4, elementScores: { e1: 9 } }), source, "k");
    expect(fieldOfApiPath(sipas, "answers.e2c1", body)).toBe("c:e2c1");
    expect(fieldOfApiPath(sipas, "answers.3.score", body)).toBe(`c:${body.answers[3]!.criterionCode}`);
    expect(fieldOfApiPath(sipas, "elementScores.0.score", body)).toBe("e:e1");
    expect(fieldOfApiPath(sipas, "overall", body)).toBe("overall");
    expect(fieldOfApiPath(quick, "overall", body)).toBe("c:overall");
    expect(fieldOfApiPath(sipas, "contact.consent", body)).toBe("consent");
    expect(fieldOfApiPath(sipas, "templateVersion", body)).toBeNull();
  });
});

describe("the idempotency key", () => {
  it("is a version 4 UUID the API accepts, different each time", () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(50);
    for (const key of keys)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("the zod-free contract checks of the citizen path", () => {
  const definition = SurveyDefinitionSchema.parse(sipas);
  const file = {
    agency: { code: "000.00.15.H68", name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng", shortName: null },
    file: {
      code: "000.00.15.H68-261120-0015",
      procedureName: "Cấp giấy phép",
      unitName: "Chi cục",
      status: "returned",
      receivedAt: "2026-11-16T02:00:00.000Z",
      returnedAt: "2026-11-20T03:00:00.000Z",
    },
    survey: { id: TEMPLATE_ID, kind: "quick", name: "Đánh giá nhanh", nameEn: null, version: 1 },
    alreadyRated: false,
    rateUntil: "2026-12-20T03:00:00.000Z",
  };
  const counter = {
    publicCode: "khcn68quay1",
    name: "Quầy số 1",
    location: null,
    unit: { name: "Bộ phận Một cửa" },
    agency: {
      code: "000.00.15.H68",
      name: "Sở KH&CN",
      shortName: null,
      address: null,
      hotline: "0263 3800 115",
      email: null,
      website: null,
      satisfactionTarget: 95,
      leaders: [{ title: "Giám đốc Sở", name: "Nguyễn Văn Thành", phone: "0263 3800 101", email: null }],
    },
    survey: null,
  };
  const receipt = { id: TEMPLATE_ID, receivedAt: "2026-11-20T03:00:00.000Z", followUp: true };

  it("accept what the zod schemas accept", () => {
    expect(isSurveyDefinition(definition)).toBe(true);
    expect(isSurveyDefinition(SurveyDefinitionSchema.parse(quick))).toBe(true);
    expect(RatingFileSchema.safeParse(file).success).toBe(true);
    expect(isRatingFile(file)).toBe(true);
    expect(PublicCounterSchema.safeParse(counter).success).toBe(true);
    expect(isPublicCounter(counter)).toBe(true);
    expect(SubmissionReceiptSchema.safeParse(receipt).success).toBe(true);
    expect(isSubmissionReceipt(receipt)).toBe(true);
  });

  it("refuse answers the pages could not use, as the zod schemas do", () => {
    const broken: Array<[string, unknown]> = [
      ["scale levels", { ...definition, scale: { ...definition.scale, levels: 4 } }],
      ["criteria", { ...definition, elements: [{ ...definition.elements[0], criteria: [{ code: "x" }] }] }],
      ["overall", { ...definition, overall: { question: definition.overall.question } }],
      ["consent", { ...definition, contactConsent: null }],
      ["text", { ...definition, name: { vi: 1, en: null } }],
      ["an HTML page", "<!doctype html><title>Wi-Fi login</title>"],
    ];
    for (const [what, value] of broken) {
      expect(SurveyDefinitionSchema.safeParse(value).success, what).toBe(false);
      expect(isSurveyDefinition(value), what).toBe(false);
    }
    const badFile = { ...file, file: { ...file.file, receivedAt: "hôm qua" } };
    expect(RatingFileSchema.safeParse(badFile).success).toBe(false);
    expect(isRatingFile(badFile)).toBe(false);
    expect(isSubmissionReceipt({ id: TEMPLATE_ID, followUp: true })).toBe(false);
    expect(isPublicCounter({ ...counter, agency: null })).toBe(false);
  });
});
