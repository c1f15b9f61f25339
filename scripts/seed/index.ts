/**
 * The deterministic demo seed: a realistic Sở Khoa học và Công nghệ with its units, counters,
 * procedures, staff, survey templates, and 90 days of files, ratings and cases.
 *
 * Same `seed` and `today` → the same rows (ids included) on every machine: every random draw
 * comes from a seeded generator, never from Math.random. All rows are built in memory first and
 * written in one transaction with multi-row inserts, so a failure leaves nothing behind.
 */
import { type InsertObject, type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../schema/db/database";
import { STANDARD_TEMPLATES, type StandardTemplate } from "../../schema/surveys/standard-templates";
import { instantAt, localDay } from "./calendar";
import { generateCases } from "./cases";
import {
  DEMO_AGENCY,
  DEMO_AGENCY_CODE,
  DEMO_COUNTERS,
  DEMO_SETTINGS,
  DEMO_STAFF,
  DEMO_UNITS,
  staffEmail,
  UNIT,
} from "./demo-agency";
import { generateFiles, type SeededProcedure } from "./files";
import { DEMO_PROCEDURES } from "./procedures";
import { Rng } from "./random";
import { generateRatings, type SeededTemplate } from "./ratings";

export { DEMO_AGENCY_CODE } from "./demo-agency";

export interface DemoSummary {
  agency: { id: string; code: string; name: string };
  counters: Array<{ code: string; name: string; publicCode: string; surveyKind: "sipas" | "quick" }>;
  created: boolean; // false when the demo agency already existed (nothing written)
  counts: Record<string, number>; // rows per table written
}

export interface DemoOptions {
  /** The seed's "now": files, ratings and cases never lie after it. Default: the current time. */
  today?: Date;
  /** Days of history ending on `today`. Default 90. */
  days?: number;
  /** Generator seed. Default 68 (Lâm Đồng's province code). */
  seed?: number;
}

export const DEFAULT_DAYS = 90;
export const DEFAULT_SEED = 68;

type Rows = { [T in keyof Database]?: InsertObject<Database, T>[] };

/** Tables in the order they are written (foreign keys first). */
const TABLE_ORDER = [
  "agencies",
  "units",
  "survey_templates",
  "survey_elements",
  "survey_criteria",
  "survey_expectation_options",
  "counters",
  "procedures",
  "staff_users",
  "staff_user_units",
  "files",
  "submissions",
  "answers",
  "submission_element_scores",
  "submission_expectations",
  "rating_follow_ups",
  "cases",
] as const satisfies ReadonlyArray<keyof Database>;

export interface DemoPlan {
  summary: Omit<DemoSummary, "created">;
  rows: Rows;
}

/** Builds every row of the demo in memory (pure: no database, no clock unless `today` is omitted). */
export function buildDemo(options: DemoOptions = {}): DemoPlan {
  const now = options.today ?? new Date();
  const days = options.days ?? DEFAULT_DAYS;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(days) || days < 1 || days > 730)
    throw new Error(`days must be an integer in 1..730, got ${days}`);
  if (Number.isNaN(now.getTime())) throw new Error("today is not a valid date");

  const root = new Rng(seed);
  const ids = root.fork("ids");
  const lastDay = localDay(now);
  const firstDay = lastDay - days + 1;
  const setUpAt = instantAt(firstDay - 30, 8 * 60);

  const agencyId = ids.uuid();
  const rows: Rows = {};

  rows.agencies = [
    {
      id: agencyId,
      code: DEMO_AGENCY.code,
      name: DEMO_AGENCY.name,
      short_name: DEMO_AGENCY.shortName,
      province_code: DEMO_AGENCY.provinceCode,
      commune_code: null,
      address: DEMO_AGENCY.address,
      hotline: DEMO_AGENCY.hotline,
      email: DEMO_AGENCY.email,
      website: DEMO_AGENCY.website,
      satisfaction_target: DEMO_AGENCY.satisfactionTarget,
      // Sent as text and cast: postgres.js would JSON-encode a string bound to a jsonb parameter
      // a second time, storing a JSON string instead of an object.
      settings: sql<string>`${JSON.stringify(DEMO_SETTINGS)}::text::jsonb`,
      created_at: setUpAt,
      updated_at: setUpAt,
    },
  ];

  const unitIds: Record<string, string> = {};
  for (const u of DEMO_UNITS) unitIds[u.code] = ids.uuid();
  rows.units = DEMO_UNITS.map((u) => ({
    id: unitIds[u.code]!,
    agency_id: agencyId,
    code: u.code,
    name: u.name,
    kind: u.kind,
    parent_id: u.parent ? unitIds[u.parent]! : null,
    created_at: setUpAt,
  })).sort((a, b) => Number(a.parent_id !== null) - Number(b.parent_id !== null));

  // Survey templates from the standard definitions, version 1, published before the period.
  const publishedAt = instantAt(firstDay - 14, 8 * 60);
  rows.survey_templates = [];
  rows.survey_elements = [];
  rows.survey_criteria = [];
  rows.survey_expectation_options = [];
  const seeded: Record<"sipas" | "quick", SeededTemplate> = {} as Record<"sipas" | "quick", SeededTemplate>;
  // Option ids come from a stream of their own, so the ids drawn after them (counters, procedures…)
  // stay what they were before templates had expectation options.
  const optionIds = root.fork("expectation-options");
  for (const t of STANDARD_TEMPLATES) seeded[t.kind] = addTemplate(rows, t, agencyId, publishedAt, ids, optionIds);

  const counterIds: Record<string, string> = {};
  const counterKinds: Record<string, "sipas" | "quick"> = {};
  rows.counters = DEMO_COUNTERS.map((c) => {
    counterIds[c.code] = ids.uuid();
    counterKinds[c.code] = c.surveyKind;
    return {
      id: counterIds[c.code]!,
      agency_id: agencyId,
      unit_id: unitIds[UNIT.oneStop]!,
      code: c.code,
      public_code: c.publicCode,
      name: c.name,
      location: c.location,
      survey_template_id: seeded[c.surveyKind].id,
      created_at: setUpAt,
    };
  });

  const procedures: SeededProcedure[] = DEMO_PROCEDURES.map((p) => ({ ...p, id: ids.uuid() }));
  rows.procedures = procedures.map((p) => ({
    id: p.id,
    agency_id: agencyId,
    unit_id: unitIds[p.unit]!,
    national_code: p.code,
    name: p.name,
    field: p.field,
    processing_time: p.time,
    processing_time_unit: p.timeUnit,
    online_level: p.online,
    fee_note: p.fee,
    created_at: setUpAt,
  }));

  rows.staff_users = [];
  rows.staff_user_units = [];
  for (const s of DEMO_STAFF) {
    const id = ids.uuid();
    rows.staff_users.push({
      id,
      agency_id: agencyId,
      username: s.username,
      full_name: s.fullName,
      email: staffEmail(s.username),
      phone: null,
      role: s.role,
      password_hash: null,
      created_at: setUpAt,
    });
    for (const u of s.units)
      rows.staff_user_units.push({ agency_id: agencyId, staff_user_id: id, unit_id: unitIds[u]! });
  }

  const files = generateFiles(root.fork("files"), {
    agencyId,
    now,
    firstDay,
    lastDay,
    unitIds,
    counterIds,
    procedures,
  });
  rows.files = files.map((f) => f.row);

  const ratings = generateRatings(root.fork("ratings"), files, {
    agencyId,
    now,
    firstDay,
    lastDay,
    unitIds,
    counterIds,
    templates: seeded,
    counterKinds,
  });
  rows.submissions = ratings.submissions;
  rows.answers = ratings.answers;
  rows.submission_element_scores = ratings.elementScores;
  rows.submission_expectations = ratings.expectations;
  rows.rating_follow_ups = ratings.followUps;

  rows.cases = generateCases(root.fork("cases"), { agencyId, now, firstDay, unitIds, files });

  const counts: Record<string, number> = {};
  for (const table of TABLE_ORDER) counts[table] = rows[table]?.length ?? 0;

  return {
    rows,
    summary: {
      agency: { id: agencyId, code: DEMO_AGENCY.code, name: DEMO_AGENCY.name },
      counters: DEMO_COUNTERS.map((c) => ({
        code: c.code,
        name: c.name,
        publicCode: c.publicCode,
        surveyKind: c.surveyKind,
      })),
      counts,
    },
  };
}

