import type { Counter } from "../../../schema/api/admin";
import { getSurveyName, type SurveyName } from "../../api/admin";

/**
 * The survey templates the agency's counters use, with their names. Nothing lists an agency's
 * templates yet (survey templates belong to the ratings feature), so the choice offered is the
 * templates already in use; a template that cannot be read is left out.
 */
export async function surveysInUse(counters: readonly Counter[], signal?: AbortSignal): Promise<SurveyName[]> {
  const ids = [...new Set(counters.map((c) => c.surveyTemplateId).filter((id): id is string => id !== null))];
  const found = await Promise.all(ids.map((id) => getSurveyName(id, { signal }).catch(() => null)));
  return found.filter((s): s is SurveyName => s !== null);
}
