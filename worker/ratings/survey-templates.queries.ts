import type { SurveyTemplateRow } from "../../schema/db/database";
import type { StandardTemplate } from "../../schema/surveys/standard-templates";
import type { Db } from "../db";

/**
 * Stores a survey template (e.g. one of `STANDARD_TEMPLATES`) as a version of an agency's
 * survey: the template row, its elements and criteria in order, and its expectation options.
 * Works inside or outside a transaction: the overall-criterion link and the publication are set
 * last, in one update, so no reader (nor the rating path's per-isolate cache) ever sees a
 * published version without all its parts.
 */
export async function insertSurveyTemplate(
  db: Db,
  agencyId: string,
  t: StandardTemplate,
  over: { version?: number; publishedAt?: Date | null; active?: boolean } = {},
): Promise<SurveyTemplateRow> {
  const template = await db
    .insertInto("survey_templates")
    .values({
      agency_id: agencyId,
      code: t.code,
      version: over.version ?? t.version,
      kind: t.kind,
      name: t.name,
      name_en: t.nameEn,
      scale_levels: t.scaleLevels,
      active: over.active ?? true,
      published_at: null,
      overall_question: t.overallQuestion.text,
      overall_question_en: t.overallQuestion.textEn,
      expectations_question: t.expectations?.question ?? null,
      expectations_question_en: t.expectations?.questionEn ?? null,
      expectations_max: t.expectations?.maxChoices ?? 3,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const [i, e] of t.elements.entries()) {
    const element = await db
      .insertInto("survey_elements")
      .values({
        agency_id: agencyId,
        template_id: template.id,
        position: i + 1,
        code: e.code,
        name: e.name,
        name_en: e.nameEn,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (e.criteria.length === 0) continue;
    await db
      .insertInto("survey_criteria")
      .values(
        e.criteria.map((c, j) => ({
          agency_id: agencyId,
          template_id: template.id,
          element_id: element.id,
          position: j + 1,
          code: c.code,
          text: c.text,
          text_en: c.textEn,
          required: c.required,
        })),
      )
      .execute();
  }
  const options = t.expectations?.options ?? [];
  if (options.length > 0) {
    await db
      .insertInto("survey_expectation_options")
      .values(
        options.map((o, i) => ({
          agency_id: agencyId,
          template_id: template.id,
          position: i + 1,
          code: o.code,
          text: o.label,
          text_en: o.labelEn,
        })),
      )
      .execute();
  }
  const publishedAt = over.publishedAt === undefined ? new Date() : over.publishedAt;
  if (!t.overallQuestion.criterionCode && publishedAt === null) return template;
  return db
    .updateTable("survey_templates")
    .set({
      published_at: publishedAt,
      ...(t.overallQuestion.criterionCode && { overall_criterion_code: t.overallQuestion.criterionCode }),
    })
    .where("agency_id", "=", agencyId)
    .where("id", "=", template.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
