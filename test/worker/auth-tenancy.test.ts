/**
 * Tenant isolation, checked on every route: a session of agency A never reads or changes
 * agency B's data. For each staff/admin route with one `:id`-like parameter, every id of a
 * row of B answers 404 (not 403: existence is not revealed), while an id of A's own rows
 * answers 200 on GET (so the route really looks rows up). List routes never show B's ids or
 * codes. Routes are read from the real app, so new ones are covered automatically.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffRole } from "../../schema/db/database";
import { createApp } from "../../worker/app";
import { isGuardedPath, policy } from "../../worker/auth/policy";
import { STAFF_ROLES } from "../../worker/auth/staff";
import {
  createStaff,
  createTenancyWorld,
  type StaffClient,
  signInAs,
  TENANCY_WORLD_UNCOVERED,
} from "./support/accounts-factories";
import { testDb } from "./support/worker-env";

interface Route {
  key: string;
  method: string;
  path: string;
  params: string[];
}

const routes: Route[] = [];
for (const r of createApp().routes) {
  if (r.method === "ALL" || !isGuardedPath(r.path)) continue;
  const key = `${r.method} ${r.path}`;
  if (routes.some((x) => x.key === key)) continue;
  const params = r.path
    .split("/")
    .filter((s) => s.startsWith(":"))
    .map((s) => s.slice(1).replace(/\{.*$/, "").replace(/\?$/, ""));
  routes.push({ key, method: r.method, path: r.path, params });
}

const idRoutes = routes.filter((r) => r.params.length === 1 && /^(id|[a-z]+Id)$/.test(r.params[0] ?? ""));
const listRoutes = routes.filter((r) => r.method === "GET" && r.params.length === 0);

function withId(route: Route, id: string): string {
  return route.path.replace(/:[A-Za-z0-9_]+(\{[^}]*\})?\??/, id);
}

/** A role the policy lets through: the admin when allowed, else the first one listed. */
function roleFor(route: Route): StaffRole {
  const roles = policy[route.key] ?? [];
  return roles.includes("admin") ? "admin" : (roles[0] ?? "admin");
}

let a: Awaited<ReturnType<typeof createTenancyWorld>>;
let b: Awaited<ReturnType<typeof createTenancyWorld>>;
const clients = new Map<StaffRole, StaffClient>();

beforeAll(async () => {
  const db = testDb();
  a = await createTenancyWorld(db);
  b = await createTenancyWorld(db);
  for (const role of STAFF_ROLES) {
    const user = await createStaff(db, a.agency.id, { role, unitIds: [a.unit.id] });
    clients.set(role, await signInAs(user));
  }
});

function clientFor(route: Route): StaffClient {
  const client = clients.get(roleFor(route));
  if (!client) throw new Error("no session");
  return client;
}

describe("a session of one agency reading another agency's records by id", () => {
  it("has routes to check", () => {
    expect(idRoutes.filter((r) => r.method === "GET").length).toBeGreaterThanOrEqual(4);
  });

  it.each(idRoutes.filter((r) => r.method === "GET"))(
    "$key answers 404 for every id of the other agency",
    async (route) => {
      const client = clientFor(route);
      // A record's own read route (…/:id) must find one of the agency's own rows, so that a 404
      // for the other agency means isolation and not a route that never finds anything.
      // Sub-resources (…/:id/identity, …/:id/apology-letter) may not exist for the world's rows.
      if (/\/:[A-Za-z]+$/.test(route.path) && !TENANCY_WORLD_UNCOVERED.has(route.key)) {
        const own: string[] = [];
        for (const id of a.ids) if ((await client.get(withId(route, id))).status === 200) own.push(id);
        expect(
          own.length,
          `no row of the test world is readable through ${route.key}: add one to createTenancyWorld (test/worker/support/accounts-factories.ts)`,
        ).toBeGreaterThan(0);
      }
      for (const id of b.ids) {
        const res = await client.get(withId(route, id));
        expect(res.status, `${route.key} with ${id} of the other agency`).toBe(404);
      }
    },
  );
});

describe("a session of one agency changing another agency's records by id", () => {
  it.each(idRoutes.filter((r) => r.method !== "GET"))(
    "$key never succeeds on the other agency's ids",
    async (route) => {
      const client = clientFor(route);
      for (const id of b.ids) {
        const res = await client.fetch(withId(route, id), {
          method: route.method,
          ...(route.method === "DELETE" ? {} : { json: {} }),
        });
        expect([404, 422], `${route.key} with ${id} of the other agency answered ${res.status}`).toContain(res.status);
      }
    },
  );

  it("left the other agency's rows in place", async () => {
    const db = testDb();
    expect(await db.selectFrom("units").where("id", "=", b.unit.id).select("id").executeTakeFirst()).toBeDefined();
    expect(await db.selectFrom("counters").where("id", "=", b.counter.id).select("active").executeTakeFirst()).toEqual({
      active: true,
    });
    expect(await db.selectFrom("staff_users").where("id", "=", b.staff.id).select("active").executeTakeFirst()).toEqual(
      { active: true },
    );
    expect(await db.selectFrom("audit_log").where("agency_id", "=", b.agency.id).selectAll().execute()).toEqual([]);
  });
});

describe("lists", () => {
  it.each(listRoutes)("$key shows nothing of the other agency", async (route) => {
    const res = await clientFor(route).get(route.path);
    const text = await res.text();
    for (const secret of [...b.ids, ...b.codes, b.agency.id]) {
      expect(text.includes(secret), `${route.key} leaks ${secret}`).toBe(false);
    }
  });
});
