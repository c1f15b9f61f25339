import { z } from "zod";
import {
  type SurveyDraftUpdate,
  SurveyTemplateDetailSchema,
  SurveyTemplateListSchema,
} from "../../schema/api/admin-surveys";
import { RoutingRuleListSchema, RoutingRuleSchema, type RoutingRuleUpdate } from "../../schema/api/cases";
import { apiGet, apiSend, type RequestOptions } from "./client";

/**
 * Survey templates (/api/admin/survey-templates) and case routing rules
 * (/api/staff/cases/routing-rules) for the administration pages. The CSRF token is added by the
 * client.
 */

const id = (value: string) => encodeURIComponent(value);
const Nothing = z.undefined();

export function listSurveyTemplates(options?: RequestOptions) {
  return apiGet("/api/admin/survey-templates", SurveyTemplateListSchema, options);
}

export function getSurveyTemplate(templateId: string, options?: RequestOptions) {
  return apiGet(`/api/admin/survey-templates/${id(templateId)}`, SurveyTemplateDetailSchema, options);
}

/** A draft copy of a version (the next version number). */
export function createSurveyDraft(fromId: string) {
  return apiSend("POST", `/api/admin/survey-templates/${id(fromId)}/drafts`, {}, SurveyTemplateDetailSchema);
}

export function saveSurveyDraft(templateId: string, body: SurveyDraftUpdate) {
  return apiSend("PUT", `/api/admin/survey-templates/${id(templateId)}`, body, SurveyTemplateDetailSchema);
}

export function deleteSurveyDraft(templateId: string) {
  return apiSend("DELETE", `/api/admin/survey-templates/${id(templateId)}`, undefined, Nothing);
}

export function publishSurveyDraft(templateId: string) {
  return apiSend("POST", `/api/admin/survey-templates/${id(templateId)}/publish`, {}, SurveyTemplateDetailSchema);
}

export function retireSurveyVersion(templateId: string) {
  return apiSend("POST", `/api/admin/survey-templates/${id(templateId)}/retire`, {}, SurveyTemplateDetailSchema);
}

export function listRoutingRules(options?: RequestOptions) {
  return apiGet("/api/staff/cases/routing-rules", RoutingRuleListSchema, options);
}

export function createRoutingRule(body: {
  caseKind: string | null;
  sourceUnitId: string | null;
  procedureId: string | null;
  handlingUnitId: string;
  note?: string;
}) {
  return apiSend("POST", "/api/staff/cases/routing-rules", body, RoutingRuleSchema);
}

export function updateRoutingRule(ruleId: string, body: RoutingRuleUpdate) {
  return apiSend("PATCH", `/api/staff/cases/routing-rules/${id(ruleId)}`, body, RoutingRuleSchema);
}
