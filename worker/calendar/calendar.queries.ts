import { sql } from "kysely";
import type { Db } from "../db";
import type { IsoDate } from "../lib/calendar/dates";

/** The agency a calendar request names, by its public code. */
export function findAgencyByCode(db: Db, code: string) {
  return db
    .selectFrom("agencies")
    .where("code", "=", code)
    .select(["id", "code", "name", "settings"])
    .executeTakeFirst();
}

export function findAgencyById(db: Db, id: string) {
  return db.selectFrom("agencies").where("id", "=", id).select(["id", "code", "name", "settings"]).executeTakeFirst();
}

/**
 * Entered calendar days between two dates (inclusive): the national rows, and the agency's own
 * when `agencyId` is given. Dates come back as `YYYY-MM-DD` text, never as a Date, so no time
 * zone can shift them.
 */
export function listCalendarDays(db: Db, agencyId: string | null, from: IsoDate, to: IsoDate) {
  return db
    .selectFrom("calendar_days")
    .select([
      "agency_id",
      sql<string>`to_char(day, 'YYYY-MM-DD')`.as("day"),
      "kind",
      "holiday",
      "name",
      "name_en",
      "source",
    ])
    .where(sql<boolean>`day BETWEEN ${from}::date AND ${to}::date`)
    .where((eb) =>
      agencyId ? eb.or([eb("agency_id", "is", null), eb("agency_id", "=", agencyId)]) : eb("agency_id", "is", null),
    )
    .orderBy("day")
    .execute();
}

/** Deadline rules of a case kind (all steps, all periods): the national ones and the agency's own. */
export function listDeadlineRules(db: Db, agencyId: string | null, kind?: "petition" | "complaint" | "denunciation") {
  let query = db
    .selectFrom("deadline_rules")
    .select([
      "id",
      "agency_id",
      "case_kind",
      "step",
      "period",
      "day_type",
      "legal_basis",
      "confidence",
      "max_times",
      sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as("valid_from"),
      sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as("valid_to"),
    ])
    .where((eb) =>
      agencyId ? eb.or([eb("agency_id", "is", null), eb("agency_id", "=", agencyId)]) : eb("agency_id", "is", null),
    );
  if (kind) query = query.where("case_kind", "=", kind);
  return query.orderBy("case_kind").orderBy("step").orderBy("valid_from").execute();
}
