/**
 * The dashboard's reads that must not grow with the number of ratings: the follow-up queue is
 * paged by (created_at, id) with an opaque cursor, and the summary counts the follow-ups not
 * yet closed (open and in progress).
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { DashboardSummarySchema, type FollowUpItem, FollowUpListSchema } from "../../schema/api/dashboard";
import { ProblemSchema } from "../../schema/api/problem";
import { createStaff, type StaffClient, signInAs } from "./support/accounts-factories";
import { createDashboardWorld, type DashboardWorld, insertRatings, localAt } from "./support/dashboard-factories";
import { testDb } from "./support/worker-env";

type Status = "open" | "in_progress" | "closed";

/** Low ratings with follow-ups of the given statuses, created at the given instants (text, microseconds kept). */
async function followUpsAt(w: DashboardWorld, rows: Array<{ at: string; status: Status }>): Promise<string[]> {
  const db = testDb();
  const ids = await insertRatings(
    db,
    w,
    rows.map(() => ({ template: "quick" as const, overall: 1, at: localAt("2026-11-02", 10) })),
  );
  const out: string[] = [];
  for (const [i, row] of rows.entries()) {
    const { rows: inserted } = await sql<{ id: string }>`
      INSERT INTO rating_follow_ups (agency_id, unit_id, submission_id, status, created_at)
      VALUES (${w.agency.id}, ${w.desk.id}, ${ids[i]}, ${row.status}, ${row.at}::timestamptz)
      RETURNING id`.execute(db);
    out.push(inserted[0]!.id);
  }
  return out;
}

async function pages(client: StaffClient, query: string): Promise<FollowUpItem[][]> {
  const out: FollowUpItem[][] = [];
  let cursor: string | null = null;
  do {
    const res = await client.get(
      `/api/staff/dashboard/follow-ups?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const page = FollowUpListSchema.parse(await res.json());
    out.push(page.items);
    cursor = page.nextCursor;
    if (out.length > 10) throw new Error("the cursor never ends");
  } while (cursor);
  return out;
}

describe("the follow-up queue at scale", () => {
  it("pages newest first without losing or repeating a follow-up, even when several share an instant", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    // Two pairs share an instant to the microsecond; two differ only below the millisecond.
    const ids = await followUpsAt(w, [
      { at: "2026-11-02 03:00:00.000001+00", status: "open" },
      { at: "2026-11-02 03:00:00.000001+00", status: "open" },
      { at: "2026-11-02 03:00:00.000002+00", status: "in_progress" },
      { at: "2026-11-02 04:00:00+00", status: "open" },
      { at: "2026-11-02 04:00:00+00", status: "open" },
      { at: "2026-11-02 05:00:00+00", status: "closed" },
      { at: "2026-11-01 05:00:00+00", status: "open" },
    ]);
    const client = await signInAs(await createStaff(db, w.agency.id, { role: "manager" }));

    const open = await pages(client, "status=open&limit=2");
    expect(open.map((p) => p.length)).toEqual([2, 2, 1]);
    const seen = open.flat().map((i) => i.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set([ids[0], ids[1], ids[3], ids[4], ids[6]]));
    // Newest first; ties in order of id, descending.
    expect(seen.slice(0, 2)).toEqual([ids[3], ids[4]].sort().reverse());
    expect(seen.slice(2, 4)).toEqual([ids[0], ids[1]].sort().reverse());
    expect(seen[4]).toBe(ids[6]);

    const all = (await pages(client, "status=all&limit=3")).flat().map((i) => i.id);
    expect(all).toHaveLength(7);
    expect(new Set(all).size).toBe(7);
    expect(all[0]).toBe(ids[5]);

    // One page when it all fits; no cursor then.
    const whole = FollowUpListSchema.parse(await (await client.get("/api/staff/dashboard/follow-ups")).json());
    expect(whole.items.map((i) => i.id)).toEqual(seen);
    expect(whole.nextCursor).toBeNull();

    // The summary counts what is not yet closed: open and in progress.
    const summary = DashboardSummarySchema.parse(
      await (await client.get("/api/staff/dashboard/summary?from=2026-11-01&to=2026-11-30&granularity=week")).json(),
    );
    expect(summary.followUps.open).toBe(6);
  });

  it("refuses a cursor it did not make, and a page size out of range", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    const client = await signInAs(await createStaff(db, w.agency.id, { role: "manager" }));
    for (const query of [
      "cursor=not-a-cursor",
      `cursor=${btoa("2026-11-02; DROP TABLE x|1")}`,
      "limit=0",
      "limit=201",
    ]) {
      const res = await client.get(`/api/staff/dashboard/follow-ups?${query}`);
      expect(res.status, query).toBe(422);
      const problem = ProblemSchema.parse(await res.json());
      expect(problem.type).toContain("validation");
      expect(problem.errors?.[0]?.path).toBe(query.startsWith("cursor") ? "cursor" : "limit");
    }
  });
});
