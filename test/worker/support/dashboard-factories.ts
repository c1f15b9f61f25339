import type { SurveyTemplateRow } from "../../../schema/db/database";
import { QUICK_COUNTER_TEMPLATE, SIPAS_TEMPLATE } from "../../../schema/surveys/standard-templates";
import type { Db } from "../../../worker/db";
import { createAgency, createCounter, createProcedure, createUnit } from "./factories";
import { createFile, createTemplate } from "./ratings-factories";

export interface LoadedTemplateIds {
  row: SurveyTemplateRow;
  criteria: Array<{ id: string; code: string; elementId: string }>;
  elements: Array<{ id: string; code: string }>;
}

async function templateIds(db: Db, row: SurveyTemplateRow): Promise<LoadedTemplateIds> {
  const criteria = await db
    .selectFrom("survey_criteria")
    .where("template_id", "=", row.id)
    .orderBy("element_id")
    .orderBy("position")
    .select(["id", "code", "element_id"])
    .execute();
  const elements = await db
    .selectFrom("survey_elements")
    .where("template_id", "=", row.id)
    .orderBy("position")
    .select(["id", "code"])
    .execute();
  return { row, criteria: criteria.map((c) => ({ id: c.id, code: c.code, elementId: c.element_id })), elements };
}

/**
 * An agency with two units (the one-stop desk and a Chi cục), a quick-form counter and a SIPAS
 * counter at the desk, two procedures, and the standard quick and SIPAS surveys.
 */
export async function createDashboardWorld(db: Db) {
  const agency = await createAgency(db);
  const desk = await createUnit(db, agency.id, { name: "Bộ phận Một cửa", kind: "one_stop" });
  const branch = await createUnit(db, agency.id, {
    name: "Chi cục Tiêu chuẩn Đo lường Chất lượng",
    kind: "sub_department",
  });
  const quick = await templateIds(db, await createTemplate(db, agency.id, QUICK_COUNTER_TEMPLATE));
  const sipas = await templateIds(db, await createTemplate(db, agency.id, SIPAS_TEMPLATE));
  const quickCounter = await createCounter(db, agency.id, desk.id, {
    survey_template_id: quick.row.id,
    name: "Quầy số 1",
  });
  const sipasCounter = await createCounter(db, agency.id, desk.id, {
    survey_template_id: sipas.row.id,
    name: "Quầy số 2",
  });
  const deskProcedure = await createProcedure(db, agency.id, desk.id, {
    name: "Cấp Giấy chứng nhận đăng ký hoạt động KH&CN",
  });
  const branchProcedure = await createProcedure(db, agency.id, branch.id, {
    name: "Công bố hợp quy sản phẩm, hàng hóa",
  });
  return { agency, desk, branch, quick, sipas, quickCounter, sipasCounter, deskProcedure, branchProcedure };
}

export type DashboardWorld = Awaited<ReturnType<typeof createDashboardWorld>>;

export interface RatingSpec {
  template: "quick" | "sipas";
  unit?: "desk" | "branch";
  /** Overall answer on the template's scale (null: none). */
  overall: number | null;
  /** Every criterion's answer; defaults to `overall`. */
  criteria?: number | Record<string, number>;
  /** Element satisfaction scores (SIPAS): one score for every element. */
  elements?: number;
  at: Date;
  withFile?: boolean;
  withCounter?: boolean;
  flagged?: boolean;
  procedure?: boolean;
}

/**
 * Writes ratings straight into the tables (as the seed and a bulk import do), in one
 * multi-row insert per table: the rollup triggers then see statements of many rows.
 */
export async function insertRatings(db: Db, w: DashboardWorld, specs: readonly RatingSpec[]): Promise<string[]> {
  if (specs.length === 0) return [];
  const rows = [];
  const answers = [];
  const elementScores = [];
  for (const spec of specs) {
    const t = spec.template === "quick" ? w.quick : w.sipas;
    const unit = spec.unit === "branch" ? w.branch : w.desk;
    const id = crypto.randomUUID();
    let fileId: string | null = null;
    if (spec.withFile) {
      fileId = (
        await createReturnedFile(db, w, {
          unit: spec.unit ?? "desk",
          returnedAt: new Date(spec.at.getTime() - 3_600_000),
        })
      ).id;
    }
    rows.push({
      id,
      agency_id: w.agency.id,
      idempotency_key: crypto.randomUUID(),
      template_id: t.row.id,
      channel: fileId ? ("file_qr" as const) : ("counter_qr" as const),
      unit_id: unit.id,
      counter_id: spec.withCounter === false ? null : spec.template === "quick" ? w.quickCounter.id : w.sipasCounter.id,
      procedure_id: spec.procedure === false ? null : unit === w.branch ? w.branchProcedure.id : w.deskProcedure.id,
      file_id: fileId,
      overall_score: spec.overall,
      flagged: spec.flagged ?? false,
      flag_reason: spec.flagged ? "burst" : null,
      submitted_at: spec.at,
    });
    for (const c of t.criteria) {
      const score =
        typeof spec.criteria === "object" ? spec.criteria[c.code] : (spec.criteria ?? spec.overall ?? undefined);
      if (score !== undefined) answers.push({ agency_id: w.agency.id, submission_id: id, criterion_id: c.id, score });
    }
    if (spec.elements !== undefined) {
      for (const e of t.elements) {
        elementScores.push({ agency_id: w.agency.id, submission_id: id, element_id: e.id, score: spec.elements });
      }
    }
  }
  await db.insertInto("submissions").values(rows).execute();
  if (answers.length > 0) await db.insertInto("answers").values(answers).execute();
  if (elementScores.length > 0) await db.insertInto("submission_element_scores").values(elementScores).execute();
  return rows.map((r) => r.id);
}

/**
 * A file of a unit's procedure returned at `returnedAt`: received 3 days before, due 2 days after
 * (on time), or due 1 day before its return when `late`.
 */
export function createReturnedFile(
  db: Db,
  w: DashboardWorld,
  options: { unit: "desk" | "branch"; returnedAt: Date; late?: boolean },
) {
  const unit = options.unit === "branch" ? w.branch : w.desk;
  const procedure = options.unit === "branch" ? w.branchProcedure : w.deskProcedure;
  const day = 86_400_000;
  const returned = options.returnedAt.getTime();
  return createFile(db, w.agency.id, unit.id, procedure.id, {
    received_at: new Date(returned - 3 * day),
    due_at: new Date(options.late ? returned - day : returned + 2 * day),
    returned_at: new Date(returned),
  });
}

/** An instant at a local (Asia/Ho_Chi_Minh, UTC+7) date and hour. */
export function localAt(day: string, hour = 9, minute = 0): Date {
  return new Date(`${day}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00+07:00`);
}

/** Today's local date in Asia/Ho_Chi_Minh, as YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
