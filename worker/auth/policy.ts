/**
 * THE authorization policy of every staff and admin endpoint, as one table:
 * `"METHOD /api/path/:param"` (exactly Hono's route path, as registered) → the roles allowed.
 *
 * The session middleware on /api/staff/* and /api/admin/* looks the matched route up here
 * after routing and answers 403 to any other role. A route under those prefixes that has no
 * entry is refused (fail closed), and test/worker/authz.test.ts fails until it has one: add
 * your route here in the same change that adds the route.
 *
 * Roles (vai trò): admin (quản trị cơ quan), manager (lãnh đạo), inspector (cán bộ xử lý đơn
 * thư / PAKN), counter_officer (cán bộ một cửa), viewer (chỉ xem). Which units' data each one
 * sees is a separate rule (worker/auth/scope.ts).
 */
import type { StaffRole } from "../../schema/db/database";

type Roles = readonly StaffRole[];

/** Every signed-in staff member of the agency. */
export const ALL_STAFF: Roles = ["admin", "manager", "inspector", "counter_officer", "viewer"];
export const ADMIN: Roles = ["admin"];
export const ADMIN_MANAGER: Roles = ["admin", "manager"];
/** Who records files and issues apology letters: the one-stop desk, its managers, the admin. */
export const FILE_DESK: Roles = ["admin", "manager", "counter_officer"];
/** Who reads case queues and case pages (petitions, complaints, denunciations). */
export const CASE_READERS: Roles = ["admin", "manager", "inspector", "viewer"];
/** Who acts on cases: accept, assign, answer, publish… */
export const CASE_HANDLERS: Roles = ["admin", "manager", "inspector"];

