import type { Counter } from "../../../schema/api/admin";
import type { SurveyTemplateGroup, SurveyVersionSummary } from "../../../schema/api/admin-surveys";

/** A version a counter may offer (the shape of the counter pages' `SurveyName`). */
export type SurveyChoice = Pick<SurveyVersionSummary, "id" | "version" | "kind" | "name">;

/**
 * The survey versions a counter may offer, from the agency's real list of templates: for each
 * template code its current version (newest published, active), plus any other version a
 * counter still uses (so a counter's current choice is always named). Drafts and retired
 * versions not in use are not offered. Pure.
 */
export function surveyChoices(groups: readonly SurveyTemplateGroup[], counters: readonly Counter[]): SurveyChoice[] {
  const used = new Set(counters.map((c) => c.surveyTemplateId).filter((id): id is string => id !== null));
  const out: SurveyChoice[] = [];
  for (const g of groups) {
    for (const v of g.versions) {
      if (v.status !== "published") continue;
      if (v.id === g.currentId || used.has(v.id))
        out.push({ id: v.id, version: v.version, kind: v.kind, name: v.name });
    }
  }
  return out;
}
