import type { Kysely } from "kysely";
import type { Database } from "../../schema/db/database";

export interface AuditFilter {
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actorId?: string | undefined;
  /** Entries with a seq below this (the next page, going back in time). */
  before?: string | undefined;
  limit: number;
}

/** One page of an agency's audit entries, newest first; fetches one extra row to tell if more exist. */
export function listAuditEntries(db: Kysely<Database>, agencyId: string, filter: AuditFilter) {
  let q = db.selectFrom("audit_log").where("agency_id", "=", agencyId);
  if (filter.action) q = q.where("action", "=", filter.action);
  if (filter.subjectType) q = q.where("subject_type", "=", filter.subjectType);
  if (filter.subjectId) q = q.where("subject_id", "=", filter.subjectId);
  if (filter.actorId) q = q.where("actor_id", "=", filter.actorId);
  if (filter.before) q = q.where("seq", "<", filter.before);
  return q
    .orderBy("seq", "desc")
    .limit(filter.limit + 1)
    .selectAll()
    .execute();
}
