import { Hono } from "hono";
import { type Kysely, sql } from "kysely";
import {
  IdParamSchema,
  ImportQuerySchema,
  type Procedure,
  ProcedureCreateSchema,
  ProcedureImportRequestSchema,
  type ProcedureImportResult,
  ProcedureListQuerySchema,
  ProcedureUpdateSchema,
} from "../../schema/api/admin";
import type { Database, ProcedureRow } from "../../schema/db/database";
import type { AppEnv } from "../app";
import { appendAudit } from "../audit/audit.service";
import { auditActor, currentStaff } from "../auth/staff";
import { pickLang } from "../lib/lang";
import { ProblemError } from "../problems";
import { fieldErrors, validate } from "../validation";
import { auditSettingsChange, deleteOrConflict, diff } from "./changes";
import { type ImportRow, parseProcedureImport, type RowError } from "./procedures-import";

const FIELDS = [
  "nationalCode",
  "name",
  "field",
  "processingTime",
  "processingTimeUnit",
  "unitId",
  "onlineLevel",
  "feeNote",
  "active",
] as const;

function toProcedure(row: ProcedureRow): Procedure {
  return {
    id: row.id,
    nationalCode: row.national_code,
    name: row.name,
    field: row.field,
    processingTime: Number(row.processing_time),
    processingTimeUnit: row.processing_time_unit,
    unitId: row.unit_id,
    onlineLevel: row.online_level,
    feeNote: row.fee_note,
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

async function mustFind(db: Kysely<Database>, agencyId: string, id: string): Promise<Procedure> {
  const row = await db
    .selectFrom("procedures")
    .where("agency_id", "=", agencyId)
    .where("id", "=", id)
    .selectAll()
    .executeTakeFirst();
  if (!row) throw new ProblemError("not-found");
  return toProcedure(row);
}

/** Procedures (thủ tục hành chính) the agency handles, and their CSV import (/api/admin/procedures). */
export const proceduresRoutes = new Hono<AppEnv>();

proceduresRoutes.get("/", validate("query", ProcedureListQuerySchema), async (c) => {
  const staff = currentStaff(c);
  const { q, unitId, active } = c.req.valid("query");
  let query = c.var.db.selectFrom("procedures").where("agency_id", "=", staff.agencyId);
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    query = query.where((eb) => eb.or([eb("name", "ilike", pattern), eb("national_code", "ilike", pattern)]));
  }
  if (unitId) query = query.where("unit_id", "=", unitId);
  if (active) query = query.where("active", "=", active === "true");
  const rows = await query.orderBy("national_code").selectAll().execute();
  return c.json({ procedures: rows.map(toProcedure) });
});

proceduresRoutes.get("/:id", validate("param", IdParamSchema), async (c) => {
  return c.json(await mustFind(c.var.db, currentStaff(c).agencyId, c.req.valid("param").id));
});

proceduresRoutes.post("/", validate("json", ProcedureCreateSchema), async (c) => {
  const staff = currentStaff(c);
  const input = c.req.valid("json");
  const procedure = await c.var.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("procedures")
      .values({
        agency_id: staff.agencyId,
        unit_id: input.unitId,
        national_code: input.nationalCode,
        name: input.name,
        field: input.field,
        processing_time: input.processingTime,
        processing_time_unit: input.processingTimeUnit,
        online_level: input.onlineLevel ?? null,
        fee_note: input.feeNote ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const created = toProcedure(row);
    await auditSettingsChange(trx, staff, {
      entity: "procedure",
      op: "create",
      id: created.id,
      changes: diff(null, created, FIELDS),
    });
    return created;
  });
  return c.json(procedure, 201);
});

proceduresRoutes.patch("/:id", validate("param", IdParamSchema), validate("json", ProcedureUpdateSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  const input = c.req.valid("json");
  const procedure = await c.var.db.transaction().execute(async (trx) => {
    const before = await mustFind(trx, staff.agencyId, id);
    const set = {
      ...(input.nationalCode !== undefined && { national_code: input.nationalCode }),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.field !== undefined && { field: input.field }),
      ...(input.processingTime !== undefined && { processing_time: input.processingTime }),
      ...(input.processingTimeUnit !== undefined && { processing_time_unit: input.processingTimeUnit }),
      ...(input.unitId !== undefined && { unit_id: input.unitId }),
      ...(input.onlineLevel !== undefined && { online_level: input.onlineLevel }),
      ...(input.feeNote !== undefined && { fee_note: input.feeNote }),
      ...(input.active !== undefined && { active: input.active }),
    };
    if (Object.keys(set).length > 0) {
      await trx
        .updateTable("procedures")
        .set(set)
        .where("agency_id", "=", staff.agencyId)
        .where("id", "=", id)
        .execute();
    }
    const after = await mustFind(trx, staff.agencyId, id);
    const changes = diff(before, after, FIELDS);
    if (Object.keys(changes).length > 0) {
      await auditSettingsChange(trx, staff, { entity: "procedure", op: "update", id, changes });
    }
    return after;
  });
  return c.json(procedure);
});

