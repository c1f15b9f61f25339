import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../schema/db/database";
import { scales } from "../../schema/surveys/scales";
import {
  FIVE_LEVEL_SCALE,
  QUICK_COUNTER_TEMPLATE,
  SIPAS_TEMPLATE,
  THREE_LEVEL_SCALE,
} from "../../schema/surveys/standard-templates";
import { migrateToLatest, nodeDb } from "../../scripts/lib/node-db";
import { SEED_HOLIDAYS } from "../../scripts/seed/calendar";
import { DEMO_AGENCY_CODE, type DemoSummary, seedDemo } from "../../scripts/seed/index";

/** A fixed "now" (Friday 20/11/2026, 16:00 in Việt Nam) so that every run sees the same demo. */
const TODAY = new Date("2026-11-20T16:00:00+07:00");
const SEED = 68;
/** DOMAIN §8.2: `<agency identifier>-YYMMDD-XXXX`. */
const FILE_CODE = /^(?<unit>[0-9A-Z.]+)-(?<date>\d{6})-(?<seq>\d{4,7})$/;

const adminUrl = inject("seedAdminUrl");
const opened: Array<{ name: string; db: Kysely<Database> }> = [];

/** A new, migrated database of this test file's own. */
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

async function timedSeed(db: Kysely<Database>, options: Parameters<typeof seedDemo>[1]): Promise<DemoSummary> {
  const started = performance.now();
  const summary = await seedDemo(db, options);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `seeded ${options?.days ?? 90} days in ${seconds.toFixed(2)} s: ` +
      Object.entries(summary.counts)
        .map(([t, n]) => `${t}=${n}`)
        .join(" "),
  );
  return summary;
}

async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = [
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
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(db);
    counts[t] = Number(rows[0]!.n);
  }
  return counts;
}

/** What must be identical between two runs with the same seed and day. */
async function fingerprint(db: Kysely<Database>) {
  const files = await db
    .selectFrom("files")
    .innerJoin("procedures", "procedures.id", "files.procedure_id")
    .select(["files.code", "procedures.national_code", "status", "received_at", "due_at", "returned_at"])
    .orderBy("files.code")
    .execute();
  const ratings = await sql<{ key: string; file: string | null; overall: number; flagged: boolean; answers: string }>`
    SELECT s.idempotency_key AS key, f.code AS file, s.overall_score AS overall, s.flagged,
           string_agg(c.code || '=' || a.score, ',' ORDER BY c.code) AS answers
    FROM submissions s
    LEFT JOIN files f ON f.id = s.file_id
    JOIN answers a ON a.submission_id = s.id
    JOIN survey_criteria c ON c.id = a.criterion_id
    GROUP BY s.id, f.code
    ORDER BY s.idempotency_key`.execute(db);
  const cases = await db.selectFrom("cases").select(["code", "status", "due_at"]).orderBy("code").execute();
  return { files, ratings: ratings.rows, cases };
}

