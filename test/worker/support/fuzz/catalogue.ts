/**
 * Every endpoint of the real app, read from `createApp().routes`, with the zod schemas of its
 * `validate()` middleware (worker/validation.ts `validatorOf`): a route added tomorrow is
 * fuzzed tomorrow, with its own schema.
 */
import type { Hono } from "hono";
import type { z } from "zod";
import type { StaffRole } from "../../../../schema/db/database";
import type { AppEnv } from "../../../../worker/app";
import { isGuardedPath, policy } from "../../../../worker/auth/policy";
import { validatorOf } from "../../../../worker/validation";

export type Access = "public" | "staff" | "integration";

export interface FuzzRoute {
  key: string;
  method: string;
  path: string;
  params: string[];
  access: Access;
  /** The role the fuzzing session has: one the policy lets through (admin when it can). */
  role: StaffRole;
  schemas: Partial<Record<"json" | "query" | "param" | "form" | "header" | "cookie", z.ZodType>>;
}

function handlerSchemas(handler: unknown) {
  const direct = validatorOf(handler as object);
  if (direct) return direct;
  const inner = (handler as Record<string, unknown>).__COMPOSED_HANDLER;
  return inner ? validatorOf(inner as object) : undefined;
}

export function catalogue(app: Hono<AppEnv>): FuzzRoute[] {
  const byKey = new Map<string, FuzzRoute>();
  for (const r of app.routes) {
    if (r.method === "ALL") continue;
    const key = `${r.method} ${r.path}`;
    let route = byKey.get(key);
    if (!route) {
      const params = r.path
        .split("/")
        .filter((s) => s.startsWith(":"))
        .map((s) => s.slice(1).replace(/\{.*$/, "").replace(/\?$/, ""));
      // Staff routes, and the signed-in account's own routes (/api/auth/* but sign-in).
      const access: Access =
        isGuardedPath(r.path) || (r.path.startsWith("/api/auth/") && r.path !== "/api/auth/sign-in")
          ? "staff"
          : r.path.startsWith("/api/integration/")
            ? "integration"
            : "public";
      const roles = policy[key] ?? [];
      const role: StaffRole = roles.includes("admin") ? "admin" : (roles[0] ?? "admin");
      route = { key, method: r.method, path: r.path, params, access, role, schemas: {} };
      byKey.set(key, route);
    }
    const found = handlerSchemas(r.handler);
    if (found) route.schemas[found.target as keyof FuzzRoute["schemas"]] = found.schema;
  }
  return [...byKey.values()];
}

/** The keys of an object schema (query strings use them). */
export function objectKeys(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  let def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  while (def.type === "pipe" || def.type === "optional" || def.type === "default") {
    def = (def.in ?? def.innerType)._zod.def;
  }
  return def.type === "object" ? Object.keys(def.shape) : [];
}
