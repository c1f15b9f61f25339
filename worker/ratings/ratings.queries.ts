import { sql } from "kysely";
import type { Database } from "../../schema/db/database";
import { isSatisfied, type ScaleLevels } from "../../schema/surveys/scales";
import type { Db } from "../db";

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
    .select(["c.id", "c.agency_id", "c.unit_id", "c.survey_template_id", "t.code as template_code"])
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

/** True when the file has a valid (not flagged) rating. */
export async function fileHasRating(db: Db, agencyId: string, fileId: string): Promise<boolean> {
  const row = await db
    .selectFrom("submissions")
    .where("agency_id", "=", agencyId)
    .where("file_id", "=", fileId)
    .where("flagged", "=", false)
    .select("id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function tokenUsed(db: Db, tokenId: string): Promise<boolean> {
  const row = await db
    .selectFrom("rating_tokens_used")
    .where("token_id", "=", tokenId)
    .select("token_id")
    .executeTakeFirst();
  return row !== undefined;
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

/** A published template with its elements, criteria and expectation options, in order. */
export async function loadTemplate(db: Db, templateId: string, agencyId?: string) {
  let q = db
    .selectFrom("survey_templates")
    .selectAll()
    .where("id", "=", templateId)
    .where("published_at", "is not", null);
  if (agencyId) q = q.where("agency_id", "=", agencyId);
  const template = await q.executeTakeFirst();
  if (!template) return undefined;
  // One query after another: a request's client then needs a single connection.
  const elements = await db
    .selectFrom("survey_elements")
    .where("agency_id", "=", template.agency_id)
    .where("template_id", "=", template.id)
    .orderBy("position")
    .selectAll()
    .execute();
  const criteria = await db
    .selectFrom("survey_criteria")
    .where("agency_id", "=", template.agency_id)
    .where("template_id", "=", template.id)
    .orderBy("position")
    .selectAll()
    .execute();
  const options = await db
    .selectFrom("survey_expectation_options")
    .where("agency_id", "=", template.agency_id)
    .where("template_id", "=", template.id)
    .orderBy("position")
    .selectAll()
    .execute();
  return { template, elements, criteria, options };
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

/**
 * Writes a submission with its answers, element scores, chosen expectations, spent token and
 * follow-up in one transaction. Postgres enforces the idempotency key, one valid rating per
 * file and single-use tokens; a violation raises 23505 for the caller to interpret.
 *
 * `moreFlags` runs right after the submission row is inserted, inside the transaction: a
 * parallel duplicate of the same key waits on the key's unique index and fails there, so work
 * done in `moreFlags` (rate-limit counting) happens once per stored submission, not per retry.
 * Throwing from it rolls everything back.
 */
export async function insertRating(
  db: Db,
  r: NewRating,
  moreFlags: (trx: Db) => Promise<string[]>,
): Promise<{ id: string; submitted_at: Date; flagged: boolean }> {
  return db.transaction().execute(async (trx) => {
    const s = r.submission;
    const inserted = await trx
      .insertInto("submissions")
      .values({ ...s, flagged: s.flag_reason !== null })
      .returning(["id", "submitted_at", "flag_reason"])
      .executeTakeFirstOrThrow();
    const extra = await moreFlags(trx);
    const reasons = [...(inserted.flag_reason ? inserted.flag_reason.split(",") : []), ...extra];
    const flagged = reasons.length > 0;
    if (extra.length > 0) {
      await trx
        .updateTable("submissions")
        .set({ flagged: true, flag_reason: reasons.join(",") })
        .where("agency_id", "=", s.agency_id)
        .where("id", "=", inserted.id)
        .execute();
    }
    const row = { id: inserted.id, submitted_at: inserted.submitted_at, flagged };
    if (r.answers.length > 0) {
      await trx
        .insertInto("answers")
        .values(r.answers.map((a) => ({ agency_id: s.agency_id, submission_id: row.id, ...a })))
        .execute();
    }
    if (r.elementScores.length > 0) {
      await trx
        .insertInto("submission_element_scores")
        .values(r.elementScores.map((e) => ({ agency_id: s.agency_id, submission_id: row.id, ...e })))
        .execute();
    }
    if (r.expectationOptionIds.length > 0) {
      await trx
        .insertInto("submission_expectations")
        .values(
          r.expectationOptionIds.map((option_id) => ({ agency_id: s.agency_id, submission_id: row.id, option_id })),
        )
        .execute();
    }
    if (r.tokenId && s.file_id) {
      await trx
        .insertInto("rating_tokens_used")
        .values({ token_id: r.tokenId, agency_id: s.agency_id, file_id: s.file_id, submission_id: row.id })
        .execute();
    }
    // Flagged submissions stay out of the follow-up queue, and their contact is not kept.
    if (r.followUp && !flagged) {
      const consented = r.followUp.contact !== null;
      await trx
        .insertInto("rating_follow_ups")
        .values({
          agency_id: s.agency_id,
          unit_id: s.unit_id,
          submission_id: row.id,
          what_went_wrong: r.followUp.what_went_wrong,
          contact: r.followUp.contact,
          contact_consent_version: consented ? r.followUp.contact_consent_version : null,
          contact_consented_at: consented ? row.submitted_at : null,
        })
        .execute();
    }
    return row;
  });
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
