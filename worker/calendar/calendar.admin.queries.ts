import { sql } from "kysely";
import type { Db } from "../db";
import type { IsoDate } from "../lib/calendar/dates";

/**
 * SQL of the calendar administration (/api/admin/calendar). Dates come back as `YYYY-MM-DD`
 * text (to_char), never as a Date, so no time zone can shift them.
 */

const DAY_COLUMNS = [
  "id",
  "agency_id",
  sql<string>`to_char(day, 'YYYY-MM-DD')`.as("day"),
  "kind",
  "holiday",
  "name",
  "name_en",
  "source",
  "updated_at",
] as const;

/** The national rows and the agency's own between two dates (inclusive), with their ids. */
export function listDaysWithIds(db: Db, agencyId: string, from: IsoDate, to: IsoDate) {
  return db
    .selectFrom("calendar_days")
    .select([...DAY_COLUMNS])
    .where(sql<boolean>`day BETWEEN ${from}::date AND ${to}::date`)
    .where((eb) => eb.or([eb("agency_id", "is", null), eb("agency_id", "=", agencyId)]))
    .orderBy("day")
    .execute();
}

export type DayRowWithId = Awaited<ReturnType<typeof listDaysWithIds>>[number];

/**
 * A calendar row the agency may see: its own, or a national one (agency_id NULL). Another
 * agency's row is not found.
 */
export function findVisibleDay(db: Db, agencyId: string, id: string) {
  return db
    .selectFrom("calendar_days")
    .select([...DAY_COLUMNS])
    .where("id", "=", id)
    .where((eb) => eb.or([eb("agency_id", "is", null), eb("agency_id", "=", agencyId)]))
    .executeTakeFirst();
}

/** The agency's own row on a date, if any (one per agency and day). */
export function findOwnDayOn(db: Db, agencyId: string, date: IsoDate) {
  return db
    .selectFrom("calendar_days")
    .select(["id"])
    .where("agency_id", "=", agencyId)
    .where(sql<boolean>`day = ${date}::date`)
    .executeTakeFirst();
}

const RULE_COLUMNS = [
  "id",
  "agency_id",
  "case_kind",
  "step",
  "period",
  "day_type",
  "legal_basis",
  "confidence",
  "max_times",
  "note",
  sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as("valid_from"),
  sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as("valid_to"),
] as const;

/** Every rule the agency sees: the national ones and its own, past, present and future. */
export function listVisibleRules(db: Db, agencyId: string) {
  return db
    .selectFrom("deadline_rules")
    .select([...RULE_COLUMNS])
    .where((eb) => eb.or([eb("agency_id", "is", null), eb("agency_id", "=", agencyId)]))
    .orderBy("case_kind")
    .orderBy("step")
    .orderBy("valid_from")
    .execute();
}

export type RuleRowView = Awaited<ReturnType<typeof listVisibleRules>>[number];

/** A rule the agency may see (its own or a national one), by id. */
export function findVisibleRule(db: Db, agencyId: string, id: string) {
  return db
    .selectFrom("deadline_rules")
    .select([...RULE_COLUMNS])
    .where("id", "=", id)
    .where((eb) => eb.or([eb("agency_id", "is", null), eb("agency_id", "=", agencyId)]))
    .executeTakeFirst();
}

/**
 * The agency's own rules of a kind and step whose period meets [from, to] (to null: open
 * ended), other than `exceptId`: what the exclusion constraint deadline_rules_no_overlap would
 * refuse.
 */
export function findOverlappingRules(
  db: Db,
  agencyId: string,
  rule: { caseKind: string; step: string; from: IsoDate; to: IsoDate | null },
  exceptId?: string,
) {
  let query = db
    .selectFrom("deadline_rules")
    .select([...RULE_COLUMNS])
    .where("agency_id", "=", agencyId)
    .where("case_kind", "=", rule.caseKind as "petition")
    .where("step", "=", rule.step)
    .where(
      sql<boolean>`daterange(valid_from, valid_to, '[]') && daterange(${rule.from}::date, ${rule.to}::date, '[]')`,
    );
  if (exceptId) query = query.where("id", "<>", exceptId);
  return query.orderBy("valid_from").execute();
}
