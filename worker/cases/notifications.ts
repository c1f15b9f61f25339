/**
 * Notices about cases: written to an outbox (case_notifications) in the same transaction as
 * the change they report, then handed to a `CaseNotifier`. Delivery is behind this interface so
 * that a deployment plugs in its channel (email, SMS, Zalo OA, the provincial one-stop system);
 * locally and in tests the notifier only logs.
 *
 * No payload carries the filer's identity: a channel that must reach the citizen resolves the
 * contact itself when it sends, through the identity store, and a notice about a denunciation
 * never names the denouncer (Luật Tố cáo 2018 Art. 56; DOMAIN §4.2).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../schema/db/database";

export type NotificationAudience = "citizen" | "handling_unit" | "assignees";

export interface CaseNotice {
  id: string;
  agencyId: string;
  caseId: string;
  audience: NotificationAudience;
  /** received, accepted, rejected, forwarded, extended, paused, resumed, answered, published, closed, assigned, transferred, overdue, new_case. */
  template: string;
  payload: Record<string, unknown>;
}

export interface CaseNotifier {
  deliver(notice: CaseNotice): Promise<void>;
}

/** Writes the notice to the worker's log (the default outside a configured channel). */
export const logNotifier: CaseNotifier = {
  async deliver(notice) {
    console.log(
      JSON.stringify({
        event: "case.notice",
        audience: notice.audience,
        template: notice.template,
        caseId: notice.caseId,
        ...notice.payload,
      }),
    );
  },
};

export interface QueuedNotice {
  agencyId: string;
  caseId: string;
  audience: NotificationAudience;
  template: string;
  payload?: Record<string, unknown>;
}

/** Adds notices to the outbox (call inside the change's transaction). */
export async function queueNotices(db: Kysely<Database>, notices: readonly QueuedNotice[]): Promise<void> {
  if (notices.length === 0) return;
  await db
    .insertInto("case_notifications")
    .values(
      notices.map((n) => ({
        agency_id: n.agencyId,
        case_id: n.caseId,
        audience: n.audience,
        template: n.template,
        payload: n.payload ?? {},
      })),
    )
    .execute();
}

/**
 * Hands pending notices to the notifier, oldest first, and marks each one sent or records the
 * error (it is tried again on the next run, up to 5 attempts). Returns how many were sent.
 */
export async function deliverPending(
  db: Kysely<Database>,
  notifier: CaseNotifier,
  options: { caseId?: string; limit?: number } = {},
): Promise<number> {
  let query = db
    .selectFrom("case_notifications")
    .select(["id", "agency_id", "case_id", "audience", "template", "payload"])
    .where("sent_at", "is", null)
    .where("attempts", "<", 5)
    .orderBy("created_at")
    .limit(options.limit ?? 100);
  if (options.caseId) query = query.where("case_id", "=", options.caseId);
  const rows = await query.execute();
  let sent = 0;
  for (const row of rows) {
    try {
      await notifier.deliver({
        id: row.id,
        agencyId: row.agency_id,
        caseId: row.case_id,
        audience: row.audience,
        template: row.template,
        payload: row.payload,
      });
      await db
        .updateTable("case_notifications")
        .set((eb) => ({ sent_at: new Date(), attempts: eb("attempts", "+", 1) }))
        .where("id", "=", row.id)
        .execute();
      sent++;
    } catch (err) {
      await db
        .updateTable("case_notifications")
        .set((eb) => ({ attempts: eb("attempts", "+", 1), last_error: String(err).slice(0, 1000) }))
        .where("id", "=", row.id)
        .execute();
    }
  }
  return sent;
}
