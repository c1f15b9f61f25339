import { type Kysely, sql } from "kysely";

/**
 * The core domain: agencies and their units, counters, procedures, staff, files (hồ sơ),
 * survey templates, submissions and answers, cases (PAKN / khiếu nại / tố cáo).
 *
 * Frozen in time: this migration imports nothing from the application.
 * Every domain row carries agency_id, and references inside an agency are composite
 * foreign keys (agency_id, x_id), so rows of two agencies can never point at each other
 * and a distributed Postgres can shard every table by agency_id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pgcrypto`.execute(db);

  await sql`
    CREATE TABLE agencies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Za-z.\\-]{2,40}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 300),
      short_name text CHECK (length(short_name) <= 100),
      province_code char(2) NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
      commune_code char(5) CHECK (commune_code ~ '^[0-9]{5}$'),
      address text,
      hotline text,
      email text,
      website text,
      timezone text NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
      satisfaction_target numeric(5,2) NOT NULL DEFAULT 95 CHECK (satisfaction_target BETWEEN 0 AND 100),
      settings jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE units (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      code text NOT NULL CHECK (code ~ '^[0-9A-Za-z_.\\-]{1,40}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 300),
      kind text NOT NULL CHECK (kind IN ('office', 'inspectorate', 'division', 'sub_department', 'center', 'one_stop', 'other')),
      parent_id uuid,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (agency_id, code),
      FOREIGN KEY (agency_id, parent_id) REFERENCES units (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);

  await sql`
    CREATE TABLE survey_templates (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      code text NOT NULL CHECK (code ~ '^[a-z0-9_\\-]{1,40}$'),
      version integer NOT NULL CHECK (version >= 1),
      kind text NOT NULL CHECK (kind IN ('sipas', 'quick')),
      name text NOT NULL,
      name_en text,
      scale_levels smallint NOT NULL CHECK (scale_levels IN (3, 5)),
      active boolean NOT NULL DEFAULT true,
      published_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (agency_id, code, version)
    )`.execute(db);

  await sql`
    CREATE TABLE survey_elements (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      template_id uuid NOT NULL,
      position smallint NOT NULL CHECK (position >= 1),
      code text NOT NULL,
      name text NOT NULL,
      name_en text,
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (template_id, position),
      UNIQUE (template_id, code),
      FOREIGN KEY (agency_id, template_id) REFERENCES survey_templates (agency_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE TABLE survey_criteria (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      template_id uuid NOT NULL,
      element_id uuid NOT NULL,
      position smallint NOT NULL CHECK (position >= 1),
      code text NOT NULL,
      text text NOT NULL,
      text_en text,
      required boolean NOT NULL DEFAULT false,
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (template_id, code),
      UNIQUE (element_id, position),
      FOREIGN KEY (agency_id, template_id) REFERENCES survey_templates (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, element_id) REFERENCES survey_elements (agency_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE TABLE counters (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      unit_id uuid NOT NULL,
      code text NOT NULL CHECK (code ~ '^[0-9A-Za-z_.\\-]{1,40}$'),
      public_code text NOT NULL UNIQUE CHECK (public_code ~ '^[a-z0-9]{6,32}$'),
      name text NOT NULL,
      location text,
      survey_template_id uuid,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (agency_id, code),
      FOREIGN KEY (agency_id, unit_id) REFERENCES units (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, survey_template_id) REFERENCES survey_templates (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);

  await sql`
    CREATE TABLE procedures (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      unit_id uuid NOT NULL,
      national_code text NOT NULL CHECK (length(national_code) BETWEEN 3 AND 40),
      name text NOT NULL CHECK (length(name) BETWEEN 3 AND 1000),
      field text NOT NULL,
      processing_time numeric(7,2) NOT NULL CHECK (processing_time >= 0),
      processing_time_unit text NOT NULL CHECK (processing_time_unit IN ('hours', 'calendar_days', 'working_days', 'same_day')),
      online_level text CHECK (online_level IN ('full', 'partial', 'none')),
      fee_note text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (agency_id, national_code),
      FOREIGN KEY (agency_id, unit_id) REFERENCES units (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);

  await sql`
    CREATE TABLE staff_users (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      username text NOT NULL CHECK (username ~ '^[a-z0-9_.\\-]{3,64}$'),
      full_name text NOT NULL,
      email text,
      phone text,
      role text NOT NULL CHECK (role IN ('admin', 'manager', 'inspector', 'counter_officer', 'viewer')),
      password_hash text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (username)
    )`.execute(db);

  await sql`
    CREATE TABLE staff_user_units (
      agency_id uuid NOT NULL,
      staff_user_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      PRIMARY KEY (staff_user_id, unit_id),
      FOREIGN KEY (agency_id, staff_user_id) REFERENCES staff_users (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, unit_id) REFERENCES units (agency_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE TABLE files (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      code text NOT NULL CHECK (length(code) BETWEEN 3 AND 60),
      procedure_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      counter_id uuid,
      channel text NOT NULL CHECK (channel IN ('counter', 'online', 'postal')),
      status text NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'in_progress', 'supplement_requested', 'returned', 'stopped')),
      received_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      returned_at timestamptz,
      applicant_name text,
      applicant_address text,
      applicant_phone text,
      applicant_email text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (agency_id, code),
      CHECK (due_at >= received_at),
      CHECK (returned_at IS NULL OR returned_at >= received_at),
      FOREIGN KEY (agency_id, procedure_id) REFERENCES procedures (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, unit_id) REFERENCES units (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, counter_id) REFERENCES counters (agency_id, id) ON DELETE SET NULL (counter_id)
    )`.execute(db);

  await sql`
    CREATE TABLE submissions (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      idempotency_key uuid NOT NULL,
      template_id uuid NOT NULL,
      channel text NOT NULL CHECK (channel IN ('counter_qr', 'file_qr', 'file_code', 'kiosk')),
      unit_id uuid NOT NULL,
      counter_id uuid,
      procedure_id uuid,
      file_id uuid,
      overall_score smallint CHECK (overall_score BETWEEN 1 AND 5),
      comment text CHECK (length(comment) <= 4000),
      respondent_kind text CHECK (respondent_kind IN ('individual', 'organisation')),
      age_band text CHECK (age_band IN ('under_30', '30_44', '45_59', '60_plus')),
      gender text CHECK (gender IN ('female', 'male', 'other')),
      flagged boolean NOT NULL DEFAULT false,
      flag_reason text,
      submitted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (agency_id, idempotency_key),
      CHECK (flagged = (flag_reason IS NOT NULL)),
      FOREIGN KEY (agency_id, template_id) REFERENCES survey_templates (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, unit_id) REFERENCES units (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, counter_id) REFERENCES counters (agency_id, id) ON DELETE SET NULL (counter_id),
      FOREIGN KEY (agency_id, procedure_id) REFERENCES procedures (agency_id, id) ON DELETE SET NULL (procedure_id),
      FOREIGN KEY (agency_id, file_id) REFERENCES files (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);
  // One valid rating per file (hồ sơ); flagged ones are kept aside and do not count.
  await sql`CREATE UNIQUE INDEX submissions_one_per_file ON submissions (agency_id, file_id) WHERE file_id IS NOT NULL AND NOT flagged`.execute(
    db,
  );
  await sql`CREATE INDEX submissions_agency_time ON submissions (agency_id, submitted_at)`.execute(db);

  await sql`
    CREATE TABLE answers (
      agency_id uuid NOT NULL,
      submission_id uuid NOT NULL,
      criterion_id uuid NOT NULL,
      score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
      PRIMARY KEY (submission_id, criterion_id),
      FOREIGN KEY (agency_id, submission_id) REFERENCES submissions (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, criterion_id) REFERENCES survey_criteria (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);

  await sql`
    CREATE TABLE cases (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      code text NOT NULL CHECK (code ~ '^(PAKN|KN|TC)\\.[0-9]{8}\\.[0-9]{4,6}$'),
      kind text NOT NULL CHECK (kind IN ('petition', 'complaint', 'denunciation')),
      status text NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'accepted', 'rejected', 'forwarded', 'assigned', 'in_progress', 'answered', 'published', 'closed')),
      title text NOT NULL CHECK (length(title) BETWEEN 3 AND 300),
      content text NOT NULL CHECK (length(content) BETWEEN 10 AND 20000),
      handling_unit_id uuid,
      file_id uuid,
      procedure_id uuid,
      anonymous boolean NOT NULL DEFAULT false,
      received_at timestamptz NOT NULL DEFAULT now(),
      due_at timestamptz,
      closed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (agency_id, code),
      -- Complaints and denunciations need the filer's identity by law (Luật Khiếu nại Art. 8, Luật Tố cáo Art. 23).
      CHECK (NOT anonymous OR kind = 'petition'),
      FOREIGN KEY (agency_id, handling_unit_id) REFERENCES units (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, file_id) REFERENCES files (agency_id, id) ON DELETE SET NULL (file_id),
      FOREIGN KEY (agency_id, procedure_id) REFERENCES procedures (agency_id, id) ON DELETE SET NULL (procedure_id)
    )`.execute(db);
  await sql`CREATE INDEX cases_agency_status_due ON cases (agency_id, status, due_at)`.execute(db);

  const comments: Array<[string, string]> = [
    ["agencies", "Cơ quan: an agency (e.g. a Sở) served by the deployment; the tenant of every other row."],
    ["agencies.code", "Agency identifier code used in file codes (mã định danh cơ quan)."],
    ["agencies.province_code", "Province code, 2 digits (QĐ 19/2025/QĐ-TTg)."],
    ["agencies.commune_code", "Commune code, 5 digits (QĐ 19/2025/QĐ-TTg); null for provincial agencies."],
    ["agencies.satisfaction_target", "Satisfaction target in percent; 95 by default (QĐ 2629/QĐ-TTg)."],
    ["units", "Phòng / đơn vị: an organisational unit of an agency (Văn phòng, Thanh tra, Chi cục, Trung tâm…)."],
    ["counters", "Quầy: a one-stop counter; public_code is the opaque id printed in its QR code."],
    ["procedures", "Thủ tục hành chính (TTHC) the agency handles, with the legal processing time and its unit."],
    ["procedures.national_code", "Code in the national TTHC database, e.g. 1.000894 or 1.000948.H38."],
    ["staff_users", "Cán bộ: staff accounts, one role each, scoped to units through staff_user_units."],
    ["files", "Hồ sơ: a file received for a procedure, with its appointment (due) date."],
    ["files.code", "Mã hồ sơ (TT 01/2018 Art. 19, ND 118/2025 Art. 28): agency code-YYMMDD-sequence."],
    [
      "survey_templates",
      "A versioned survey (SIPAS or quick counter form); a submission keeps the version it answered.",
    ],
    ["survey_elements", "Yếu tố: a group of criteria (SIPAS has 5)."],
    ["survey_criteria", "Tiêu chí: one rated statement (SIPAS has 22)."],
    [
      "submissions",
      "Phiếu đánh giá: one anonymous rating; no personal data. Flagged ones are kept and excluded from indices.",
    ],
    ["submissions.idempotency_key", "Client-generated key; a retried submission is stored once."],
    ["answers", "One criterion's score in a submission, on the template's scale (1 = lowest)."],
    ["cases", "Phản ánh kiến nghị (petition), khiếu nại (complaint) or tố cáo (denunciation)."],
    ["cases.code", "Tracking code given to the citizen, e.g. PAKN.20261122.0001."],
  ];
  for (const [target, text] of comments) {
    const kind = target.includes(".") ? "COLUMN" : "TABLE";
    await sql`COMMENT ON ${sql.raw(kind)} ${sql.raw(target)} IS ${sql.lit(text)}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "cases",
    "answers",
    "submissions",
    "files",
    "staff_user_units",
    "staff_users",
    "procedures",
    "counters",
    "survey_criteria",
    "survey_elements",
    "survey_templates",
    "units",
    "agencies",
  ]) {
    await sql`DROP TABLE ${sql.raw(table)}`.execute(db);
  }
}