describe("the demo seed", () => {
  let a: Kysely<Database>;
  let b: Kysely<Database>;
  let first: DemoSummary;
  let second: DemoSummary;

  beforeAll(async () => {
    a = await freshDatabase("a");
    b = await freshDatabase("b");
    first = await timedSeed(a, { today: TODAY, seed: SEED });
    second = await timedSeed(b, { today: TODAY, seed: SEED });
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

  it("writes the same rows for the same seed and day into two fresh databases", async () => {
    expect(first.created).toBe(true);
    expect(second.counts).toEqual(first.counts);
    expect(await tableCounts(b)).toEqual(await tableCounts(a));
    expect(await tableCounts(a)).toEqual(first.counts);
    const [fa, fb] = [await fingerprint(a), await fingerprint(b)];
    expect(fa.files.length).toBeGreaterThan(1000);
    expect(fa.ratings.length).toBeGreaterThan(500);
    expect(fb).toEqual(fa);
    expect(first.agency).toEqual(second.agency);
  });

  it("writes nothing on a second run and reports the demo agency already there", async () => {
    const before = await tableCounts(a);
    const again = await seedDemo(a, { today: TODAY, seed: SEED });
    expect(again.created).toBe(false);
    expect(again.counts).toEqual({});
    expect(again.agency).toEqual(first.agency);
    expect(again.counters).toEqual(first.counters);
    expect(await tableCounts(a)).toEqual(before);
  });

  it("prints fixed, readable counter codes: two quick-form counters and one SIPAS counter", () => {
    expect(first.counters).toEqual([
      { code: "Q1", name: "Quầy số 1", publicCode: "khcn68quay1", surveyKind: "quick" },
      { code: "Q2", name: "Quầy số 2", publicCode: "khcn68quay2", surveyKind: "quick" },
      { code: "Q3", name: "Quầy số 3", publicCode: "khcn68quay3", surveyKind: "sipas" },
    ]);
    expect(first.agency).toMatchObject({ code: DEMO_AGENCY_CODE, name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng" });
  });

  it("publishes the leaders' contacts and routes complaints through a setting, not a hard-coded inspectorate", async () => {
    const agency = await a
      .selectFrom("agencies")
      .select(["settings", "province_code", "satisfaction_target"])
      .where("code", "=", DEMO_AGENCY_CODE)
      .executeTakeFirstOrThrow();
    const settings = agency.settings as {
      leaders: Array<{ title: string; phone: string; email: string }>;
      caseRouting: Record<string, { unitCode: string }>;
    };
    expect(agency.province_code).toBe("68");
    expect(Number(agency.satisfaction_target)).toBe(95);
    expect(settings.leaders[0]).toMatchObject({
      title: "Giám đốc Sở",
      phone: expect.any(String),
      email: expect.any(String),
    });
    expect(settings.caseRouting.complaint?.unitCode).toBe("TTRA");
    const units = await a.selectFrom("units").select(["code", "kind"]).execute();
    expect(units).toContainEqual({ code: "TTRA", kind: "inspectorate" });
    expect(units).toContainEqual({ code: "CCTDC", kind: "sub_department" });
    expect(units).toContainEqual({ code: "MOTCUA", kind: "one_stop" });
  });

  it("tells the story: the Chi cục TĐC below the 95% target, the agency as a whole between 90 and 98%", async () => {
    const { rows } = await sql<{ unit: string; satisfied: string; total: string }>`
      SELECT u.code AS unit,
             count(*) FILTER (WHERE s.overall_score >= t.scale_levels - 1) AS satisfied,
             count(*) AS total
      FROM submissions s
      JOIN survey_templates t ON t.id = s.template_id
      JOIN units u ON u.id = s.unit_id
      WHERE NOT s.flagged
      GROUP BY u.code`.execute(a);
    const rate = (unit?: string) => {
      const picked = rows.filter((r) => !unit || r.unit === unit);
      const sat = picked.reduce((n, r) => n + Number(r.satisfied), 0);
      const total = picked.reduce((n, r) => n + Number(r.total), 0);
      return (100 * sat) / total;
    };
    console.log(
      `satisfaction: overall ${rate().toFixed(1)}%, ` +
        rows.map((r) => `${r.unit} ${rate(r.unit).toFixed(1)}%`).join(", "),
    );
    expect(rate("CCTDC")).toBeLessThan(95);
    expect(rate()).toBeGreaterThan(90);
    expect(rate()).toBeLessThan(98);
    for (const r of rows.filter((r) => r.unit !== "CCTDC")) expect(rate(r.unit)).toBeGreaterThanOrEqual(95);

    const flagged = await a.selectFrom("submissions").select(["flag_reason"]).where("flagged", "=", true).execute();
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((s) => (s.flag_reason ?? "").length > 10)).toBe(true);
  });

  it("has late files among mostly early or on-time ones, and files still in progress", async () => {
    const { rows } = await sql<{ returned: string; late: string; open: string }>`
      SELECT count(*) FILTER (WHERE returned_at IS NOT NULL) AS returned,
             count(*) FILTER (WHERE returned_at > due_at) AS late,
             count(*) FILTER (WHERE status IN ('received', 'in_progress', 'supplement_requested')) AS open
      FROM files`.execute(a);
    const { returned, late, open } = rows[0]!;
    const lateRate = (100 * Number(late)) / Number(returned);
    console.log(`files: ${returned} returned, ${late} late (${lateRate.toFixed(1)}%), ${open} in progress`);
    expect(Number(late)).toBeGreaterThan(0);
    expect(lateRate).toBeGreaterThan(2);
    expect(lateRate).toBeLessThan(7);
    expect(Number(open)).toBeGreaterThan(0);
  });

  it("has an open complaint due within the next three days and one already overdue", async () => {
    const open = await a
      .selectFrom("cases")
      .select(["code", "status", "due_at"])
      .where("kind", "=", "complaint")
      .where("status", "in", ["received", "accepted", "assigned", "in_progress"])
      .execute();
    const soon = open.filter(
      (c) => c.due_at && c.due_at > TODAY && c.due_at.getTime() - TODAY.getTime() <= 3 * 24 * 3600 * 1000,
    );
    const overdue = open.filter((c) => c.due_at && c.due_at < TODAY);
    expect(soon.length).toBeGreaterThanOrEqual(2);
    expect(overdue).toHaveLength(1);

    const kinds = await sql<{ kind: string; n: string; anonymous: string }>`
      SELECT kind, count(*) AS n, count(*) FILTER (WHERE anonymous) AS anonymous FROM cases GROUP BY kind`.execute(a);
    const byKind = Object.fromEntries(kinds.rows.map((r) => [r.kind, r]));
    expect(Number(byKind.petition?.n)).toBeGreaterThanOrEqual(20);
    expect(Number(byKind.complaint?.n)).toBe(6);
    expect(Number(byKind.denunciation?.n)).toBe(3);
    expect(Number(byKind.denunciation?.anonymous)).toBe(0);
  });

  it("receives files only on working days and in office hours, coded <agency>-YYMMDD-XXXX in daily order", async () => {
    const files = await sql<{ code: string; local_date: string; local_time: string; dow: number }>`
      SELECT code,
             to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS local_date,
             to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'HH24:MI') AS local_time,
             EXTRACT(isodow FROM received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS dow
      FROM files ORDER BY received_at, code`.execute(a);
    const holidays = new Set(SEED_HOLIDAYS.map(([iso]) => iso));
    const perDay = new Map<string, number[]>();
    for (const f of files.rows) {
      const m = FILE_CODE.exec(f.code);
      expect(m, f.code).not.toBeNull();
      expect(m!.groups!.unit).toBe(DEMO_AGENCY_CODE);
      expect(m!.groups!.date).toBe(f.local_date.slice(2).replaceAll("-", ""));
      expect(f.dow).toBeLessThan(6);
      expect(holidays.has(f.local_date)).toBe(false);
      expect(f.local_time >= "07:30" && f.local_time < "17:00").toBe(true);
      perDay.set(f.local_date, [...(perDay.get(f.local_date) ?? []), Number(m!.groups!.seq)]);
    }
    for (const [day, seqs] of perDay) {
      expect(seqs, day).toEqual(seqs.map((_, i) => i + 1));
      if (day < "2026-11-20") expect(seqs.length).toBeGreaterThanOrEqual(25);
      expect(seqs.length).toBeLessThanOrEqual(60);
    }
    expect(perDay.has("2026-09-02")).toBe(false); // Quốc khánh
  });

  it("creates the SIPAS survey (5 elements, 22 criteria) and the quick counter form from the standard templates", async () => {
    const templates = await sql<{ kind: string; levels: number; version: number; elements: string; criteria: string }>`
      SELECT t.kind, t.scale_levels AS levels, t.version,
             (SELECT count(*) FROM survey_elements e WHERE e.template_id = t.id) AS elements,
             (SELECT count(*) FROM survey_criteria c WHERE c.template_id = t.id) AS criteria
      FROM survey_templates t WHERE t.published_at IS NOT NULL ORDER BY t.kind`.execute(a);
    expect(templates.rows.map((t) => [t.kind, t.levels, t.version, Number(t.elements), Number(t.criteria)])).toEqual([
      ["quick", 3, 1, 2, 8],
      ["sipas", 5, 1, 5, 22],
    ]);
    expect(SIPAS_TEMPLATE.elements.map((e) => e.criteria.length)).toEqual([4, 5, 6, 3, 4]);
    expect(QUICK_COUNTER_TEMPLATE.elements.flatMap((e) => e.criteria.map((c) => c.code))).toEqual([
      "ind1",
      "ind2",
      "ind3",
      "ind4",
      "ind6",
      "ind7",
      "convenience",
      "overall",
    ]);
    // The templates' scale labels and the shared scale definitions must agree.
    expect(FIVE_LEVEL_SCALE.map((l) => [l.score, l.label])).toEqual(scales[5].map((l) => [l.score, l.vi]));
    expect(THREE_LEVEL_SCALE.map((l) => [l.score, l.label])).toEqual(scales[3].map((l) => [l.score, l.vi]));
  });

  it("gives the templates the rating API's wording: the quick form's overall is its criterion, SIPAS has its expectations question", async () => {
    const templates = await a
      .selectFrom("survey_templates")
      .select([
        "id",
        "kind",
        "overall_question",
        "overall_criterion_code",
        "expectations_question",
        "expectations_question_en",
        "expectations_max",
      ])
      .orderBy("kind")
      .execute();
    const options = await a
      .selectFrom("survey_expectation_options")
      .select(["template_id", "code", "text", "position"])
      .orderBy("position")
      .execute();
    const quick = templates.find((t) => t.kind === "quick")!;
    const sipas = templates.find((t) => t.kind === "sipas")!;
    expect(quick).toMatchObject({
      overall_question: QUICK_COUNTER_TEMPLATE.overallQuestion.text,
      overall_criterion_code: "overall",
      expectations_question: null,
    });
    expect(sipas).toMatchObject({
      overall_question: SIPAS_TEMPLATE.overallQuestion.text,
      overall_criterion_code: null,
      expectations_question: SIPAS_TEMPLATE.expectations!.question,
      expectations_question_en: SIPAS_TEMPLATE.expectations!.questionEn,
      expectations_max: 3,
    });
    expect(options.filter((o) => o.template_id === quick.id)).toEqual([]);
    expect(options.filter((o) => o.template_id === sipas.id).map((o) => o.code)).toEqual(
      SIPAS_TEMPLATE.expectations!.options.map((o) => o.code),
    );
  });

  it("writes ratings the way the rating API does: overall from the overall criterion, reasons, expectations, follow-ups", async () => {
    // Quick form: the overall score is the answer to "Đánh giá tổng thể dịch vụ".
    const { rows: mismatched } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM submissions s
      JOIN survey_templates t ON t.id = s.template_id AND t.overall_criterion_code IS NOT NULL
      JOIN survey_criteria c ON c.template_id = t.id AND c.code = t.overall_criterion_code
      LEFT JOIN answers a ON a.submission_id = s.id AND a.criterion_id = c.id
      WHERE a.score IS DISTINCT FROM s.overall_score`.execute(a);
    expect(Number(mismatched[0]!.n)).toBe(0);

    // A quick-form "Không hài lòng" carries its reason (the API requires it); nothing else does.
    const { rows: reasons } = await sql<{ low: boolean; with_reason: boolean; n: string }>`
      SELECT EXISTS (SELECT 1 FROM answers a WHERE a.submission_id = s.id AND a.score = 1) AS low,
             s.reason IS NOT NULL AS with_reason, count(*) AS n
      FROM submissions s JOIN survey_templates t ON t.id = s.template_id AND t.kind = 'quick'
      GROUP BY 1, 2`.execute(a);
    expect(reasons.filter((r) => r.low !== r.with_reason)).toEqual([]);
    expect(reasons.some((r) => r.low)).toBe(true);

    // SIPAS: about three in four respondents choose 1 to 3 improvement areas; elements are rated.
    const { rows: sipas } = await sql<{ total: string; with_choices: string; most: number; with_elements: string }>`
      SELECT count(*) AS total,
             count(*) FILTER (WHERE e.n > 0) AS with_choices,
             coalesce(max(e.n), 0)::int AS most,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM submission_element_scores x WHERE x.submission_id = s.id)) AS with_elements
      FROM submissions s
      JOIN survey_templates t ON t.id = s.template_id AND t.kind = 'sipas'
      LEFT JOIN LATERAL (SELECT count(*) AS n FROM submission_expectations x WHERE x.submission_id = s.id) e ON true`.execute(
      a,
    );
    const share = Number(sipas[0]!.with_choices) / Number(sipas[0]!.total);
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.9);
    expect(sipas[0]!.most).toBe(3);
    expect(Number(sipas[0]!.with_elements)).toBeGreaterThan(0);
    const { rows: stray } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM submission_expectations x
      JOIN submissions s ON s.id = x.submission_id
      JOIN survey_templates t ON t.id = s.template_id WHERE t.kind <> 'sipas'`.execute(a);
    expect(Number(stray[0]!.n)).toBe(0);

    // Every low rating that is not flagged is in its unit's follow-up queue; contacts only with consent.
    const { rows: queue } = await sql<{ low: string; queued: string; contacts: string; consented: string }>`
      SELECT count(*) FILTER (WHERE NOT s.flagged AND (
               s.overall_score <= CASE t.scale_levels WHEN 5 THEN 3 ELSE 1 END
               OR EXISTS (SELECT 1 FROM answers a WHERE a.submission_id = s.id
                          AND a.score <= CASE t.scale_levels WHEN 5 THEN 3 ELSE 1 END)
               OR EXISTS (SELECT 1 FROM submission_element_scores x WHERE x.submission_id = s.id AND x.score <= 3))) AS low,
             (SELECT count(*) FROM rating_follow_ups) AS queued,
             (SELECT count(*) FROM rating_follow_ups WHERE contact IS NOT NULL) AS contacts,
             (SELECT count(*) FROM rating_follow_ups WHERE contact_consent_version IS NOT NULL) AS consented
      FROM submissions s JOIN survey_templates t ON t.id = s.template_id`.execute(a);
    expect(Number(queue[0]!.queued)).toBe(Number(queue[0]!.low));
    expect(Number(queue[0]!.contacts)).toBeGreaterThan(0);
    expect(queue[0]!.consented).toBe(queue[0]!.contacts);
    const flaggedInQueue = await a
      .selectFrom("rating_follow_ups as r")
      .innerJoin("submissions as s", "s.id", "r.submission_id")
      .where("s.flagged", "=", true)
      .select("r.id")
      .execute();
    expect(flaggedInQueue).toEqual([]);
  });

  it("skips the Tết holiday: no file received from 16/02 to 20/02/2026 (17/02 is Tết)", async () => {
    const db = await freshDatabase("tet");
    await timedSeed(db, { today: new Date("2026-03-13T11:00:00+07:00"), seed: 7 });
    const { rows } = await sql<{ n: string; first: string }>`
      SELECT count(*) AS n, min(received_at)::text AS first FROM files
      WHERE (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN '2026-02-14' AND '2026-02-22'`.execute(db);
    expect(Number(rows[0]!.n)).toBe(0);
    const before = await db
      .selectFrom("files")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("received_at", "<", new Date("2026-02-14T00:00:00+07:00"))
      .executeTakeFirstOrThrow();
    expect(Number(before.n)).toBeGreaterThan(0); // the period does cover Tết
  });

  it("leaves nothing behind when a write fails half-way", async () => {
    const db = await freshDatabase("rollback");
    // Another agency already uses counter 3's public code: the seed's counter insert must fail.
    const other = await db
      .insertInto("agencies")
      .values({ code: "KHAC", name: "Cơ quan khác", province_code: "68" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const unit = await db
      .insertInto("units")
      .values({ agency_id: other.id, code: "MC", name: "Bộ phận Một cửa", kind: "one_stop" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("counters")
      .values({ agency_id: other.id, unit_id: unit.id, code: "Q", public_code: "khcn68quay3", name: "Quầy" })
      .execute();

    await expect(seedDemo(db, { today: TODAY, seed: SEED })).rejects.toThrow();
    const counts = await tableCounts(db);
    expect(counts).toMatchObject({ agencies: 1, units: 1, counters: 1, files: 0, submissions: 0, cases: 0 });
  });
});
