/**
 * The one-statement rating write (rating_submit, migration 0008) and the per-isolate caches in
 * front of it: the rollups it adds itself equal a recomputation from the stored rows, and what
 * the worker cached about a counter or a survey is never trusted past a change.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { ProblemSchema } from "../../schema/api/problem";
import { CURRENT_CONTACT_CONSENT, SubmissionReceiptSchema, SubmissionRequestSchema } from "../../schema/api/ratings";
import { QUICK_COUNTER_TEMPLATE, SIPAS_TEMPLATE } from "../../schema/surveys/standard-templates";
import type { Db } from "../../worker/db";
import type { Config } from "../../worker/env";
import { type RatingDeps, submitRating } from "../../worker/ratings/ratings.service";
import { createUnit } from "./support/factories";
import {
  answersFor,
  createRatingWorld,
  deviceHeaders,
  fileToken,
  post,
  quickBody,
  sipasBody,
  testConfig,
} from "./support/ratings-factories";
import { testDb } from "./support/worker-env";

type Row = Record<string, unknown>;

const LEVELS = sql.raw(`
  count(*) FILTER (WHERE score = 1)::int AS n1, count(*) FILTER (WHERE score = 2)::int AS n2,
  count(*) FILTER (WHERE score = 3)::int AS n3, count(*) FILTER (WHERE score = 4)::int AS n4,
  count(*) FILTER (WHERE score = 5)::int AS n5`);

/** The rollups recomputed from valid submissions, their answers and element scores. */
async function recomputed(db: Db, agencyId: string) {
  const local = sql.raw("(s.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')");
  const daily = await sql<Row>`
    SELECT ${local}::date::text AS day, s.unit_id, s.counter_id, s.procedure_id, s.template_id,
           s.file_id IS NOT NULL AS has_file, ${LEVELS}
    FROM (SELECT *, overall_score AS score FROM submissions) s
    WHERE s.agency_id = ${agencyId} AND NOT s.flagged AND s.overall_score IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
  const hourly = await sql<Row>`
    SELECT ${local}::date::text AS day, extract(hour FROM ${local})::int AS hour, s.unit_id, s.template_id, ${LEVELS}
    FROM (SELECT *, overall_score AS score FROM submissions) s
    WHERE s.agency_id = ${agencyId} AND NOT s.flagged AND s.overall_score IS NOT NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`.execute(db);
  const items = await sql<Row>`
    SELECT day, unit_id, template_id, has_file, item, item_id, ${LEVELS}
    FROM (
      SELECT ${local}::date::text AS day, s.unit_id, s.template_id, s.file_id IS NOT NULL AS has_file,
             'criterion' AS item, a.criterion_id AS item_id, a.score
      FROM answers a JOIN submissions s ON s.id = a.submission_id
      WHERE s.agency_id = ${agencyId} AND NOT s.flagged
      UNION ALL
      SELECT ${local}::date::text, s.unit_id, s.template_id, s.file_id IS NOT NULL, 'element', e.element_id, e.score
      FROM submission_element_scores e JOIN submissions s ON s.id = e.submission_id
      WHERE s.agency_id = ${agencyId} AND NOT s.flagged
    ) x
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
  return { daily: daily.rows, hourly: hourly.rows, items: items.rows };
}

/** What the rollup tables hold (rows emptied by removals left out). */
async function rolledUp(db: Db, agencyId: string) {
  const daily = await sql<Row>`
    SELECT day::text AS day, unit_id, counter_id, procedure_id, template_id, has_file, n1, n2, n3, n4, n5
    FROM rating_daily WHERE agency_id = ${agencyId} AND n > 0 ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
  const hourly = await sql<Row>`
    SELECT day::text AS day, hour::int AS hour, unit_id, template_id, n1, n2, n3, n4, n5
    FROM rating_hourly WHERE agency_id = ${agencyId} AND n > 0 ORDER BY 1, 2, 3, 4`.execute(db);
  const items = await sql<Row>`
    SELECT day::text AS day, unit_id, template_id, has_file, item, item_id, n1, n2, n3, n4, n5
    FROM rating_item_daily WHERE agency_id = ${agencyId} AND n > 0 ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
  return { daily: daily.rows, hourly: hourly.rows, items: items.rows };
}

function deps(over: Partial<Config> = {}, client = { ip: "198.51.100.40", userAgent: "write test" }): RatingDeps {
  return { config: { ...testConfig(), ...over }, now: new Date(), client, turnstile: null };
}

function submit(db: Db, body: unknown, d: RatingDeps) {
  return submitRating(db, SubmissionRequestSchema.parse(body), d);
}

