import type { Context } from "hono";
import { Hono } from "hono";
import {
  type CalendarDate,
  type CalendarDay,
  type Due,
  DueQuerySchema,
  type Holidays,
  HolidaysQuerySchema,
} from "../../schema/api/calendar";
import type { AppEnv } from "../app";
import type { DayStatus } from "../lib/calendar/calendar";
import { formatDateVi, type IsoDate, isoDate, weekdayName } from "../lib/calendar/dates";
import { ProblemError } from "../problems";
import { validate } from "../validation";
import { findAgencyByCode } from "./calendar.queries";
import { loadCalendar, withPeriodCalendar } from "./calendar.service";

/**
 * The public working-day calendar (no sign-in: days off and legal periods are public
 * information). Answers change only when an administrator enters a decision, so they may be
 * cached for an hour.
 */
export const calendarRoutes = new Hono<AppEnv>();

const CACHE_ONE_HOUR = "public, max-age=3600";

function calendarDate(date: IsoDate): CalendarDate {
  return { date, display: formatDateVi(date), weekday: weekdayName(date) };
}

function calendarDay(status: DayStatus): CalendarDay {
  return {
    ...calendarDate(status.date),
    name: status.name ?? { vi: "Ngày làm việc", en: "Working day" },
    origin: status.origin ?? "computed",
    scope: status.scope,
    holiday: status.holiday,
    compensatory: status.compensatory,
    source: status.source,
  };
}

/** The agency named by `?agency=`, or null for the national calendar; 404 when unknown. */
async function agencyOf(c: Context<AppEnv>, code: string | undefined) {
  if (code === undefined) return null;
  const agency = await findAgencyByCode(c.var.db, code);
  if (!agency) {
    throw new ProblemError("not-found", {
      detail: { vi: `Không tìm thấy cơ quan có mã ${code}.`, en: `No agency has the code ${code}.` },
    });
  }
  return agency;
}

calendarRoutes.get("/holidays", validate("query", HolidaysQuerySchema), async (c) => {
  const { year, agency: code } = c.req.valid("query");
  const agency = await agencyOf(c, code);
  const calendar = await loadCalendar(c.var.db, agency?.id ?? null, isoDate(year, 1, 1), isoDate(year, 12, 31));
  const body: Holidays = {
    year,
    agency: agency ? { code: agency.code, name: agency.name } : null,
    daysOff: calendar.daysOff(year).map(calendarDay),
    extraWorkingDays: calendar.extraWorkingDays(year).map(calendarDay),
  };
  c.header("cache-control", CACHE_ONE_HOUR);
  return c.json(body);
});

calendarRoutes.get("/due", validate("query", DueQuerySchema), async (c) => {
  const { from, days, unit, agency: code } = c.req.valid("query");
  const agency = await agencyOf(c, code);
  const period = await withPeriodCalendar(c.var.db, agency?.id ?? null, from, days, unit, (calendar) =>
    unit === "working" ? calendar.explainWorkingDays(from, days) : calendar.explainCalendarDays(from, days),
  );
  const body: Due = {
    from: calendarDate(from),
    days,
    unit,
    agency: agency ? { code: agency.code, name: agency.name } : null,
    due: calendarDate(period.due),
    nominalEnd: calendarDate(period.nominalEnd),
    rolledForward: period.rolledForward,
    skipped: period.skipped.map((s) => ({
      ...calendarDate(s.date),
      reason: s.reason === "weekend" ? "weekend" : "day_off",
      name: s.name,
      origin: s.origin,
    })),
    rule: ruleText(unit, days),
  };
  c.header("cache-control", CACHE_ONE_HOUR);
  return c.json(body);
});

/** How the period was counted, citing BLDS 2015 Art. 147–148. */
function ruleText(unit: "working" | "calendar", days: number): Due["rule"] {
  if (unit === "working" && days === 0) {
    return {
      vi: "Trong ngày: chính ngày đó nếu là ngày làm việc, nếu không thì ngày làm việc tiếp theo.",
      en: "Same day: that day if it is a working day, otherwise the next working day.",
    };
  }
  if (unit === "working") {
    return {
      vi: `${days} ngày làm việc, tính từ ngày tiếp theo (Bộ luật Dân sự 2015, Điều 147); không tính ngày nghỉ hằng tuần, ngày nghỉ lễ, tết và ngày nghỉ bù.`,
      en: `${days} working days, counted from the next day (Civil Code 2015, Art. 147); weekends, public holidays and compensatory days are not counted.`,
    };
  }
  return {
    vi: `${days} ngày, tính từ ngày tiếp theo (Bộ luật Dân sự 2015, Điều 147); nếu ngày cuối cùng là ngày nghỉ thì thời hạn kết thúc vào cuối ngày làm việc tiếp theo (Điều 148).`,
    en: `${days} calendar days, counted from the next day (Civil Code 2015, Art. 147); if the last day is a day off, the period ends at the end of the next working day (Art. 148).`,
  };
}
