import { type Kysely, sql } from "kysely";

/**
 * The working-day calendar and the legal deadline rules.
 *
 * - calendar_days: the entered days of the calendar (official national decisions and an
 *   agency's own days), which override the days computed by rule (Bộ luật Lao động 2019
 *   Art. 111–112, lunar dates).
 * - deadline_rules: effective-dated limits for petitions, complaints and denunciations, with
 *   their legal basis; two rules of the same (agency, kind, step) never overlap in time.
 *
 * Frozen in time: this migration imports nothing from the application.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // GiST exclusion over equality of uuid/text columns needs btree_gist (a contrib extension
  // shipped with PostgreSQL).
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);

  await sql`
    CREATE TABLE calendar_days (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agency_id uuid REFERENCES agencies (id) ON DELETE CASCADE,
      day date NOT NULL CHECK (day BETWEEN DATE '1990-01-01' AND DATE '2199-12-31'),
      kind text NOT NULL CHECK (kind IN ('day_off', 'working_day')),
      holiday text CHECK (holiday IN ('new_year', 'lunar_new_year', 'hung_kings', 'victory_day', 'labour_day', 'national_day')),
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 200),
      name_en text CHECK (length(btrim(name_en)) BETWEEN 2 AND 200),
      source text CHECK (length(btrim(source)) BETWEEN 2 AND 500),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT calendar_days_one_per_day UNIQUE NULLS NOT DISTINCT (agency_id, day)
    )`.execute(db);
  await sql`CREATE INDEX calendar_days_day ON calendar_days (day)`.execute(db);

  await sql`
    CREATE TABLE deadline_rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agency_id uuid REFERENCES agencies (id) ON DELETE CASCADE,
      case_kind text NOT NULL CHECK (case_kind IN ('petition', 'complaint', 'denunciation')),
      step text NOT NULL CHECK (step ~ '^[a-z][a-z0-9_]{1,39}$'),
      period integer NOT NULL CHECK (period BETWEEN 1 AND 366),
      day_type text NOT NULL CHECK (day_type IN ('working', 'calendar')),
      legal_basis text NOT NULL CHECK (length(btrim(legal_basis)) BETWEEN 3 AND 500),
      confidence char(1) NOT NULL CHECK (confidence IN ('P', 'S', 'I', 'U')),
      max_times smallint CHECK (max_times BETWEEN 1 AND 10),
      note text CHECK (length(note) <= 1000),
      valid_from date NOT NULL,
      valid_to date,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT deadline_rules_valid_range CHECK (valid_to IS NULL OR valid_to >= valid_from),
      CONSTRAINT deadline_rules_no_overlap EXCLUDE USING gist (
        (COALESCE(agency_id, '00000000-0000-0000-0000-000000000000'::uuid)) WITH =,
        case_kind WITH =,
        step WITH =,
        daterange(valid_from, valid_to, '[]') WITH &&
      )
    )`.execute(db);

  const comments: Array<[string, string]> = [
    [
      "calendar_days",
      "Entered days of the working-day calendar; they override the days computed by rule (BLLĐ 2019 Art. 111–112).",
    ],
    ["calendar_days.agency_id", "NULL: a national day (applies to every agency); otherwise that agency's own day."],
    ["calendar_days.day", "The date, on the Vietnamese calendar (Asia/Ho_Chi_Minh)."],
    [
      "calendar_days.kind",
      "day_off: a holiday, compensatory or decided day off; working_day: a weekly day off made a working day (swap).",
    ],
    [
      "calendar_days.holiday",
      "The holiday whose official span this row belongs to; rows naming it replace its computed days in that year.",
    ],
    ["calendar_days.name", "Name shown to people, in Vietnamese."],
    ["calendar_days.name_en", "Name in English."],
    ["calendar_days.source", "The decision it comes from, e.g. CV 8764/BNV-CVL 01/10/2025."],
    [
      "deadline_rules",
      "Effective-dated time limits of PAKN, complaint and denunciation steps, with their legal basis.",
    ],
    ["deadline_rules.agency_id", "NULL: the national default; otherwise the agency's own rule, which wins."],
    ["deadline_rules.step", "accept, resolve, resolve_complex, forward, answer, publish, initial_processing, extend…"],
    ["deadline_rules.period", "The limit, in days of day_type."],
    [
      "deadline_rules.day_type",
      "working: ngày làm việc (weekends and holidays skipped); calendar: ngày (BLDS 2015 Art. 148 roll-forward).",
    ],
    ["deadline_rules.legal_basis", "Article and text the limit comes from."],
    [
      "deadline_rules.confidence",
      "P: text read; S: secondary source; I: practice of an implementation; U: unverified.",
    ],
    [
      "deadline_rules.max_times",
      "How many times the step may be used (e.g. 2 extensions), NULL when the law states none.",
    ],
    ["deadline_rules.valid_from", "First day the rule is in force (a case uses the rule in force on its start date)."],
    ["deadline_rules.valid_to", "Last day in force, inclusive; NULL while in force."],
  ];
  for (const [target, text] of comments) {
    const kind = target.includes(".") ? "COLUMN" : "TABLE";
    await sql`COMMENT ON ${sql.raw(kind)} ${sql.raw(target)} IS ${sql.lit(text)}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE deadline_rules`.execute(db);
  await sql`DROP TABLE calendar_days`.execute(db);
}
