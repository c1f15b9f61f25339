import type { RatingSource, SubmissionRequest, SurveyDefinition } from "../../../schema/api/ratings";

/**
 * The rating form as data (pure: no DOM, no i18n; test/unit/rating-form.test.ts). What the
 * citizen chose, which fields are in error, the steps of the long SIPAS form, and the request
 * body the API expects (docs/api-ratings.md). The API checks everything again; these checks let
 * the page say what is missing before anything is sent, in the citizen's language.
 */

export type RespondentKind = "individual" | "organisation";
export type AgeBand = "under_30" | "30_44" | "45_59" | "60_plus";
export type Gender = "female" | "male" | "other";

export interface FormState {
  /** criterion code → score (1 = lowest on the survey's own scale). */
  answers: Record<string, number>;
  /** SIPAS: element code → satisfaction score (optional). */
  elementScores: Record<string, number>;
  /** The overall question when it is not a criterion (SIPAS). */
  overall: number | null;
  /** Chosen improvement areas (codes), at most `expectations.max`. */
  expectations: string[];
  /** Quick form: why "Không hài lòng" (required then). */
  reason: string;
  /** SIPAS: what went wrong (optional, offered with a low answer). */
  whatWentWrong: string;
  /** Optional phone or e-mail, sent only with the consent ticked. */
  contact: string;
  consent: boolean;
  respondentKind: RespondentKind | null;
  ageBand: AgeBand | null;
  gender: Gender | null;
  /** The honeypot: a person never sees it. */
  honeypot: string;
}

export function emptyForm(): FormState {
  return {
    answers: {},
    elementScores: {},
    overall: null,
    expectations: [],
    reason: "",
    whatWentWrong: "",
    contact: "",
    consent: false,
    respondentKind: null,
    ageBand: null,
    gender: null,
    honeypot: "",
  };
}

/** Field ids: `c:<criterion>`, `e:<element>`, `overall`, `expectations`, `reason`, `contact`, `consent`. */
export type FieldId = string;
export const criterionField = (code: string): FieldId => `c:${code}`;
export const elementField = (code: string): FieldId => `e:${code}`;

/** Why a field is in error; the page words it (same wording as the API's messages). */
export type FieldProblem = "required" | "reason_required" | "too_many" | "consent_required" | "contact_short";

export interface FieldError {
  field: FieldId;
  problem: FieldProblem;
}

export type Step =
  | { kind: "element"; index: number; code: string }
  | { kind: "overall" }
  | { kind: "finish" }
  /** The quick form: everything on one screen. */
  | { kind: "all" };

/**
 * SIPAS (long): one step per element (yếu tố), then overall satisfaction and expectations, then
 * the optional questions and sending. The quick form is a single step.
 */
export function stepsOf(def: SurveyDefinition): Step[] {
  if (def.kind === "quick") return [{ kind: "all" }];
  return [
    ...def.elements.map((e, index): Step => ({ kind: "element", index, code: e.code })),
    { kind: "overall" },
    { kind: "finish" },
  ];
}

/** Every score the citizen gave (criteria, elements, overall). */
function scores(def: SurveyDefinition, s: FormState): number[] {
  const all = [...Object.values(s.answers), ...Object.values(s.elementScores)];
  if (def.overall.criterionCode === null && s.overall !== null) all.push(s.overall);
  return all;
}

/** A low answer ("Bình thường" or below): offers "what went wrong" and a contact (follow-up). */
export function hasLowAnswer(def: SurveyDefinition, s: FormState): boolean {
  return scores(def, s).some((score) => score <= def.followUpAtOrBelow);
}

/** The quick form's "Không hài lòng" makes a reason required. */
export function reasonNeeded(def: SurveyDefinition, s: FormState): boolean {
  const threshold = def.reasonRequiredAtOrBelow;
  return threshold !== null && scores(def, s).some((score) => score <= threshold);
}

const MIN_CONTACT = 3;

function criterionRequired(def: SurveyDefinition, code: string, required: boolean): boolean {
  return required || def.overall.criterionCode === code;
}

/**
 * The errors of one step (or the whole form when `step` is omitted), in the order the fields
 * appear on screen, so the page can focus the first.
 */
export function validate(def: SurveyDefinition, s: FormState, step?: Step): FieldError[] {
  const errors: FieldError[] = [];
  const inStep = (kind: Step["kind"], elementIndex?: number): boolean => {
    if (!step || step.kind === "all") return true;
    if (step.kind !== kind) return false;
    return step.kind !== "element" || elementIndex === undefined || step.index === elementIndex;
  };

  def.elements.forEach((element, index) => {
    if (!inStep("element", index)) return;
    for (const c of element.criteria) {
      if (criterionRequired(def, c.code, c.required) && s.answers[c.code] === undefined) {
        errors.push({ field: criterionField(c.code), problem: "required" });
      }
    }
  });
  if (inStep("overall")) {
    if (def.overall.criterionCode === null && s.overall === null)
      errors.push({ field: "overall", problem: "required" });
    if (def.expectations && s.expectations.length > def.expectations.max) {
      errors.push({ field: "expectations", problem: "too_many" });
    }
  }
  const followUpHere = inStep(def.kind === "quick" ? "all" : "finish");
  if (followUpHere) {
    if (reasonNeeded(def, s) && s.reason.trim() === "") errors.push({ field: "reason", problem: "reason_required" });
    if (hasLowAnswer(def, s)) {
      const contact = s.contact.trim();
      if (contact !== "" && contact.length < MIN_CONTACT) errors.push({ field: "contact", problem: "contact_short" });
      if (contact !== "" && !s.consent) errors.push({ field: "consent", problem: "consent_required" });
    }
  }
  return errors;
}

