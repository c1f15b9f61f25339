/**
 * Agency administration of the working-day calendar and of the deadline rules, mounted at
 * /api/admin/calendar behind the staff guard (session, CSRF, worker/auth/policy.ts).
 *
 * - The calendar of a year as it applies to the agency: computed national holidays (BLLĐ 2019
 *   Art. 111–112), national decisions entered in `calendar_days` (agency_id NULL) and the
 *   agency's own rows, each with its origin. Only the agency's own rows are changed here.
 * - Deadline rules: the national ones (read-only here) and the agency's own overrides, which
 *   win over the national rule while in force (worker/lib/calendar/deadlines.ts ruleInForce).
 *   Rules are effective-dated: an agency rule is never edited, it is ended (valid_to) and a new
 *   one added, so a case's stored deadline stays explainable.
 *
 * Every change is recorded in the audit trail as a settings change.
 */
import { Hono } from "hono";
import type { Kysely } from "kysely";
import { IdParamSchema } from "../../schema/api/admin";
import {
  type AdminCalendar,
  type AdminCalendarDay,
  AdminCalendarQuerySchema,
  DeadlineRuleCreateSchema,
  DeadlineRuleEndSchema,
  type DeadlineRuleList,
  type DeadlineRuleView,
  type OwnCalendarDay,
  OwnDayCreateSchema,
  OwnDayUpdateSchema,
  type RuleStatus,
} from "../../schema/api/admin-calendar";
import type { CalendarDate } from "../../schema/api/calendar";
import type { Database } from "../../schema/db/database";
import { auditSettingsChange, diff } from "../admin/changes";
import type { AppEnv } from "../app";
import { currentStaff } from "../auth/staff";
import { Calendar, type DayStatus, type EnteredDay } from "../lib/calendar/calendar";
import {
  addDays,
  dateParts,
  formatDateVi,
  type IsoDate,
  isoDate,
  localDateOf,
  weekdayName,
} from "../lib/calendar/dates";
import type { HolidayGroup } from "../lib/calendar/holidays";
import { ProblemError } from "../problems";
import { validate } from "../validation";
import {
  type DayRowWithId,
  findOverlappingRules,
  findOwnDayOn,
  findVisibleDay,
  findVisibleRule,
  listDaysWithIds,
  listVisibleRules,
  type RuleRowView,
} from "./calendar.admin.queries";
import { findAgencyById } from "./calendar.queries";

type Db = Kysely<Database>;

export const calendarAdminRoutes = new Hono<AppEnv>();

const DAY_FIELDS = ["date", "kind", "name", "nameEn", "source"] as const;

const CASE_KIND_NAMES = {
  petition: { vi: "phản ánh, kiến nghị", en: "petitions" },
  complaint: { vi: "khiếu nại", en: "complaints" },
  denunciation: { vi: "tố cáo", en: "denunciations" },
} as const;

function calendarDate(date: IsoDate): CalendarDate {
  return { date, display: formatDateVi(date), weekday: weekdayName(date) };
}

function today(): IsoDate {
  return localDateOf(new Date());
}

function entered(row: DayRowWithId): EnteredDay {
  return {
    date: row.day,
    kind: row.kind,
    name: row.name,
    nameEn: row.name_en,
    holiday: row.holiday as HolidayGroup | null,
    source: row.source,
  };
}

/** The rows of a year, and the calendars with and without the agency's own rows. */
async function yearCalendars(db: Db, agencyId: string, year: number) {
  const rows = await listDaysWithIds(db, agencyId, isoDate(year, 1, 1), isoDate(year, 12, 31));
  const national = rows.filter((r) => r.agency_id === null).map(entered);
  const own = rows.filter((r) => r.agency_id !== null);
  return {
    own,
    full: new Calendar({ national, agency: own.map(entered) }),
    nationalOnly: new Calendar({ national }),
  };
}

function originOf(status: DayStatus): AdminCalendarDay["origin"] {
  if (status.origin !== "entered") return "computed";
  return status.scope === "agency" ? "agency" : "national";
}

