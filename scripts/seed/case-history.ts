/**
 * The history of the demo agency's cases, once, after `seedDemo` and `seedCaseRoutingRules`:
 * what the workflow (worker/cases/cases.service.ts `transition`) would have written while the
 * seeded petitions, complaints and denunciations went through their statuses.
 *
 * - case_workflow: routing (by rule, or a manual transfer), acceptance (thụ lý), forward, the
 *   overdue mark of the current step; no channel (the seed's cases did not come through the
 *   intake form) and no tracking secret.
 * - case_deadlines: every step's deadline from the national deadline rules on the agency's
 *   calendar (worker/lib/calendar `dueDate`), opened and closed as `deadlinePlan` says: PAKN
 *   reject → answer (15 working days from receipt, QĐ 766 [I]) → publish (02 working days);
 *   complaint accept → resolve (30 days from thụ lý, Luật Khiếu nại Art. 28) → send_decision;
 *   denunciation initial_processing → resolve (Luật Tố cáo Art. 24, 30).
 * - case_events: receipt, transfer, accept, assign, start, answer, publish, close, reject,
 *   forward, the scheduled job's "overdue" marks, the citizen's rating; with the notices the
 *   workflow gives the citizen.
 * - case_assignments: an inspector of the handling unit, or a manager (the only staff the
 *   workflow lets handle a unit without inspectors).
 * - case_answers: the answer (công văn trả lời, quyết định giải quyết khiếu nại, thông báo kết
 *   quả giải quyết tố cáo) with its number and date; for petitions published or closed, the
 *   published question and answer, masked like the workflow masks them. Complaints and
 *   denunciations are never published (QĐ 31/2021/QĐ-TTg Art. 46 concerns PAKN only).
 * - case_answer_ratings: about half the published petitions, mostly satisfied.
 * - cases: `due_at` of the open step (or none), `closed_at` only for closed, rejected and
 *   forwarded cases (publication does not close a petition), `updated_at`.
 *
 * Most petitions are answered on time; the two published ones that the seed's dates make the
 * latest are answered after the deadline, so the QĐ 766 PAKN figures look like a real agency's.
 *
 * Not written: the audit trail (appendAudit stamps entries with the current time, so it cannot
 * record past actions truthfully; like the other demo steps, this one leaves audit_log alone),
 * and the notification outbox (nothing of the past is left to deliver).
 *
 * Idempotent: only cases the workflow never touched (no workflow row, event, deadline or
 * answer) get a history, so a second run writes nothing. Deterministic: every draw comes from
 * the seed's generator, forked per case code. One transaction.
 *
 *   await seedCaseHistory(db);                 // after seedDemo(db) and seedCaseRoutingRules(db)
 */
import { type Insertable, type Kysely, sql, type Transaction } from "kysely";
import type { CaseKind, CaseStatus, Database, UnitKind } from "../../schema/db/database";
import { loadCalendar, loadDeadlineRules } from "../../worker/calendar/calendar.service";
import { dueInstant } from "../../worker/cases/case-deadlines";
import { redactText } from "../../worker/cases/redaction";
import { routeCase } from "../../worker/cases/routing";
import {
  type CaseAction,
  checkTransition,
  deadlinePlan,
  receiptPlan,
  type StepPlan,
} from "../../worker/cases/workflow";
import type { Calendar } from "../../worker/lib/calendar/calendar";
import { addDays, formatDateVi, type IsoDate, instantOf, localDateOf } from "../../worker/lib/calendar/dates";
import { type DeadlineRule, dueDate, ruleInForce } from "../../worker/lib/calendar/deadlines";
import {
  COMPLAINT_DECISIONS,
  COMPLAINT_REJECT_REASON,
  DENUNCIATION_CONCLUSIONS,
  GENERIC_COMPLAINT_DECISION,
  GENERIC_DENUNCIATION_CONCLUSION,
  GENERIC_FORWARD,
  GENERIC_PETITION_ANSWER,
  GENERIC_REJECT_REASON,
  PETITION_ANSWERS,
  PETITION_REFUSALS,
  SATISFIED_COMMENTS,
  UNSATISFIED_COMMENTS,
} from "./case-answer-texts";
import { DEMO_AGENCY_CODE } from "./demo-agency";
import { DEFAULT_SEED } from "./index";
import { Rng } from "./random";

export interface CaseHistoryOptions {
  /** The seed's "now": nothing happens after it. Default: the current time. */
  now?: Date;
  /** Generator seed. Default: the demo seed's. */
  seed?: number;
}

export interface CaseHistoryResult {
  cases: number;
  events: number;
  deadlines: number;
  answers: number;
  published: number;
  ratings: number;
}

type Trx = Transaction<Database>;
type Row<T extends keyof Database> = Insertable<Database[T]>;

const MINUTE = 60_000;

interface StaffRow {
  id: string;
  username: string;
  full_name: string;
  role: string;
  unit_ids: string[];
}