/** The step that holds a field (to go back to it when the API or the final check finds an error). */
export function stepOfField(def: SurveyDefinition, field: FieldId): number {
  const steps = stepsOf(def);
  if (def.kind === "quick") return 0;
  if (field.startsWith("c:") || field.startsWith("e:")) {
    const code = field.slice(2);
    const index = def.elements.findIndex(
      (e) => (field.startsWith("e:") && e.code === code) || e.criteria.some((c) => c.code === code),
    );
    if (index >= 0) return index;
  }
  if (field === "overall" || field === "expectations") return steps.findIndex((s) => s.kind === "overall");
  return steps.length - 1;
}

/**
 * Maps the API's 422 field paths (docs/api-ratings.md) onto the form's fields. Paths the form
 * cannot show (the survey changed) come back as null.
 */
export function fieldOfApiPath(def: SurveyDefinition, path: string, body: SubmissionRequest): FieldId | null {
  const [head, second, third] = path.split(".");
  if (head === "answers" && second !== undefined) {
    if (third === undefined && Number.isNaN(Number(second))) return criterionField(second);
    const answer = body.answers[Number(second)];
    return answer ? criterionField(answer.criterionCode) : null;
  }
  if (head === "elementScores" && second !== undefined) {
    const score = body.elementScores?.[Number(second)];
    return score ? elementField(score.elementCode) : null;
  }
  if (head === "overall") {
    return def.overall.criterionCode === null ? "overall" : criterionField(def.overall.criterionCode);
  }
  if (head === "expectations") return "expectations";
  if (head === "reason") return "reason";
  if (head === "whatWentWrong") return def.reasonRequiredAtOrBelow === null ? "whatWentWrong" : "reason";
  if (head === "contact") return second === "consent" ? "consent" : second === "text" ? "contact" : null;
  return null;
}

/**
 * The request body for the API. Follow-up fields (what went wrong, contact) travel only with a
 * low answer, and the contact only with the consent ticked (Luật 91/2025/QH15 Art. 9): what a
 * citizen typed and then made moot by raising their answers is not sent.
 */
export function buildRequest(
  def: SurveyDefinition,
  s: FormState,
  source: RatingSource,
  idempotencyKey: string,
  turnstileToken?: string | null,
): SubmissionRequest {
  const criterionCodes = new Set(def.elements.flatMap((e) => e.criteria.map((c) => c.code)));
  const elementCodes = new Set(def.elements.map((e) => e.code));
  const body: SubmissionRequest = {
    idempotencyKey,
    templateId: def.id,
    templateVersion: def.version,
    source,
    answers: Object.entries(s.answers)
      .filter(([code]) => criterionCodes.has(code))
      .map(([criterionCode, score]) => ({ criterionCode, score })),
  };
  if (def.kind === "sipas") {
    const elementScores = Object.entries(s.elementScores)
      .filter(([code]) => elementCodes.has(code))
      .map(([elementCode, score]) => ({ elementCode, score }));
    if (elementScores.length > 0) body.elementScores = elementScores;
  }
  if (def.overall.criterionCode === null && s.overall !== null) body.overall = s.overall;
  if (def.expectations && s.expectations.length > 0) body.expectations = [...s.expectations];
  const low = hasLowAnswer(def, s);
  if (reasonNeeded(def, s) && s.reason.trim()) body.reason = s.reason.trim();
  if (low) {
    // The quick form's required reason is its "what went wrong": stored once, on the submission
    // (the follow-up queue shows it from there); the optional text belongs to the other forms.
    const wrong = def.reasonRequiredAtOrBelow === null ? s.whatWentWrong.trim() : "";
    if (wrong) body.whatWentWrong = wrong;
    const contact = s.contact.trim();
    if (contact && s.consent) {
      body.contact = { text: contact, consent: true, consentVersion: def.contactConsent.version };
    }
  }
  const respondent = {
    ...(s.respondentKind ? { kind: s.respondentKind } : {}),
    ...(s.ageBand ? { ageBand: s.ageBand } : {}),
    ...(s.gender ? { gender: s.gender } : {}),
  };
  if (Object.keys(respondent).length > 0) body.respondent = respondent;
  if (s.honeypot) (body as Record<string, unknown>)[def.honeypotField] = s.honeypot;
  if (turnstileToken) body.turnstileToken = turnstileToken;
  return body;
}

/** How many of the step's questions are answered, for the progress line. */
export function answeredInForm(def: SurveyDefinition, s: FormState): { answered: number; total: number } {
  const codes = def.elements.flatMap((e) => e.criteria.map((c) => c.code));
  const answered = codes.filter((c) => s.answers[c] !== undefined).length;
  const overallAsked = def.overall.criterionCode === null;
  return {
    answered: answered + (overallAsked && s.overall !== null ? 1 : 0),
    total: codes.length + (overallAsked ? 1 : 0),
  };
}

/**
 * A version 4 UUID for the idempotency key. `crypto.randomUUID` exists only in secure contexts;
 * a kiosk on an agency's LAN over plain HTTP still has `crypto.getRandomValues`.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
