import { Hono } from "hono";
import type { Kysely } from "kysely";
import { IdParamSchema, type Unit, UnitCreateSchema, UnitUpdateSchema } from "../../schema/api/admin";
import type { Database, UnitRow } from "../../schema/db/database";
import type { AppEnv } from "../app";
import { currentStaff } from "../auth/staff";
import { ProblemError } from "../problems";
import { validate } from "../validation";
import { auditSettingsChange, deleteOrConflict, diff } from "./changes";

const FIELDS = ["code", "name", "kind", "parentId", "active"] as const;

function toUnit(row: UnitRow): Unit {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    parentId: row.parent_id,
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

async function mustFind(db: Kysely<Database>, agencyId: string, id: string): Promise<Unit> {
  const row = await db
    .selectFrom("units")
    .where("agency_id", "=", agencyId)
    .where("id", "=", id)
    .selectAll()
    .executeTakeFirst();
  if (!row) throw new ProblemError("not-found");
  return toUnit(row);
}

/** Refuses a parent that is the unit itself or one of its descendants (a cycle). */
async function assertNoCycle(db: Kysely<Database>, agencyId: string, id: string, parentId: string | null) {
  let current = parentId;
  for (let depth = 0; current && depth < 50; depth++) {
    if (current === id) {
      throw new ProblemError("validation", {
        errors: [
          {
            path: "parentId",
            message: {
              vi: "Đơn vị cấp trên không được là chính nó hoặc đơn vị cấp dưới của nó.",
              en: "The parent cannot be the unit itself or one of its sub-units.",
            },
          },
        ],
      });
    }
    const parent = await db
      .selectFrom("units")
      .where("agency_id", "=", agencyId)
      .where("id", "=", current)
      .select("parent_id")
      .executeTakeFirst();
    current = parent?.parent_id ?? null;
  }
}

/** Units (phòng / đơn vị) of the agency (/api/admin/units). */
export const unitsRoutes = new Hono<AppEnv>();

unitsRoutes.get("/", async (c) => {
  const staff = currentStaff(c);
  const rows = await c.var.db
    .selectFrom("units")
    .where("agency_id", "=", staff.agencyId)
    .orderBy("code")
    .selectAll()
    .execute();
  return c.json({ units: rows.map(toUnit) });
});

unitsRoutes.get("/:id", validate("param", IdParamSchema), async (c) => {
  return c.json(await mustFind(c.var.db, currentStaff(c).agencyId, c.req.valid("param").id));
});

unitsRoutes.post("/", validate("json", UnitCreateSchema), async (c) => {
  const staff = currentStaff(c);
  const input = c.req.valid("json");
  const unit = await c.var.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("units")
      .values({
        agency_id: staff.agencyId,
        code: input.code,
        name: input.name,
        kind: input.kind,
        parent_id: input.parentId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const created = toUnit(row);
    await auditSettingsChange(trx, staff, {
      entity: "unit",
      op: "create",
      id: created.id,
      changes: diff(null, created, FIELDS),
    });
    return created;
  });
  return c.json(unit, 201);
});

unitsRoutes.patch("/:id", validate("param", IdParamSchema), validate("json", UnitUpdateSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  const input = c.req.valid("json");
  const unit = await c.var.db.transaction().execute(async (trx) => {
    const before = await mustFind(trx, staff.agencyId, id);
    if (input.parentId !== undefined) await assertNoCycle(trx, staff.agencyId, id, input.parentId);
    const set = {
      ...(input.code !== undefined && { code: input.code }),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.parentId !== undefined && { parent_id: input.parentId }),
      ...(input.active !== undefined && { active: input.active }),
    };
    if (Object.keys(set).length > 0) {
      await trx.updateTable("units").set(set).where("agency_id", "=", staff.agencyId).where("id", "=", id).execute();
    }
    const after = await mustFind(trx, staff.agencyId, id);
    const changes = diff(before, after, FIELDS);
    if (Object.keys(changes).length > 0)
      await auditSettingsChange(trx, staff, { entity: "unit", op: "update", id, changes });
    return after;
  });
  return c.json(unit);
});

unitsRoutes.delete("/:id", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  await c.var.db.transaction().execute(async (trx) => {
    const before = await mustFind(trx, staff.agencyId, id);
    await deleteOrConflict(() =>
      trx.deleteFrom("units").where("agency_id", "=", staff.agencyId).where("id", "=", id).execute(),
    );
    await auditSettingsChange(trx, staff, {
      entity: "unit",
      op: "delete",
      id,
      changes: { code: { from: before.code, to: null }, name: { from: before.name, to: null } },
    });
  });
  return c.body(null, 204);
});
