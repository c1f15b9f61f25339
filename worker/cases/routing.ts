/**
 * Which unit handles a new case. Pure: the caller loads the agency's rules, settings and units.
 *
 * Order: the agency's routing rules (most specific wins: procedure, then the unit concerned,
 * then the kind); then the agency setting `settings.caseRouting[kind].unitCode`; then a default:
 * complaints and denunciations go to a unit of kind "inspectorate", else to the office.
 *
 * Nothing names "Thanh tra Sở" in law any more: since 01/07/2025 (Luật Thanh tra 84/2025/QH15)
 * inspection is organised at the Government and the province only, while the Director keeps the
 * competence to resolve complaints and denunciations (Luật Khiếu nại Art. 20, Luật Tố cáo
 * Art. 13). So the recipient is a setting each agency makes: its office, a designated unit, or
 * (for the investigation work) the provincial inspectorate through a forward.
 */
import type { CaseKind, UnitKind } from "../../schema/db/database";

export interface RoutingRule {
  id: string;
  caseKind: CaseKind | null;
  sourceUnitId: string | null;
  procedureId: string | null;
  handlingUnitId: string;
  active: boolean;
}

export interface RoutingUnit {
  id: string;
  code: string;
  kind: UnitKind;
  active: boolean;
}

export interface RoutingRequest {
  kind: CaseKind;
  /** The unit the case concerns: the counter's or the file's unit. */
  sourceUnitId: string | null;
  procedureId: string | null;
}

export interface RoutingDecision {
  unitId: string | null;
  by: "rule" | "setting" | "default";
  ruleId?: string;
}

function specificity(rule: RoutingRule): number {
  return (rule.procedureId ? 4 : 0) + (rule.sourceUnitId ? 2 : 0) + (rule.caseKind ? 1 : 0);
}

/** The most specific active rule matching the request, or null. */
export function matchRule(rules: readonly RoutingRule[], request: RoutingRequest): RoutingRule | null {
  let best: RoutingRule | null = null;
  for (const rule of rules) {
    if (!rule.active) continue;
    if (rule.caseKind && rule.caseKind !== request.kind) continue;
    if (rule.sourceUnitId && rule.sourceUnitId !== request.sourceUnitId) continue;
    if (rule.procedureId && rule.procedureId !== request.procedureId) continue;
    if (!best || specificity(rule) > specificity(best)) best = rule;
  }
  return best;
}

/** The unit code `settings.caseRouting[kind].unitCode`, if the agency set one. */
export function settingUnitCode(settings: unknown, kind: CaseKind): string | null {
  const routing = (settings as { caseRouting?: Record<string, { unitCode?: unknown }> } | null)?.caseRouting;
  const code = routing?.[kind]?.unitCode;
  return typeof code === "string" && code ? code : null;
}

export function routeCase(
  request: RoutingRequest,
  rules: readonly RoutingRule[],
  settings: unknown,
  units: readonly RoutingUnit[],
): RoutingDecision {
  const active = units.filter((u) => u.active);
  const rule = matchRule(rules, request);
  if (rule && active.some((u) => u.id === rule.handlingUnitId)) {
    return { unitId: rule.handlingUnitId, by: "rule", ruleId: rule.id };
  }
  const code = settingUnitCode(settings, request.kind);
  const bySetting = code ? active.find((u) => u.code === code) : undefined;
  if (bySetting) return { unitId: bySetting.id, by: "setting" };
  const preferred: UnitKind[] = request.kind === "petition" ? ["office"] : ["inspectorate", "office"];
  for (const kind of preferred) {
    const unit = active.find((u) => u.kind === kind);
    if (unit) return { unitId: unit.id, by: "default" };
  }
  return { unitId: active[0]?.id ?? null, by: "default" };
}
