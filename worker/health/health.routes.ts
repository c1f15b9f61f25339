import { Hono } from "hono";
import { sql } from "kysely";
import type { Health } from "../../schema/api/health";
import { latestMigration } from "../../schema/migrate";
import type { AppEnv } from "../app";

export const healthRoutes = new Hono<AppEnv>();

/** Database reachability and the applied schema version; 503 when the database is down. */
healthRoutes.get("/health", async (c) => {
  const started = Date.now();
  let applied: string | null = null;
  let reachable = false;
  try {
    const row = await c.var.db
      .selectFrom("kysely_migration")
      .select(sql<string>`max(name)`.as("name"))
      .executeTakeFirst();
    applied = row?.name ?? null;
    reachable = true;
  } catch (err) {
    // An empty database (no migration table yet) is reachable but not migrated.
    if ((err as { code?: string }).code === "42P01") reachable = true;
    else console.error("health: database unreachable", (err as Error).message);
  }
  const body: Health = {
    status: reachable && applied === latestMigration ? "ok" : "unavailable",
    database: reachable ? { reachable, latencyMs: Date.now() - started } : { reachable },
    schema: { applied, expected: latestMigration, upToDate: applied === latestMigration },
    time: new Date().toISOString(),
  };
  return c.json(body, body.status === "ok" ? 200 : 503);
});