/**
 * The rows `insertSurveyTemplate()` (worker/ratings/survey-templates.queries.ts) writes for a
 * standard template, built in memory with the seed's deterministic ids: the template with its
 * overall question (the quick form's names its "Đánh giá tổng thể dịch vụ" criterion, so the
 * form does not ask overall twice), its expectations question and maximum, its elements and
 * criteria in order, and its expectation options (SIPAS sự mong đợi).
 */
function addTemplate(
  rows: Rows,
  t: StandardTemplate,
  agencyId: string,
  publishedAt: Date,
  ids: Rng,
  optionIds: Rng,
): SeededTemplate {
  const templateId = ids.uuid();
  rows.survey_templates!.push({
    id: templateId,
    agency_id: agencyId,
    code: t.code,
    version: t.version,
    kind: t.kind,
    name: t.name,
    name_en: t.nameEn,
    scale_levels: t.scaleLevels,
    published_at: publishedAt,
    created_at: publishedAt,
    overall_question: t.overallQuestion.text,
    overall_question_en: t.overallQuestion.textEn,
    // Checked at commit (a deferred foreign key): the criterion is written just after.
    overall_criterion_code: t.overallQuestion.criterionCode ?? null,
    expectations_question: t.expectations?.question ?? null,
    expectations_question_en: t.expectations?.questionEn ?? null,
    expectations_max: t.expectations?.maxChoices ?? 3,
  });
  const criteria: SeededTemplate["criteria"][number][] = [];
  const elements: SeededTemplate["elements"][number][] = [];
  t.elements.forEach((e, ei) => {
    const elementId = ids.uuid();
    elements.push({ id: elementId, code: e.code });
    rows.survey_elements!.push({
      id: elementId,
      agency_id: agencyId,
      template_id: templateId,
      position: ei + 1,
      code: e.code,
      name: e.name,
      name_en: e.nameEn,
    });
    e.criteria.forEach((c, ci) => {
      const id = ids.uuid();
      rows.survey_criteria!.push({
        id,
        agency_id: agencyId,
        template_id: templateId,
        element_id: elementId,
        position: ci + 1,
        code: c.code,
        text: c.text,
        text_en: c.textEn,
        required: c.required,
      });
      criteria.push({ id, code: c.code, required: c.required, elementCode: e.code });
    });
  });
  const expectationOptions = (t.expectations?.options ?? []).map((o, i) => {
    const id = optionIds.uuid();
    rows.survey_expectation_options!.push({
      id,
      agency_id: agencyId,
      template_id: templateId,
      position: i + 1,
      code: o.code,
      text: o.label,
      text_en: o.labelEn,
    });
    return { id, code: o.code };
  });
  return {
    id: templateId,
    kind: t.kind,
    levels: t.scaleLevels,
    criteria,
    elements,
    overallCriterionCode: t.overallQuestion.criterionCode ?? null,
    expectationOptions,
    expectationsMax: t.expectations?.maxChoices ?? 0,
  };
}