describe("the one-statement rating write", () => {
  it("adds every kind of rating to the rollups exactly as a recomputation from the stored rows gives them", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const other = { ip: "198.51.100.41", userAgent: "another device" };
    // Quick form at the counter, satisfied and not.
    await submit(db, quickBody(world), deps());
    await submit(db, quickBody(world, { answers: answersFor(QUICK_COUNTER_TEMPLATE, 1), reason: "Chờ lâu." }), deps());
    // SIPAS with element scores, a low answer (follow-up with a consented contact) and expectations.
    await submit(
      db,
      sipasBody(world, {
        answers: answersFor(SIPAS_TEMPLATE, 4).map((a) => (a.criterionCode === "e2c1" ? { ...a, score: 2 } : a)),
        elementScores: [
          { elementCode: "e1", score: 5 },
          { elementCode: "e4", score: 3 },
        ],
        overall: 4,
        expectations: ["online"],
        contact: { text: "0912 000 111", consent: true, consentVersion: CURRENT_CONTACT_CONSENT },
      }),
      deps({}, other),
    );
    // A file through its receipt's QR (has_file, procedure, the file's counter).
    await submit(
      db,
      quickBody(world, { source: { kind: "file_token", token: await fileToken(world.file) } }),
      deps({}, other),
    );
    // Flagged ones count nowhere: the honeypot, and a device over its limit (stored, flagged).
    await submit(db, quickBody(world, { website: "http://spam.example" }), deps({}, other));
    const limited = deps({ RATING_DEVICE_LIMIT: 1 }, { ip: "198.51.100.42", userAgent: "busy device" });
    await submit(db, quickBody(world), limited);
    await submit(db, quickBody(world), limited);
    // A retry counts once.
    const again = quickBody(world);
    await submit(db, again, deps());
    expect((await submit(db, again, deps())).replayed).toBe(true);

    const stored = await db
      .selectFrom("submissions")
      .select(["flagged", "flag_reason"])
      .where("agency_id", "=", world.agency.id)
      .execute();
    expect(stored).toHaveLength(8);
    expect(stored.filter((s) => s.flagged).map((s) => s.flag_reason)).toEqual(
      expect.arrayContaining(["honeypot", "rate_limit_device"]),
    );
    const followUps = await db.selectFrom("rating_follow_ups").where("agency_id", "=", world.agency.id).execute();
    expect(followUps).toHaveLength(2);

    const expected = await recomputed(db, world.agency.id);
    expect(expected.items.length).toBeGreaterThan(20);
    expect(await rolledUp(db, world.agency.id)).toEqual(expected);

    // Flagging afterwards (an inspector) still goes through the triggers of migration 0007.
    await db
      .updateTable("submissions")
      .set({ flagged: true, flag_reason: "manual" })
      .where("agency_id", "=", world.agency.id)
      .where("flagged", "=", false)
      .where("file_id", "is not", null)
      .execute();
    expect(await rolledUp(db, world.agency.id)).toEqual(await recomputed(db, world.agency.id));
  });

  it("stores a reason with quotes, backslashes, dollar signs and a broken character as typed, and refuses a NUL with 422", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const reason = "Cán bộ nói: 'chờ đấy' \\ \\' $1 $$ E'x' \u{1F600} \ud800 hết.";
    const body = quickBody(world, { answers: answersFor(QUICK_COUNTER_TEMPLATE, 1), reason });
    const res = await post("/submissions", body);
    expect(res.status).toBe(201);
    const row = await db
      .selectFrom("submissions")
      .select("reason")
      .where("idempotency_key", "=", body.idempotencyKey)
      .executeTakeFirstOrThrow();
    expect(row.reason).toBe(reason.replace("\ud800", "\uFFFD"));

    const nul = await post("/submissions", { ...quickBody(world), reason: "a\u0000b" });
    expect(nul.status).toBe(422);
    expect(ProblemSchema.parse(await nul.json()).type).toBe("/api/problems/validation");
  });

  it("sees at once a cached counter moved to another unit", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    expect((await post("/submissions", quickBody(world))).status).toBe(201);
    const branch = await createUnit(db, world.agency.id, { name: "Chi nhánh" });
    await db.updateTable("counters").set({ unit_id: branch.id }).where("id", "=", world.counter.id).execute();

    const res = await post("/submissions", quickBody(world));
    expect(res.status).toBe(201);
    const { id } = SubmissionReceiptSchema.parse(await res.json());
    const row = await db.selectFrom("submissions").select("unit_id").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.unit_id).toBe(branch.id);
  });

  it("accepts at once the survey a cached counter was switched to, and refuses the old one", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    expect((await post("/submissions", quickBody(world))).status).toBe(201);
    await db
      .updateTable("counters")
      .set({ survey_template_id: world.sipas.id })
      .where("id", "=", world.counter.id)
      .execute();

    const source = { kind: "counter" as const, publicCode: world.counter.public_code };
    expect((await post("/submissions", sipasBody(world, { source }))).status).toBe(201);
    const old = await post("/submissions", quickBody(world));
    expect(old.status).toBe(422);
    expect(ProblemSchema.parse(await old.json()).errors?.[0]?.path).toBe("templateId");
  });

  it("refuses at once a rating from a cached counter that was deactivated, and stores nothing", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    expect((await post("/submissions", quickBody(world))).status).toBe(201);
    await db.updateTable("counters").set({ active: false }).where("id", "=", world.counter.id).execute();

    const body = quickBody(world);
    const res = await post("/submissions", body, deviceHeaders());
    expect(res.status).toBe(404);
    expect(ProblemSchema.parse(await res.json()).type).toBe("/api/problems/not-found");
    const rows = await db.selectFrom("submissions").where("idempotency_key", "=", body.idempotencyKey).execute();
    expect(rows).toHaveLength(0);
  });

  it("asks to reload a cached survey version that was withdrawn from publication", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    expect((await post("/submissions", quickBody(world))).status).toBe(201);
    await db.updateTable("survey_templates").set({ published_at: null }).where("id", "=", world.quick.id).execute();

    const res = await post("/submissions", quickBody(world));
    expect(res.status).toBe(422);
    expect(ProblemSchema.parse(await res.json()).errors?.[0]?.path).toBe("templateId");
  });
});
