import type { Kysely } from "kysely";
import type { Database } from "../../schema/db/database";
import { appendAudit } from "../audit/audit.service";
import { auditActor, type Staff } from "../auth/staff";
import { ProblemError } from "../problems";

export type Changes = Record<string, { from: unknown; to: unknown }>;

/** The fields whose value differs between two views of a record. */
export function diff<T extends object>(before: T | null, after: T, keys: readonly (keyof T & string)[]): Changes {
  const out: Changes = {};
  for (const key of keys) {
    const from = before ? before[key] : null;
    if (JSON.stringify(from) !== JSON.stringify(after[key])) out[key] = { from, to: after[key] };
  }
  return out;
}

/** Records a change to the agency's settings (profile, units, counters, procedures) in the audit trail. */
export function auditSettingsChange(
  db: Kysely<Database>,
  staff: Staff,
  change: { entity: string; op: "create" | "update" | "delete"; id: string; changes: Changes },
) {
  return appendAudit(db, {
    agencyId: staff.agencyId,
    ...auditActor(staff),
    action: "settings.changed",
    subjectType: change.entity,
    subjectId: change.id,
    details: { op: change.op, changes: change.changes },
  });
}

/**
 * Runs a DELETE; a row still referenced elsewhere answers 409 with a hint to deactivate it
 * instead (history keeps pointing at it).
 */
export async function deleteOrConflict(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    // 23503 foreign_key_violation (NO ACTION), 23001 restrict_violation (ON DELETE RESTRICT).
    const code = (err as { code?: string } | null)?.code;
    if (code === "23503" || code === "23001") {
      throw new ProblemError("conflict", {
        detail: {
          vi: "Bản ghi đang được sử dụng nên không thể xóa. Hãy chuyển sang trạng thái ngừng hoạt động.",
          en: "This record is in use and cannot be deleted. Deactivate it instead.",
        },
      });
    }
    throw err;
  }
}
