/**
 * One agency with a row of every kind the routes look up (units, counters, procedures, surveys,
 * files, a file token, cases with their tracking secret, an apology letter, an import, an
 * integration key), so that fuzzed inputs carrying known ids and codes reach the services.
 * Staff sessions are written straight to the table (no PBKDF2 sign-in per route).
 */
import { sql } from "kysely";
import { CASE_SECRET_HEADER, IntakeReceiptSchema } from "../../../../schema/api/cases";
import type { StaffRole } from "../../../../schema/db/database";
import { SIPAS_TEMPLATE, STANDARD_TEMPLATES } from "../../../../schema/surveys/standard-templates";
import { createSession, SESSION_COOKIE } from "../../../../worker/auth/session";
import type { Db } from "../../../../worker/db";
import { problemCatalogue } from "../../../../worker/problems";
import { signFileToken } from "../../../../worker/ratings/tokens";
import { createStaff } from "../accounts-factories";
import { createCasesWorld, intakeBody, postIntake } from "../cases-factories";
import { createCounter, createProcedure } from "../factories";
import { addFilesTenancyRows, createIntegrationKey, TEST_CALENDAR_SETTINGS } from "../files-factories";
import { createFile, createTemplate, testConfig, testKeys } from "../ratings-factories";
import type { Known } from "./arbitraries";

export interface FuzzSession {
  cookie: string;
  csrfToken: string;
  userId: string;
}

export interface FuzzWorld {
  agencyId: string;
  known: Known;
  integrationKey: string;
  caseSecrets: Record<string, string>;
  /** A fresh staff member of `role` in the world's units, signed in (a session row). */
  session(role: StaffRole): Promise<FuzzSession>;
}

export async function createFuzzWorld(db: Db): Promise<FuzzWorld> {
  const cases = await createCasesWorld(db);
  // The files feature reads office hours from the agency's settings.
  await db
    .updateTable("agencies")
    .set({ settings: sql<string>`settings || ${JSON.stringify(TEST_CALENDAR_SETTINGS)}::text::jsonb` })
    .where("id", "=", cases.agency.id)
    .execute();
  const agencyId = cases.agency.id;
  const quick = await createTemplate(db, agencyId, STANDARD_TEMPLATES[1] ?? SIPAS_TEMPLATE);
  const sipas = await createTemplate(db, agencyId, SIPAS_TEMPLATE);
  const counter = await createCounter(db, agencyId, cases.office.id, { survey_template_id: quick.id });
  const sipasCounter = await createCounter(db, agencyId, cases.office.id, { survey_template_id: sipas.id });
  const procedure = await createProcedure(db, agencyId, cases.office.id, {
    processing_time: 5,
    processing_time_unit: "working_days",
  });
  const returned = await createFile(db, agencyId, cases.office.id, procedure.id, { counter_id: counter.id });
  const open = await createFile(db, agencyId, cases.office.id, procedure.id, {
    counter_id: counter.id,
    status: "in_progress",
    returned_at: null,
    due_at: new Date(Date.now() - 86_400_000),
  });
  const token = await signFileToken(
    { agencyId, fileId: returned.id, expiresAt: new Date(Date.now() + 30 * 86_400_000) },
    testKeys(),
  );
  const filesIds = await addFilesTenancyRows(db, agencyId, open.id);
  const integration = await createIntegrationKey(db, agencyId);
  const submission = await db
    .insertInto("submissions")
    .values({
      agency_id: agencyId,
      idempotency_key: crypto.randomUUID(),
      template_id: quick.id,
      channel: "counter_qr",
      unit_id: cases.office.id,
      counter_id: counter.id,
      overall_score: 1,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  // Cases filed through the real intake, so that the citizen's code and secret work.
  const caseSecrets: Record<string, string> = {};
  const caseCodes: string[] = [];
  const caseIds: string[] = [];
  for (const kind of ["petition", "complaint", "denunciation"] as const) {
    const res = await postIntake(intakeBody(cases, kind));
    if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
    const receipt = IntakeReceiptSchema.parse(await res.json());
    caseSecrets[receipt.code] = receipt.secret;
    caseCodes.push(receipt.code);
    const row = await db
      .selectFrom("cases")
      .where("agency_id", "=", agencyId)
      .where("code", "=", receipt.code)
      .select("id")
      .executeTakeFirstOrThrow();
    caseIds.push(row.id);
  }
  const people = Object.values(cases.people);
  const attachments = await sql<{ id: string }>`SELECT id FROM case_attachments WHERE agency_id = ${agencyId}`
    .execute(db)
    .then((r) => r.rows.map((x) => x.id))
    .catch(() => [] as string[]);

  const ids = [
    agencyId,
    cases.office.id,
    cases.inspectorate.id,
    cases.counter.id,
    counter.id,
    sipasCounter.id,
    procedure.id,
    cases.procedure.id,
    quick.id,
    sipas.id,
    returned.id,
    open.id,
    submission.id,
    integration.id,
    ...filesIds,
    ...caseIds,
    ...attachments,
    ...people.map((p) => p.id),
  ];
  const criteria = STANDARD_TEMPLATES.flatMap((t) => t.elements.flatMap((e) => e.criteria.map((c) => c.code)));
  const elements = STANDARD_TEMPLATES.flatMap((t) => t.elements.map((e) => e.code));
  const known: Known = {
    ids,
    byKey: {
      agencyCode: [cases.agency.code],
      code: [...caseCodes, returned.code, open.code, cases.agency.code],
      publicCode: [counter.public_code, sipasCounter.public_code],
      fileCode: [returned.code, open.code],
      token: [token],
      criterionCode: criteria,
      elementCode: elements,
      procedureCode: [procedure.national_code ?? "1.000001"],
      nationalCode: [procedure.national_code ?? "1.000001"],
      counterCode: [counter.code],
      unitCode: [cases.office.code, cases.inspectorate.code],
      username: people.map((p) => p.username),
      slug: Object.keys(problemCatalogue),
      templateId: [quick.id, sipas.id],
      // Dates written YYYY-MM-DD (schemas check them with a refinement the generator cannot read).
      ...Object.fromEntries(
        ["from", "to", "dueOn", "documentDate", "date", "day", "on"].map((k) => [
          k,
          ["2026-01-01", "2026-06-30", "2026-11-22", "2026-02-29", "2025-12-31"],
        ]),
      ),
      templateVersion: ["1"],
    },
  };

  const config = testConfig();
  const unitIds = [cases.office.id, cases.inspectorate.id];
  return {
    agencyId,
    known,
    integrationKey: integration.key,
    caseSecrets,
    async session(role) {
      const user = await createStaff(db, agencyId, {
        role,
        unitIds: role === "manager" || role === "admin" ? [] : unitIds,
      });
      const s = await createSession(db, config, { id: user.id, agencyId }, { ip: "127.0.0.1", userAgent: "fuzz" });
      return { cookie: `${SESSION_COOKIE}=${s.token}`, csrfToken: s.csrfToken, userId: user.id };
    },
  };
}

export { CASE_SECRET_HEADER };
