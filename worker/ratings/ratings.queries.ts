import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database } from "../../schema/db/database";
import { isSatisfied, type ScaleLevels } from "../../schema/surveys/scales";
import { type Db, inlineJson } from "../db";

/** All SQL of the rating feature. */

/** A counter by the public code of its QR, with what a submission needs. */
export function findCounterByPublicCode(db: Db, publicCode: string) {
  return db
    .selectFrom("counters as c")
    .leftJoin("survey_templates as t", (j) =>
      j.onRef("t.agency_id", "=", "c.agency_id").onRef("t.id", "=", "c.survey_template_id"),
    )
    .where("c.public_code", "=", publicCode)
    .where("c.active", "=", true)
    .select(["c.id", "c.agency_id", "c.unit_id", "c.public_code", "c.survey_template_id", "t.code as template_code"])
    .executeTakeFirst();
}

export function findAgencyByCode(db: Db, code: string) {
  return db.selectFrom("agencies").where("code", "=", code).select(["id", "code"]).executeTakeFirst();
}

function fileQuery(db: Db, agencyId: string) {
  return db
    .selectFrom("files as f")
    .innerJoin("agencies as a", "a.id", "f.agency_id")
    .innerJoin("procedures as p", (j) =>
      j.onRef("p.agency_id", "=", "f.agency_id").onRef("p.id", "=", "f.procedure_id"),
    )
    .innerJoin("units as u", (j) => j.onRef("u.agency_id", "=", "f.agency_id").onRef("u.id", "=", "f.unit_id"))
    .leftJoin("counters as c", (j) => j.onRef("c.agency_id", "=", "f.agency_id").onRef("c.id", "=", "f.counter_id"))
    .where("f.agency_id", "=", agencyId)
    .select([
      "f.id",
      "f.agency_id",
      "f.code",
      "f.status",
      "f.unit_id",
      "f.procedure_id",
      "f.counter_id",
      "f.received_at",
      "f.due_at",
      "f.returned_at",
      "p.name as procedure_name",
      "u.name as unit_name",
      "a.code as agency_code",
      "a.name as agency_name",
      "a.short_name as agency_short_name",
      "c.survey_template_id as counter_template_id",
    ]);
}

export type RatingFileRow = NonNullable<Awaited<ReturnType<typeof findFileById>>>;

export function findFileById(db: Db, agencyId: string, fileId: string) {
  return fileQuery(db, agencyId).where("f.id", "=", fileId).executeTakeFirst();
}

/** Codes are matched as typed and in upper case (file codes are printed in capitals). */
export function findFileByCode(db: Db, agencyId: string, code: string) {
  const codes = [...new Set([code, code.toUpperCase()])];
  return fileQuery(db, agencyId).where("f.code", "in", codes).executeTakeFirst();
}

const summaryColumns = ["id", "kind", "name", "name_en", "version", "code"] as const;

/**
 * The survey offered for a file: its counter's survey, else the agency's newest published quick
 * form, else its newest published survey of any kind.
 */
export async function offeredFileSurvey(db: Db, agencyId: string, counterTemplateId: string | null) {
  if (counterTemplateId) {
    const t = await db
      .selectFrom("survey_templates")
      .where("agency_id", "=", agencyId)
      .where("id", "=", counterTemplateId)
      .select(summaryColumns)
      .executeTakeFirst();
    if (t) return t;
  }
  return db
    .selectFrom("survey_templates")
    .where("agency_id", "=", agencyId)
    .where("published_at", "is not", null)
    .where("active", "=", true)
    .orderBy(sql`kind = 'quick'`, "desc")
    .orderBy("published_at", "desc")
    .orderBy("version", "desc")
    .select(summaryColumns)
    .limit(1)
    .executeTakeFirst();
}

/**
 * A published template with its elements, criteria and expectation options, in order: one
 * query (the survey's parts come back as JSON arrays). Callers on the hot path go through
 * `publishedTemplate` (ratings.service.ts), which caches the result per isolate.
 */
export async function loadTemplate(db: Db, templateId: string, agencyId?: string) {
  let q = db
    .selectFrom("survey_templates as t")
    .selectAll("t")
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom("survey_elements as e")
          .whereRef("e.agency_id", "=", "t.agency_id")
          .whereRef("e.template_id", "=", "t.id")
          .orderBy("e.position")
          .selectAll("e"),
      ).as("elements"),
      jsonArrayFrom(
        eb
          .selectFrom("survey_criteria as c")
          .whereRef("c.agency_id", "=", "t.agency_id")
          .whereRef("c.template_id", "=", "t.id")
          .orderBy("c.position")
          .selectAll("c"),
      ).as("criteria"),
      jsonArrayFrom(
        eb
          .selectFrom("survey_expectation_options as o")
          .whereRef("o.agency_id", "=", "t.agency_id")
          .whereRef("o.template_id", "=", "t.id")
          .orderBy("o.position")
          .selectAll("o"),
      ).as("options"),
    ])
    .where("t.id", "=", templateId)
    .where("t.published_at", "is not", null);
  if (agencyId) q = q.where("t.agency_id", "=", agencyId);
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const { elements, criteria, options, ...template } = row;
  // json_agg keeps the subquery's order in practice; sorting again makes it a guarantee.
  const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position;
  return {
    template,
    elements: elements.sort(byPosition),
    // By position within their element, as the page lists them under each element.
    criteria: criteria.sort(byPosition),
    options: options.sort(byPosition),
  };
}

