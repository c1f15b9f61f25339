/**
 * The authorization table, tested as a table: every route under /api/staff and /api/admin
 * (read from the real app, so a new route is picked up automatically) must have an entry in
 * worker/auth/policy.ts, and for every (role × route) a signed-in member of that role is let
 * through (anything but 401/403) exactly when the policy lists the role, and refused with
 * 403 otherwise.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../schema/api/problem";
import type { StaffRole } from "../../schema/db/database";
import { createApp } from "../../worker/app";
import { isGuardedPath, policy } from "../../worker/auth/policy";
import { STAFF_ROLES } from "../../worker/auth/staff";
import { BASE, createStaff, type StaffClient, signInAs } from "./support/accounts-factories";
import { createAgency, createUnit } from "./support/factories";
import { testDb, testEnv } from "./support/worker-env";

interface Endpoint {
  key: string;
  method: string;
  path: string;
}

/** Every guarded endpoint of the app, once each (a route with validators appears several times). */
function guardedEndpoints(): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  for (const r of createApp().routes) {
    if (r.method === "ALL" || !isGuardedPath(r.path)) continue;
    const key = `${r.method} ${r.path}`;
    if (!seen.has(key)) seen.set(key, { key, method: r.method, path: r.path });
  }
  return [...seen.values()].sort((a, b) => a.key.localeCompare(b.key));
}

const CANDIDATES = [crypto.randomUUID(), "1", "abc", "2026"];

/** A concrete URL for a route path: each `:param` (optionally `{regex}`) gets a value it accepts. */
function concretePath(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      const m = /^:([A-Za-z0-9_]+)(?:\{(.+)\})?\??$/.exec(segment);
      if (!m) return segment;
      const pattern = m[2] ? new RegExp(`^(?:${m[2]})$`) : null;
      return (pattern ? CANDIDATES.find((v) => pattern.test(v)) : CANDIDATES[0]) ?? CANDIDATES[0];
    })
    .join("/");
}

const endpoints = guardedEndpoints();

describe("the authorization policy", () => {
  it("has an entry for every staff and admin route", () => {
    const missing = endpoints.filter((e) => !Object.hasOwn(policy, e.key)).map((e) => e.key);
    expect(missing, "add these routes to worker/auth/policy.ts").toEqual([]);
  });

  it("names only routes that exist", () => {
    const keys = new Set(endpoints.map((e) => e.key));
    const stale = Object.keys(policy).filter((k) => !keys.has(k));
    expect(stale, "these policy entries match no route").toEqual([]);
  });

  it("covers at least the administration routes", () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(27);
  });

  it("refuses a guarded route that has no policy entry (fail closed)", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const user = await createStaff(db, agency.id, { role: "admin" });
    const client = await signInAs(user);
    const app = createApp();
    app.get("/api/staff/route-without-policy", (c) => c.json({ leaked: true }));
    const res = await app.request(
      `${BASE}/api/staff/route-without-policy`,
      { headers: { cookie: client.cookie } },
      testEnv,
    );
    expect(res.status).toBe(500);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.i18n?.en.detail).toContain("GET /api/staff/route-without-policy");
  });
});

describe.each(endpoints)("$key", (endpoint) => {
  it("answers 401 without a session", async () => {
    const { exports } = await import("cloudflare:workers");
    const res = await exports.default.fetch(`${BASE}${concretePath(endpoint.path)}`, {
      method: endpoint.method,
      headers: { "content-type": "application/json" },
      body: endpoint.method === "GET" ? undefined : "{}",
    });
    expect(res.status).toBe(401);
  });
});

describe("every role on every route", () => {
  const clients = new Map<StaffRole, StaffClient>();

  beforeAll(async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const unit = await createUnit(db, agency.id);
    for (const role of STAFF_ROLES) {
      const user = await createStaff(db, agency.id, { role, unitIds: [unit.id] });
      clients.set(role, await signInAs(user));
    }
  });

  const cases = endpoints.flatMap((e) =>
    STAFF_ROLES.map((role) => ({
      name: `${role.padEnd(15)} ${e.key}`,
      role,
      endpoint: e,
      allowed: (policy[e.key] ?? []).includes(role),
    })),
  );

  it.each(cases)("$name → allowed: $allowed", async ({ role, endpoint, allowed }) => {
    const client = clients.get(role);
    if (!client) throw new Error(`no session for ${role}`);
    const res = await client.fetch(concretePath(endpoint.path), {
      method: endpoint.method,
      ...(endpoint.method === "GET" ? {} : { json: {} }),
    });
    if (allowed) {
      expect([401, 403], `${role} was refused on ${endpoint.key}: ${res.status}`).not.toContain(res.status);
    } else {
      expect(res.status, `${role} reached ${endpoint.key}`).toBe(403);
      const problem = ProblemSchema.parse(await res.json());
      expect(problem.type).toBe("/api/problems/forbidden");
    }
  });
});