function ownDayView(row: DayRowWithId, nationalOnly: Calendar): OwnCalendarDay {
  const national = nationalOnly.dayStatus(row.day);
  return {
    ...calendarDate(row.day),
    id: row.id,
    kind: row.kind,
    name: row.name,
    nameEn: row.name_en,
    source: row.source,
    national: {
      working: national.working,
      name: national.name,
      origin: national.origin === null ? null : national.origin === "computed" ? "computed" : "national",
    },
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the audit trail records of a day. */
function auditView(row: Pick<DayRowWithId, "day" | "kind" | "name" | "name_en" | "source">) {
  return { date: row.day, kind: row.kind, name: row.name, nameEn: row.name_en, source: row.source };
}

/** 403 for a national row: it comes from an official decision and only the national table's keepers change it. */
function nationalReadOnly(what: "day" | "rule"): ProblemError {
  return new ProblemError("forbidden", {
    detail:
      what === "day"
        ? {
            vi: "Đây là ngày nghỉ chung toàn quốc theo quyết định của Thủ tướng/Bộ Nội vụ: cơ quan không sửa hoặc xóa được. Nếu cơ quan làm việc khác lịch chung, hãy thêm một ngày riêng của cơ quan cho ngày đó.",
            en: "This is a national day from a decision of the Prime Minister / Ministry of Home Affairs: an agency cannot change or delete it. If the agency works differently that day, add a day of its own for that date.",
          }
        : {
            vi: "Đây là quy định thời hạn chung toàn quốc: cơ quan không sửa được. Hãy thêm quy định riêng của cơ quan cho loại đơn và bước này; quy định riêng được áp dụng thay quy định chung khi có hiệu lực.",
            en: "This is a national deadline rule: an agency cannot change it. Add a rule of the agency's own for this case kind and step; while in force it is used instead of the national one.",
          },
    extensions: { reason: "national" },
  });
}

/**
 * Refuses a row that would change nothing: a day off on a day the national calendar already
 * gives off, or a working day on a day that is already a working day.
 */
async function assertMakesADifference(db: Db, agencyId: string, date: IsoDate, kind: "day_off" | "working_day") {
  const { nationalOnly } = await yearCalendars(db, agencyId, dateParts(date).year);
  const status = nationalOnly.dayStatus(date);
  const d = formatDateVi(date);
  if (kind === "day_off" && !status.working) {
    const name = status.name ?? { vi: "ngày nghỉ hằng tuần", en: "a weekly day off" };
    throw new ProblemError("validation", {
      errors: [
        {
          path: "date",
          message: {
            vi: `Ngày ${d} đã là ngày nghỉ theo lịch chung (${name.vi}); không cần thêm ngày nghỉ riêng.`,
            en: `${d} is already a day off on the national calendar (${name.en}); no own day off is needed.`,
          },
        },
      ],
    });
  }
  if (kind === "working_day" && status.working) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "kind",
          message: {
            vi: `Ngày ${d} đã là ngày làm việc theo lịch chung. "Ngày làm việc" chỉ dùng cho ngày nghỉ hằng tuần hoặc ngày nghỉ mà cơ quan vẫn làm việc (làm bù).`,
            en: `${d} is already a working day on the national calendar. "Working day" is only for a weekend or a day off on which the agency works (a swap).`,
          },
        },
      ],
    });
  }
}

/** 409 when the agency already has a row on that date. */
async function assertFreeDate(db: Db, agencyId: string, date: IsoDate, exceptId?: string) {
  const existing = await findOwnDayOn(db, agencyId, date);
  if (existing && existing.id !== exceptId) throw duplicateDay(date, existing.id);
}

function duplicateDay(date: IsoDate, existingId?: string): ProblemError {
  const d = formatDateVi(date);
  return new ProblemError("conflict", {
    detail: {
      vi: `Lịch riêng của cơ quan đã có ngày ${d}. Hãy sửa ngày đó thay vì thêm mới.`,
      en: `The agency's own calendar already has ${d}. Edit that day instead of adding another.`,
    },
    extensions: { constraint: "calendar_days_one_per_day", ...(existingId && { existingId }) },
  });
}