export type LoadedTemplate = NonNullable<Awaited<ReturnType<typeof loadTemplate>>>;

/** A submission by its idempotency key, with what its receipt needs (lowest score, scale). */
export function findSubmissionByKey(db: Db, agencyId: string, idempotencyKey: string) {
  return db
    .selectFrom("submissions as s")
    .innerJoin("survey_templates as t", (j) =>
      j.onRef("t.agency_id", "=", "s.agency_id").onRef("t.id", "=", "s.template_id"),
    )
    .where("s.agency_id", "=", agencyId)
    .where("s.idempotency_key", "=", idempotencyKey)
    .select((eb) => [
      "s.id",
      "s.submitted_at",
      "s.overall_score",
      "t.scale_levels",
      eb
        .selectFrom("answers as a")
        .whereRef("a.submission_id", "=", "s.id")
        .select((e) => e.fn.min<number>("a.score").as("m"))
        .as("min_answer"),
      eb
        .selectFrom("submission_element_scores as e")
        .whereRef("e.submission_id", "=", "s.id")
        .select((e) => e.fn.min<number>("e.score").as("m"))
        .as("min_element"),
    ])
    .executeTakeFirst();
}

export interface NewRating {
  submission: {
    agency_id: string;
    idempotency_key: string;
    template_id: string;
    channel: Database["submissions"]["channel"];
    unit_id: string;
    counter_id: string | null;
    procedure_id: string | null;
    file_id: string | null;
    overall_score: number;
    reason: string | null;
    respondent_kind: "individual" | "organisation" | null;
    age_band: "under_30" | "30_44" | "45_59" | "60_plus" | null;
    gender: "female" | "male" | "other" | null;
    flag_reason: string | null;
  };
  answers: Array<{ criterion_id: string; score: number }>;
  elementScores: Array<{ element_id: string; score: number }>;
  expectationOptionIds: string[];
  tokenId: string | null;
  followUp: {
    what_went_wrong: string | null;
    contact: string | null;
    contact_consent_version: string | null;
  } | null;
}

/** A rate-limit rule as rating_submit counts it: bucket, window, limit and the flag it raises. */
export interface RatingLimitRule {
  bucket: string;
  windowStart: Date;
  limit: number;
  /** The flag reason when the count goes over `limit` (e.g. "rate_limit_device"). */
  reason: string;
}

/** What the worker took from its per-isolate cache, checked again inside the write. */
export interface RatingExpectation {
  templateVersion: number;
  counter: { id: string; publicCode: string; unitId: string; templateCode: string } | null;
}

export type RatingWrite =
  | { outcome: "stored"; id: string; submitted_at: Date; flagged: boolean }
  | { outcome: "replayed"; id: string; submitted_at: Date; lowest: number | null; scale_levels: 3 | 5 }
  | { outcome: "stale" }
  /** Over a limit × hard factor: nothing stored; the counts after this request, in rule order. */
  | { outcome: "rate-limited"; counts: number[] };

/** SQLSTATE raised by rating_submit when a limit is exceeded many times over (migration 0008). */
const RATE_LIMITED_SQLSTATE = "HL429";

/**
 * Writes a validated rating in one statement, one round trip (rating_submit, migration 0008):
 * the submission with its answers, element scores, chosen expectations, spent token, rate-limit
 * hits and follow-up. Postgres enforces the idempotency key (a retry or a parallel copy of the
 * same key is answered as "replayed" and writes nothing), one valid rating per file and
 * single-use tokens (23505 for the caller to interpret). Limits are counted only for the stored
 * submission; over a limit it is flagged; far over, nothing is stored ("rate-limited").
 */
