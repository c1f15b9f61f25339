import { type Kysely, sql } from "kysely";
import type { z } from "zod";
import type {
  LocalText,
  SurveyCounterRef,
  SurveyDraftUpdateSchema,
  SurveyTemplateDetail,
  SurveyTemplateGroup,
  SurveyVersionSummary,
} from "../../schema/api/admin-surveys";
import type { Database, SurveyTemplateRow } from "../../schema/db/database";
import { scales } from "../../schema/surveys/scales";
import { appendAudit } from "../audit/audit.service";
import { auditActor, type Staff } from "../auth/staff";
import { ProblemError } from "../problems";

/**
 * Survey templates as the agency admin manages them: list, view, draft a new version, edit the
 * draft's wording, publish, retire. Domain rules, no Hono.
 *
 * Versions: a published version is immutable (submissions and their answers point at its rows;
 * rewriting it would change what old ratings mean). An edit is a draft copy with the next version
 * number; at most one draft per code. Publishing moves the counters using the code to the new
 * version (counters reference one version by id), so the next citizen answers it, while old
 * submissions keep reading the version they answered.
 */

type Db = Kysely<Database>;
export type DraftInput = z.output<typeof SurveyDraftUpdateSchema>;

const text = (vi: string, en: string | null): LocalText => ({ vi, en });

function conflict(vi: string, en: string, extensions?: Record<string, unknown>): ProblemError {
  return new ProblemError("conflict", { detail: { vi, en }, ...(extensions && { extensions }) });
}

async function usage(db: Db, agencyId: string) {
  const counters = await db
    .selectFrom("counters")
    .where("agency_id", "=", agencyId)
    .where("survey_template_id", "is not", null)
    .orderBy("code")
    .select(["id", "code", "name", "survey_template_id"])
    .execute();
  const counts = await db
    .selectFrom("submissions")
    .where("agency_id", "=", agencyId)
    .groupBy("template_id")
    .select(["template_id", sql<string>`count(*)`.as("n")])
    .execute();
  return {
    countersOf(id: string): SurveyCounterRef[] {
      return counters.filter((c) => c.survey_template_id === id).map((c) => ({ id: c.id, code: c.code, name: c.name }));
    },
    submissionsOf(id: string): number {
      return Number(counts.find((c) => c.template_id === id)?.n ?? 0);
    },
  };
}

function summary(row: SurveyTemplateRow, u: Awaited<ReturnType<typeof usage>>): SurveyVersionSummary {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    kind: row.kind,
    name: text(row.name, row.name_en),
    status: row.published_at ? "published" : "draft",
    publishedAt: row.published_at ? row.published_at.toISOString() : null,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    counters: u.countersOf(row.id),
    submissionCount: u.submissionsOf(row.id),
  };
}

/** The agency's templates, grouped by code, versions newest first. */
export async function listTemplates(db: Db, agencyId: string): Promise<SurveyTemplateGroup[]> {
  const rows = await db
    .selectFrom("survey_templates")
    .where("agency_id", "=", agencyId)
    .orderBy("code")
    .orderBy("version", "desc")
    .selectAll()
    .execute();
  const u = await usage(db, agencyId);
  const groups: SurveyTemplateGroup[] = [];
  for (const row of rows) {
    let group = groups.find((g) => g.code === row.code);
    if (!group) {
      group = {
        code: row.code,
        kind: row.kind,
        name: text(row.name, row.name_en),
        currentId: null,
        draftId: null,
        versions: [],
      };
      groups.push(group);
    }
    group.versions.push(summary(row, u));
    if (!row.published_at) group.draftId ??= row.id;
    else if (row.active && group.currentId === null) {
      group.currentId = row.id;
      group.name = text(row.name, row.name_en);
      group.kind = row.kind;
    }
  }
  return groups;
}

async function findRow(db: Db, agencyId: string, id: string, lock = false): Promise<SurveyTemplateRow> {
  let q = db.selectFrom("survey_templates").where("agency_id", "=", agencyId).where("id", "=", id).selectAll();
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new ProblemError("not-found");
  return row;
}

