/**
 * The scheduled job (Workers Cron Trigger, worker/cron.ts) that marks cases whose current step
 * is past its deadline and tells the handling unit and the assigned staff. A case is marked
 * once per step: a new step (or a resumption) clears the mark. Paused cases and finished ones
 * are never overdue.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../schema/db/database";
import { type CaseNotifier, deliverPending, queueNotices } from "./notifications";

type Db = Kysely<Database>;

export interface OverdueRun {
  marked: number;
  notified: number;
}

/** Marks up to `limit` newly overdue cases (all agencies) and delivers the notices. */
export async function markOverdueCases(db: Db, now: Date, notifier: CaseNotifier, limit = 500): Promise<OverdueRun> {
  const marked = await db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("cases as c")
      .leftJoin("case_workflow as w", (j) => j.onRef("w.agency_id", "=", "c.agency_id").onRef("w.case_id", "=", "c.id"))
      .leftJoin("case_deadlines as d", (j) => j.onRef("d.case_id", "=", "c.id").on("d.closed_at", "is", null))
      .where("c.due_at", "<=", now)
      .where("c.status", "not in", ["rejected", "forwarded", "closed", "published"])
      .where("w.paused_at", "is", null)
      .where("w.overdue_at", "is", null)
      .select([
        "c.id",
        "c.agency_id",
        "c.code",
        "c.kind",
        "c.status",
        "c.due_at",
        "d.step",
        sql<string | null>`to_char(d.due_on, 'YYYY-MM-DD')`.as("due_on"),
      ])
      .orderBy("c.due_at")
      .limit(limit)
      .forUpdate(["c"])
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    // Cases filed outside the intake (seeded, imported) get their workflow row now.
    await trx
      .insertInto("case_workflow")
      .values(due.map((c) => ({ agency_id: c.agency_id, case_id: c.id, channel: null, overdue_at: now })))
      .onConflict((oc) => oc.columns(["agency_id", "case_id"]).doUpdateSet({ overdue_at: now, updated_at: now }))
      .execute();
    await trx
      .insertInto("case_events")
      .values(
        due.map((c) => ({
          agency_id: c.agency_id,
          case_id: c.id,
          at: now,
          actor_kind: "system" as const,
          actor_label: "Hệ thống",
          action: "overdue",
          details: { step: c.step ?? null, dueOn: c.due_on ?? null, dueAt: (c.due_at as Date).toISOString() },
        })),
      )
      .execute();
    await queueNotices(
      trx,
      due.flatMap((c) =>
        (["handling_unit", "assignees"] as const).map((audience) => ({
          agencyId: c.agency_id,
          caseId: c.id,
          audience,
          template: "overdue",
          payload: { code: c.code, kind: c.kind, step: c.step ?? null, dueOn: c.due_on ?? null },
        })),
      ),
    );
    return due;
  });
  const notified = marked.length ? await deliverPending(db, notifier, { limit: marked.length * 2 + 50 }) : 0;
  return { marked: marked.length, notified };
}
