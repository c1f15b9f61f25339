/**
 * Corrective actions (biện pháp khắc phục): the departmental plans ask that every criterion
 * rated "average" or below, and every low rating, lead to an action with an owner and a date,
 * and that its result be reported. Each change is written to the audit trail with the change.
 */
import type { Action, ActionCreate, ActionUpdate } from "../../schema/api/dashboard";
import { fieldMessages } from "../../schema/api/messages";
import { appendAudit } from "../audit/audit.service";
import { assertUnitInScope } from "../auth/scope";
import { auditActor, type Staff } from "../auth/staff";
import type { Db } from "../db";
import { ProblemError } from "../problems";
import * as q from "./dashboard.queries";

export function actionView(row: q.ActionRow): Action {
  return {
    id: row.id,
    unit: { id: row.unit_id, name: row.unit_name },
    title: row.title,
    description: row.description,
    source: row.source,
    criterion:
      row.criterion_id && row.criterion_code && row.criterion_text
        ? { id: row.criterion_id, code: row.criterion_code, text: row.criterion_text }
        : null,
    followUpId: row.follow_up_id,
    owner: row.owner_id && row.owner_name ? { id: row.owner_id, fullName: row.owner_name } : null,
    dueOn: row.due_on,
    status: row.status,
    overdue: row.overdue,
    evidence: row.evidence,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
  };
}

function notInAgency(path: string): ProblemError {
  return new ProblemError("validation", {
    errors: [{ path, message: { vi: "Không tìm thấy trong cơ quan.", en: "Not found in the agency." } }],
  });
}

export async function createAction(db: Db, staff: Staff, input: ActionCreate, today: string): Promise<Action> {
  assertUnitInScope(staff, input.unitId);
  if (input.followUpId) {
    const followUp = await q.findFollowUp(db, staff.agencyId, input.followUpId);
    if (!followUp) throw notInAgency("followUpId");
    assertUnitInScope(staff, followUp.unit_id);
  }
  if (input.criterionId && !(await q.criterionOfAgency(db, staff.agencyId, input.criterionId))) {
    throw notInAgency("criterionId");
  }
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("corrective_actions")
      .values({
        agency_id: staff.agencyId,
        unit_id: input.unitId,
        title: input.title,
        description: input.description || null,
        source: input.source,
        criterion_id: input.criterionId ?? null,
        follow_up_id: input.followUpId ?? null,
        owner_id: input.ownerId ?? null,
        due_on: input.dueOn,
        created_by: staff.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "corrective_action.created",
      subjectType: "corrective_action",
      subjectId: row.id,
      details: { title: input.title, unitId: input.unitId, source: input.source, dueOn: input.dueOn },
    });
    return row.id;
  });
  const created = await q.findAction(db, staff.agencyId, id, today);
  if (!created) throw new ProblemError("internal");
  return actionView(created);
}

export async function updateAction(
  db: Db,
  staff: Staff,
  id: string,
  input: ActionUpdate,
  today: string,
): Promise<Action> {
  const before = await q.findAction(db, staff.agencyId, id, today);
  if (!before) throw new ProblemError("not-found");
  assertUnitInScope(staff, before.unit_id);
  const status = input.status ?? before.status;
  const evidence = input.evidence === undefined ? before.evidence : input.evidence;
  // Done means shown to be done (the database refuses it too).
  if (status === "done" && !evidence) {
    throw new ProblemError("validation", { errors: [{ path: "evidence", message: fieldMessages.required }] });
  }
  const closing = status === "done" || status === "cancelled";
  const wasClosed = before.status === "done" || before.status === "cancelled";
  const changes = {
    ...(input.title !== undefined && { title: input.title }),
    ...(input.description !== undefined && { description: input.description || null }),
    ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
    ...(input.dueOn !== undefined && { due_on: input.dueOn }),
    ...(input.evidence !== undefined && { evidence: input.evidence }),
    status,
    closed_at: closing ? (wasClosed ? before.closed_at : new Date()) : null,
    updated_at: new Date(),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("corrective_actions")
      .set(changes)
      .where("agency_id", "=", staff.agencyId)
      .where("id", "=", id)
      .execute();
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "corrective_action.updated",
      subjectType: "corrective_action",
      subjectId: id,
      details: {
        before: { status: before.status, dueOn: before.due_on, ownerId: before.owner_id },
        after: {
          status,
          ...(input.dueOn !== undefined && { dueOn: input.dueOn }),
          ...(input.ownerId !== undefined && { ownerId: input.ownerId }),
        },
        ...(input.evidence !== undefined && { evidence: input.evidence }),
      },
    });
  });
  const after = await q.findAction(db, staff.agencyId, id, today);
  if (!after) throw new ProblemError("not-found");
  return actionView(after);
}