/** Runs an insert or update of a day; a concurrent duplicate (unique violation) becomes the helpful 409. */
async function orDuplicate<T>(date: IsoDate, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if ((err as { code?: string } | null)?.code === "23505") throw duplicateDay(date);
    throw err;
  }
}

async function mustFindOwnDay(db: Db, agencyId: string, id: string): Promise<DayRowWithId> {
  const row = await findVisibleDay(db, agencyId, id);
  if (!row) throw new ProblemError("not-found");
  if (row.agency_id === null) throw nationalReadOnly("day");
  return row;
}

async function ownDayResponse(db: Db, agencyId: string, id: string): Promise<OwnCalendarDay> {
  const row = await mustFindOwnDay(db, agencyId, id);
  const { nationalOnly } = await yearCalendars(db, agencyId, dateParts(row.day).year);
  return ownDayView(row, nationalOnly);
}

calendarAdminRoutes.get("/", validate("query", AdminCalendarQuerySchema), async (c) => {
  const staff = currentStaff(c);
  const year = c.req.valid("query").year ?? dateParts(today()).year;
  const agency = await findAgencyById(c.var.db, staff.agencyId);
  if (!agency) throw new ProblemError("not-found");
  const { own, full, nationalOnly } = await yearCalendars(c.var.db, staff.agencyId, year);
  const ownByDate = new Map(own.map((r) => [r.day, r.id]));
  const statuses = [...full.daysOff(year), ...full.extraWorkingDays(year)].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  const body: AdminCalendar = {
    year,
    agency: { code: agency.code, name: agency.name },
    days: statuses.map((s) => {
      const origin = originOf(s);
      return {
        ...calendarDate(s.date),
        kind: s.working ? "working_day" : "day_off",
        name: s.name ?? { vi: "Ngày làm việc", en: "Working day" },
        origin,
        holiday: s.holiday,
        compensatory: s.compensatory,
        source: s.source,
        ownDayId: origin === "agency" ? (ownByDate.get(s.date) ?? null) : null,
      };
    }),
    ownDays: own.map((r) => ownDayView(r, nationalOnly)),
  };
  return c.json(body);
});