interface CaseRow {
  id: string;
  code: string;
  kind: CaseKind;
  status: CaseStatus;
  title: string;
  content: string;
  handling_unit_id: string | null;
  file_id: string | null;
  procedure_id: string | null;
  received_at: Date;
  due_at: Date | null;
  closed_at: Date | null;
  source_unit_id: string | null;
}

interface Context {
  agencyId: string;
  agencyName: string;
  settings: unknown;
  now: Date;
  today: IsoDate;
  calendar: Calendar;
  rules: DeadlineRule[];
  units: Array<{ id: string; code: string; name: string; kind: UnitKind; active: boolean }>;
  routing: Parameters<typeof routeCase>[1];
  staff: StaffRow[];
  docNumbers: Map<string, number>;
}

/** The workflow's default notices to the citizen (worker/cases/cases.service.ts DEFAULT_NOTICES). */
const NOTICES: Partial<Record<CaseAction, (x: { reason?: string; dueOn?: string | null; to?: string }) => string>> = {
  accept: (x) =>
    `Đơn của Ông/Bà đã được thụ lý giải quyết.${x.dueOn ? ` Thời hạn giải quyết đến hết ngày ${formatDateVi(x.dueOn)}.` : ""}`,
  reject: (x) => `Đơn không được thụ lý. Lý do: ${x.reason ?? ""}`,
  forward: (x) =>
    `Đơn đã được chuyển đến ${x.to ?? "cơ quan có thẩm quyền"} để giải quyết theo thẩm quyền. Lý do: ${x.reason ?? ""}`,
  answer: () => "Cơ quan đã trả lời đơn của Ông/Bà. Nội dung trả lời ở bên dưới.",
  publish: () => "Câu trả lời đã được công khai trên trang của cơ quan (thông tin cá nhân đã được ẩn).",
  close: () => "Việc giải quyết đơn đã kết thúc.",
};

/** `settings.cases.remoteArea` (the longer complaint periods), as the workflow reads it. */
function isRemoteArea(settings: unknown): boolean {
  return (settings as { cases?: { remoteArea?: unknown } } | null)?.cases?.remoteArea === true;
}

/** Adds the history of the agency's untouched cases; returns what was written. */
export async function seedCaseHistory(
  db: Kysely<Database>,
  agencyCode: string = DEMO_AGENCY_CODE,
  options: CaseHistoryOptions = {},
): Promise<CaseHistoryResult> {
  const now = options.now ?? new Date();
  const empty: CaseHistoryResult = { cases: 0, events: 0, deadlines: 0, answers: 0, published: 0, ratings: 0 };
  const agency = await db
    .selectFrom("agencies")
    .where("code", "=", agencyCode)
    .select(["id", "name", "settings"])
    .executeTakeFirst();
  if (!agency) return empty;

  return db.transaction().execute(async (trx) => {
    const cases = await untouchedCases(trx, agency.id);
    if (cases.length === 0) return empty;
    const today = localDateOf(now);
    const first = localDateOf(cases[0]!.received_at);
    const ctx: Context = {
      agencyId: agency.id,
      agencyName: agency.name,
      settings: agency.settings,
      now,
      today,
      calendar: await loadCalendar(trx, agency.id, addDays(first, -10), addDays(today, 400)),
      rules: await loadDeadlineRules(trx, agency.id),
      units: await trx
        .selectFrom("units")
        .where("agency_id", "=", agency.id)
        .select(["id", "code", "name", "kind", "active"])
        .orderBy("code")
        .execute(),
      routing: (
        await trx
          .selectFrom("case_routing_rules")
          .where("agency_id", "=", agency.id)
          .select(["id", "case_kind", "source_unit_id", "procedure_id", "handling_unit_id", "active"])
          .orderBy("created_at")
          .execute()
      ).map((r) => ({
        id: r.id,
        caseKind: r.case_kind,
        sourceUnitId: r.source_unit_id,
        procedureId: r.procedure_id,
        handlingUnitId: r.handling_unit_id,
        active: r.active,
      })),
      staff: await trx
        .selectFrom("staff_users as s")
        .where("s.agency_id", "=", agency.id)
        .where("s.active", "=", true)
        .select((eb) => [
          "s.id",
          "s.username",
          "s.full_name",
          "s.role",
          eb
            .selectFrom("staff_user_units as su")
            .whereRef("su.staff_user_id", "=", "s.id")
            .select(sql<string[]>`coalesce(array_agg(su.unit_id::text ORDER BY su.unit_id), '{}')`.as("ids"))
            .as("unit_ids"),
        ])
        .orderBy("s.username")
        .execute()
        .then((rows) => rows.map((r) => ({ ...r, unit_ids: r.unit_ids ?? [] }))),
      docNumbers: new Map(),
    };

    const rng = new Rng(options.seed ?? DEFAULT_SEED).fork("case-history");
    const late = lateAnswers(ctx, cases);
    const rated = ratedPetitions(ctx, rng.fork("ratings"), cases);
    const out = emptyRows();
    for (const c of cases)
      buildHistory(ctx, rng.fork(c.code), c, { late: late.has(c.id), rating: rated.get(c.id) }, out);
    await write(trx, out);
    return {
      cases: cases.length,
      events: out.events.length,
      deadlines: out.deadlines.length,
      answers: out.answers.length,
      published: out.answers.filter((a) => a.published_at).length,
      ratings: out.ratings.length,
    };
  });
}

