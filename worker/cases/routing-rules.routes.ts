import { Hono } from "hono";
import { z } from "zod";
import { NewRoutingRuleSchema, RoutingRuleUpdateSchema } from "../../schema/api/cases";
import { diff } from "../admin/changes";
import type { AppEnv } from "../app";
import { appendAudit } from "../audit/audit.service";
import { auditActor, currentStaff } from "../auth/staff";
import type { Db } from "../db";
import { ProblemError } from "../problems";
import { validate } from "../validation";
import { listRoutingRules } from "./cases.queries";

/**
 * The agency's case routing rules (/api/staff/cases/routing-rules): list, add, edit (what a rule
 * matches, the handling unit, active or not) and delete. Every change is a settings change in the
 * audit trail, with what changed.
 */
export const routingRulesRoutes = new Hono<AppEnv>();

const FIELDS = ["caseKind", "sourceUnitId", "procedureId", "handlingUnitId", "note", "active"] as const;
const RuleParam = z.object({ ruleId: z.uuid({ error: "invalid_code" }) });

function ruleView(r: {
  id: string;
  case_kind: string | null;
  source_unit_id: string | null;
  procedure_id: string | null;
  handling_unit_id: string;
  note: string | null;
  active: boolean;
}) {
  return {
    id: r.id,
    caseKind: r.case_kind,
    sourceUnitId: r.source_unit_id,
    procedureId: r.procedure_id,
    handlingUnitId: r.handling_unit_id,
    note: r.note,
    active: r.active,
  };
}

/** A rule hands cases to an active unit of the agency's own. */
async function assertHandlingUnit(db: Db, agencyId: string, unitId: string): Promise<void> {
  const unit = await db
    .selectFrom("units")
    .where("agency_id", "=", agencyId)
    .where("id", "=", unitId)
    .where("active", "=", true)
    .select("id")
    .executeTakeFirst();
  if (unit) return;
  throw new ProblemError("validation", {
    errors: [{ path: "handlingUnitId", message: { vi: "Không tìm thấy đơn vị này.", en: "This unit was not found." } }],
  });
}

routingRulesRoutes.get("/", async (c) => {
  const rules = await listRoutingRules(c.var.db, currentStaff(c).agencyId);
  return c.json({ rules: rules.map(ruleView) });
});

routingRulesRoutes.post("/", validate("json", NewRoutingRuleSchema), async (c) => {
  const staff = currentStaff(c);
  const body = c.req.valid("json");
  const row = await c.var.db.transaction().execute(async (trx) => {
    await assertHandlingUnit(trx, staff.agencyId, body.handlingUnitId);
    const inserted = await trx
      .insertInto("case_routing_rules")
      .values({
        agency_id: staff.agencyId,
        case_kind: body.caseKind,
        source_unit_id: body.sourceUnitId,
        procedure_id: body.procedureId,
        handling_unit_id: body.handlingUnitId,
        note: body.note ?? null,
      })
      .returning(["id", "case_kind", "source_unit_id", "procedure_id", "handling_unit_id", "note", "active"])
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "settings.changed",
      subjectType: "case_routing_rule",
      subjectId: inserted.id,
      details: { op: "create", rule: ruleView(inserted) },
    });
    return inserted;
  });
  return c.json(ruleView(row), 201);
});

routingRulesRoutes.delete("/:ruleId", validate("param", RuleParam), async (c) => {
  const staff = currentStaff(c);
  const { ruleId } = c.req.valid("param");
  await c.var.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom("case_routing_rules")
      .where("agency_id", "=", staff.agencyId)
      .where("id", "=", ruleId)
      .returning(["id", "case_kind", "source_unit_id", "procedure_id", "handling_unit_id", "note", "active"])
      .executeTakeFirst();
    if (!deleted) throw new ProblemError("not-found");
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "settings.changed",
      subjectType: "case_routing_rule",
      subjectId: ruleId,
      details: { op: "delete", rule: ruleView(deleted) },
    });
  });
  return c.body(null, 204);
});

routingRulesRoutes.patch(
  "/:ruleId",
  validate("param", RuleParam),
  validate("json", RoutingRuleUpdateSchema),
  async (c) => {
    const staff = currentStaff(c);
    const { ruleId } = c.req.valid("param");
    const input = c.req.valid("json");
    const rule = await c.var.db.transaction().execute(async (trx) => {
      const find = () =>
        trx
          .selectFrom("case_routing_rules")
          .where("agency_id", "=", staff.agencyId)
          .where("id", "=", ruleId)
          .select(["id", "case_kind", "source_unit_id", "procedure_id", "handling_unit_id", "note", "active"])
          .executeTakeFirst()
          .then((r) =>
            r
              ? {
                  id: r.id,
                  caseKind: r.case_kind,
                  sourceUnitId: r.source_unit_id,
                  procedureId: r.procedure_id,
                  handlingUnitId: r.handling_unit_id,
                  note: r.note,
                  active: r.active,
                }
              : undefined,
          );
      const before = await find();
      if (!before) throw new ProblemError("not-found");
      if (input.handlingUnitId !== undefined && input.handlingUnitId !== before.handlingUnitId) {
        await assertHandlingUnit(trx, staff.agencyId, input.handlingUnitId);
      }
      const set = {
        ...(input.caseKind !== undefined && { case_kind: input.caseKind }),
        ...(input.sourceUnitId !== undefined && { source_unit_id: input.sourceUnitId }),
        ...(input.procedureId !== undefined && { procedure_id: input.procedureId }),
        ...(input.handlingUnitId !== undefined && { handling_unit_id: input.handlingUnitId }),
        ...(input.note !== undefined && { note: input.note || null }),
        ...(input.active !== undefined && { active: input.active }),
      };
      if (Object.keys(set).length > 0) {
        await trx
          .updateTable("case_routing_rules")
          .set({ ...set, updated_at: new Date() })
          .where("agency_id", "=", staff.agencyId)
          .where("id", "=", ruleId)
          .execute();
      }
      const after = await find();
      if (!after) throw new ProblemError("not-found");
      const changes = diff(before, after, FIELDS);
      if (Object.keys(changes).length > 0) {
        await appendAudit(trx, {
          agencyId: staff.agencyId,
          ...auditActor(staff),
          action: "settings.changed",
          subjectType: "case_routing_rule",
          subjectId: ruleId,
          details: { op: "update", changes },
        });
      }
      return after;
    });
    return c.json(rule);
  },
);