const CHUNK = 1000;

async function writeAll(trx: Transaction<Database>, rows: Rows): Promise<void> {
  for (const table of TABLE_ORDER) {
    const list = rows[table] ?? [];
    for (let i = 0; i < list.length; i += CHUNK) {
      // The table name is a union here; each chunk holds rows of that one table.
      await trx
        .insertInto(table)
        .values(list.slice(i, i + CHUNK) as any)
        .execute();
    }
  }
}

/**
 * Seeds the demo agency once. When an agency with the demo code already exists nothing is
 * written and `created` is false.
 */
export async function seedDemo(db: Kysely<Database>, options: DemoOptions = {}): Promise<DemoSummary> {
  const existing = await findDemo(db);
  if (existing) return existing;
  const plan = buildDemo(options);
  await db.transaction().execute((trx) => writeAll(trx, plan.rows));
  return { ...plan.summary, created: true };
}

async function findDemo(db: Kysely<Database>): Promise<DemoSummary | undefined> {
  const agency = await db
    .selectFrom("agencies")
    .select(["id", "code", "name"])
    .where("code", "=", DEMO_AGENCY_CODE)
    .executeTakeFirst();
  if (!agency) return undefined;
  const counters = await db
    .selectFrom("counters")
    .leftJoin("survey_templates", (j) =>
      j
        .onRef("survey_templates.agency_id", "=", "counters.agency_id")
        .onRef("survey_templates.id", "=", "counters.survey_template_id"),
    )
    .select(["counters.code", "counters.name", "counters.public_code", "survey_templates.kind"])
    .where("counters.agency_id", "=", agency.id)
    .orderBy("counters.code")
    .execute();
  return {
    agency,
    counters: counters.map((c) => ({
      code: c.code,
      name: c.name,
      publicCode: c.public_code,
      surveyKind: c.kind ?? "quick",
    })),
    created: false,
    counts: {},
  };
}
