import { Hono } from "hono";
import { type Transparency, TransparencyParamSchema } from "../../schema/api/dashboard";
import type { AppEnv } from "../app";
import * as q from "../dashboard/dashboard.queries";
import { indexSettings } from "../dashboard/dashboard.service";
import { onTimeFigures, publishedAnswers } from "../dashboard/kpi-sources";
import { dateParts, isoDate, localDateOf } from "../lib/calendar/dates";
import { proportion } from "../lib/indices";
import { ProblemError } from "../problems";
import { validate } from "../validation";

/**
 * The public transparency page's data (/api/public/transparency/:agencyCode), no sign-in: the
 * plans ask that satisfaction results, on-time rates and answers to petitions be made public
 * (ND 118/2025/NĐ-CP Art. 34: evaluation results are published). Only agency-wide aggregates
 * and what the cases module marked as published; nothing about a person or an officer.
 */
export const transparencyRoutes = new Hono<AppEnv>();

/** Months shown: the last twelve, the current one included. */
const MONTHS = 12;
const PUBLISHED_ANSWERS = 20;

transparencyRoutes.get("/:agencyCode", validate("param", TransparencyParamSchema), async (c) => {
  const db = c.var.db;
  const agency = await q.findAgencyByCode(db, c.req.valid("param").agencyCode);
  if (!agency) {
    throw new ProblemError("not-found", {
      detail: { vi: "Không tìm thấy cơ quan này.", en: "This agency was not found." },
    });
  }
  const now = new Date();
  const today = localDateOf(now);
  const { year, month } = dateParts(today);
  const first = year * 12 + month - 1 - (MONTHS - 1);
  const firstMonth = isoDate(Math.floor(first / 12), (first % 12) + 1, 1);
  const range = { from: firstMonth, to: today };
  // Independent reads, in parallel on the request's connections.
  const [totals, months, onTime, answers] = await Promise.all([
    q.overallTotals(db, agency.id, range, null),
    q.trendRows(db, agency.id, range, null, "month"),
    onTimeFigures(db, agency.id, range, "all", undefined, now),
    publishedAnswers(db, agency.id, PUBLISHED_ANSWERS),
  ]);
  const body: Transparency = {
    agency: { code: agency.code, name: agency.name },
    period: range,
    target: { value: Number(agency.satisfaction_target), basis: indexSettings(agency.settings).targetBasis },
    satisfaction: proportion(totals.k, totals.n),
    onTime: onTime.share,
    byMonth: months.map((m) => ({ month: m.bucket.slice(0, 7), ...proportion(m.k, m.n) })),
    publishedAnswers: answers,
  };
  c.header("cache-control", "public, max-age=300");
  return c.json(body);
});