proceduresRoutes.delete("/:id", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  await c.var.db.transaction().execute(async (trx) => {
    const before = await mustFind(trx, staff.agencyId, id);
    const used = await trx
      .selectFrom("submissions")
      .where("agency_id", "=", staff.agencyId)
      .where("procedure_id", "=", id)
      .select("id")
      .union(
        trx.selectFrom("cases").where("agency_id", "=", staff.agencyId).where("procedure_id", "=", id).select("id"),
      )
      .limit(1)
      .executeTakeFirst();
    if (used) {
      throw new ProblemError("conflict", {
        detail: {
          vi: "Thủ tục đã có phiếu đánh giá hoặc đơn thư nên không thể xóa. Hãy chuyển sang ngừng áp dụng.",
          en: "This procedure has ratings or cases and cannot be deleted. Deactivate it instead.",
        },
      });
    }
    await deleteOrConflict(() =>
      trx.deleteFrom("procedures").where("agency_id", "=", staff.agencyId).where("id", "=", id).execute(),
    );
    await auditSettingsChange(trx, staff, {
      entity: "procedure",
      op: "delete",
      id,
      changes: { nationalCode: { from: before.nationalCode, to: null }, name: { from: before.name, to: null } },
    });
  });
  return c.body(null, 204);
});

async function readCsvBody(c: { req: { header(name: string): string | undefined; text(): Promise<string> } }) {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("text/csv")) return c.req.text();
  if (type.startsWith("application/json")) {
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      throw new ProblemError("bad-request", { detail: { vi: "JSON không hợp lệ.", en: "Malformed JSON." } });
    }
    const parsed = ProcedureImportRequestSchema.safeParse(json);
    if (!parsed.success) throw new ProblemError("validation", { errors: fieldErrors(parsed.error.issues) });
    return parsed.data.csv;
  }
  throw new ProblemError("unsupported-media-type", {
    detail: { vi: "Gửi tệp dạng text/csv hoặc JSON { csv }.", en: "Send text/csv, or JSON { csv }." },
  });
}

/** What an upsert would do to each valid row: create, update, or nothing. */
async function classify(db: Kysely<Database>, agencyId: string, rows: ImportRow[]) {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const existing = await db
    .selectFrom("procedures")
    .where("agency_id", "=", agencyId)
    .where(
      "national_code",
      "in",
      rows.map((r) => r.nationalCode),
    )
    .select(["national_code", "name", "field", "processing_time", "processing_time_unit", "unit_id"])
    .execute();
  const byCode = new Map(existing.map((e) => [e.national_code, e]));
  let created = 0;
  let updated = 0;
  for (const r of rows) {
    const e = byCode.get(r.nationalCode);
    if (!e) created++;
    else if (
      e.name !== r.name ||
      e.field !== r.field ||
      Number(e.processing_time) !== r.processingTime ||
      e.processing_time_unit !== r.processingTimeUnit ||
      e.unit_id !== r.unitId
    ) {
      updated++;
    }
  }
  return { created, updated, unchanged: rows.length - created - updated };
}

