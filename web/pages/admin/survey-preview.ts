import type { LocalText, SurveyKind } from "../../../schema/api/admin-surveys";

/**
 * The questions a citizen reads on a counter's rating page, built from a template's wording the
 * way the API builds the survey definition (worker/ratings/ratings.service.ts
 * `buildSurveyDefinition`): the same standard sentences when a wording is left blank. Pure, so
 * the admin's preview follows what is typed before anything is saved.
 */

export interface PreviewInput {
  kind: SurveyKind;
  elements: { code: string; name: LocalText; criteria: { code: string; text: LocalText; required: boolean }[] }[];
  overallQuestion: LocalText | null;
  overallCriterionCode: string | null;
  expectations: { question: LocalText | null; max: number; options: { code: string; text: LocalText }[] };
}

export interface PreviewQuestion {
  key: string;
  text: LocalText;
  required?: boolean;
}

export interface PreviewSection {
  code: string;
  title: LocalText;
  questions: PreviewQuestion[];
}

export interface Preview {
  sections: PreviewSection[];
  overall: LocalText | null;
  expectations: { question: LocalText; options: LocalText[] } | null;
}

const blank = (t: LocalText | null | undefined): boolean => !t || t.vi.trim() === "";
const clean = (t: LocalText): LocalText => ({ vi: t.vi.trim(), en: t.en?.trim() ? t.en.trim() : null });

export function citizenPreview(input: PreviewInput): Preview {
  const sections = input.elements.map((e) => {
    const questions: PreviewQuestion[] = e.criteria.map((c) => ({
      key: `c:${c.code}`,
      text: clean(c.text),
      // The criterion that carries the overall rating is always asked (web/pages/rate/form-model.ts).
      required: c.required || c.code === input.overallCriterionCode,
    }));
    if (input.kind === "sipas") {
      const name = clean(e.name);
      questions.push({
        key: `e:${e.code}`,
        text: {
          vi: `Mức độ hài lòng của Ông/Bà về: ${name.vi}`,
          en: name.en ? `Your satisfaction with: ${name.en}` : null,
        },
      });
    }
    return { code: e.code, title: clean(e.name), questions };
  });
  // The quick form's overall question is one of its criteria: asked once, in its element.
  const overall = input.overallCriterionCode
    ? null
    : input.overallQuestion && !blank(input.overallQuestion)
      ? clean(input.overallQuestion)
      : {
          vi: "Nhìn chung, Ông/Bà hài lòng như thế nào về sự phục vụ của cơ quan?",
          en: "Overall, how satisfied are you with the agency's service?",
        };
  const options = input.expectations.options.map((o) => clean(o.text));
  const max = input.expectations.max;
  const expectations =
    options.length === 0
      ? null
      : {
          question:
            input.expectations.question && !blank(input.expectations.question)
              ? clean(input.expectations.question)
              : {
                  vi: `Ông/Bà mong muốn cơ quan cần cải thiện những nội dung nào? (chọn tối đa ${max} nội dung)`,
                  en: `What should the agency improve first? (choose up to ${max})`,
                },
          options,
        };
  return { sections, overall, expectations };
}