async function content(db: Db, row: SurveyTemplateRow) {
  const elements = await db
    .selectFrom("survey_elements")
    .where("agency_id", "=", row.agency_id)
    .where("template_id", "=", row.id)
    .orderBy("position")
    .selectAll()
    .execute();
  const criteria = await db
    .selectFrom("survey_criteria")
    .where("agency_id", "=", row.agency_id)
    .where("template_id", "=", row.id)
    .orderBy("position")
    .selectAll()
    .execute();
  const options = await db
    .selectFrom("survey_expectation_options")
    .where("agency_id", "=", row.agency_id)
    .where("template_id", "=", row.id)
    .orderBy("position")
    .selectAll()
    .execute();
  return { elements, criteria, options };
}

/** One version in full, whatever its state. */
export async function templateDetail(db: Db, agencyId: string, id: string): Promise<SurveyTemplateDetail> {
  const row = await findRow(db, agencyId, id);
  const { elements, criteria, options } = await content(db, row);
  const u = await usage(db, agencyId);
  return {
    ...summary(row, u),
    scaleLevels: row.scale_levels,
    scale: scales[row.scale_levels].map((l) => ({ score: l.score, label: text(l.vi, l.en) })),
    overallQuestion: row.overall_question ? text(row.overall_question, row.overall_question_en) : null,
    overallCriterionCode: row.overall_criterion_code,
    expectations: {
      question: row.expectations_question ? text(row.expectations_question, row.expectations_question_en) : null,
      max: row.expectations_max,
      options: options.map((o) => ({ code: o.code, text: text(o.text, o.text_en) })),
    },
    elements: elements.map((e) => ({
      code: e.code,
      name: text(e.name, e.name_en),
      criteria: criteria
        .filter((c) => c.element_id === e.id)
        .map((c) => ({ code: c.code, text: text(c.text, c.text_en), required: c.required })),
    })),
    editable: row.published_at === null,
    structureLocked: row.kind === "sipas",
  };
}

function audit(db: Db, staff: Staff, row: SurveyTemplateRow, op: string, details: Record<string, unknown> = {}) {
  return appendAudit(db, {
    agencyId: staff.agencyId,
    ...auditActor(staff),
    action: "settings.changed",
    subjectType: "survey_template",
    subjectId: row.id,
    details: { op, code: row.code, version: row.version, ...details },
  });
}

