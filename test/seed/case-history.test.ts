import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../schema/db/database";
import { migrateToLatest, nodeDb } from "../../scripts/lib/node-db";
import { seedAll } from "../../scripts/seed/all";
import { seedCalendarReference } from "../../scripts/seed/calendar-reference";
import { type CaseHistoryResult, seedCaseHistory } from "../../scripts/seed/case-history";
import { seedCaseRoutingRules } from "../../scripts/seed/case-rules";
import { DEMO_SETTINGS, DEMO_STAFF } from "../../scripts/seed/demo-agency";
import { DEMO_AGENCY_CODE, seedDemo } from "../../scripts/seed/index";
import { verifyAgencyChain } from "../../worker/audit/audit.service";
import { caseStats, listPublishedAnswers } from "../../worker/cases/cases.queries";
import { REDACTION_MARK, redactText } from "../../worker/cases/redaction";
import { addDays, instantOf } from "../../worker/lib/calendar/dates";

/** A fixed "now" (Friday 20/11/2026, 16:00 in Việt Nam), as in seed.test.ts. */
const TODAY = new Date("2026-11-20T16:00:00+07:00");
const FIRST_DAY = "2026-08-23"; // the first of the 90 seeded days
const LAST_DAY = "2026-11-20";

const adminUrl = inject("seedAdminUrl");
const opened: Array<{ name: string; db: Kysely<Database> }> = [];

async function freshDatabase(label: string): Promise<Kysely<Database>> {
  const name = `seed_${label}_${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
  const admin = nodeDb(adminUrl);
  try {
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  const db = nodeDb(adminUrl.replace(/\/postgres$/, `/${name}`));
  await migrateToLatest(db);
  opened.push({ name, db });
  return db;
}

const HISTORY_TABLES = [
  "case_workflow",
  "case_deadlines",
  "case_events",
  "case_assignments",
  "case_answers",
  "case_answer_ratings",
  "case_notifications",
  "audit_log",
] as const;

async function counts(db: Kysely<Database>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of HISTORY_TABLES) {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(db);
    out[t] = Number(rows[0]!.n);
  }
  return out;
}

/** Everything the history wrote, in a comparable form (ids of generated rows left out). */
async function fingerprint(db: Kysely<Database>) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT c.code, c.status, c.due_at, c.closed_at, c.updated_at, w.routed_by, w.accepted_at, w.overdue_at,
      (SELECT json_agg(json_build_object('step', d.step, 'due', d.due_on, 'at', d.created_at, 'closed', d.closed_at,
              'late', d.late) ORDER BY d.created_at) FROM case_deadlines d WHERE d.case_id = c.id) AS deadlines,
      (SELECT json_agg(json_build_object('action', e.action, 'at', e.at, 'actor', e.actor_label, 'notice', e.notice,
              'details', e.details) ORDER BY e.id) FROM case_events e WHERE e.case_id = c.id) AS events,
      a.body, a.document_number, a.document_date::text, a.answered_at, a.published_body, a.published_at,
      r.satisfied, r.comment, r.rated_at
    FROM cases c
    LEFT JOIN case_workflow w ON w.case_id = c.id
    LEFT JOIN case_answers a ON a.case_id = c.id
    LEFT JOIN case_answer_ratings r ON r.case_id = c.id
    ORDER BY c.code`.execute(db);
  return rows;
}

/** The QĐ 766 PAKN figures as the cases module computes them (cases.service.ts `caseStats`). */
async function paknFigures(db: Kysely<Database>, agencyId: string, from: string, to: string) {
  const rows = await caseStats(
    db,
    agencyId,
    instantOf({ date: from, minutes: 0 }),
    instantOf({ date: addDays(to, 1), minutes: 0 }),
  );
  const pakn = rows.find((r) => r.kind === "petition");
  const answered = Number(pakn?.answered ?? 0);
  const pct = (part: number) => (answered > 0 ? Math.round((part / answered) * 10000) / 100 : null);
  return {
    received: Number(pakn?.received ?? 0),
    answered,
    rated: Number(pakn?.rated ?? 0),
    unsatisfied: Number(pakn?.unsatisfied ?? 0),
    onTime: pct(Number(pakn?.answered_on_time ?? 0)),
    satisfaction: pct(answered - Number(pakn?.unsatisfied_or_late ?? 0)),
    byKind: rows.map((r) => ({ kind: r.kind, answered: Number(r.answered), onTime: Number(r.answered_on_time) })),
  };
}

