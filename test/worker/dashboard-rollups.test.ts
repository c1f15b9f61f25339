/**
 * The rollups the dashboard reads are derived data: after any mix of writes (bulk and single
 * inserts, flagging and unflagging, changed answers, a rating moved to another unit, deletes)
 * they must equal a recomputation from submissions and answers, and a rebuild must give the
 * same rows. The recomputation here is written independently of the migration's trigger code.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { rebuildRollups } from "../../worker/dashboard/rollups";
import type { Db } from "../../worker/db";
import {
  createDashboardWorld,
  type DashboardWorld,
  insertRatings,
  localAt,
  type RatingSpec,
} from "./support/dashboard-factories";
import { API, quickBody } from "./support/ratings-factories";
import { testDb } from "./support/worker-env";

type Row = Record<string, string | number | boolean | null>;

const LEVELS = sql.raw(`
  count(*) FILTER (WHERE score = 1)::int AS n1, count(*) FILTER (WHERE score = 2)::int AS n2,
  count(*) FILTER (WHERE score = 3)::int AS n3, count(*) FILTER (WHERE score = 4)::int AS n4,
  count(*) FILTER (WHERE score = 5)::int AS n5`);

/** Straight from the truth: valid (not flagged) submissions, their answers and element scores. */
async function recomputed(db: Db, agencyId: string) {
  const daily = await sql<Row>`
    SELECT to_char((s.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD') AS day, s.unit_id,
           s.counter_id, s.procedure_id, s.template_id, s.file_id IS NOT NULL AS has_file, ${LEVELS}
    FROM (SELECT *, overall_score AS score FROM submissions) s
    WHERE s.agency_id = ${agencyId} AND NOT s.flagged AND s.overall_score IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
  const items = await sql<Row>`
    SELECT day, unit_id, template_id, has_file, item, item_id, ${LEVELS}
    FROM (
      SELECT to_char((s.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD') AS day, s.unit_id,
             s.template_id, s.file_id IS NOT NULL AS has_file, 'criterion' AS item, a.criterion_id AS item_id, a.score
      FROM answers a JOIN submissions s ON s.id = a.submission_id
      WHERE s.agency_id = ${agencyId} AND NOT s.flagged
      UNION ALL
      SELECT to_char((s.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD'), s.unit_id, s.template_id,
             s.file_id IS NOT NULL, 'element', e.element_id, e.score
      FROM submission_element_scores e JOIN submissions s ON s.id = e.submission_id
      WHERE s.agency_id = ${agencyId} AND NOT s.flagged
    ) x
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
  const hourly = await sql<Row>`
    SELECT to_char((s.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD') AS day,
           extract(hour FROM s.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS hour, s.unit_id, s.template_id,
           ${LEVELS}
    FROM (SELECT *, overall_score AS score FROM submissions) s
    WHERE s.agency_id = ${agencyId} AND NOT s.flagged AND s.overall_score IS NOT NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`.execute(db);
  return { daily: daily.rows, items: items.rows, hourly: hourly.rows };
}

/** What the rollup tables hold (rows emptied by removals are left out). */
async function rolledUp(db: Db, agencyId: string) {
  const daily = await sql<Row>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, unit_id, counter_id, procedure_id, template_id, has_file, n1, n2, n3, n4, n5
    FROM rating_daily WHERE agency_id = ${agencyId} AND n > 0 ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
  const items = await sql<Row>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, unit_id, template_id, has_file, item, item_id, n1, n2, n3, n4, n5
    FROM rating_item_daily WHERE agency_id = ${agencyId} AND n > 0 ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
  const hourly = await sql<Row>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, hour::int AS hour, unit_id, template_id, n1, n2, n3, n4, n5
    FROM rating_hourly WHERE agency_id = ${agencyId} AND n > 0 ORDER BY 1, 2, 3, 4`.execute(db);
  return { daily: daily.rows, items: items.rows, hourly: hourly.rows };
}

const DAYS = ["2026-10-30", "2026-10-31", "2026-11-01"];

const specArb = fc.record({
  template: fc.constantFrom("quick" as const, "sipas" as const),
  unit: fc.constantFrom("desk" as const, "branch" as const),
  score: fc.integer({ min: 1, max: 5 }),
  criteria: fc.integer({ min: 1, max: 5 }),
  day: fc.constantFrom(...DAYS),
  // 23 and 0 sit on either side of local midnight: UTC days differ from local days there.
  hour: fc.constantFrom(0, 7, 9, 14, 23),
  withFile: fc.boolean(),
  withCounter: fc.boolean(),
  flagged: fc.boolean(),
  elements: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  overallMissing: fc.boolean(),
});

type Arb<A> = A extends fc.Arbitrary<infer T> ? T : never;

function toSpec(s: Arb<typeof specArb>): RatingSpec {
  const max = s.template === "quick" ? 3 : 5;
  return {
    template: s.template,
    unit: s.unit,
    overall: s.overallMissing ? null : Math.min(s.score, max),
    criteria: Math.min(s.criteria, max),
    elements: s.template === "sipas" && s.elements !== undefined ? s.elements : undefined,
    at: localAt(s.day, s.hour, 30),
    withFile: s.withFile,
    withCounter: s.withCounter,
    flagged: s.flagged,
  };
}

const opArb = fc.oneof(
  fc.record({ kind: fc.constant("bulk" as const), specs: fc.array(specArb, { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("single" as const), spec: specArb }),
  fc.record({ kind: fc.constant("toggleFlag" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("changeAnswer" as const), pick: fc.nat(), score: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("moveUnit" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("deleteAnswers" as const), pick: fc.nat() }),
);

async function apply(db: Db, w: DashboardWorld, ids: string[], op: Arb<typeof opArb>): Promise<void> {
  const picked = ids.length > 0 ? ids[("pick" in op ? op.pick : 0) % ids.length] : undefined;
  switch (op.kind) {
    case "bulk":
      ids.push(...(await insertRatings(db, w, op.specs.map(toSpec))));
      return;
    case "single":
      ids.push(...(await insertRatings(db, w, [toSpec(op.spec)])));
      return;
    case "toggleFlag":
      if (!picked) return;
      await sql`UPDATE submissions SET flagged = NOT flagged,
                  flag_reason = CASE WHEN flagged THEN NULL ELSE 'manual' END WHERE id = ${picked}`.execute(db);
      return;
    case "changeAnswer":
      if (!picked) return;
      await sql`UPDATE answers SET score = ${op.score} WHERE submission_id = ${picked}`.execute(db);
      return;
    case "moveUnit":
      if (!picked) return;
      await sql`UPDATE submissions SET unit_id = CASE WHEN unit_id = ${w.desk.id}::uuid THEN ${w.branch.id}::uuid
                  ELSE ${w.desk.id}::uuid END WHERE id = ${picked}`.execute(db);
      return;
    case "delete":
      if (!picked) return;
      await sql`DELETE FROM submissions WHERE id = ${picked}`.execute(db);
      ids.splice(ids.indexOf(picked), 1);
      return;
    case "deleteAnswers":
      if (!picked) return;
      await sql`DELETE FROM answers WHERE submission_id = ${picked}`.execute(db);
      return;
  }
}

describe("rating rollups", () => {
  it("equal a direct recomputation after random inserts, flags, edits, moves and deletes, and after a rebuild", async () => {
    const db = testDb();
    let nonEmpty = 0;
    const firstBulk = fc.record({
      kind: fc.constant("bulk" as const),
      specs: fc.array(specArb, { minLength: 3, maxLength: 10 }),
    });
    await fc.assert(
      fc.asyncProperty(firstBulk, fc.array(opArb, { minLength: 2, maxLength: 12 }), async (first, ops) => {
        const w = await createDashboardWorld(db);
        const ids: string[] = [];
        for (const op of [first, ...ops]) await apply(db, w, ids, op);
        const truth = await recomputed(db, w.agency.id);
        if (truth.daily.length > 0 && truth.items.length > 0) nonEmpty++;
        expect(await rolledUp(db, w.agency.id)).toEqual(truth);

        await rebuildRollups(db, w.agency.id);
        expect(await rolledUp(db, w.agency.id)).toEqual(truth);
      }),
      { numRuns: 10 },
    );
    expect(nonEmpty).toBeGreaterThan(5);
  });

  it("count a rating sent through the rating API, and take it out when it is flagged", async () => {
    const db = testDb();
    const { createRatingWorld } = await import("./support/ratings-factories");
    const world = await createRatingWorld(db);
    const res = await (await import("cloudflare:workers")).exports.default.fetch(`${API}/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "10.9.8.7" },
      body: JSON.stringify(quickBody(world)),
    });
    expect(res.status).toBe(201);
    const totals = () =>
      db
        .selectFrom("rating_daily")
        .where("agency_id", "=", world.agency.id)
        .select((eb) => [eb.fn.sum<string>("n").as("n"), eb.fn.sum<string>("satisfied").as("satisfied")])
        .executeTakeFirstOrThrow();
    expect(await totals()).toEqual({ n: "1", satisfied: "1" });
    const criteria = await db
      .selectFrom("rating_item_daily")
      .where("agency_id", "=", world.agency.id)
      .select((eb) => eb.fn.sum<string>("n").as("n"))
      .executeTakeFirstOrThrow();
    expect(criteria.n).toBe("8"); // the quick form's 8 criteria

    await db
      .updateTable("submissions")
      .set({ flagged: true, flag_reason: "manual review" })
      .where("agency_id", "=", world.agency.id)
      .execute();
    expect(await totals()).toEqual({ n: "0", satisfied: "0" });
  });

  it("rebuilds only the days asked for and leaves the others as they are", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    await insertRatings(db, w, [
      { template: "quick", overall: 3, at: localAt("2026-10-01") },
      { template: "quick", overall: 1, at: localAt("2026-10-02") },
    ]);
    // Corrupt both days, then rebuild one.
    await sql`UPDATE rating_daily SET n3 = n3 + 5, n1 = n1 + 5 WHERE agency_id = ${w.agency.id}`.execute(db);
    const days = await rebuildRollups(db, w.agency.id, { from: "2026-10-02", to: "2026-10-02" });
    expect(days).toBe(1);
    const rows = await sql<{ day: string; n: number }>`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, n FROM rating_daily WHERE agency_id = ${w.agency.id} ORDER BY day`.execute(
      db,
    );
    expect(rows.rows).toEqual([
      { day: "2026-10-01", n: 11 },
      { day: "2026-10-02", n: 1 },
    ]);
  });
});
