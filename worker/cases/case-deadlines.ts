/**
 * The deadlines of a case's steps, computed by the deadline engine (worker/calendar: the rule in
 * force on the start date, counted on the agency's calendar) and stored with the rule and its
 * legal basis, so a deadline stays explainable after the law changes.
 */
import type { Kysely } from "kysely";
import type { CaseKind, Database } from "../../schema/db/database";
import { computeDueDate, loadCalendar } from "../calendar/calendar.service";
import { addDays, daysBetween, type IsoDate, instantOf, localDateOf } from "../lib/calendar/dates";
import { NoDeadlineRuleError } from "../lib/calendar/deadlines";
import type { StepPlan } from "./workflow";

type Db = Kysely<Database>;

/** A period ends at 24:00 of its last day (BLDS 2015 Art. 148): the first instant of the next day, in Vietnam. */
export function dueInstant(dueOn: IsoDate): Date {
  return instantOf({ date: addDays(dueOn, 1), minutes: 0 });
}

/** The last day of a period that ends at `dueAt` (the day before, for a deadline stored as the next midnight). */
export function dueDay(dueAt: Date): IsoDate {
  return localDateOf(new Date(dueAt.getTime() - 1));
}

export interface Anchors {
  received: Date;
  accepted: Date | null;
  now: Date;
  /** The last day of the open deadline, for extensions counted from it. */
  currentDueOn: IsoDate | null;
}

export interface OpenedDeadline {
  id: string;
  step: string;
  dueOn: IsoDate;
  dueAt: Date;
  ruleId: string;
  maxTimes: number | null;
}

function anchorDate(plan: StepPlan, anchors: Anchors): IsoDate {
  switch (plan.from) {
    case "received":
      return localDateOf(anchors.received);
    case "accepted":
      return localDateOf(anchors.accepted ?? anchors.now);
    case "current_due":
      return anchors.currentDueOn ?? localDateOf(anchors.now);
    default:
      return localDateOf(anchors.now);
  }
}

/**
 * Computes the step's due date from the rule in force and stores it as the case's open deadline
 * (and `cases.due_at`). Returns null, and clears `cases.due_at`, when no rule is in force for
 * this kind and step: the agency must add one (deadline_rules).
 */
export async function openDeadline(
  db: Db,
  c: { agencyId: string; caseId: string; kind: CaseKind },
  plan: StepPlan,
  anchors: Anchors,
): Promise<OpenedDeadline | null> {
  const start = anchorDate(plan, anchors);
  let due: Awaited<ReturnType<typeof computeDueDate>>;
  try {
    due = await computeDueDate(db, { agencyId: c.agencyId, kind: c.kind, step: plan.step, start });
  } catch (err) {
    if (err instanceof NoDeadlineRuleError) {
      console.warn(`no deadline rule in force for ${c.kind}/${plan.step} on ${start} (agency ${c.agencyId})`);
      await db.updateTable("cases").set({ due_at: null }).where("id", "=", c.caseId).execute();
      return null;
    }
    throw err;
  }
  const dueAt = dueInstant(due.due);
  const row = await db
    .insertInto("case_deadlines")
    .values({
      agency_id: c.agencyId,
      case_id: c.caseId,
      step: plan.step,
      start_on: start,
      due_on: due.due,
      due_at: dueAt,
      rule_id: due.rule.id,
      period: due.rule.period,
      day_type: due.rule.dayType,
      legal_basis: due.rule.legalBasis,
      confidence: due.rule.confidence,
      reason: plan.reason,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.updateTable("cases").set({ due_at: dueAt }).where("id", "=", c.caseId).execute();
  return { id: row.id, step: plan.step, dueOn: due.due, dueAt, ruleId: due.rule.id, maxTimes: due.rule.maxTimes };
}

/** Ends the open deadline: met (the step was done; late when after its end) or superseded. */
export async function closeOpenDeadline(
  db: Db,
  caseId: string,
  outcome: "met" | "superseded" | "cancelled",
  now: Date,
): Promise<{ step: string; late: boolean | null } | null> {
  const open = await db
    .selectFrom("case_deadlines")
    .where("case_id", "=", caseId)
    .where("closed_at", "is", null)
    .select(["id", "step", "due_at"])
    .executeTakeFirst();
  if (!open) return null;
  const late = outcome === "met" ? now.getTime() >= open.due_at.getTime() : null;
  await db.updateTable("case_deadlines").set({ closed_at: now, outcome, late }).where("id", "=", open.id).execute();
  await db.updateTable("cases").set({ due_at: null }).where("id", "=", caseId).execute();
  return { step: open.step, late };
}

/** How many deadlines of a step the case has had (extensions already used). */
export async function countSteps(db: Db, caseId: string, step: string): Promise<number> {
  const row = await db
    .selectFrom("case_deadlines")
    .where("case_id", "=", caseId)
    .where("step", "=", step)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * After a suspension the clock runs again with what was left when it stopped: the working (or
 * calendar) days between the day of the pause and the due date are counted again from the day
 * of the resumption. The new deadline keeps the step, the rule and its legal basis.
 */
export async function resumeDeadline(
  db: Db,
  c: { agencyId: string; caseId: string },
  pausedAt: Date,
  now: Date,
): Promise<{ dueOn: IsoDate; dueAt: Date } | null> {
  const open = await db
    .selectFrom("case_deadlines")
    .where("case_id", "=", c.caseId)
    .where("closed_at", "is", null)
    .selectAll()
    .select((eb) => [eb.fn<string>("to_char", [eb.ref("due_on"), eb.val("YYYY-MM-DD")]).as("due_on_text")])
    .executeTakeFirst();
  if (!open) return null;
  const pausedOn = localDateOf(pausedAt);
  const resumedOn = localDateOf(now);
  const dueOn = open.due_on_text;
  const span = await loadCalendar(db, c.agencyId, pausedOn < dueOn ? pausedOn : dueOn, addDays(resumedOn, 3 * 366));
  const remaining =
    open.day_type === "working" ? span.workingDaysBetween(pausedOn, dueOn) : Math.max(0, daysBetween(pausedOn, dueOn));
  const newDue =
    open.day_type === "working"
      ? span.addWorkingDays(resumedOn, remaining)
      : span.addCalendarDays(resumedOn, remaining);
  const dueAt = dueInstant(newDue);
  await db
    .updateTable("case_deadlines")
    .set({ closed_at: now, outcome: "superseded", late: null })
    .where("id", "=", open.id)
    .execute();
  await db
    .insertInto("case_deadlines")
    .values({
      agency_id: c.agencyId,
      case_id: c.caseId,
      step: open.step,
      start_on: resumedOn,
      due_on: newDue,
      due_at: dueAt,
      rule_id: open.rule_id,
      period: remaining,
      day_type: open.day_type,
      legal_basis: open.legal_basis,
      confidence: open.confidence,
      reason: "resume",
    })
    .execute();
  await db.updateTable("cases").set({ due_at: dueAt }).where("id", "=", c.caseId).execute();
  return { dueOn: newDue, dueAt };
}