describe("the demo cases' history", () => {
  let db: Kysely<Database>;
  let agencyId: string;
  let first: CaseHistoryResult;

  beforeAll(async () => {
    db = await freshDatabase("history");
    await seedCalendarReference(db);
    const demo = await seedDemo(db, { today: TODAY });
    agencyId = demo.agency.id;
    await seedCaseRoutingRules(db);
    first = await seedCaseHistory(db, DEMO_AGENCY_CODE, { now: TODAY });
    console.log(`case history: ${JSON.stringify(first)}`);
  });

  afterAll(async () => {
    for (const { db } of opened) await db.destroy();
    const admin = nodeDb(adminUrl);
    try {
      for (const { name } of opened) await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin);
    } finally {
      await admin.destroy();
    }
  });

  it("gives the dashboard PAKN figures: answered petitions, mostly on time, a satisfaction rate", async () => {
    const figures = await paknFigures(db, agencyId, FIRST_DAY, LAST_DAY);
    console.log(`PAKN figures ${FIRST_DAY}–${LAST_DAY}: ${JSON.stringify(figures)}`);
    expect(figures.answered).toBeGreaterThan(10);
    expect(figures.onTime).not.toBeNull();
    expect(figures.onTime!).toBeGreaterThanOrEqual(80);
    expect(figures.onTime!).toBeLessThan(100);
    expect(figures.satisfaction).not.toBeNull();
    expect(figures.satisfaction!).toBeGreaterThan(60);
    expect(figures.satisfaction!).toBeLessThan(figures.onTime!);
    expect(figures.rated).toBeGreaterThan(0);
    expect(figures.unsatisfied).toBeGreaterThanOrEqual(1);
    expect(figures.unsatisfied).toBeLessThanOrEqual(2);
    // The closed complaint and denunciation were decided within their deadlines.
    const others = figures.byKind.filter((k) => k.kind !== "petition");
    expect(others.map((k) => k.answered)).toEqual([1, 1]);
    expect(others.every((k) => k.onTime === k.answered)).toBe(true);
  });

  it("answers every answered, published or closed case, and publishes petitions only", async () => {
    const { rows } = await sql<{ kind: string; status: string; answered: boolean; published: boolean }>`
      SELECT c.kind, c.status, a.id IS NOT NULL AS answered, a.published_at IS NOT NULL AS published
      FROM cases c LEFT JOIN case_answers a ON a.case_id = c.id WHERE c.agency_id = ${agencyId}`.execute(db);
    for (const r of rows) {
      expect(r.answered, `${r.kind} ${r.status}`).toBe(["answered", "published", "closed"].includes(r.status));
      expect(r.published, `${r.kind} ${r.status}`).toBe(
        r.kind === "petition" && (r.status === "published" || r.status === "closed"),
      );
    }
    const published = await listPublishedAnswers(db, agencyId, undefined, 100);
    expect(published.length).toBeGreaterThan(10);
    const numbers = await db.selectFrom("case_answers").select(["document_number", "document_date"]).execute();
    for (const n of numbers) {
      expect(n.document_number).toMatch(/^\d+\/(SKHCN-(VP|QLCN|QLKH|TĐC|TTr)|QĐ-SKHCN|TB-SKHCN)$/);
      expect(n.document_date).not.toBeNull();
    }
  });

  it("publishes no identity: no name, contact or personal number in any published question or answer", async () => {
    const rows = await db
      .selectFrom("case_answers")
      .where("published_at", "is not", null)
      .select(["published_question", "published_body"])
      .execute();
    const names = [...DEMO_STAFF.map((s) => s.fullName), ...DEMO_SETTINGS.leaders.map((l) => l.name)];
    for (const r of rows) {
      for (const text of [r.published_question ?? "", r.published_body ?? ""]) {
        expect(text.length).toBeGreaterThan(50);
        expect(redactText(text).count).toBe(0);
        expect(text).not.toContain(REDACTION_MARK);
        for (const name of names) expect(text).not.toContain(name);
      }
    }
    expect(await db.selectFrom("case_identities").select("case_id").execute()).toEqual([]);
  });

  it("keeps each case's deadlines, status and due date as the workflow leaves them", async () => {
    const { rows } = await sql<{
      code: string;
      status: string;
      due_at: Date | null;
      closed_at: Date | null;
      open_due: Date | null;
      open_count: number;
      workflow: boolean;
    }>`
      SELECT c.code, c.status, c.due_at, c.closed_at,
             (SELECT d.due_at FROM case_deadlines d WHERE d.case_id = c.id AND d.closed_at IS NULL) AS open_due,
             (SELECT count(*)::int FROM case_deadlines d WHERE d.case_id = c.id AND d.closed_at IS NULL) AS open_count,
             EXISTS (SELECT 1 FROM case_workflow w WHERE w.case_id = c.id) AS workflow
      FROM cases c WHERE c.agency_id = ${agencyId}`.execute(db);
    expect(rows.length).toBe(first.cases);
    for (const r of rows) {
      expect(r.workflow, r.code).toBe(true);
      const final = ["rejected", "forwarded", "closed", "published"].includes(r.status);
      expect(r.open_count, `${r.code} ${r.status}`).toBe(final ? 0 : 1);
      expect(r.due_at?.getTime() ?? null, r.code).toBe(r.open_due?.getTime() ?? null);
      expect(r.closed_at !== null, `${r.code} ${r.status}`).toBe(
        ["rejected", "forwarded", "closed"].includes(r.status),
      );
    }
    // The seed's deadline story holds on the workflow's deadlines: complaints due within three
    // days, one overdue (and marked so by the scheduled job).
    const { rows: complaints } = await sql<{ due_at: Date; overdue_at: Date | null }>`
      SELECT c.due_at, w.overdue_at FROM cases c JOIN case_workflow w ON w.case_id = c.id
      WHERE c.kind = 'complaint' AND c.status IN ('received', 'accepted', 'assigned', 'in_progress')`.execute(db);
    const soon = complaints.filter((c) => c.due_at > TODAY && c.due_at.getTime() - TODAY.getTime() <= 3 * 86_400_000);
    const overdue = complaints.filter((c) => c.due_at <= TODAY);
    expect(soon.length).toBeGreaterThanOrEqual(2);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.overdue_at).not.toBeNull();
    // Nothing happens after "now"; a timeline reads in time order.
    const { rows: after } = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM case_events WHERE at > ${TODAY})
           + (SELECT count(*) FROM case_answers WHERE answered_at > ${TODAY} OR published_at > ${TODAY})
           + (SELECT count(*) FROM case_answer_ratings WHERE rated_at > ${TODAY})
           + (SELECT count(*) FROM case_deadlines WHERE created_at > ${TODAY} OR closed_at > ${TODAY}) AS n`.execute(
      db,
    );
    expect(Number(after[0]!.n)).toBe(0);
    const { rows: disorder } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT at < lag(at) OVER (PARTITION BY case_id ORDER BY id) AS back FROM case_events) e WHERE back`.execute(db);
    expect(disorder[0]!.n).toBe(0);
  });

  it("assigns cases only to staff the workflow would accept: the unit's inspectors or a manager", async () => {
    const { rows } = await sql<{ role: string; of_unit: boolean }>`
      SELECT s.role, EXISTS (SELECT 1 FROM staff_user_units su
                             WHERE su.staff_user_id = s.id AND su.unit_id = c.handling_unit_id) AS of_unit
      FROM case_assignments a JOIN staff_users s ON s.id = a.staff_user_id JOIN cases c ON c.id = a.case_id`.execute(
      db,
    );
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows)
      expect(r.role === "manager" || r.role === "admin" || (r.role === "inspector" && r.of_unit)).toBe(true);
    expect(rows.some((r) => r.role === "inspector")).toBe(true);
  });

  it("writes the same history for the same seed and day", async () => {
    const other = await freshDatabase("again");
    await seedCalendarReference(other);
    await seedDemo(other, { today: TODAY });
    await seedCaseRoutingRules(other);
    expect(await seedCaseHistory(other, DEMO_AGENCY_CODE, { now: TODAY })).toEqual(first);
    expect(await fingerprint(other)).toEqual(await fingerprint(db));
  });

  it("writes nothing on a second run", async () => {
    const before = await counts(db);
    const again = await seedCaseHistory(db, DEMO_AGENCY_CODE, { now: TODAY });
    expect(again).toEqual({ cases: 0, events: 0, deadlines: 0, answers: 0, published: 0, ratings: 0 });
    expect(await counts(db)).toEqual(before);
    expect(before.audit_log).toBe(0);
    expect(before.case_notifications).toBe(0);
  });

  it("is part of what npm start seeds, leaves the audit chain valid, and is idempotent there too", async () => {
    const fresh = await freshDatabase("all");
    const result = await seedAll(fresh);
    expect(result.created).toBe(true);
    const agency = await fresh
      .selectFrom("agencies")
      .where("code", "=", DEMO_AGENCY_CODE)
      .select("id")
      .executeTakeFirstOrThrow();
    const before = await counts(fresh);
    expect(before.case_answers).toBeGreaterThan(0);
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const figures = await paknFigures(fresh, agency.id, addDays(today, -89), today);
    console.log(`PAKN figures with today's clock: ${JSON.stringify(figures)}`);
    expect(figures.onTime).not.toBeNull();
    expect(figures.satisfaction).not.toBeNull();
    for (const a of await fresh.selectFrom("agencies").select("id").execute()) {
      expect((await verifyAgencyChain(fresh, a.id)).ok).toBe(true);
    }
    await seedAll(fresh);
    const after = await counts(fresh);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });
});