/**
 * CSV import of the national TTHC list. `?dryRun=1` reports what would change and every bad
 * row with its line and reason, writing nothing. Otherwise all rows are written in one
 * transaction, or none when any row is bad (422 listing them). Idempotent: rows are upserted
 * by national code, and an unchanged row is not written.
 */
proceduresRoutes.post("/import", validate("query", ImportQuerySchema), async (c) => {
  const staff = currentStaff(c);
  const dryRunParam = c.req.valid("query").dryRun;
  const dryRun = dryRunParam === "1" || dryRunParam === "true";
  const text = await readCsvBody(c);
  const units = await c.var.db
    .selectFrom("units")
    .where("agency_id", "=", staff.agencyId)
    .select(["id", "code"])
    .execute();
  const { rows, errors, total } = parseProcedureImport(text, new Map(units.map((u) => [u.code, u.id])));
  const lang = pickLang(c);
  const showError = (e: RowError) => ({
    line: e.line,
    field: e.field,
    message: e.message[lang],
    messageEn: e.message.en,
  });

  if (dryRun || errors.length > 0) {
    const counts = await classify(c.var.db, staff.agencyId, rows);
    const result: ProcedureImportResult = { dryRun, rows: total, ...counts, errors: errors.map(showError) };
    if (dryRun) return c.json(result);
    throw new ProblemError("validation", {
      detail: {
        vi: `Có ${errors.length} lỗi trong tệp; chưa nhập dòng nào.`,
        en: `${errors.length} errors in the file; nothing was imported.`,
      },
      errors: errors.map((e) => ({ path: `line ${e.line}${e.field ? `.${e.field}` : ""}`, message: e.message })),
      extensions: { result },
    });
  }

  const result = await c.var.db.transaction().execute(async (trx) => {
    let created = 0;
    let updated = 0;
    const createdCodes: string[] = [];
    const updatedCodes: string[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const written = await trx
        .insertInto("procedures")
        .values(
          chunk.map((r) => ({
            agency_id: staff.agencyId,
            unit_id: r.unitId,
            national_code: r.nationalCode,
            name: r.name,
            field: r.field,
            processing_time: r.processingTime,
            processing_time_unit: r.processingTimeUnit,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(["agency_id", "national_code"])
            .doUpdateSet((eb) => ({
              name: eb.ref("excluded.name"),
              field: eb.ref("excluded.field"),
              processing_time: eb.ref("excluded.processing_time"),
              processing_time_unit: eb.ref("excluded.processing_time_unit"),
              unit_id: eb.ref("excluded.unit_id"),
            }))
            // Skip rows that would not change: re-importing the same file writes nothing.
            .where(
              sql<boolean>`(procedures.name, procedures.field, procedures.processing_time, procedures.processing_time_unit, procedures.unit_id)
                IS DISTINCT FROM (excluded.name, excluded.field, excluded.processing_time, excluded.processing_time_unit, excluded.unit_id)`,
            ),
        )
        .returning(["national_code", sql<boolean>`(xmax = 0)`.as("inserted")])
        .execute();
      for (const w of written) {
        if (w.inserted) {
          created++;
          createdCodes.push(w.national_code);
        } else {
          updated++;
          updatedCodes.push(w.national_code);
        }
      }
    }
    const summary: ProcedureImportResult = {
      dryRun: false,
      rows: total,
      created,
      updated,
      unchanged: rows.length - created - updated,
      errors: [],
    };
    if (created + updated > 0) {
      await appendAudit(trx, {
        agencyId: staff.agencyId,
        ...auditActor(staff),
        action: "procedure.imported",
        subjectType: "procedure",
        details: { rows: total, created: createdCodes, updated: updatedCodes, unchanged: summary.unchanged },
      });
    }
    return summary;
  });
  return c.json(result);
});
