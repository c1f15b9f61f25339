import { Hono, type MiddlewareHandler } from "hono";
import { CodeParamSchema, IntegrationEventSchema, IntegrationFileUpsertSchema } from "../../schema/api/files";
import type { AppEnv } from "../app";
import { ProblemError } from "../problems";
import { validate } from "../validation";
import { findActiveKeyByHash, touchKey } from "./files.queries";
import {
  type IntegrationActor,
  integrationFileStatus,
  recordIntegrationEvent,
  upsertIntegrationFile,
} from "./integration.service";
import { hashKey } from "./integration-keys";

/**
 * The one-stop software's API, mounted at /api/integration/files. Not a staff session: each
 * request carries the agency's key, `Authorization: Bearer <key>`; the key decides the agency.
 *
 *   PUT  /api/integration/files/:code          create or update the file (idempotent)
 *   POST /api/integration/files/:code/events   one event (idempotent by event id, or time)
 *   GET  /api/integration/files/:code          where the file stands
 */
export interface IntegrationEnv {
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & { integration: IntegrationActor };
}

/** Refreshes `last_used_at` at most this often, so that busy keys do not write on every request. */
const TOUCH_EVERY_MS = 5 * 60_000;

function refused(): ProblemError {
  return new ProblemError("integration-key-invalid", {
    headers: { "www-authenticate": 'Bearer realm="hailong-integration"' },
  });
}

export const integrationAuth: MiddlewareHandler<IntegrationEnv> = async (c, next) => {
  const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/.exec(c.req.header("authorization") ?? "");
  if (!m?.[1]) throw refused();
  const key = await findActiveKeyByHash(c.var.db, await hashKey(m[1]));
  if (!key) throw refused();
  if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await touchKey(c.var.db, key.id);
  }
  c.set("integration", { kind: "integration", keyId: key.id, keyName: key.name, agencyId: key.agency_id });
  await next();
};

export const integrationRoutes = new Hono<IntegrationEnv>();

integrationRoutes.use("*", integrationAuth);

integrationRoutes.put(
  "/:code",
  validate("param", CodeParamSchema),
  validate("json", IntegrationFileUpsertSchema),
  async (c) => {
    const result = await upsertIntegrationFile(
      c.var.db,
      c.var.integration,
      c.req.valid("param").code,
      c.req.valid("json"),
      new Date(),
    );
    return c.json(result, result.created ? 201 : 200);
  },
);

integrationRoutes.post(
  "/:code/events",
  validate("param", CodeParamSchema),
  validate("json", IntegrationEventSchema),
  async (c) => {
    const result = await recordIntegrationEvent(
      c.var.db,
      c.var.integration,
      c.req.valid("param").code,
      c.req.valid("json"),
      new Date(),
    );
    return c.json(result, result.changed ? 201 : 200);
  },
);

integrationRoutes.get("/:code", validate("param", CodeParamSchema), async (c) => {
  return c.json(await integrationFileStatus(c.var.db, c.var.integration, c.req.valid("param").code, new Date()));
});
