/**
 * The middleware in front of every staff and admin endpoint (/api/staff/*, /api/admin/*):
 * session → CSRF → forced password change → the authorization policy of the matched route.
 */
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../app";
import { ProblemError } from "../problems";
import { checkCsrf } from "./csrf";
import { allowedRoles, isGuardedPath } from "./policy";
import { loadSession } from "./session";
import type { Staff } from "./staff";

/**
 * Checks the staff member's role against the policy entry of every endpoint the router matched
 * for this request (middleware, registered with `use`, have method ALL and are skipped). A
 * guarded route without an entry is refused: 500 outside production so that the omission is
 * loud, 403 in production; both fail closed.
 */
export function authorizeMatchedRoute(c: Context<AppEnv>, staff: Staff): void {
  for (const route of matchedRoutes(c)) {
    if (route.method === "ALL" || !isGuardedPath(route.path)) continue;
    const roles = allowedRoles(route.method, route.path);
    if (!roles) {
      const key = `${route.method} ${route.path}`;
      console.error(`authorization: no policy entry for "${key}" (worker/auth/policy.ts)`);
      if (c.var.config.APP_ENV === "production") throw new ProblemError("forbidden");
      throw new ProblemError("internal", {
        detail: {
          vi: `Chưa khai báo quyền cho "${key}" trong worker/auth/policy.ts.`,
          en: `No authorization policy entry for "${key}" in worker/auth/policy.ts.`,
        },
      });
    }
    if (!roles.includes(staff.role)) {
      throw new ProblemError("forbidden", {
        detail: {
          vi: "Vai trò của bạn không được thực hiện thao tác này.",
          en: "Your role does not allow this action.",
        },
        extensions: { reason: "role" },
      });
    }
  }
}

/** Session, CSRF, password-change gate and the policy: mounted on /api/staff/* and /api/admin/*. */
export const staffGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const session = await loadSession(c, c.var.db, c.var.config);
  c.set("staff", session.staff);
  await checkCsrf(c, c.var.config, session.csrfToken);
  if (session.staff.mustChangePassword) throw new ProblemError("password-change-required");
  authorizeMatchedRoute(c, session.staff);
  await next();
};
