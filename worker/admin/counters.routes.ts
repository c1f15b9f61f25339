import { Hono } from "hono";
import type { Kysely } from "kysely";
import { type Counter, CounterCreateSchema, CounterUpdateSchema, IdParamSchema } from "../../schema/api/admin";
import type { CounterRow, Database } from "../../schema/db/database";
import { randomBytes } from "../accounts/password";
import type { AppEnv } from "../app";
import { currentStaff } from "../auth/staff";
import { ProblemError, problemFromDatabase } from "../problems";
import { validate } from "../validation";
import { auditSettingsChange, deleteOrConflict, diff } from "./changes";

const FIELDS = ["code", "name", "unitId", "location", "surveyTemplateId", "active"] as const;
const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

/**
 * The opaque code printed in a counter's QR poster: 12 characters of a 32-letter alphabet
 * (60 bits), so that posters cannot be guessed or enumerated.
 */
export function newPublicCode(): string {
  return Array.from(randomBytes(12), (b) => ALPHABET[b % ALPHABET.length]).join("");
}

function toCounter(row: CounterRow): Counter {
  return {
    id: row.id,
    code: row.code,
    publicCode: row.public_code,
    name: row.name,
    location: row.location,
    unitId: row.unit_id,
    surveyTemplateId: row.survey_template_id,
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

async function mustFind(db: Kysely<Database>, agencyId: string, id: string): Promise<Counter> {
  const row = await db
    .selectFrom("counters")
    .where("agency_id", "=", agencyId)
    .where("id", "=", id)
    .selectAll()
    .executeTakeFirst();
  if (!row) throw new ProblemError("not-found");
  return toCounter(row);
}

/** One-stop counters (quầy) and the public code of their QR posters (/api/admin/counters). */
export const countersRoutes = new Hono<AppEnv>();

countersRoutes.get("/", async (c) => {
  const staff = currentStaff(c);
  const rows = await c.var.db
    .selectFrom("counters")
    .where("agency_id", "=", staff.agencyId)
    .orderBy("code")
    .selectAll()
    .execute();
  return c.json({ counters: rows.map(toCounter) });
});

countersRoutes.get("/:id", validate("param", IdParamSchema), async (c) => {
  return c.json(await mustFind(c.var.db, currentStaff(c).agencyId, c.req.valid("param").id));
});

/**
 * A counter offers citizens a published, active survey version only: a draft is not final and a
 * retired version is no longer asked (survey templates administration).
 */
async function assertOfferableSurvey(db: Kysely<Database>, agencyId: string, templateId: string): Promise<void> {
  const template = await db
    .selectFrom("survey_templates")
    .where("agency_id", "=", agencyId)
    .where("id", "=", templateId)
    .select(["published_at", "active"])
    .executeTakeFirst();
  if (template?.published_at && template.active) return;
  const message = !template
    ? { vi: "Không tìm thấy mẫu phiếu này.", en: "This survey template was not found." }
    : !template.published_at
      ? {
          vi: "Mẫu phiếu này còn là bản nháp: hãy ban hành trước.",
          en: "This survey is still a draft: publish it first.",
        }
      : { vi: "Mẫu phiếu này đã ngừng sử dụng.", en: "This survey template has been retired." };
  throw new ProblemError("validation", { errors: [{ path: "surveyTemplateId", message }] });
}

countersRoutes.post("/", validate("json", CounterCreateSchema), async (c) => {
  const staff = currentStaff(c);
  const input = c.req.valid("json");
  const counter = await c.var.db.transaction().execute(async (trx) => {
    if (input.surveyTemplateId) await assertOfferableSurvey(trx, staff.agencyId, input.surveyTemplateId);
    const row = await trx
      .insertInto("counters")
      .values({
        agency_id: staff.agencyId,
        unit_id: input.unitId,
        code: input.code,
        public_code: newPublicCode(),
        name: input.name,
        location: input.location ?? null,
        survey_template_id: input.surveyTemplateId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((err: unknown) => {
        // 60 random bits make a clash on public_code practically impossible; say so if it happens.
        if (
          problemFromDatabase(err)?.slug === "conflict" &&
          (err as { constraint_name?: string }).constraint_name?.includes("public_code")
        ) {
          throw new ProblemError("conflict", { detail: { vi: "Vui lòng thử lại.", en: "Please retry." } });
        }
        throw err;
      });
    const created = toCounter(row);
    await auditSettingsChange(trx, staff, {
      entity: "counter",
      op: "create",
      id: created.id,
      changes: diff(null, created, [...FIELDS, "publicCode"]),
    });
    return created;
  });
  return c.json(counter, 201);
});

countersRoutes.patch("/:id", validate("param", IdParamSchema), validate("json", CounterUpdateSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  const input = c.req.valid("json");
  const counter = await c.var.db.transaction().execute(async (trx) => {
    const before = await mustFind(trx, staff.agencyId, id);
    if (input.surveyTemplateId && input.surveyTemplateId !== before.surveyTemplateId) {
      await assertOfferableSurvey(trx, staff.agencyId, input.surveyTemplateId);
    }
    const set = {
      ...(input.code !== undefined && { code: input.code }),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.unitId !== undefined && { unit_id: input.unitId }),
      ...(input.location !== undefined && { location: input.location }),
      ...(input.surveyTemplateId !== undefined && { survey_template_id: input.surveyTemplateId }),
      ...(input.active !== undefined && { active: input.active }),
    };
    if (Object.keys(set).length > 0) {
      await trx.updateTable("counters").set(set).where("agency_id", "=", staff.agencyId).where("id", "=", id).execute();
    }
    const after = await mustFind(trx, staff.agencyId, id);
    const changes = diff(before, after, FIELDS);
    if (Object.keys(changes).length > 0) {
      await auditSettingsChange(trx, staff, { entity: "counter", op: "update", id, changes });
    }
    return after;
  });
  return c.json(counter);
});

countersRoutes.delete("/:id", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  await c.var.db.transaction().execute(async (trx) => {
    const before = await mustFind(trx, staff.agencyId, id);
    // Ratings and files keep their counter (ON DELETE SET NULL would quietly erase that history).
    const used = await trx
      .selectFrom("submissions")
      .where("agency_id", "=", staff.agencyId)
      .where("counter_id", "=", id)
      .select("id")
      .union(trx.selectFrom("files").where("agency_id", "=", staff.agencyId).where("counter_id", "=", id).select("id"))
      .limit(1)
      .executeTakeFirst();
    if (used) {
      throw new ProblemError("conflict", {
        detail: {
          vi: "Quầy đã có hồ sơ hoặc phiếu đánh giá nên không thể xóa. Hãy chuyển sang ngừng hoạt động.",
          en: "This counter has files or ratings and cannot be deleted. Deactivate it instead.",
        },
      });
    }
    await deleteOrConflict(() =>
      trx.deleteFrom("counters").where("agency_id", "=", staff.agencyId).where("id", "=", id).execute(),
    );
    await auditSettingsChange(trx, staff, {
      entity: "counter",
      op: "delete",
      id,
      changes: { code: { from: before.code, to: null }, publicCode: { from: before.publicCode, to: null } },
    });
  });
  return c.body(null, 204);
});
