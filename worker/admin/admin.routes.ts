import { Hono } from "hono";
import { accountsRoutes } from "../accounts/accounts.routes";
import type { AppEnv } from "../app";
import { auditRoutes } from "../audit/audit.routes";
import { calendarAdminRoutes } from "../calendar/calendar.admin.routes";
import { surveyTemplatesAdminRoutes } from "../ratings/survey-templates.admin.routes";
import { agencyRoutes } from "./agency.routes";
import { countersRoutes } from "./counters.routes";
import { proceduresRoutes } from "./procedures.routes";
import { unitsRoutes } from "./units.routes";

/**
 * Agency administration, mounted at /api/admin behind the staff guard (session, CSRF, policy).
 * Holiday calendar, routing rules, deadline rules and survey templates are administered by
 * their own features under /api/admin/<feature>.
 */
export const adminRoutes = new Hono<AppEnv>();

adminRoutes.route("/agency", agencyRoutes);
adminRoutes.route("/units", unitsRoutes);
adminRoutes.route("/counters", countersRoutes);
adminRoutes.route("/procedures", proceduresRoutes);
adminRoutes.route("/accounts", accountsRoutes);
adminRoutes.route("/audit", auditRoutes);
adminRoutes.route("/survey-templates", surveyTemplatesAdminRoutes);
adminRoutes.route("/calendar", calendarAdminRoutes);
