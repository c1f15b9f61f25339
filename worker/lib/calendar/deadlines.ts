/**
 * Effective-dated deadline rules for petitions (PAKN), complaints (khiếu nại) and
 * denunciations (tố cáo), and the due date a rule gives.
 *
 * The limits are not constants: they change with the law (the time to accept a complaint went
 * from 10 to 7 working days on 01/07/2026, ND 155/2026), and an agency may have its own. Each
 * rule carries its legal basis, its confidence tag and the dates it is in force; a case stores
 * the rule it used, so its deadline can be explained after the law changes.
 */
import type { Calendar, PeriodExplanation } from "./calendar";
import type { IsoDate } from "./dates";

export const CASE_KINDS = ["petition", "complaint", "denunciation"] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/**
 * Steps with a legal limit. Free text in the table (an agency may add its own); the engine
 * only matches them. Known steps: accept, reject, resolve, resolve_complex, resolve_remote,
 * resolve_remote_complex, accept_second, resolve_second, resolve_second_complex,
 * send_decision, initial_processing, initial_processing_extended, forward, answer, publish,
 * extend, reception_answer.
 */
export type DeadlineStep = string;

export type DayType = "working" | "calendar";

/** Confidence of a rule's source, as in DOMAIN §0.1: [P] text read, [S] secondary, [I] practice, [U] unverified. */
export type Confidence = "P" | "S" | "I" | "U";

export interface DeadlineRule {
  id: string;
  /** Null: the national default; otherwise the agency's own rule, which wins over it. */
  agencyId: string | null;
  caseKind: CaseKind;
  step: DeadlineStep;
  period: number;
  dayType: DayType;
  legalBasis: string;
  confidence: Confidence;
  /** How many times the step may be used (e.g. 2 extensions of a denunciation), null: no limit stated. */
  maxTimes: number | null;
  validFrom: IsoDate;
  /** Last day in force (inclusive); null: still in force. */
  validTo: IsoDate | null;
}

export interface DueDateRequest {
  kind: CaseKind;
  step: DeadlineStep;
  /** The day of the event the period runs from (receipt, acceptance, the previous due date…). */
  start: IsoDate;
  /** The agency handling the case; its own rule wins over the national one. */
  agencyId?: string | null;
}

export interface DueDate {
  due: IsoDate;
  rule: DeadlineRule;
  explanation: PeriodExplanation;
}

/** No rule is in force for this kind, step and date: the rules table needs a row. */
export class NoDeadlineRuleError extends Error {
  constructor(readonly request: DueDateRequest) {
    super(`no deadline rule in force for ${request.kind}/${request.step} on ${request.start}`);
    this.name = "NoDeadlineRuleError";
  }
}

function inForce(rule: DeadlineRule, on: IsoDate): boolean {
  return rule.validFrom <= on && (rule.validTo === null || on <= rule.validTo);
}

/**
 * The rule in force on `request.start` for the kind and step: the agency's own rule if it has
 * one in force that day, else the national one; null when there is none. Rules of one
 * (agency, kind, step) never overlap in time (the table forbids it), so at most one matches.
 */
export function ruleInForce(rules: readonly DeadlineRule[], request: DueDateRequest): DeadlineRule | null {
  const matching = rules.filter(
    (r) => r.caseKind === request.kind && r.step === request.step && inForce(r, request.start),
  );
  const own = request.agencyId ? matching.find((r) => r.agencyId === request.agencyId) : undefined;
  return own ?? matching.find((r) => r.agencyId === null) ?? null;
}

/**
 * The due date of a step of a case: the rule in force on the start date (a complaint received
 * on 30/06/2026 keeps the 10-working-day limit to accept it; one received on 01/07/2026 gets
 * 7, ND 155/2026), applied on the agency's calendar: working days counted from the day after
 * the start, or calendar days with the BLDS 2015 Art. 148 roll-forward.
 *
 * @throws NoDeadlineRuleError when no rule is in force.
 */
export function dueDate(rules: readonly DeadlineRule[], calendar: Calendar, request: DueDateRequest): DueDate {
  const rule = ruleInForce(rules, request);
  if (!rule) throw new NoDeadlineRuleError(request);
  const explanation =
    rule.dayType === "working"
      ? calendar.explainWorkingDays(request.start, rule.period)
      : calendar.explainCalendarDays(request.start, rule.period);
  return { due: explanation.due, rule, explanation };
}
