import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { except } from "hono/combine";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { authRoutes } from "./accounts/auth.routes";
import { adminRoutes } from "./admin/admin.routes";
import { staffGuard } from "./auth/guard";
import type { Staff } from "./auth/staff";
import { calendarRoutes } from "./calendar/calendar.routes";
import { isAttachmentUpload } from "./cases/attachments.service";
import { casesPublicRoutes } from "./cases/cases.public.routes";
import { casesRoutes } from "./cases/cases.routes";
import { routingRulesRoutes } from "./cases/routing-rules.routes";
import { dashboardRoutes } from "./dashboard/dashboard.routes";
import { createDb, type Db, lazyDb } from "./db";
import { type Bindings, type Config, readConfig } from "./env";
import { filesRoutes } from "./files/files.routes";
import { integrationRoutes } from "./files/integration.routes";
import { healthRoutes } from "./health/health.routes";
import { handleError, ProblemError, problemCatalogue, problemResponse, problemType } from "./problems";
import { publicRoutes } from "./public/public.routes";
import { ratingsRoutes } from "./ratings/ratings.routes";
import { reportsRoutes } from "./reports/reports.routes";
import { transparencyRoutes } from "./transparency/transparency.routes";

export interface AppEnv {
  Bindings: Bindings;
  /** `staff`: the signed-in staff member, set by the session middleware (worker/auth). */
  Variables: { db: Db; config: Config; requestId: string; staff?: Staff };
}

/** Bodies above this are refused with a 413 problem before any handler reads them. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the API: middleware in order, then the feature routes, then the one error handler. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(requestId({ headerName: "x-request-id" }));
  // Registered before secureHeaders so that it runs after it on the way out.
  app.use(async (c, next) => {
    await next();
    // HSTS only means something over https; on http://localhost it would be noise.
    if (new URL(c.req.url).protocol !== "https:") c.res.headers.delete("strict-transport-security");
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: "max-age=31536000; includeSubDomains",
      referrerPolicy: "strict-origin-when-cross-origin",
      crossOriginResourcePolicy: "same-origin",
    }),
  );
  app.use(
    // File uploads (one attachment per request) check their own, larger limit.
    except(
      (c) => isAttachmentUpload(c.req.path, c.req.method),
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => {
          throw new ProblemError("payload-too-large");
        },
      }),
    ),
  );
  app.use(async (c, next) => {
    const config = readConfig(c.env);
    c.set("config", config);
    // Built on first use: routes that never query the database do not create a client.
    c.set(
      "db",
      lazyDb(() => createDb(c.env.HYPERDRIVE.connectionString, config)),
    );
    await next();
  });
  // Every staff and admin endpoint: session, CSRF, then the policy of worker/auth/policy.ts.
  app.use("/api/staff/*", staffGuard);
  app.use("/api/admin/*", staffGuard);

  app.route("/api", healthRoutes);
  app.route("/api/public", publicRoutes);
  app.route("/api/auth", authRoutes);
  app.route("/api/admin", adminRoutes);
  app.route("/api/ratings", ratingsRoutes);
  app.route("/api/calendar", calendarRoutes);
  app.route("/api/public/cases", casesPublicRoutes);
  // Before the cases routes, whose /:id would otherwise take /routing-rules.
  app.route("/api/staff/cases/routing-rules", routingRulesRoutes);
  app.route("/api/staff/cases", casesRoutes);
  app.route("/api/staff/files", filesRoutes);
  app.route("/api/integration/files", integrationRoutes);
  app.route("/api/staff/dashboard", dashboardRoutes);
  app.route("/api/staff/reports", reportsRoutes);
  app.route("/api/public/transparency", transparencyRoutes);

  /** The problem catalogue itself: what each `type` URI means. */
  app.get("/api/problems", (c) =>
    c.json(Object.entries(problemCatalogue).map(([slug, p]) => ({ type: problemType(slug as never), ...p }))),
  );
  app.get("/api/problems/:slug", (c) => {
    const slug = c.req.param("slug");
    if (!Object.hasOwn(problemCatalogue, slug)) throw new ProblemError("not-found");
    return c.json({ type: problemType(slug as never), ...problemCatalogue[slug as keyof typeof problemCatalogue] });
  });

  app.notFound((c) => problemResponse(c, "not-found"));
  app.onError(handleError);
  return app;
}
