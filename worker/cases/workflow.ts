/**
 * The workflow of a case as a pure transition table: which action is allowed in which status,
 * for which kind, what status it leads to, whether a reason is required, whether the citizen
 * is told, and which legal deadline the next step runs against. No clock, no database.
 *
 *   received ─accept (thụ lý)→ accepted ─assign→ assigned ─start→ in_progress ─answer→ answered
 *      │  ├─reject→ rejected                     (reassign, transfer, extend, pause/resume)
 *      │  └─forward→ forwarded                                   answered ─publish→ published (PAKN)
 *      └─extend (denunciation: 7 → 10 working days of initial processing)   answered/published ─close→ closed
 */
import type { CaseKind, CaseStatus } from "../../schema/db/database";

export const CASE_STATUSES = [
  "received",
  "accepted",
  "rejected",
  "forwarded",
  "assigned",
  "in_progress",
  "answered",
  "published",
  "closed",
] as const satisfies readonly CaseStatus[];

export const CASE_ACTIONS = [
  "accept",
  "reject",
  "forward",
  "transfer",
  "assign",
  "start",
  "answer",
  "publish",
  "close",
  "extend",
  "pause",
  "resume",
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Statuses after which nothing is due any more. */
export const FINAL_STATUSES: readonly CaseStatus[] = ["rejected", "forwarded", "closed"];

export interface WorkflowFlags {
  /** Handling suspended (tạm đình chỉ): only resume, assign and transfer are possible. */
  paused: boolean;
  /** A complaint already on the longer (complex) period cannot be extended again. */
  complex: boolean;
}

interface TransitionSpec {
  from: readonly CaseStatus[];
  /** The status after the action; a function for actions that keep or depend on the status. */
  to: CaseStatus | ((from: CaseStatus) => CaseStatus);
  kinds?: readonly CaseKind[];
  /** Statuses the action may start from, per kind, when they differ from `from`. */
  fromByKind?: Partial<Record<CaseKind, readonly CaseStatus[]>>;
  /** A reason is required (it is recorded and, with `notice`, told to the citizen). */
  reasonRequired: boolean;
  /** The citizen is told (a public event on the status page, and a notification). */
  notice: boolean;
  /** Allowed while paused. */
  whilePaused?: boolean;
  /** Only while paused. */
  onlyPaused?: boolean;
  /** Only while the case is not already on the complex period (complaints). */
  notComplex?: boolean;
}

const same = (from: CaseStatus) => from;
const ACTIVE: readonly CaseStatus[] = ["accepted", "assigned", "in_progress"];

/**
 * THE transition table. Legal notes:
 * - accept / reject: the decision to accept (thụ lý) or not must be notified in writing, with
 *   reasons when refused (Luật Khiếu nại 2011 Art. 27; Luật Tố cáo 2018 Art. 29).
 * - forward: a case outside the agency's competence is forwarded and the filer told
 *   (ND 20/2008 Art. 9; Luật Tố cáo Art. 24(2)).
 * - extend: complaints move to the longer period for complex cases (Luật Khiếu nại Art. 28);
 *   denunciations may be extended once or twice (Luật Tố cáo Art. 30), and their initial
 *   processing from 7 to 10 working days (Art. 24(1)). PAKN has no legal extension.
 * - pause / resume: suspension (tạm đình chỉ) of complaints (Luật 136/2025/QH15, new Art. 11a [S])
 *   and denunciations (Luật Tố cáo 2018 Art. 34 [U]); the clock stops while paused.
 * - publish: PAKN answers are published (QĐ 31/2021/QĐ-TTg Art. 46), never complaints or
 *   denunciations.
 */
export const TRANSITIONS: Readonly<Record<CaseAction, TransitionSpec>> = {
  accept: { from: ["received"], to: "accepted", reasonRequired: false, notice: true },
  reject: { from: ["received"], to: "rejected", reasonRequired: true, notice: true },
  forward: { from: ["received", "accepted"], to: "forwarded", reasonRequired: true, notice: true },
  transfer: {
    from: ["received", ...ACTIVE],
    to: (from) => (from === "received" ? "received" : "accepted"),
    reasonRequired: true,
    notice: false,
    whilePaused: true,
  },
  assign: {
    from: ACTIVE,
    to: (from) => (from === "accepted" ? "assigned" : from),
    reasonRequired: false,
    notice: false,
    whilePaused: true,
  },
  start: { from: ["assigned"], to: "in_progress", reasonRequired: false, notice: false },
  answer: { from: ["in_progress", "answered"], to: "answered", reasonRequired: false, notice: true },
  publish: { from: ["answered"], to: "published", kinds: ["petition"], reasonRequired: false, notice: true },
  close: {
    from: ["answered", "published"],
    fromByKind: { petition: ["published"], complaint: ["answered"], denunciation: ["answered"] },
    to: "closed",
    reasonRequired: false,
    notice: true,
  },
  extend: {
    from: ACTIVE,
    fromByKind: { denunciation: ["received", ...ACTIVE] },
    to: same,
    kinds: ["complaint", "denunciation"],
    reasonRequired: true,
    notice: true,
    notComplex: true,
  },
  pause: {
    from: ACTIVE,
    to: same,
    kinds: ["complaint", "denunciation"],
    reasonRequired: true,
    notice: true,
  },
  resume: {
    from: ACTIVE,
    to: same,
    kinds: ["complaint", "denunciation"],
    reasonRequired: false,
    notice: true,
    whilePaused: true,
    onlyPaused: true,
  },
};

export type TransitionCheck = { ok: true; to: CaseStatus; spec: TransitionSpec } | { ok: false; allowed: CaseAction[] };

function permits(action: CaseAction, kind: CaseKind, status: CaseStatus, flags: WorkflowFlags): boolean {
  const spec = TRANSITIONS[action];
  if (spec.kinds && !spec.kinds.includes(kind)) return false;
  const from = spec.fromByKind?.[kind] ?? spec.from;
  if (!from.includes(status)) return false;
  if (flags.paused && !spec.whilePaused) return false;
  if (spec.onlyPaused && !flags.paused) return false;
  // Only complaints have a single "complex" extension; denunciations count theirs in the service.
  if (spec.notComplex && kind === "complaint" && flags.complex) return false;
  return true;
}

/** The actions possible for a case now (for the staff page's buttons). */
export function allowedActions(kind: CaseKind, status: CaseStatus, flags: WorkflowFlags): CaseAction[] {
  return CASE_ACTIONS.filter((a) => permits(a, kind, status, flags));
}

/** Whether `action` may be taken now, and the status it leads to. */
export function checkTransition(
  kind: CaseKind,
  status: CaseStatus,
  action: CaseAction,
  flags: WorkflowFlags,
): TransitionCheck {
  if (!permits(action, kind, status, flags)) return { ok: false, allowed: allowedActions(kind, status, flags) };
  const spec = TRANSITIONS[action];
  return { ok: true, to: typeof spec.to === "function" ? spec.to(status) : spec.to, spec };
}

// ---- deadlines of the steps ----

/** Where a step's period starts counting from. */
export type DeadlineAnchor = "received" | "accepted" | "now" | "current_due";

export interface StepPlan {
  /** The `deadline_rules.step` to look up. */
  step: string;
  from: DeadlineAnchor;
  reason: "step" | "extension";
}

/**
 * What an action does to the deadlines: `close` says how the open deadline ends (met: the step
 * was done; superseded: replaced by a longer one), `open` the next step's rule, if any.
 */
export interface DeadlinePlan {
  close: "met" | "superseded" | "keep";
  open: StepPlan | null;
}

export interface PlanContext {
  complex: boolean;
  /** The agency is in a remote area (vùng sâu, vùng xa): the longer complaint periods apply. */
  remote: boolean;
  status: CaseStatus;
}

function resolveStep(ctx: Pick<PlanContext, "complex" | "remote">, complex = ctx.complex): string {
  if (ctx.remote) return complex ? "resolve_remote_complex" : "resolve_remote";
  return complex ? "resolve_complex" : "resolve";
}

/**
 * The first deadline of a new case (the decision to accept, reject or forward):
 * PAKN 02 working days to refuse (QĐ 766 spec [I]); complaints 10 → 07 working days to accept
 * (TT 07/2013, ND 155/2026 from 01/07/2026); denunciations 07 working days of initial
 * processing (Luật Tố cáo Art. 24).
 */
export function receiptPlan(kind: CaseKind): StepPlan {
  const step = kind === "petition" ? "reject" : kind === "complaint" ? "accept" : "initial_processing";
  return { step, from: "received", reason: "step" };
}

/**
 * The deadline consequences of an action.
 * - accept: PAKN answer within 15 working days of receipt (QĐ 766 [I]); complaint resolution
 *   within 30 days of acceptance, 45 if complex (Luật Khiếu nại Art. 28); denunciation
 *   resolution within 30 days of acceptance (Luật Tố cáo Art. 30).
 * - answer: PAKN published within 02 working days (QĐ 766 [I]); a complaint decision sent within
 *   03 working days (TT 07/2013).
 * - extend: see TRANSITIONS.
 */
export function deadlinePlan(kind: CaseKind, action: CaseAction, ctx: PlanContext): DeadlinePlan {
  switch (action) {
    case "accept":
      if (kind === "petition") return { close: "met", open: { step: "answer", from: "received", reason: "step" } };
      if (kind === "complaint")
        return { close: "met", open: { step: resolveStep(ctx), from: "accepted", reason: "step" } };
      return { close: "met", open: { step: "resolve", from: "accepted", reason: "step" } };
    case "reject":
    case "forward":
    case "close":
      return { close: "met", open: null };
    case "publish":
      return { close: "met", open: null };
    case "answer":
      if (ctx.status === "answered") return { close: "keep", open: null };
      if (kind === "petition") return { close: "met", open: { step: "publish", from: "now", reason: "step" } };
      if (kind === "complaint") return { close: "met", open: { step: "send_decision", from: "now", reason: "step" } };
      return { close: "met", open: null };
    case "extend":
      if (kind === "complaint") {
        return { close: "superseded", open: { step: resolveStep(ctx, true), from: "accepted", reason: "extension" } };
      }
      if (ctx.status === "received") {
        return {
          close: "superseded",
          open: { step: "initial_processing_extended", from: "received", reason: "extension" },
        };
      }
      return { close: "superseded", open: { step: "extend", from: "current_due", reason: "extension" } };
    default:
      return { close: "keep", open: null };
  }
}