export async function writeRating(
  db: Db,
  r: NewRating,
  limits: { now: Date; hardFactor: number; rules: readonly RatingLimitRule[] },
  expect: RatingExpectation,
): Promise<RatingWrite> {
  const input = {
    submission: r.submission,
    answers: r.answers,
    element_scores: r.elementScores,
    expectation_option_ids: r.expectationOptionIds,
    token_id: r.tokenId,
    follow_up: r.followUp,
    limits: {
      now: limits.now,
      hard_factor: limits.hardFactor,
      rules: limits.rules.map((rule) => ({
        bucket: rule.bucket,
        window_start: rule.windowStart,
        limit: rule.limit,
        reason: rule.reason,
      })),
    },
    expect: {
      template_version: expect.templateVersion,
      counter: expect.counter && {
        id: expect.counter.id,
        public_code: expect.counter.publicCode,
        unit_id: expect.counter.unitId,
        template_code: expect.counter.templateCode,
      },
    },
  };
  let row: {
    outcome: "stored" | "replayed" | "stale";
    id: string | null;
    submitted_at: Date | null;
    flagged: boolean | null;
    lowest: number | null;
    scale_levels: 3 | 5 | null;
  };
  try {
    const result = await sql<typeof row>`SELECT * FROM rating_submit(${inlineJson(input)})`.execute(db);
    const first = result.rows[0];
    if (!first) throw new Error("rating_submit returned no row");
    row = first;
  } catch (err) {
    const pg = err as { code?: string; detail?: string };
    if (pg.code === RATE_LIMITED_SQLSTATE && pg.detail)
      return { outcome: "rate-limited", counts: JSON.parse(pg.detail) };
    throw err;
  }
  switch (row.outcome) {
    case "stale":
      return { outcome: "stale" };
    case "replayed":
      return {
        outcome: "replayed",
        id: row.id as string,
        submitted_at: row.submitted_at as Date,
        lowest: row.lowest,
        scale_levels: row.scale_levels as 3 | 5,
      };
    case "stored":
      return {
        outcome: "stored",
        id: row.id as string,
        submitted_at: row.submitted_at as Date,
        flagged: !!row.flagged,
      };
  }
}

/** Whether a file already has a valid rating, and whether a token was spent: one query. */
export async function fileRatingState(
  db: Db,
  agencyId: string,
  fileId: string,
  tokenId: string | null,
): Promise<{ rated: boolean; used: boolean }> {
  const rated = db
    .selectFrom("submissions")
    .where("agency_id", "=", agencyId)
    .where("file_id", "=", fileId)
    .where("flagged", "=", false)
    .select(sql.lit(1).as("one"));
  const used = db
    .selectFrom("rating_tokens_used")
    .where("token_id", "=", tokenId ?? "")
    .select(sql.lit(1).as("one"));
  const row = await db
    .selectNoFrom((eb) => [eb.exists(rated).as("rated"), eb.exists(used).as("used")])
    .executeTakeFirstOrThrow();
  return { rated: row.rated === true, used: tokenId !== null && row.used === true };
}

export interface SatisfactionFigure {
  /** Valid answers counted. */
  answers: number;
  /** Of which top-2-box (scales.ts `isSatisfied`). */
  satisfied: number;
  /** satisfied / answers, 0..1; null when there is no answer. */
  rate: number | null;
}

/**
 * The minimal satisfaction figure the rating tests need: the top-2-box share (DOMAIN §1.4, §10:
 * "% hài lòng" = (Hài lòng + Rất hài lòng) / valid answers) of the overall answers and of the
 * criteria answers of the agency's non-flagged submissions received in [from, to). The
 * dashboard's index engine (weights, elements, periods, 766 view) is built elsewhere.
 */
export async function satisfactionRate(
  db: Db,
  agencyId: string,
  range: { from: Date; to: Date },
): Promise<{ overall: SatisfactionFigure; criteria: SatisfactionFigure }> {
  const base = db
    .selectFrom("submissions as s")
    .innerJoin("survey_templates as t", (j) =>
      j.onRef("t.agency_id", "=", "s.agency_id").onRef("t.id", "=", "s.template_id"),
    )
    .where("s.agency_id", "=", agencyId)
    .where("s.flagged", "=", false)
    .where("s.submitted_at", ">=", range.from)
    .where("s.submitted_at", "<", range.to);
  const overall = await base
    .where("s.overall_score", "is not", null)
    .select((eb) => ["t.scale_levels", "s.overall_score as score", eb.fn.countAll<string>().as("n")])
    .groupBy(["t.scale_levels", "s.overall_score"])
    .execute();
  const criteria = await base
    .innerJoin("answers as a", (j) => j.onRef("a.agency_id", "=", "s.agency_id").onRef("a.submission_id", "=", "s.id"))
    .select((eb) => ["t.scale_levels", "a.score as score", eb.fn.countAll<string>().as("n")])
    .groupBy(["t.scale_levels", "a.score"])
    .execute();
  const figure = (rows: Array<{ scale_levels: ScaleLevels; score: number | null; n: string }>): SatisfactionFigure => {
    let answers = 0;
    let satisfied = 0;
    for (const r of rows) {
      const n = Number(r.n);
      answers += n;
      if (r.score !== null && isSatisfied(r.score, r.scale_levels)) satisfied += n;
    }
    return { answers, satisfied, rate: answers === 0 ? null : satisfied / answers };
  };
  return { overall: figure(overall), criteria: figure(criteria) };
}

/** Flagged submissions by reason in [from, to): kept aside, never deleted, always countable. */
export async function flaggedCounts(
  db: Db,
  agencyId: string,
  range: { from: Date; to: Date },
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("submissions")
    .where("agency_id", "=", agencyId)
    .where("flagged", "=", true)
    .where("submitted_at", ">=", range.from)
    .where("submitted_at", "<", range.to)
    .select((eb) => ["flag_reason", eb.fn.countAll<string>().as("n")])
    .groupBy("flag_reason")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.flag_reason ?? "", Number(r.n)]));
}
