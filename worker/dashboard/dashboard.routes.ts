import { Hono } from "hono";
import { z } from "zod";
import {
  ActionCreateSchema,
  ActionQuerySchema,
  ActionUpdateSchema,
  DashboardQuerySchema,
  type FollowUpItem,
  FollowUpQuerySchema,
  RebuildRequestSchema,
} from "../../schema/api/dashboard";
import type { AppEnv } from "../app";
import { currentStaff } from "../auth/staff";
import { localDateOf } from "../lib/calendar/dates";
import { validate } from "../validation";
import { actionView, createAction, updateAction } from "./actions.service";
import * as q from "./dashboard.queries";
import {
  dashboardSummary,
  decodeFollowUpCursor,
  encodeFollowUpCursor,
  loadAgency,
  unitFilterFor,
} from "./dashboard.service";
import { rebuildRollups } from "./rollups";

/**
 * The manager dashboard (/api/staff/dashboard/*): figures, the follow-up queue of low ratings,
 * corrective actions and the rollup rebuild. Roles: worker/auth/policy.ts; units: the staff
 * member's scope (worker/auth/scope.ts).
 */
export const dashboardRoutes = new Hono<AppEnv>();

const IdParamSchema = z.object({ id: z.uuid() });

dashboardRoutes.get("/summary", validate("query", DashboardQuerySchema), async (c) => {
  return c.json(await dashboardSummary(c.var.db, currentStaff(c), c.req.valid("query"), new Date()));
});

dashboardRoutes.get("/follow-ups", validate("query", FollowUpQuerySchema), async (c) => {
  const staff = currentStaff(c);
  const query = c.req.valid("query");
  const rows = await q.followUps(c.var.db, staff.agencyId, unitFilterFor(staff, query.unitId), query.status, {
    limit: query.limit,
    after: query.cursor === undefined ? undefined : decodeFollowUpCursor(query.cursor),
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const items: FollowUpItem[] = page.map((r) => ({
    id: r.id,
    unit: { id: r.unit_id, name: r.unit_name },
    status: r.status,
    createdAt: r.created_at.toISOString(),
    submittedAt: r.submitted_at.toISOString(),
    overallScore: r.overall_score,
    scaleLevels: r.scale_levels,
    text: [r.reason, r.what_went_wrong, r.comment].filter(Boolean).join(" — ") || null,
    counterName: r.counter_name,
    procedureName: r.procedure_name,
    hasContact: r.has_contact,
    actionId: r.action_id,
  }));
  const nextCursor =
    rows.length > query.limit && last ? encodeFollowUpCursor({ createdAt: last.cursor_at, id: last.id }) : null;
  return c.json({ items, nextCursor });
});

dashboardRoutes.get("/actions", validate("query", ActionQuerySchema), async (c) => {
  const staff = currentStaff(c);
  const query = c.req.valid("query");
  const units = unitFilterFor(staff, query.unitId);
  const today = localDateOf(new Date());
  const rows = await q.listActions(c.var.db, staff.agencyId, units, query.status, today);
  const owners = await q.actionOwners(c.var.db, staff.agencyId);
  const { units: allUnits } = await q.names(c.var.db, staff.agencyId);
  return c.json({
    items: rows.map(actionView),
    owners: owners.map((o) => ({ id: o.id, fullName: o.full_name })),
    units: allUnits.filter((u) => units === null || units.includes(u.id)),
  });
});

dashboardRoutes.post("/actions", validate("json", ActionCreateSchema), async (c) => {
  const action = await createAction(c.var.db, currentStaff(c), c.req.valid("json"), localDateOf(new Date()));
  return c.json(action, 201);
});

dashboardRoutes.patch(
  "/actions/:id",
  validate("param", IdParamSchema),
  validate("json", ActionUpdateSchema),
  async (c) => {
    const action = await updateAction(
      c.var.db,
      currentStaff(c),
      c.req.valid("param").id,
      c.req.valid("json"),
      localDateOf(new Date()),
    );
    return c.json(action);
  },
);

dashboardRoutes.post("/rollups/rebuild", validate("json", RebuildRequestSchema), async (c) => {
  const staff = currentStaff(c);
  await loadAgency(c.var.db, staff.agencyId);
  const days = await rebuildRollups(c.var.db, staff.agencyId, c.req.valid("json"));
  return c.json({ days });
});
