import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { createDb, type Db } from "./db";
import { type Bindings, type Config, readConfig } from "./env";
import { healthRoutes } from "./health/health.routes";
import { handleError, ProblemError, problemCatalogue, problemResponse, problemType } from "./problems";
import { publicRoutes } from "./public/public.routes";

export interface AppEnv {
  Bindings: Bindings;
  Variables: { db: Db; config: Config; requestId: string };
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
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ProblemError("payload-too-large");
      },
    }),
  );
  app.use(async (c, next) => {
    const config = readConfig(c.env);
    c.set("config", config);
    c.set("db", createDb(c.env.HYPERDRIVE.connectionString, config));
    await next();
  });

  app.route("/api", healthRoutes);
  app.route("/api/public", publicRoutes);

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