export const policy: Readonly<Record<string, Roles>> = {
  // Agency profile (hồ sơ cơ quan): everyone reads it, only the agency admin changes it.
  "GET /api/admin/agency": ALL_STAFF,
  "PUT /api/admin/agency": ADMIN,

  // Units (phòng / đơn vị), counters (quầy), procedures (thủ tục hành chính): reference data
  // every role needs to read; the agency admin maintains them.
  "GET /api/admin/units": ALL_STAFF,
  "POST /api/admin/units": ADMIN,
  "GET /api/admin/units/:id": ALL_STAFF,
  "PATCH /api/admin/units/:id": ADMIN,
  "DELETE /api/admin/units/:id": ADMIN,

  "GET /api/admin/counters": ALL_STAFF,
  "POST /api/admin/counters": ADMIN,
  "GET /api/admin/counters/:id": ALL_STAFF,
  "PATCH /api/admin/counters/:id": ADMIN,
  "DELETE /api/admin/counters/:id": ADMIN,

  "GET /api/admin/procedures": ALL_STAFF,
  "POST /api/admin/procedures": ADMIN,
  "POST /api/admin/procedures/import": ADMIN,
  "GET /api/admin/procedures/:id": ALL_STAFF,
  "PATCH /api/admin/procedures/:id": ADMIN,
  "DELETE /api/admin/procedures/:id": ADMIN,

  // Staff accounts: managers see who works where; only the agency admin changes accounts.
  "GET /api/admin/accounts": ADMIN_MANAGER,
  "POST /api/admin/accounts": ADMIN,
  "GET /api/admin/accounts/:id": ADMIN_MANAGER,
  "PATCH /api/admin/accounts/:id": ADMIN,
  "POST /api/admin/accounts/:id/reset-password": ADMIN,
  "POST /api/admin/accounts/:id/revoke-sessions": ADMIN,
  "DELETE /api/admin/accounts/:id/totp": ADMIN,

  // The audit trail (nhật ký) and its chain check.
  "GET /api/admin/audit": ADMIN,
  "GET /api/admin/audit/verify": ADMIN,

  // Survey templates (worker/ratings/survey-templates.admin.routes.ts): admins and managers read
  // the versions and what uses them; only the agency admin drafts, edits, publishes and retires.
  "GET /api/admin/survey-templates": ADMIN_MANAGER,
  "GET /api/admin/survey-templates/:id": ADMIN_MANAGER,
  "PUT /api/admin/survey-templates/:id": ADMIN,
  "DELETE /api/admin/survey-templates/:id": ADMIN,
  "POST /api/admin/survey-templates/:id/drafts": ADMIN,
  "POST /api/admin/survey-templates/:id/publish": ADMIN,
  "POST /api/admin/survey-templates/:id/retire": ADMIN,

  // Holiday calendar and deadline rules (worker/calendar/calendar.admin.routes.ts): days off are
  // public and every role plans with them; deadline rules concern the case readers; only the
  // agency admin adds, changes or ends the agency's own days and rules (national rows: nobody).
  "GET /api/admin/calendar": ALL_STAFF,
  "POST /api/admin/calendar/days": ADMIN,
  "PATCH /api/admin/calendar/days/:id": ADMIN,
  "DELETE /api/admin/calendar/days/:id": ADMIN,
  "GET /api/admin/calendar/rules": CASE_READERS,
  "POST /api/admin/calendar/rules": ADMIN,
  "PATCH /api/admin/calendar/rules/:id": ADMIN,
  "DELETE /api/admin/calendar/rules/:id": ADMIN,

  // Files (hồ sơ) on time, apology letters, CSV import (worker/files): every role reads (within
  // its units); the one-stop desk, managers and the admin record files and issue letters; the
  // admin sets the agency's choices and the one-stop software's keys.
  "GET /api/staff/files": ALL_STAFF,
  "POST /api/staff/files": FILE_DESK,
  "GET /api/staff/files/due-preview": ALL_STAFF,
  "GET /api/staff/files/alerts": ALL_STAFF,
  "GET /api/staff/files/kpis": ALL_STAFF,
  "GET /api/staff/files/settings": ALL_STAFF,
  "PUT /api/staff/files/settings": ADMIN,
  "GET /api/staff/files/integration-keys": ADMIN,
  "POST /api/staff/files/integration-keys": ADMIN,
  "DELETE /api/staff/files/integration-keys/:id": ADMIN,
  "POST /api/staff/files/imports": FILE_DESK,
  "POST /api/staff/files/imports/:id/chunks": FILE_DESK,
  "GET /api/staff/files/imports/:id": FILE_DESK,
  "POST /api/staff/files/imports/:id/commit": FILE_DESK,
  "GET /api/staff/files/:id": ALL_STAFF,
  "POST /api/staff/files/:id/events": FILE_DESK,
  "GET /api/staff/files/:id/return-slip": FILE_DESK,
  "POST /api/staff/files/:id/apology-letter": FILE_DESK,
  "GET /api/staff/files/:id/apology-letter": ALL_STAFF,
  "POST /api/staff/files/:id/apology-letter/deliveries": FILE_DESK,

  // Petitions, complaints, denunciations (worker/cases). Readers see their units' cases (and the
  // ones assigned to them); handlers act on them. A denouncer's identity is further limited to
  // the staff assigned to the case, whatever the role (worker/cases/identity.ts).
  "GET /api/staff/cases": CASE_READERS,
  "GET /api/staff/cases/meta": CASE_READERS,
  "GET /api/staff/cases/stats": CASE_READERS,
  "GET /api/staff/cases/routing-rules": ADMIN_MANAGER,
  "POST /api/staff/cases/routing-rules": ADMIN,
  "DELETE /api/staff/cases/routing-rules/:ruleId": ADMIN,
  "PATCH /api/staff/cases/routing-rules/:ruleId": ADMIN,
  "GET /api/staff/cases/:id": CASE_READERS,
  "GET /api/staff/cases/:id/identity": CASE_HANDLERS,
  "GET /api/staff/cases/:id/verification-copy": CASE_HANDLERS,
  "GET /api/staff/cases/:id/attachments/:attachmentId": CASE_READERS,
  "POST /api/staff/cases/:id/transitions": CASE_HANDLERS,
  "POST /api/staff/cases/:id/answer": CASE_HANDLERS,
  "POST /api/staff/cases/:id/answer/attachments": CASE_HANDLERS,
  "POST /api/staff/cases/:id/publish-preview": CASE_HANDLERS,

  // The manager dashboard, corrective actions and periodic reports (worker/dashboard,
  // worker/reports): leaders and admins act, viewers read; the rollup rebuild is the admin's.
  "GET /api/staff/dashboard/summary": ["admin", "manager", "viewer"],
  "GET /api/staff/dashboard/follow-ups": ["admin", "manager", "viewer"],
  "GET /api/staff/dashboard/actions": ["admin", "manager", "viewer"],
  "POST /api/staff/dashboard/actions": ADMIN_MANAGER,
  "PATCH /api/staff/dashboard/actions/:id": ADMIN_MANAGER,
  "POST /api/staff/dashboard/rollups/rebuild": ADMIN,
  "GET /api/staff/reports/periodic": ["admin", "manager", "viewer"],
};

/** The roles allowed on a route, or undefined when the route has no entry (refused). */
export function allowedRoles(method: string, path: string): Roles | undefined {
  return Object.hasOwn(policy, `${method} ${path}`) ? policy[`${method} ${path}`] : undefined;
}

/** True for the URL spaces every route of which must have a policy entry. */
export function isGuardedPath(path: string): boolean {
  return /^\/api\/(staff|admin)(\/|$)/.test(path);
}