calendarAdminRoutes.post("/days", validate("json", OwnDayCreateSchema), async (c) => {
  const staff = currentStaff(c);
  const input = c.req.valid("json");
  const id = await c.var.db.transaction().execute(async (trx) => {
    await assertFreeDate(trx, staff.agencyId, input.date);
    await assertMakesADifference(trx, staff.agencyId, input.date, input.kind);
    const row = await orDuplicate(input.date, () =>
      trx
        .insertInto("calendar_days")
        .values({
          agency_id: staff.agencyId,
          day: input.date,
          kind: input.kind,
          holiday: null,
          name: input.name,
          name_en: input.nameEn || null,
          source: input.source || null,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    const after = auditView({
      day: input.date,
      kind: input.kind,
      name: input.name,
      name_en: input.nameEn || null,
      source: input.source || null,
    });
    await auditSettingsChange(trx, staff, {
      entity: "calendar_day",
      op: "create",
      id: row.id,
      changes: diff(null, after, DAY_FIELDS),
    });
    return row.id;
  });
  return c.json(await ownDayResponse(c.var.db, staff.agencyId, id), 201);
});

calendarAdminRoutes.patch(
  "/days/:id",
  validate("param", IdParamSchema),
  validate("json", OwnDayUpdateSchema),
  async (c) => {
    const staff = currentStaff(c);
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    await c.var.db.transaction().execute(async (trx) => {
      const before = await mustFindOwnDay(trx, staff.agencyId, id);
      const date = input.date ?? before.day;
      const kind = input.kind ?? before.kind;
      if (date !== before.day) await assertFreeDate(trx, staff.agencyId, date, id);
      if (date !== before.day || kind !== before.kind) await assertMakesADifference(trx, staff.agencyId, date, kind);
      const after = {
        day: date,
        kind,
        name: input.name ?? before.name,
        name_en: input.nameEn !== undefined ? input.nameEn || null : before.name_en,
        source: input.source !== undefined ? input.source || null : before.source,
      };
      const changes = diff(auditView(before), auditView(after), DAY_FIELDS);
      if (Object.keys(changes).length === 0) return;
      await orDuplicate(date, () =>
        trx
          .updateTable("calendar_days")
          .set({ ...after, updated_at: new Date() })
          .where("agency_id", "=", staff.agencyId)
          .where("id", "=", id)
          .execute(),
      );
      await auditSettingsChange(trx, staff, { entity: "calendar_day", op: "update", id, changes });
    });
    return c.json(await ownDayResponse(c.var.db, staff.agencyId, id));
  },
);

calendarAdminRoutes.delete("/days/:id", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  await c.var.db.transaction().execute(async (trx) => {
    const before = await mustFindOwnDay(trx, staff.agencyId, id);
    await trx.deleteFrom("calendar_days").where("agency_id", "=", staff.agencyId).where("id", "=", id).execute();
    const view = auditView(before);
    await auditSettingsChange(trx, staff, {
      entity: "calendar_day",
      op: "delete",
      id,
      changes: Object.fromEntries(DAY_FIELDS.map((k) => [k, { from: view[k], to: null }])),
    });
  });
  return c.body(null, 204);
});

// ---- deadline rules ----

function ruleStatus(rule: Pick<RuleRowView, "valid_from" | "valid_to">, on: IsoDate): RuleStatus {
  if (rule.valid_from > on) return "upcoming";
  if (rule.valid_to !== null && rule.valid_to < on) return "ended";
  return "in_force";
}

function ruleView(row: RuleRowView, on: IsoDate, all: readonly RuleRowView[]): DeadlineRuleView {
  const status = ruleStatus(row, on);
  const overridden =
    row.agency_id === null &&
    status === "in_force" &&
    all.some(
      (o) =>
        o.agency_id !== null &&
        o.case_kind === row.case_kind &&
        o.step === row.step &&
        ruleStatus(o, on) === "in_force",
    );
  return {
    id: row.id,
    scope: row.agency_id === null ? "national" : "agency",
    caseKind: row.case_kind,
    step: row.step,
    period: row.period,
    dayType: row.day_type,
    legalBasis: row.legal_basis,
    confidence: row.confidence,
    maxTimes: row.max_times,
    note: row.note,
    validFrom: calendarDate(row.valid_from),
    validTo: row.valid_to === null ? null : calendarDate(row.valid_to),
    status,
    overridden,
  };
}

/** What the audit trail records of a rule. */
function ruleAudit(row: RuleRowView) {
  return {
    caseKind: row.case_kind,
    step: row.step,
    period: row.period,
    dayType: row.day_type,
    legalBasis: row.legal_basis,
    confidence: row.confidence,
    maxTimes: row.max_times,
    note: row.note,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}
const RULE_FIELDS = [
  "caseKind",
  "step",
  "period",
  "dayType",
  "legalBasis",
  "confidence",
  "maxTimes",
  "note",
  "validFrom",
  "validTo",
] as const;

/** The 409 for two rules of the agency in force at the same time, naming the one in the way. */
function overlapProblem(
  rule: { caseKind: keyof typeof CASE_KIND_NAMES; step: string },
  existing: RuleRowView | undefined,
): ProblemError {
  const kind = CASE_KIND_NAMES[rule.caseKind];
  if (!existing) {
    return new ProblemError("conflict", {
      detail: {
        vi: `Cơ quan đã có quy định riêng cho ${kind.vi}, bước ${rule.step}, có hiệu lực trùng khoảng thời gian này. Hãy kết thúc quy định đó trước, hoặc chọn khoảng thời gian khác.`,
        en: `The agency already has a rule of its own for ${kind.en}, step ${rule.step}, in force over part of this period. End that rule first, or choose another period.`,
      },
      extensions: { constraint: "deadline_rules_no_overlap" },
    });
  }
  const from = formatDateVi(existing.valid_from);
  const to = existing.valid_to === null ? null : formatDateVi(existing.valid_to);
  return new ProblemError("conflict", {
    detail: {
      vi: `Cơ quan đã có quy định riêng cho ${kind.vi}, bước ${rule.step} (${existing.period} ngày), có hiệu lực từ ${from}${to ? ` đến ${to}` : " và chưa có ngày kết thúc"}, trùng khoảng thời gian này. Mỗi bước chỉ có một quy định có hiệu lực tại một thời điểm: hãy kết thúc quy định đó (đặt ngày hết hiệu lực) trước ngày bắt đầu của quy định mới, hoặc chọn ngày bắt đầu khác.`,
      en: `The agency already has a rule of its own for ${kind.en}, step ${rule.step} (${existing.period} days), in force from ${from}${to ? ` to ${to}` : " with no end date"}, which overlaps this period. Only one rule per step can be in force at a time: end that rule (set its last day) before the new rule starts, or choose another start date.`,
    },
    extensions: { constraint: "deadline_rules_no_overlap", conflictingRuleId: existing.id },
  });
}

/** Runs a write; the exclusion constraint's refusal (a concurrent overlap) becomes the helpful 409. */
async function orOverlap<T>(
  db: Db,
  agencyId: string,
  rule: { caseKind: keyof typeof CASE_KIND_NAMES; step: string; from: IsoDate; to: IsoDate | null },
  exceptId: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  const overlapping = await findOverlappingRules(db, agencyId, rule, exceptId);
  if (overlapping.length > 0) throw overlapProblem(rule, overlapping[0]);
  try {
    return await run();
  } catch (err) {
    if ((err as { code?: string } | null)?.code === "23P01") throw overlapProblem(rule, undefined);
    throw err;
  }
}

async function mustFindOwnRule(db: Db, agencyId: string, id: string): Promise<RuleRowView> {
  const row = await findVisibleRule(db, agencyId, id);
  if (!row) throw new ProblemError("not-found");
  if (row.agency_id === null) throw nationalReadOnly("rule");
  return row;
}

calendarAdminRoutes.get("/rules", async (c) => {
  const staff = currentStaff(c);
  const on = today();
  const rows = await listVisibleRules(c.var.db, staff.agencyId);
  const body: DeadlineRuleList = { today: calendarDate(on), rules: rows.map((r) => ruleView(r, on, rows)) };
  return c.json(body);
});

calendarAdminRoutes.post("/rules", validate("json", DeadlineRuleCreateSchema), async (c) => {
  const staff = currentStaff(c);
  const input = c.req.valid("json");
  const on = today();
  if (input.validFrom < on) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "validFrom",
          message: {
            vi: `Ngày bắt đầu hiệu lực phải từ hôm nay (${formatDateVi(on)}) trở đi: quy định mới không áp dụng cho đơn đã nhận.`,
            en: `The first day in force must be today (${formatDateVi(on)}) or later: a new rule does not apply to cases already received.`,
          },
        },
      ],
    });
  }
  const validTo = input.validTo ?? null;
  const rule = { caseKind: input.caseKind, step: input.step, from: input.validFrom, to: validTo };
  const view = await c.var.db.transaction().execute(async (trx) => {
    const inserted = await orOverlap(trx, staff.agencyId, rule, undefined, () =>
      trx
        .insertInto("deadline_rules")
        .values({
          agency_id: staff.agencyId,
          case_kind: input.caseKind,
          step: input.step,
          period: input.period,
          day_type: input.dayType,
          legal_basis: input.legalBasis,
          confidence: input.confidence,
          max_times: input.maxTimes ?? null,
          note: input.note || null,
          valid_from: input.validFrom,
          valid_to: validTo,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    const row = await mustFindOwnRule(trx, staff.agencyId, inserted.id);
    await auditSettingsChange(trx, staff, {
      entity: "deadline_rule",
      op: "create",
      id: row.id,
      changes: diff(null, ruleAudit(row), RULE_FIELDS),
    });
    return ruleView(row, on, [row]);
  });
  return c.json(view, 201);
});

calendarAdminRoutes.patch(
  "/rules/:id",
  validate("param", IdParamSchema),
  validate("json", DeadlineRuleEndSchema),
  async (c) => {
    const staff = currentStaff(c);
    const { id } = c.req.valid("param");
    const { validTo } = c.req.valid("json");
    const on = today();
    const view = await c.var.db.transaction().execute(async (trx) => {
      const before = await mustFindOwnRule(trx, staff.agencyId, id);
      if (before.valid_to !== null && before.valid_to < on) {
        throw new ProblemError("conflict", {
          detail: {
            vi: `Quy định này đã hết hiệu lực từ sau ngày ${formatDateVi(before.valid_to)}; không thay đổi được. Nếu cần, hãy thêm quy định mới.`,
            en: `This rule already ended after ${formatDateVi(before.valid_to)}; it cannot be changed. Add a new rule if needed.`,
          },
        });
      }
      const yesterday = addDays(on, -1);
      const earliest = before.valid_from > yesterday ? before.valid_from : yesterday;
      if (validTo < earliest) {
        throw new ProblemError("validation", {
          errors: [
            {
              path: "validTo",
              message:
                before.valid_from > yesterday
                  ? {
                      vi: `Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực (${formatDateVi(before.valid_from)}). Quy định chưa có hiệu lực thì có thể xóa.`,
                      en: `The last day in force cannot be before the first (${formatDateVi(before.valid_from)}). A rule not yet in force can be deleted instead.`,
                    }
                  : {
                      vi: `Ngày hết hiệu lực sớm nhất là hôm qua (${formatDateVi(yesterday)}): không kết thúc hồi tố quy định đã áp dụng cho đơn đã nhận.`,
                      en: `The earliest last day in force is yesterday (${formatDateVi(yesterday)}): a rule already applied to received cases is not ended retroactively.`,
                    },
            },
          ],
        });
      }
      const rule = { caseKind: before.case_kind, step: before.step, from: before.valid_from, to: validTo };
      await orOverlap(trx, staff.agencyId, rule, id, () =>
        trx
          .updateTable("deadline_rules")
          .set({ valid_to: validTo })
          .where("agency_id", "=", staff.agencyId)
          .where("id", "=", id)
          .execute(),
      );
      const after = await mustFindOwnRule(trx, staff.agencyId, id);
      const changes = diff(ruleAudit(before), ruleAudit(after), RULE_FIELDS);
      if (Object.keys(changes).length > 0) {
        await auditSettingsChange(trx, staff, { entity: "deadline_rule", op: "update", id, changes });
      }
      return ruleView(after, on, [after]);
    });
    return c.json(view);
  },
);

calendarAdminRoutes.delete("/rules/:id", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  const on = today();
  await c.var.db.transaction().execute(async (trx) => {
    const before = await mustFindOwnRule(trx, staff.agencyId, id);
    if (before.valid_from <= on) {
      throw new ProblemError("conflict", {
        detail: {
          vi: `Quy định này đã có hiệu lực từ ${formatDateVi(before.valid_from)} nên không xóa được (thời hạn của đơn đã tính theo nó). Hãy kết thúc quy định bằng ngày hết hiệu lực.`,
          en: `This rule has been in force since ${formatDateVi(before.valid_from)}, so it cannot be deleted (case deadlines were computed with it). End it with a last day in force instead.`,
        },
      });
    }
    await trx.deleteFrom("deadline_rules").where("agency_id", "=", staff.agencyId).where("id", "=", id).execute();
    const view = ruleAudit(before);
    await auditSettingsChange(trx, staff, {
      entity: "deadline_rule",
      op: "delete",
      id,
      changes: Object.fromEntries(RULE_FIELDS.map((k) => [k, { from: view[k], to: null }])),
    });
  });
  return c.body(null, 204);
});