/** Writes a version's elements, criteria and options (the template has none yet). */
async function writeContent(db: Db, template: SurveyTemplateRow, input: DraftInput): Promise<void> {
  for (const [i, e] of input.elements.entries()) {
    const element = await db
      .insertInto("survey_elements")
      .values({
        agency_id: template.agency_id,
        template_id: template.id,
        position: i + 1,
        code: e.code,
        name: e.name.vi,
        name_en: e.name.en,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("survey_criteria")
      .values(
        e.criteria.map((c, j) => ({
          agency_id: template.agency_id,
          template_id: template.id,
          element_id: element.id,
          position: j + 1,
          code: c.code,
          text: c.text.vi,
          text_en: c.text.en,
          required: c.required,
        })),
      )
      .execute();
  }
  if (input.expectations.options.length > 0) {
    await db
      .insertInto("survey_expectation_options")
      .values(
        input.expectations.options.map((o, i) => ({
          agency_id: template.agency_id,
          template_id: template.id,
          position: i + 1,
          code: o.code,
          text: o.text.vi,
          text_en: o.text.en,
        })),
      )
      .execute();
  }
}

/** The detail of a version as an edit body (what a copy starts from). */
function asInput(d: SurveyTemplateDetail): DraftInput {
  return {
    name: d.name,
    overallQuestion: d.overallQuestion,
    expectations: { question: d.expectations.question, max: d.expectations.max, options: d.expectations.options },
    elements: d.elements,
  };
}

/**
 * A draft copy of a version, numbered after the code's highest version. One draft per code at a
 * time: a second is refused (409) so that two people never prepare competing next versions.
 */
export async function createDraft(db: Db, staff: Staff, sourceId: string): Promise<SurveyTemplateDetail> {
  const source = await findRow(db, staff.agencyId, sourceId);
  // Serialise drafts of one code: lock every version of it.
  const versions = await db
    .selectFrom("survey_templates")
    .where("agency_id", "=", staff.agencyId)
    .where("code", "=", source.code)
    .orderBy("version", "desc")
    .select(["id", "version", "published_at"])
    .forUpdate()
    .execute();
  const draft = versions.find((v) => v.published_at === null);
  if (draft) {
    throw conflict(
      `Mẫu phiếu "${source.code}" đã có bản nháp (phiên bản ${draft.version}). Hãy sửa hoặc xóa bản nháp đó.`,
      `Template "${source.code}" already has a draft (version ${draft.version}). Edit or delete that draft.`,
      { draftId: draft.id },
    );
  }
  const detail = await templateDetail(db, staff.agencyId, source.id);
  const created = await db
    .insertInto("survey_templates")
    .values({
      agency_id: staff.agencyId,
      code: source.code,
      version: (versions[0]?.version ?? source.version) + 1,
      kind: source.kind,
      name: source.name,
      name_en: source.name_en,
      scale_levels: source.scale_levels,
      active: true,
      published_at: null,
      overall_question: source.overall_question,
      overall_question_en: source.overall_question_en,
      expectations_question: source.expectations_question,
      expectations_question_en: source.expectations_question_en,
      expectations_max: source.expectations_max,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeContent(db, created, asInput(detail));
  if (source.overall_criterion_code) {
    await db
      .updateTable("survey_templates")
      .set({ overall_criterion_code: source.overall_criterion_code })
      .where("agency_id", "=", staff.agencyId)
      .where("id", "=", created.id)
      .execute();
  }
  await audit(db, staff, created, "create_draft", { copiedFrom: { id: source.id, version: source.version } });
  return templateDetail(db, staff.agencyId, created.id);
}

function refusePublished(row: SurveyTemplateRow): void {
  if (row.published_at) {
    throw conflict(
      `Phiên bản ${row.version} đã ban hành nên không thể sửa: các phiếu đánh giá đã trả lời theo đúng nội dung này. Hãy tạo bản nháp mới từ phiên bản này.`,
      `Version ${row.version} is published and cannot be changed: ratings answered exactly this wording. Create a new draft from it instead.`,
    );
  }
}

const structureError = (path: string, vi: string, en: string) => ({ path, message: { vi, en } });

/**
 * Structure rules of an edit. SIPAS: the same elements and criteria, by code and in order (the
 * indices of QĐ 2640/QĐ-BNV stay comparable between versions and agencies). Quick form: codes
 * unique, and the criterion that carries the overall rating stays.
 */
function checkStructure(current: SurveyTemplateDetail, input: DraftInput): void {
  const errors: ReturnType<typeof structureError>[] = [];
  if (current.structureLocked) {
    const shape = (els: { code: string; criteria: { code: string }[] }[]) =>
      els.map((e) => `${e.code}:${e.criteria.map((c) => c.code).join(",")}`).join("|");
    if (shape(current.elements) !== shape(input.elements)) {
      errors.push(
        structureError(
          "elements",
          `Phiếu SIPAS giữ nguyên ${current.elements.length} yếu tố và ${current.elements.reduce((n, e) => n + e.criteria.length, 0)} tiêu chí (mã và thứ tự) để các chỉ số so sánh được; chỉ sửa được câu chữ.`,
          `A SIPAS survey keeps its ${current.elements.length} elements and ${current.elements.reduce((n, e) => n + e.criteria.length, 0)} criteria (codes and order) so its indices stay comparable; only the wording can change.`,
        ),
      );
    }
  }
  const seen = new Set<string>();
  input.elements.forEach((e, i) => {
    if (seen.has(`e:${e.code}`)) {
      errors.push(structureError(`elements.${i}.code`, "Mã yếu tố bị trùng.", "This element code is used twice."));
    }
    seen.add(`e:${e.code}`);
    e.criteria.forEach((c, j) => {
      if (seen.has(`c:${c.code}`)) {
        errors.push(
          structureError(
            `elements.${i}.criteria.${j}.code`,
            "Mã tiêu chí bị trùng.",
            "This criterion code is used twice.",
          ),
        );
      }
      seen.add(`c:${c.code}`);
    });
  });
  input.expectations.options.forEach((o, i) => {
    if (seen.has(`o:${o.code}`)) {
      errors.push(
        structureError(`expectations.options.${i}.code`, "Mã lựa chọn bị trùng.", "This option code is used twice."),
      );
    }
    seen.add(`o:${o.code}`);
  });
  const overall = current.overallCriterionCode;
  if (overall && !input.elements.some((e) => e.criteria.some((c) => c.code === overall))) {
    errors.push(
      structureError(
        "elements",
        `Tiêu chí "${overall}" là câu đánh giá tổng thể của phiếu, không thể bỏ.`,
        `Criterion "${overall}" carries the overall rating and cannot be removed.`,
      ),
    );
  }
  if (input.expectations.options.length > 0 && input.expectations.max > input.expectations.options.length) {
    errors.push(
      structureError(
        "expectations.max",
        "Số nội dung được chọn tối đa không được lớn hơn số lựa chọn.",
        "The maximum choices cannot exceed the number of options.",
      ),
    );
  }
  if (errors.length > 0) throw new ProblemError("validation", { errors });
}

/** What an edit changed, by wording path (`criteria.e1c1.text`), for the audit trail. */
function changesOf(
  before: SurveyTemplateDetail,
  after: SurveyTemplateDetail,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const put = (key: string, from: unknown, to: unknown) => {
    if (JSON.stringify(from) !== JSON.stringify(to)) out[key] = { from: from ?? null, to: to ?? null };
  };
  put("name", before.name, after.name);
  put("overallQuestion", before.overallQuestion, after.overallQuestion);
  put("expectations.question", before.expectations.question, after.expectations.question);
  put("expectations.max", before.expectations.max, after.expectations.max);
  put("expectations.options", before.expectations.options, after.expectations.options);
  const elements = new Map(before.elements.map((e) => [e.code, e]));
  const criteria = new Map(before.elements.flatMap((e) => e.criteria.map((c) => [c.code, c] as const)));
  const afterCriteria = new Set<string>();
  for (const e of after.elements) {
    put(`elements.${e.code}.name`, elements.get(e.code)?.name, e.name);
    for (const c of e.criteria) {
      afterCriteria.add(c.code);
      const b = criteria.get(c.code);
      put(`criteria.${c.code}.text`, b?.text, c.text);
      put(`criteria.${c.code}.required`, b?.required, c.required);
    }
  }
  for (const e of before.elements)
    if (!after.elements.some((x) => x.code === e.code)) put(`elements.${e.code}`, e.code, null);
  for (const code of criteria.keys()) if (!afterCriteria.has(code)) put(`criteria.${code}`, code, null);
  return out;
}

/** Replaces a draft's wording (and, for a quick form, its list of criteria). */
export async function updateDraft(db: Db, staff: Staff, id: string, input: DraftInput): Promise<SurveyTemplateDetail> {
  const row = await findRow(db, staff.agencyId, id, true);
  refusePublished(row);
  const before = await templateDetail(db, staff.agencyId, id);
  checkStructure(before, input);
  // A draft has no answers (only published versions are offered): its rows can be rewritten.
  await db
    .deleteFrom("survey_expectation_options")
    .where("agency_id", "=", row.agency_id)
    .where("template_id", "=", id)
    .execute();
  await db.deleteFrom("survey_criteria").where("agency_id", "=", row.agency_id).where("template_id", "=", id).execute();
  await db.deleteFrom("survey_elements").where("agency_id", "=", row.agency_id).where("template_id", "=", id).execute();
  const updated = await db
    .updateTable("survey_templates")
    .set({
      name: input.name.vi,
      name_en: input.name.en,
      overall_question: input.overallQuestion?.vi ?? null,
      overall_question_en: input.overallQuestion?.en ?? null,
      expectations_question: input.expectations.question?.vi ?? null,
      expectations_question_en: input.expectations.question?.en ?? null,
      expectations_max: input.expectations.max,
    })
    .where("agency_id", "=", staff.agencyId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeContent(db, updated, input);
  if (before.overallCriterionCode) {
    await db
      .updateTable("survey_templates")
      .set({ overall_criterion_code: before.overallCriterionCode })
      .where("agency_id", "=", staff.agencyId)
      .where("id", "=", id)
      .execute();
  }
  const after = await templateDetail(db, staff.agencyId, id);
  const changes = changesOf(before, after);
  if (Object.keys(changes).length > 0) await audit(db, staff, row, "edit_draft", { changes });
  return after;
}

/**
 * Publishes a draft: it becomes immutable, and every counter using a version of the same code
 * now offers it (older versions stay readable for the submissions that answered them).
 */
export async function publishDraft(db: Db, staff: Staff, id: string): Promise<SurveyTemplateDetail> {
  const row = await findRow(db, staff.agencyId, id, true);
  if (row.published_at) {
    throw conflict(`Phiên bản ${row.version} đã được ban hành.`, `Version ${row.version} is already published.`);
  }
  const published = await db
    .updateTable("survey_templates")
    .set({ published_at: sql<Date>`now()`, active: true })
    .where("agency_id", "=", staff.agencyId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const using = await db
    .selectFrom("counters as c")
    .innerJoin("survey_templates as t", (j) =>
      j.onRef("t.agency_id", "=", "c.agency_id").onRef("t.id", "=", "c.survey_template_id"),
    )
    .where("c.agency_id", "=", staff.agencyId)
    .where("t.code", "=", row.code)
    .where("t.id", "<>", id)
    .select(["c.id", "c.code", "c.survey_template_id"])
    .forUpdate()
    .execute();
  if (using.length > 0) {
    await db
      .updateTable("counters")
      .set({ survey_template_id: id })
      .where("agency_id", "=", staff.agencyId)
      .where(
        "id",
        "in",
        using.map((c) => c.id),
      )
      .execute();
  }
  await audit(db, staff, published, "publish", {
    changes: { publishedAt: { from: null, to: published.published_at?.toISOString() ?? null } },
    counters: using.map((c) => c.code),
  });
  for (const counter of using) {
    await appendAudit(db, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "settings.changed",
      subjectType: "counter",
      subjectId: counter.id,
      details: {
        op: "update",
        changes: { surveyTemplateId: { from: counter.survey_template_id, to: id } },
        reason: "survey_published",
      },
    });
  }
  return templateDetail(db, staff.agencyId, id);
}

/** Retires a published version (no longer offered), unless a counter still offers it. */
export async function retireVersion(db: Db, staff: Staff, id: string): Promise<SurveyTemplateDetail> {
  const row = await findRow(db, staff.agencyId, id, true);
  if (!row.published_at) {
    throw conflict(
      "Bản nháp chưa ban hành: hãy xóa bản nháp thay vì ngừng sử dụng.",
      "A draft is not published: delete it instead of retiring it.",
    );
  }
  const counters = (await usage(db, staff.agencyId)).countersOf(id);
  if (counters.length > 0) {
    const names = counters.map((c) => `${c.code} (${c.name})`).join(", ");
    throw conflict(
      `Các quầy sau vẫn dùng phiên bản này: ${names}. Hãy chuyển các quầy sang mẫu phiếu khác trước.`,
      `These counters still use this version: ${names}. Move them to another survey first.`,
      { counters },
    );
  }
  if (row.active) {
    await db
      .updateTable("survey_templates")
      .set({ active: false })
      .where("agency_id", "=", staff.agencyId)
      .where("id", "=", id)
      .execute();
    await audit(db, staff, row, "retire", { changes: { active: { from: true, to: false } } });
  }
  return templateDetail(db, staff.agencyId, id);
}

/** Deletes a draft (never a published version). */
export async function deleteDraft(db: Db, staff: Staff, id: string): Promise<void> {
  const row = await findRow(db, staff.agencyId, id, true);
  refusePublished(row);
  const counters = (await usage(db, staff.agencyId)).countersOf(id);
  if (counters.length > 0) {
    throw conflict(
      `Các quầy sau đang trỏ tới bản nháp này: ${counters.map((c) => c.code).join(", ")}.`,
      `These counters point at this draft: ${counters.map((c) => c.code).join(", ")}.`,
      { counters },
    );
  }
  await db.deleteFrom("survey_templates").where("agency_id", "=", staff.agencyId).where("id", "=", id).execute();
  await audit(db, staff, row, "delete_draft");
}
