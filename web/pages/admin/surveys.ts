import type { Counter } from "../../../schema/api/admin";
import type { SurveyName } from "../../api/admin";
import { listSurveyTemplates } from "../../api/admin-surveys";
import { surveyChoices } from "./survey-choices";

/**
 * The surveys the counter pages offer and name: the agency's real list of templates
 * (/api/admin/survey-templates), reduced to each code's current version and the versions the
 * counters use (see `surveyChoices`).
 */
export async function surveysInUse(counters: readonly Counter[], signal?: AbortSignal): Promise<SurveyName[]> {
  const { templates } = await listSurveyTemplates({ signal });
  return surveyChoices(templates, counters);
}
