import type { NewCalendarDay, NewDeadlineRule } from "../../../schema/db/calendar";
import { seedCalendarReference } from "../../../scripts/seed/calendar-reference";
import type { Db } from "../../../worker/db";

/**
 * The national reference rows (official 2025–2026 days off, national deadline rules). They are
 * the same for every test and inserted idempotently, so tests may call this freely.
 */
export async function seedNationalCalendar(db: Db): Promise<void> {
  await seedCalendarReference(db);
}

/** An entered calendar day; give `agency_id` for an agency's own day. */
export async function createCalendarDay(db: Db, over: Partial<NewCalendarDay> & Pick<NewCalendarDay, "day">) {
  return db
    .insertInto("calendar_days")
    .values({
      agency_id: null,
      kind: "day_off",
      holiday: null,
      name: "Ngày nghỉ riêng",
      name_en: "Own day off",
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A deadline rule of an agency (national when agency_id is null). */
export async function createDeadlineRule(db: Db, over: Partial<NewDeadlineRule> & Pick<NewDeadlineRule, "agency_id">) {
  return db
    .insertInto("deadline_rules")
    .values({
      case_kind: "complaint",
      step: "accept",
      period: 5,
      day_type: "working",
      legal_basis: "Quy chế tiếp nhận, xử lý đơn của cơ quan (thử nghiệm)",
      confidence: "U",
      valid_from: "2026-01-01",
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
