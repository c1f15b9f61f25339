import { describe, expect, it } from "vitest";
import type { SurveyTemplateGroup } from "../../schema/api/admin-surveys";
import { QUICK_COUNTER_TEMPLATE, SIPAS_TEMPLATE, type StandardTemplate } from "../../schema/surveys/standard-templates";
import { surveyChoices } from "../../web/pages/admin/survey-choices";
import { citizenPreview, type PreviewInput } from "../../web/pages/admin/survey-preview";
import type { Config } from "../../worker/env";
import type { LoadedTemplate } from "../../worker/ratings/ratings.queries";
import { buildSurveyDefinition } from "../../worker/ratings/ratings.service";

/**
 * The admin's preview of a survey (web/pages/admin/survey-preview.ts) says what the citizen's
 * page will ask: the same wording the API's survey definition gives, standard sentences
 * included; and the counter form offers each code's current version plus the versions in use.
 */

const config = { TURNSTILE_SECRET: undefined, TURNSTILE_SITE_KEY: undefined } as unknown as Config;
const ID = "5f0e2d1c-3b4a-4c5d-8e6f-7a8b9c0d1e2f";

function loaded(t: StandardTemplate, overall: string | null): LoadedTemplate {
  return {
    template: {
      id: ID,
      agency_id: "a",
      code: t.code,
      version: 1,
      kind: t.kind,
      name: t.name,
      name_en: t.nameEn,
      scale_levels: t.scaleLevels,
      active: true,
      published_at: new Date(),
      created_at: new Date(),
      overall_question: overall,
      overall_question_en: null,
      overall_criterion_code: t.overallQuestion.criterionCode ?? null,
      expectations_question: null,
      expectations_question_en: null,
      expectations_max: t.expectations?.maxChoices ?? 3,
    },
    elements: t.elements.map((e, i) => ({
      id: `e-${e.code}`,
      agency_id: "a",
      template_id: ID,
      position: i + 1,
      code: e.code,
      name: e.name,
      name_en: e.nameEn,
    })),
    criteria: t.elements.flatMap((e) =>
      e.criteria.map((c, j) => ({
        id: `c-${c.code}`,
        agency_id: "a",
        template_id: ID,
        element_id: `e-${e.code}`,
        position: j + 1,
        code: c.code,
        text: c.text,
        text_en: c.textEn,
        required: c.required,
      })),
    ),
    options: (t.expectations?.options ?? []).map((o, i) => ({
      id: `o-${o.code}`,
      agency_id: "a",
      template_id: ID,
      position: i + 1,
      code: o.code,
      text: o.label,
      text_en: o.labelEn,
    })),
  };
}

function previewInput(t: StandardTemplate, overall: string | null): PreviewInput {
  return {
    kind: t.kind,
    overallCriterionCode: t.overallQuestion.criterionCode ?? null,
    overallQuestion: overall ? { vi: overall, en: null } : null,
    elements: t.elements.map((e) => ({
      code: e.code,
      name: { vi: e.name, en: e.nameEn },
      criteria: e.criteria.map((c) => ({ code: c.code, text: { vi: c.text, en: c.textEn }, required: c.required })),
    })),
    expectations: {
      question: null,
      max: t.expectations?.maxChoices ?? 3,
      options: (t.expectations?.options ?? []).map((o) => ({ code: o.code, text: { vi: o.label, en: o.labelEn } })),
    },
  };
}

describe("the citizen preview of a survey template", () => {
  it.each([
    ["SIPAS", SIPAS_TEMPLATE],
    ["quick", QUICK_COUNTER_TEMPLATE],
  ] as const)("asks what the API's %s survey definition asks, in the same order and words", (_, t) => {
    const def = buildSurveyDefinition(loaded(t, null), config);
    const preview = citizenPreview(previewInput(t, null));
    expect(preview.sections.map((s) => s.title.vi)).toEqual(def.elements.map((e) => e.name.vi));
    preview.sections.forEach((s, i) => {
      const e = def.elements[i]!;
      const expected = e.criteria.map((c) => c.text.vi);
      if (e.satisfactionQuestion) expected.push(e.satisfactionQuestion.vi);
      expect(s.questions.map((q) => q.text.vi)).toEqual(expected);
    });
    if (def.overall.criterionCode === null) expect(preview.overall?.vi).toBe(def.overall.question.vi);
    else expect(preview.overall).toBeNull();
    expect(preview.expectations?.question.vi ?? null).toBe(def.expectations?.question.vi ?? null);
    expect(preview.expectations?.options.map((o) => o.vi) ?? []).toEqual(
      def.expectations?.options.map((o) => o.text.vi) ?? [],
    );
  });

  it("shows an agency's own overall question for SIPAS and marks the quick form's overall criterion as required", () => {
    const own = "Ông/Bà đánh giá chung về Sở như thế nào?";
    expect(citizenPreview(previewInput(SIPAS_TEMPLATE, own)).overall?.vi).toBe(
      buildSurveyDefinition(loaded(SIPAS_TEMPLATE, own), config).overall.question.vi,
    );
    const input = previewInput(QUICK_COUNTER_TEMPLATE, null);
    input.elements[1]!.criteria[1]!.required = false;
    const overall = citizenPreview(input).sections[1]?.questions.find((q) => q.key === "c:overall");
    expect(overall?.required).toBe(true);
  });
});

describe("the survey choices of the counter form", () => {
  const version = (id: string, v: number, status: "draft" | "published", active = true) => ({
    id,
    code: "quick",
    version: v,
    kind: "quick" as const,
    name: { vi: `Đánh giá nhanh v${v}`, en: null },
    status,
    publishedAt: status === "published" ? "2026-11-22T08:00:00.000Z" : null,
    active,
    createdAt: "2026-11-22T08:00:00.000Z",
    counters: [],
    submissionCount: 0,
  });
  const ids = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"] as const;
  const draftId = "00000000-0000-4000-8000-000000000003";
  const groups: SurveyTemplateGroup[] = [
    {
      code: "quick",
      kind: "quick",
      name: { vi: "Đánh giá nhanh", en: null },
      currentId: ids[1],
      draftId,
      versions: [version(draftId, 3, "draft"), version(ids[1], 2, "published"), version(ids[0], 1, "published")],
    },
  ];
  const counter = (surveyTemplateId: string | null) => ({
    id: "00000000-0000-4000-8000-0000000000aa",
    code: "Q1",
    publicCode: "khcn68quay1",
    name: "Quầy số 1",
    location: null,
    unitId: "00000000-0000-4000-8000-0000000000bb",
    surveyTemplateId,
    active: true,
    createdAt: "2026-11-22T08:00:00.000Z",
  });

  it("offers each code's current version, never a draft", () => {
    expect(surveyChoices(groups, [counter(null)]).map((s) => s.version)).toEqual([2]);
  });

  it("also names an older version a counter still uses", () => {
    expect(surveyChoices(groups, [counter(ids[0])]).map((s) => s.version)).toEqual([2, 1]);
  });
});