/** The agency's cases the workflow never touched, oldest first, locked until the end. */
async function untouchedCases(trx: Trx, agencyId: string): Promise<CaseRow[]> {
  const untouched = (table: "case_workflow" | "case_events" | "case_deadlines" | "case_answers") =>
    sql<boolean>`NOT EXISTS (SELECT 1 FROM ${sql.table(table)} x WHERE x.agency_id = c.agency_id AND x.case_id = c.id)`;
  return trx
    .selectFrom("cases as c")
    .leftJoin("files as f", (j) => j.onRef("f.agency_id", "=", "c.agency_id").onRef("f.id", "=", "c.file_id"))
    .leftJoin("procedures as p", (j) => j.onRef("p.agency_id", "=", "c.agency_id").onRef("p.id", "=", "c.procedure_id"))
    .where("c.agency_id", "=", agencyId)
    .where(untouched("case_workflow"))
    .where(untouched("case_events"))
    .where(untouched("case_deadlines"))
    .where(untouched("case_answers"))
    .select([
      "c.id",
      "c.code",
      "c.kind",
      "c.status",
      "c.title",
      "c.content",
      "c.handling_unit_id",
      "c.file_id",
      "c.procedure_id",
      "c.received_at",
      "c.due_at",
      "c.closed_at",
      sql<string | null>`coalesce(f.unit_id, p.unit_id)`.as("source_unit_id"),
    ])
    .orderBy("c.received_at")
    .orderBy("c.code")
    .forUpdate(["c"])
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Choices made across cases
// ---------------------------------------------------------------------------------------------

function answerDue(ctx: Context, c: CaseRow): IsoDate | null {
  const request = { kind: c.kind, step: "answer", start: localDateOf(c.received_at), agencyId: ctx.agencyId };
  return ruleInForce(ctx.rules, request) ? dueDate(ctx.rules, ctx.calendar, request).due : null;
}

/**
 * The published petitions answered late: of those whose seeded publication came latest after
 * the answer deadline, 2 when the agency answered 10 petitions or more, 1 from 4, else none.
 */
function lateAnswers(ctx: Context, cases: readonly CaseRow[]): Set<string> {
  const answered = cases.filter(
    (c) => c.kind === "petition" && ["answered", "published", "closed"].includes(c.status),
  ).length;
  const wanted = answered >= 10 ? 2 : answered >= 4 ? 1 : 0;
  const candidates = cases
    .filter((c) => c.kind === "petition" && c.status === "published" && c.closed_at)
    .flatMap((c) => {
      const due = answerDue(ctx, c);
      // Room for an answer one working day late and its publication, before today.
      if (!due || ctx.calendar.addWorkingDays(due, 2) >= ctx.today) return [];
      return [
        {
          id: c.id,
          code: c.code,
          by: localDateOf(c.closed_at as Date) > due ? 1 : 0,
          day: localDateOf(c.closed_at as Date),
        },
      ];
    })
    .sort((a, b) => b.by - a.by || (a.day < b.day ? 1 : a.day > b.day ? -1 : 0) || a.code.localeCompare(b.code));
  return new Set(candidates.slice(0, wanted).map((c) => c.id));
}

/** About half the published petitions are rated by their filer; one or two not satisfied. */
function ratedPetitions(ctx: Context, rng: Rng, cases: readonly CaseRow[]): Map<string, boolean> {
  const published = cases.filter(
    (c) =>
      c.kind === "petition" &&
      (c.status === "published" || c.status === "closed") &&
      c.closed_at &&
      c.closed_at.getTime() < ctx.now.getTime() - 2 * 86_400_000,
  );
  const shuffled = [...published];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const picked = shuffled.slice(0, Math.round(published.length / 2));
  const unsatisfied = picked.length >= 8 ? 2 : picked.length >= 3 ? 1 : 0;
  return new Map(picked.map((c, i) => [c.id, i >= unsatisfied]));
}

// ---------------------------------------------------------------------------------------------
// One case
// ---------------------------------------------------------------------------------------------

interface Rows {
  workflow: Row<"case_workflow">[];
  deadlines: Row<"case_deadlines">[];
  events: Row<"case_events">[];
  assignments: Row<"case_assignments">[];
  answers: Row<"case_answers">[];
  ratings: Row<"case_answer_ratings">[];
  updates: Array<{ id: string; due_at: Date | null; closed_at: Date | null; updated_at: Date }>;
}

function emptyRows(): Rows {
  return { workflow: [], deadlines: [], events: [], assignments: [], answers: [], ratings: [], updates: [] };
}

interface OpenDeadline {
  row: Row<"case_deadlines">;
  dueOn: IsoDate;
  dueAt: Date;
  marked: Date | null;
}

/** The workflow of one case replayed in memory: the same checks and deadline plans as `transition`. */
class Replay {
  status: CaseStatus = "received";
  open: OpenDeadline | null = null;
  acceptedAt: Date | null = null;
  closedAt: Date | null = null;
  forwardedTo: string | null = null;
  overdueAt: Date | null = null;
  last: Date;

  constructor(
    private readonly ctx: Context,
    private readonly c: CaseRow,
    private readonly out: Rows,
  ) {
    this.last = c.received_at;
  }

  /** The next instant at or after `day` `minutes` (local), after the previous action and before now. */
  time(day: IsoDate, minutes: number): Date {
    let at = instantOf({ date: day, minutes });
    if (at.getTime() <= this.last.getTime()) at = new Date(this.last.getTime() + 7 * MINUTE);
    // Staff act in office hours (a little after 17:00 at most): later, the next working morning.
    const local = localMinutes(at);
    if (local >= 17 * 60 + 30 || !this.ctx.calendar.isWorkingDay(localDateOf(at))) {
      at = instantOf({ date: this.ctx.calendar.nextWorkingDay(localDateOf(at)), minutes: 7 * 60 + 40 + (local % 30) });
    }
    const latest = this.ctx.now.getTime() - MINUTE;
    if (at.getTime() > latest) at = new Date(Math.max(latest, this.last.getTime() + MINUTE));
    return at;
  }

  receive(routedBy: string): void {
    const due = this.openStep(receiptPlan(this.c.kind), this.c.received_at);
    this.event(this.c.received_at, {
      actor_kind: "citizen",
      actor_id: null,
      actor_label: "Người gửi đơn",
      action: "receive",
      from_status: null,
      to_status: "received",
      notice: `Cơ quan đã nhận đơn của Ông/Bà với mã tra cứu ${this.c.code}.${due ? ` Thời hạn xử lý bước tiếp nhận đến hết ngày ${formatDateVi(due)}.` : ""}`,
      public: true,
      details: { routedBy, step: this.open?.row.step ?? null, dueOn: due },
    });
  }

  /** Internal transfer from the unit the rules chose to the handling unit (status unchanged). */
  transfer(at: Date, by: StaffRow, from: string, to: string, reason: string): void {
    this.markOverdue(at);
    const unit = this.ctx.units.find((u) => u.id === to);
    this.event(at, {
      ...staffActor(by),
      action: "transfer",
      from_status: this.status,
      to_status: this.status,
      reason,
      notice: null,
      public: false,
      details: { fromUnitId: from, toUnitId: to, toUnit: unit?.name ?? null },
    });
  }

  act(
    action: CaseAction,
    at: Date,
    by: StaffRow,
    extra: {
      reason?: string;
      forwardedTo?: string;
      assignee?: StaffRow;
      answer?: Omit<Row<"case_answers">, "agency_id" | "case_id" | "answered_by" | "answered_at">;
      publish?: { question: string; body: string };
    } = {},
  ): void {
    const check = checkTransition(this.c.kind, this.status, action, { paused: false, complex: false });
    if (!check.ok) throw new Error(`${this.c.code}: ${action} is not allowed from ${this.status}`);
    this.markOverdue(at);
    const details: Record<string, unknown> = {};
    switch (action) {
      case "accept":
        this.acceptedAt = at;
        break;
      case "reject":
      case "close":
        this.closedAt = at;
        break;
      case "forward":
        this.closedAt = at;
        this.forwardedTo = extra.forwardedTo ?? null;
        details.forwardedTo = extra.forwardedTo;
        break;
      case "assign": {
        const who = extra.assignee as StaffRow;
        this.out.assignments.push({
          agency_id: this.ctx.agencyId,
          case_id: this.c.id,
          staff_user_id: who.id,
          assigned_by: by.id,
          assigned_at: at,
        });
        details.assignees = [{ id: who.id, fullName: who.full_name }];
        break;
      }
      case "answer": {
        this.out.answers.push({
          ...(extra.answer as { body: string }),
          agency_id: this.ctx.agencyId,
          case_id: this.c.id,
          answered_by: by.id,
          answered_at: at,
        });
        details.amended = false;
        break;
      }
      case "publish": {
        const answer = this.out.answers.at(-1);
        if (!answer || answer.case_id !== this.c.id || !extra.publish)
          throw new Error(`${this.c.code}: nothing to publish`);
        // The workflow masks the filer's details and anything that looks like personal data.
        const question = redactText(extra.publish.question);
        const body = redactText(extra.publish.body);
        answer.published_question = question.text;
        answer.published_body = body.text;
        answer.published_by = by.id;
        answer.published_at = at;
        details.redactions = question.count + body.count;
        break;
      }
      default:
        break;
    }

    let dueOn: IsoDate | null = null;
    const plan = deadlinePlan(this.c.kind, action, {
      complex: false,
      remote: isRemoteArea(this.ctx.settings),
      status: this.status,
    });
    if (plan.close !== "keep" && this.open) {
      const closed = this.closeOpen(plan.close, at);
      details.closedStep = closed;
    }
    if (plan.open) {
      dueOn = this.openStep(plan.open, at);
      details.step = plan.open.step;
      details.dueOn = dueOn;
      if (!dueOn) details.noRule = plan.open.step;
    }
    const from = this.status;
    this.status = check.to;
    const notice = check.spec.notice
      ? (NOTICES[action]?.({ reason: extra.reason, dueOn, to: extra.forwardedTo }) ?? null)
      : null;
    this.event(at, {
      ...staffActor(by),
      action,
      from_status: from,
      to_status: check.to,
      reason: extra.reason ?? null,
      notice,
      public: check.spec.notice,
      details,
    });
  }

  rate(at: Date, satisfied: boolean, comment: string | null): void {
    this.out.ratings.push({ agency_id: this.ctx.agencyId, case_id: this.c.id, satisfied, comment, rated_at: at });
    this.event(at, {
      actor_kind: "citizen",
      actor_id: null,
      actor_label: "Người gửi đơn",
      action: "rate",
      from_status: null,
      to_status: null,
      notice: null,
      public: false,
      details: { satisfied },
    });
  }

  /** Writes the workflow row and the case's own columns as the last action left them. */
  finish(routedBy: RoutedBy): void {
    this.markOverdue(this.ctx.now);
    this.out.workflow.push({
      agency_id: this.ctx.agencyId,
      case_id: this.c.id,
      channel: null,
      routed_by: routedBy,
      accepted_at: this.acceptedAt,
      overdue_at: this.open ? this.overdueAt : null,
      forwarded_to: this.forwardedTo,
      updated_at: this.last,
    });
    this.out.updates.push({
      id: this.c.id,
      due_at: this.open?.dueAt ?? null,
      closed_at: this.closedAt,
      updated_at: this.last,
    });
  }

  private openStep(plan: StepPlan, at: Date): IsoDate | null {
    const start =
      plan.from === "received"
        ? localDateOf(this.c.received_at)
        : plan.from === "accepted"
          ? localDateOf(this.acceptedAt ?? at)
          : plan.from === "current_due"
            ? (this.open?.dueOn ?? localDateOf(at))
            : localDateOf(at);
    const request = { kind: this.c.kind, step: plan.step, start, agencyId: this.ctx.agencyId };
    if (!ruleInForce(this.ctx.rules, request)) return null;
    const due = dueDate(this.ctx.rules, this.ctx.calendar, request);
    const dueAt = dueInstant(due.due);
    const row: Row<"case_deadlines"> = {
      agency_id: this.ctx.agencyId,
      case_id: this.c.id,
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
      created_at: at,
    };
    this.out.deadlines.push(row);
    this.open = { row, dueOn: due.due, dueAt, marked: null };
    this.overdueAt = null;
    return due.due;
  }

  private closeOpen(outcome: "met" | "superseded", at: Date): { step: string; late: boolean | null } {
    const open = this.open as OpenDeadline;
    const late = outcome === "met" ? at.getTime() >= open.dueAt.getTime() : null;
    open.row.closed_at = at;
    open.row.outcome = outcome;
    open.row.late = late;
    this.open = null;
    this.overdueAt = null;
    return { step: open.row.step, late };
  }

  /**
   * The scheduled job (every 15 minutes, worker/cases/overdue.job.ts) marks a step once when
   * its deadline has passed before the case moved on.
   */
  private markOverdue(before: Date): void {
    const open = this.open;
    if (!open || open.marked || ["rejected", "forwarded", "closed", "published"].includes(this.status)) return;
    const run = new Date(Math.ceil(open.dueAt.getTime() / (15 * MINUTE)) * 15 * MINUTE);
    if (run.getTime() >= before.getTime() || run.getTime() > this.ctx.now.getTime()) return;
    open.marked = run;
    this.overdueAt = run;
    this.event(run, {
      actor_kind: "system",
      actor_id: null,
      actor_label: "Hệ thống",
      action: "overdue",
      from_status: null,
      to_status: null,
      notice: null,
      public: false,
      details: { step: open.row.step, dueOn: open.dueOn, dueAt: open.dueAt.toISOString() },
    });
  }

  private event(
    at: Date,
    e: Omit<Row<"case_events">, "agency_id" | "case_id" | "at" | "details"> & { details: Record<string, unknown> },
  ): void {
    if (at.getTime() > this.last.getTime()) this.last = at;
    this.out.events.push({ ...e, agency_id: this.ctx.agencyId, case_id: this.c.id, at });
  }
}

/** The actor of a staff action, labelled as the workflow labels it (worker/auth/staff.ts `auditActor`). */
function staffActor(s: StaffRow) {
  return { actor_kind: "staff" as const, actor_id: s.id, actor_label: `${s.full_name} (${s.username})` };
}

const LEADERS = ["admin", "manager"];

/** Who may see a unit's cases (worker/auth/scope.ts): the admin, a manager of the unit or of all units, its inspectors. */
function sees(s: StaffRow, unitId: string | null): boolean {
  if (s.role === "admin") return true;
  if (s.role === "manager") return s.unit_ids.length === 0 || (unitId !== null && s.unit_ids.includes(unitId));
  return s.role === "inspector" && unitId !== null && s.unit_ids.includes(unitId);
}

/** The unit's inspectors, or else a leader: the only staff the workflow lets a case be assigned to. */
function handlersOf(ctx: Context, unitId: string | null): StaffRow[] {
  const inspectors = ctx.staff.filter((s) => s.role === "inspector" && unitId !== null && s.unit_ids.includes(unitId));
  if (inspectors.length) return inspectors;
  const managers = ctx.staff.filter((s) => s.role === "manager");
  const leaders = [
    ...managers.filter((s) => sees(s, unitId)),
    ...managers,
    ...ctx.staff.filter((s) => s.role === "admin"),
  ];
  return leaders.slice(0, 1);
}

/** Who accepts, assigns, publishes and closes: an inspector of the unit, else a manager who sees it, else the admin. */
function leadOf(ctx: Context, unitId: string | null): StaffRow | undefined {
  return (
    ctx.staff.find((s) => s.role === "inspector" && sees(s, unitId)) ??
    ctx.staff.find((s) => s.role === "manager" && sees(s, unitId)) ??
    ctx.staff.find((s) => s.role === "admin") ??
    ctx.staff.find((s) => LEADERS.includes(s.role))
  );
}

/** A working day `n` working days before `day` (itself when n = 0 and it is a working day). */
function workingDayBefore(cal: Calendar, day: IsoDate, n: number): IsoDate {
  let d = day;
  while (!cal.isWorkingDay(d)) d = addDays(d, -1);
  for (let left = n; left > 0; ) {
    d = addDays(d, -1);
    if (cal.isWorkingDay(d)) left--;
  }
  return d;
}

const minIso = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
const maxIso = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

/** Office minutes (local): morning 08:00–11:00 or afternoon 13:45–16:30. */
function officeMinutes(rng: Rng): number {
  return rng.chance(0.6) ? rng.int(8 * 60, 11 * 60) : rng.int(13 * 60 + 45, 16 * 60 + 30);
}

/** Document symbols per unit code (ký hiệu văn bản): the drafting unit after the agency's. */
const UNIT_SYMBOL: Record<string, string> = {
  VP: "VP",
  MOTCUA: "VP",
  QLCN: "QLCN",
  QLKH: "QLKH",
  CCTDC: "TĐC",
  TTRA: "TTr",
  KHTC: "KHTC",
  TTUD: "TTUD",
};

/** A plausible number for a document issued on `day`: the agency's yearly register, growing through the year. */
function documentNumber(ctx: Context, rng: Rng, day: IsoDate, kind: "cv" | "qd" | "tb", symbol: string): string {
  const start = `${day.slice(0, 4)}-01-01`;
  const dayOfYear = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
  const rate = kind === "cv" ? 9 : kind === "qd" ? 1.2 : 0.6;
  const key = `${day.slice(0, 4)}:${kind}`;
  const n = Math.max((ctx.docNumbers.get(key) ?? 0) + 1, Math.floor(dayOfYear * rate) + rng.int(0, 4));
  ctx.docNumbers.set(key, n);
  if (kind === "qd") return `${n}/QĐ-SKHCN`;
  if (kind === "tb") return `${n}/TB-SKHCN`;
  return `${n}/SKHCN-${symbol}`;
}

function unitCode(ctx: Context, unitId: string | null): string {
  return ctx.units.find((u) => u.id === unitId)?.code ?? "VP";
}

function petitionAnswer(ctx: Context, c: CaseRow): string {
  const unit = ctx.units.find((u) => u.id === c.handling_unit_id);
  return [
    `${ctx.agencyName} nhận được phản ánh, kiến nghị của Ông/Bà (mã số ${c.code}, tiếp nhận ngày ${formatDateVi(localDateOf(c.received_at))}) về việc: ${c.title}. Sau khi xem xét, Sở trả lời như sau:`,
    PETITION_ANSWERS[c.title] ?? GENERIC_PETITION_ANSWER,
    `Sở trân trọng cảm ơn Ông/Bà đã quan tâm, góp ý. Trường hợp còn vướng mắc, đề nghị Ông/Bà liên hệ ${unit?.name ?? "Văn phòng Sở"} trong giờ hành chính để được hướng dẫn.`,
  ].join("\n\n");
}

function caseAnswer(ctx: Context, c: CaseRow): string {
  if (c.kind === "complaint") {
    return [
      `Ngày ${formatDateVi(localDateOf(c.received_at))}, ${ctx.agencyName} nhận được đơn khiếu nại (mã số ${c.code}) về việc: ${c.title}. Giám đốc Sở đã thụ lý, giao xác minh nội dung khiếu nại và tổ chức đối thoại với người khiếu nại.`,
      COMPLAINT_DECISIONS[c.title] ?? GENERIC_COMPLAINT_DECISION,
    ].join("\n\n");
  }
  return [
    `${ctx.agencyName} thông báo kết quả giải quyết tố cáo (mã số ${c.code}) về việc: ${c.title}.`,
    DENUNCIATION_CONCLUSIONS[c.title] ?? GENERIC_DENUNCIATION_CONCLUSION,
  ].join("\n\n");
}

/**
 * The day a complaint or denunciation was accepted: the working day within the acceptance
 * period whose resolution deadline is the one the seed gave the case (the latest such day),
 * else three working days after receipt.
 */
function acceptanceDay(ctx: Context, c: CaseRow): IsoDate {
  const cal = ctx.calendar;
  const rday = localDateOf(c.received_at);
  const receipt = ruleInForce(ctx.rules, {
    kind: c.kind,
    step: receiptPlan(c.kind).step,
    start: rday,
    agencyId: ctx.agencyId,
  })
    ? dueDate(ctx.rules, cal, { kind: c.kind, step: receiptPlan(c.kind).step, start: rday, agencyId: ctx.agencyId }).due
    : cal.addWorkingDays(rday, 7);
  const last = minIso(receipt, ctx.today);
  const step = c.kind === "complaint" && isRemoteArea(ctx.settings) ? "resolve_remote" : "resolve";
  const wanted = c.due_at ? localDateOf(new Date(c.due_at.getTime() - 1)) : null;
  let best: IsoDate | null = null;
  for (let d = cal.nextWorkingDay(rday); d <= last; d = cal.nextWorkingDay(d)) {
    const request = { kind: c.kind, step, start: d, agencyId: ctx.agencyId };
    if (wanted && ruleInForce(ctx.rules, request) && dueDate(ctx.rules, cal, request).due === wanted) best = d;
  }
  return best ?? minIso(cal.addWorkingDays(rday, 3), last);
}

type RoutedBy = "rule" | "setting" | "default" | "manual";

/** Replays one case's workflow and writes its rows. */
function buildHistory(
  ctx: Context,
  rng: Rng,
  c: CaseRow,
  plan: { late: boolean; rating: boolean | undefined },
  out: Rows,
): void {
  const r = new Replay(ctx, c, out);
  r.finish(play(ctx, rng, c, plan, out, r));
}

function play(
  ctx: Context,
  rng: Rng,
  c: CaseRow,
  plan: { late: boolean; rating: boolean | undefined },
  out: Rows,
  r: Replay,
): RoutedBy {
  const cal = ctx.calendar;
  const rday = localDateOf(c.received_at);
  const lead = leadOf(ctx, c.handling_unit_id);
  const handlers = handlersOf(ctx, c.handling_unit_id);
  if (!lead || handlers.length === 0) throw new Error(`no staff to handle ${c.code}: seed the agency's staff first`);
  const handler = rng.pick(handlers);

  // Routing: the rules' unit, and a manual transfer when the case is handled elsewhere.
  const route = routeCase(
    { kind: c.kind, sourceUnitId: c.source_unit_id, procedureId: c.procedure_id },
    ctx.routing,
    ctx.settings,
    ctx.units,
  );
  r.receive(route.by);
  let routedBy: RoutedBy = route.by;
  if (route.unitId && c.handling_unit_id && route.unitId !== c.handling_unit_id) {
    routedBy = "manual";
    const mover = leadOf(ctx, route.unitId) ?? lead;
    const unit = ctx.units.find((u) => u.id === c.handling_unit_id);
    r.transfer(
      r.time(rday, Math.min(16 * 60 + 45, localMinutes(c.received_at) + rng.int(40, 150))),
      mover,
      route.unitId,
      c.handling_unit_id,
      `Nội dung thuộc lĩnh vực do ${unit?.name ?? "đơn vị chuyên môn"} tham mưu giải quyết.`,
    );
  }

  if (c.status === "received") return routedBy;

  if (c.status === "rejected" || c.status === "forwarded") {
    const at = c.closed_at && c.closed_at > r.last ? c.closed_at : r.time(cal.nextWorkingDay(rday), officeMinutes(rng));
    if (c.status === "rejected") {
      const reason =
        c.kind === "complaint"
          ? COMPLAINT_REJECT_REASON
          : (PETITION_REFUSALS[c.title]?.reason ?? GENERIC_REJECT_REASON);
      r.act("reject", at, lead, { reason });
    } else {
      const refusal = PETITION_REFUSALS[c.title]?.forwardedTo ? PETITION_REFUSALS[c.title]! : GENERIC_FORWARD;
      r.act("forward", at, lead, { reason: refusal.reason, forwardedTo: refusal.forwardedTo });
    }
    return routedBy;
  }

  // Accepted (thụ lý): PAKN on the day of receipt or the next working day; complaints and
  // denunciations on the day that gives the seeded resolution deadline.
  const acceptDay =
    c.kind === "petition"
      ? minIso(rng.chance(0.5) ? cal.workingDayOnOrAfter(rday) : cal.nextWorkingDay(rday), ctx.today)
      : acceptanceDay(ctx, c);
  const acceptAt = r.time(acceptDay, officeMinutes(rng));
  r.act("accept", acceptAt, lead);
  if (c.status === "accepted") return routedBy;

  r.act("assign", r.time(localDateOf(acceptAt), localMinutes(acceptAt) + rng.int(10, 50)), lead, { assignee: handler });
  if (c.status === "assigned") return routedBy;

  const startDay = minIso(rng.chance(0.5) ? localDateOf(r.last) : cal.nextWorkingDay(localDateOf(r.last)), ctx.today);
  r.act("start", r.time(startDay, officeMinutes(rng)), handler);
  if (c.status === "in_progress") return routedBy;

  const symbol = UNIT_SYMBOL[unitCode(ctx, c.handling_unit_id)] ?? "VP";
  const answerOn = (day: IsoDate, body: string, kind: "cv" | "qd" | "tb") => {
    const at = r.time(maxIso(day, localDateOf(r.last)), officeMinutes(rng));
    const docDay = localDateOf(at);
    r.act("answer", at, handler, {
      answer: { body, document_number: documentNumber(ctx, rng, docDay, kind, symbol), document_date: docDay },
    });
    return at;
  };

  if (c.kind !== "petition") {
    // Complaints and denunciations that reached "closed": decided before the resolution deadline,
    // sent and closed on the seeded closing day.
    const closeAt = c.closed_at ?? r.time(ctx.today, officeMinutes(rng));
    const dueOn = r.open?.dueOn ?? localDateOf(closeAt);
    const decisionDay = minIso(workingDayBefore(cal, localDateOf(closeAt), rng.int(1, 2)), dueOn);
    answerOn(decisionDay, caseAnswer(ctx, c), c.kind === "complaint" ? "qd" : "tb");
    if (c.status === "closed")
      r.act("close", new Date(Math.max(closeAt.getTime(), r.last.getTime() + 30 * MINUTE)), lead);
    return routedBy;
  }

  // Petitions: answered within the 15 working days, except the ones chosen to be late.
  const due = r.open?.dueOn ?? cal.addWorkingDays(rday, 15);
  const done = c.closed_at ? localDateOf(c.closed_at) : ctx.today;
  let answerDay: IsoDate;
  if (plan.late) answerDay = minIso(maxIso(done, cal.addWorkingDays(due, 1)), workingDayBefore(cal, ctx.today, 1));
  else if (c.status === "answered") answerDay = minIso(due, workingDayBefore(cal, ctx.today, 0));
  else if (c.status === "closed") answerDay = minIso(due, workingDayBefore(cal, done, rng.int(1, 3)));
  else answerDay = minIso(due, workingDayBefore(cal, done, rng.int(0, 1)));
  const answeredAt = answerOn(answerDay, petitionAnswer(ctx, c), "cv");
  if (c.status === "answered") return routedBy;

  // Published within the 2 working days (at the seeded time when it fits), then closed if seeded so.
  const publishDue = r.open?.dueAt ?? dueInstant(cal.addWorkingDays(localDateOf(answeredAt), 2));
  const seeded = c.status === "published" ? c.closed_at : null;
  const publishAt =
    seeded && seeded > answeredAt && seeded < publishDue
      ? seeded
      : r.time(
          minIso(
            rng.chance(0.5) ? localDateOf(answeredAt) : cal.nextWorkingDay(localDateOf(answeredAt)),
            c.closed_at && c.status === "closed" ? localDateOf(c.closed_at) : ctx.today,
          ),
          officeMinutes(rng),
        );
  r.act("publish", publishAt, lead, {
    publish: { question: `${c.title}\n\n${c.content}`, body: out.answers.at(-1)?.body as string },
  });
  if (c.status === "closed") {
    r.act("close", new Date(Math.max((c.closed_at ?? r.last).getTime(), r.last.getTime() + 30 * MINUTE)), lead);
  }
  if (plan.rating !== undefined) {
    const ratedAt = new Date(
      Math.min(
        r.last.getTime() + rng.int(1, 4) * 86_400_000 + rng.int(60, 600) * MINUTE,
        ctx.now.getTime() - 5 * MINUTE,
      ),
    );
    if (ratedAt > r.last) {
      const comment = plan.rating ? rng.pick(SATISFIED_COMMENTS) : rng.pick(UNSATISFIED_COMMENTS);
      r.rate(ratedAt, plan.rating, comment);
    }
  }
  return routedBy;
}

function localMinutes(at: Date): number {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

async function write(trx: Trx, rows: Rows): Promise<void> {
  const chunk = 500;
  const insert = async <T extends keyof Database>(table: T, list: Row<T>[]) => {
    for (let i = 0; i < list.length; i += chunk) {
      await trx
        .insertInto(table)
        .values(list.slice(i, i + chunk) as any)
        .execute();
    }
  };
  await insert("case_workflow", rows.workflow);
  await insert("case_deadlines", rows.deadlines);
  // Events in time order: the timeline reads them by id.
  const events = [...rows.events]
    .sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime())
    .map((e) => ({ ...e, details: sql`${JSON.stringify(e.details)}::text::jsonb` }));
  await insert("case_events", events as Row<"case_events">[]);
  await insert("case_assignments", rows.assignments);
  await insert("case_answers", rows.answers);
  await insert("case_answer_ratings", rows.ratings);
  for (const u of rows.updates) {
    await trx
      .updateTable("cases")
      .set({ due_at: u.due_at, closed_at: u.closed_at, updated_at: u.updated_at })
      .where("id", "=", u.id)
      .execute();
  }
}
