import { exports } from "cloudflare:workers";
import type { SubmissionRequest } from "../../../schema/api/ratings";
import type { FileRow, NewFile, SurveyTemplateRow } from "../../../schema/db/database";
import {
  QUICK_COUNTER_TEMPLATE,
  SIPAS_TEMPLATE,
  type StandardTemplate,
} from "../../../schema/surveys/standard-templates";
import type { Db } from "../../../worker/db";
import { readConfig } from "../../../worker/env";
import { insertSurveyTemplate } from "../../../worker/ratings/survey-templates.queries";
import { ratingTokenKeys, signFileToken } from "../../../worker/ratings/tokens";
import { createAgency, createCounter, createProcedure, createUnit, uniq } from "./factories";
import { testEnv } from "./worker-env";

export const API = "http://hailong.test/api/ratings";

export function testConfig() {
  return readConfig(testEnv);
}

/** The keys the worker under test signs and verifies with (the development key in tests). */
export function testKeys() {
  return ratingTokenKeys(testConfig());
}

let fileSeq = 0;

export async function createFile(
  db: Db,
  agencyId: string,
  unitId: string,
  procedureId: string,
  over: Partial<NewFile> = {},
): Promise<FileRow> {
  const received = new Date(Date.now() - 10 * 86_400_000);
  fileSeq += 1;
  return db
    .insertInto("files")
    .values({
      agency_id: agencyId,
      code: `H15.50.05.13-261008-${String(fileSeq).padStart(4, "0")}${uniq().slice(0, 4).toUpperCase()}`,
      procedure_id: procedureId,
      unit_id: unitId,
      channel: "counter",
      status: "returned",
      received_at: received,
      due_at: new Date(received.getTime() + 7 * 86_400_000),
      returned_at: new Date(received.getTime() + 5 * 86_400_000),
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createTemplate(
  db: Db,
  agencyId: string,
  t: StandardTemplate,
  over: Parameters<typeof insertSurveyTemplate>[3] = {},
): Promise<SurveyTemplateRow> {
  return insertSurveyTemplate(db, agencyId, t, over);
}

/**
 * An agency with a unit, the standard quick and SIPAS surveys, a counter for each, a procedure
 * and a returned file handled at the quick counter.
 */
export async function createRatingWorld(db: Db) {
  const agency = await createAgency(db);
  const unit = await createUnit(db, agency.id, { name: "Bộ phận Một cửa", kind: "one_stop" });
  const quick = await createTemplate(db, agency.id, QUICK_COUNTER_TEMPLATE);
  const sipas = await createTemplate(db, agency.id, SIPAS_TEMPLATE);
  const counter = await createCounter(db, agency.id, unit.id, { survey_template_id: quick.id });
  const sipasCounter = await createCounter(db, agency.id, unit.id, {
    survey_template_id: sipas.id,
    name: "Quầy số 2",
  });
  const procedure = await createProcedure(db, agency.id, unit.id);
  const file = await createFile(db, agency.id, unit.id, procedure.id, { counter_id: counter.id });
  return { agency, unit, quick, sipas, counter, sipasCounter, procedure, file };
}

/** Answers to every criterion of a standard template, all at `score`. */
export function answersFor(t: StandardTemplate, score: number) {
  return t.elements.flatMap((e) => e.criteria.map((c) => ({ criterionCode: c.code, score })));
}

/** A valid quick-form submission from the counter QR; override anything. */
export function quickBody(
  world: { quick: SurveyTemplateRow; counter: { public_code: string } },
  over: Partial<SubmissionRequest> = {},
): SubmissionRequest {
  return {
    idempotencyKey: crypto.randomUUID(),
    templateId: world.quick.id,
    templateVersion: world.quick.version,
    source: { kind: "counter", publicCode: world.counter.public_code },
    answers: answersFor(QUICK_COUNTER_TEMPLATE, 3),
    ...over,
  };
}

/** A valid SIPAS submission from the SIPAS counter; override anything. */
export function sipasBody(
  world: { sipas: SurveyTemplateRow; sipasCounter: { public_code: string } },
  over: Partial<SubmissionRequest> = {},
): SubmissionRequest {
  return {
    idempotencyKey: crypto.randomUUID(),
    templateId: world.sipas.id,
    templateVersion: world.sipas.version,
    source: { kind: "counter", publicCode: world.sipasCounter.public_code },
    answers: answersFor(SIPAS_TEMPLATE, 5),
    overall: 5,
    ...over,
  };
}

/** A distinct device per test unless told otherwise (rate limits key on IP + user agent). */
export function deviceHeaders(ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`, ua = `test-${uniq()}`) {
  return { "cf-connecting-ip": ip, "user-agent": ua };
}

export function post(path: string, body: unknown, headers: Record<string, string> = deviceHeaders()) {
  return exports.default.fetch(`${API}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

export function get(path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(`${API}${path}`, { headers });
}

export async function fileToken(
  file: { agency_id: string; id: string },
  over: { expiresAt?: Date; agencyId?: string; tokenId?: string } = {},
): Promise<string> {
  return signFileToken(
    {
      agencyId: over.agencyId ?? file.agency_id,
      fileId: file.id,
      expiresAt: over.expiresAt ?? new Date(Date.now() + 30 * 86_400_000),
      tokenId: over.tokenId,
    },
    testKeys(),
  );
}
