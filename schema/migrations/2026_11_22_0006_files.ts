import { type Kysely, sql } from "kysely";

/**
 * Files (hồ sơ) on time: their events, supplement requests, the late-file apology letters
 * (phiếu xin lỗi và hẹn lại ngày trả kết quả), the one-stop software's API keys, CSV imports,
 * and each agency's choices (letter form, what a second supplement request does).
 *
 * Frozen in time: this migration imports nothing from the application.
 *
 * The rules Postgres keeps:
 * - an event from the one-stop software is stored once: (agency, file, kind, event key);
 * - a file has at most one supplement request open, and numbered requests (the second one
 *   exists only when the agency records it as late, QĐ 766/QĐ-TTg practice);
 * - a file gets at most one apology letter, hence one re-appointment (ND 118/2025/NĐ-CP
 *   Điều 19 khoản 6: "Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần");
 * - letter numbers run per agency and year, without gaps or repeats;
 * - API keys are stored as SHA-256 hashes only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE file_settings (
      agency_id uuid PRIMARY KEY REFERENCES agencies (id) ON DELETE CASCADE,
      letter_form text NOT NULL DEFAULT 'tt03_2025' CHECK (letter_form IN ('tt01_2018', 'tt03_2025')),
      second_supplement text NOT NULL DEFAULT 'refuse' CHECK (second_supplement IN ('refuse', 'record_late')),
      alert_working_days smallint NOT NULL DEFAULT 1 CHECK (alert_working_days BETWEEN 1 AND 5),
      on_time_target numeric(5,2) NOT NULL DEFAULT 100 CHECK (on_time_target BETWEEN 0 AND 100),
      parent_agency_name text CHECK (length(parent_agency_name) BETWEEN 2 AND 300),
      letter_place text CHECK (length(letter_place) BETWEEN 2 AND 100),
      letter_number_suffix text NOT NULL DEFAULT 'PXL' CHECK (letter_number_suffix ~ '^[0-9A-Za-zĐđ.&-]{1,30}$'),
      signer_title text CHECK (length(signer_title) BETWEEN 2 AND 200),
      signer_name text CHECK (length(signer_name) BETWEEN 2 AND 200),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid,
      FOREIGN KEY (agency_id, updated_by) REFERENCES staff_users (agency_id, id) ON DELETE SET NULL (updated_by)
    )`.execute(db);

  await sql`
    CREATE TABLE file_code_sequences (
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      day date NOT NULL,
      last_seq integer NOT NULL CHECK (last_seq BETWEEN 1 AND 9999999),
      PRIMARY KEY (agency_id, day)
    )`.execute(db);

  await sql`
    CREATE TABLE integration_keys (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
      key_prefix text NOT NULL CHECK (key_prefix ~ '^[A-Za-z0-9_-]{8,16}$'),
      key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid,
      revoked_at timestamptz,
      last_used_at timestamptz,
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      FOREIGN KEY (agency_id, created_by) REFERENCES staff_users (agency_id, id) ON DELETE SET NULL (created_by)
    )`.execute(db);

  await sql`
    CREATE TABLE file_events (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      file_id uuid NOT NULL,
      kind text NOT NULL
        CHECK (kind IN ('received', 'supplement_requested', 'supplement_completed', 'returned', 'stopped')),
      occurred_at timestamptz NOT NULL,
      event_key text NOT NULL CHECK (length(event_key) BETWEEN 1 AND 200),
      source text NOT NULL CHECK (source IN ('counter', 'integration', 'import', 'staff')),
      note text CHECK (length(note) <= 2000),
      actor_id uuid,
      integration_key_id uuid,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      CONSTRAINT file_events_idempotent UNIQUE (agency_id, file_id, kind, event_key),
      FOREIGN KEY (agency_id, file_id) REFERENCES files (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, actor_id) REFERENCES staff_users (agency_id, id) ON DELETE SET NULL (actor_id),
      FOREIGN KEY (agency_id, integration_key_id) REFERENCES integration_keys (agency_id, id)
        ON DELETE SET NULL (integration_key_id)
    )`.execute(db);
  await sql`CREATE INDEX file_events_file ON file_events (agency_id, file_id, kind, occurred_at)`.execute(db);

  await sql`
    CREATE TABLE file_supplements (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      file_id uuid NOT NULL,
      seq smallint NOT NULL CHECK (seq BETWEEN 1 AND 20),
      requested_at timestamptz NOT NULL,
      completed_at timestamptz,
      reason text CHECK (length(reason) <= 2000),
      counts_as_late boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (agency_id, file_id, seq),
      CHECK (completed_at IS NULL OR completed_at >= requested_at),
      -- Only a second (or later) request exists as a recorded violation (QĐ 766: counted late).
      CHECK (counts_as_late = (seq > 1)),
      FOREIGN KEY (agency_id, file_id) REFERENCES files (agency_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX file_supplements_one_open ON file_supplements (agency_id, file_id) WHERE completed_at IS NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE apology_letter_numbers (
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2200),
      last_number integer NOT NULL CHECK (last_number >= 1),
      PRIMARY KEY (agency_id, year)
    )`.execute(db);

  await sql`
    CREATE TABLE apology_letters (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      file_id uuid NOT NULL,
      form text NOT NULL CHECK (form IN ('tt01_2018', 'tt03_2025')),
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2200),
      number integer NOT NULL CHECK (number >= 1),
      number_suffix text NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      place text NOT NULL CHECK (length(place) BETWEEN 2 AND 100),
      parent_agency_name text,
      agency_name text NOT NULL,
      addressee_name text NOT NULL CHECK (length(addressee_name) BETWEEN 2 AND 300),
      addressee_address text CHECK (length(addressee_address) <= 500),
      applicant_identifier text CHECK (length(applicant_identifier) <= 20),
      file_code text NOT NULL,
      procedure_name text NOT NULL,
      received_at timestamptz NOT NULL,
      original_due_at timestamptz NOT NULL,
      reason text NOT NULL CHECK (length(reason) BETWEEN 5 AND 2000),
      new_due_at timestamptz NOT NULL,
      signer_title text NOT NULL CHECK (length(signer_title) BETWEEN 2 AND 200),
      signer_name text CHECK (length(signer_name) <= 200),
      issued_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      -- One letter, hence one re-appointment, per file (ND 118/2025 Điều 19 khoản 6).
      CONSTRAINT apology_letters_one_reappointment UNIQUE (agency_id, file_id),
      CONSTRAINT apology_letters_number UNIQUE (agency_id, year, number),
      CHECK (new_due_at > original_due_at),
      FOREIGN KEY (agency_id, file_id) REFERENCES files (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, issued_by) REFERENCES staff_users (agency_id, id) ON DELETE SET NULL (issued_by)
    )`.execute(db);

  await sql`
    CREATE TABLE apology_deliveries (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      letter_id uuid NOT NULL,
      channel text NOT NULL CHECK (channel IN ('print', 'email', 'sms')),
      recipient text CHECK (length(recipient) <= 320),
      status text NOT NULL CHECK (status IN ('recorded', 'logged', 'sent', 'failed')),
      detail text CHECK (length(detail) <= 1000),
      delivered_at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid,
      PRIMARY KEY (id),
      FOREIGN KEY (agency_id, letter_id) REFERENCES apology_letters (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, actor_id) REFERENCES staff_users (agency_id, id) ON DELETE SET NULL (actor_id)
    )`.execute(db);
  await sql`CREATE INDEX apology_deliveries_letter ON apology_deliveries (agency_id, letter_id, delivered_at)`.execute(
    db,
  );

  await sql`
    CREATE TABLE file_imports (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'staging' CHECK (status IN ('staging', 'committed')),
      columns jsonb NOT NULL CHECK (jsonb_typeof(columns) = 'array'),
      ignored_columns jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(ignored_columns) = 'array'),
      delimiter text NOT NULL DEFAULT ',' CHECK (delimiter IN (',', ';', E'\\t')),
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      committed_at timestamptz,
      created_files integer CHECK (created_files >= 0),
      existing_files integer CHECK (existing_files >= 0),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      CHECK ((status = 'committed') = (committed_at IS NOT NULL)),
      FOREIGN KEY (agency_id, created_by) REFERENCES staff_users (agency_id, id) ON DELETE SET NULL (created_by)
    )`.execute(db);

  await sql`
    CREATE TABLE file_import_rows (
      agency_id uuid NOT NULL,
      import_id uuid NOT NULL,
      line integer NOT NULL CHECK (line >= 1),
      code text,
      data jsonb,
      errors jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(errors) = 'array'),
      PRIMARY KEY (import_id, line),
      CHECK ((data IS NULL) = (jsonb_array_length(errors) > 0)),
      FOREIGN KEY (agency_id, import_id) REFERENCES file_imports (agency_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX file_import_rows_code ON file_import_rows (import_id, code)`.execute(db);

  // The alert list and the KPI queries read files by due date and by receipt date.
  await sql`CREATE INDEX files_agency_open_due ON files (agency_id, due_at) WHERE status NOT IN ('returned', 'stopped')`.execute(
    db,
  );
  await sql`CREATE INDEX files_agency_received ON files (agency_id, received_at)`.execute(db);
  await sql`CREATE INDEX files_agency_returned ON files (agency_id, returned_at) WHERE returned_at IS NOT NULL`.execute(
    db,
  );

  const comments: Array<[string, string]> = [
    [
      "file_settings",
      "An agency's choices for files: apology letter form (TT 01/2018 Mẫu 04 or TT 03/2025 Mẫu 04), what a second supplement request does, the alert day, the letter header and signer.",
    ],
    [
      "file_settings.second_supplement",
      "refuse: a second supplement request is refused; record_late: it is recorded and the file counts as late (QĐ 766/QĐ-TTg).",
    ],
    [
      "file_settings.alert_working_days",
      "Working days before the appointment date when an unfinished file raises an alert (ND 118/2025 Đ19 k6: at the latest 1 day before).",
    ],
    ["file_settings.on_time_target", "On-time target in percent (100 by default: every file on time)."],
    [
      "file_settings.parent_agency_name",
      "Tên cơ quan chủ quản printed above the agency's name on letters (e.g. UBND TỈNH LÂM ĐỒNG).",
    ],
    ["file_settings.letter_place", "Place name (địa danh) of the letter's date line."],
    ["file_settings.letter_number_suffix", "Suffix of the letter number, Số: 12/PXL."],
    [
      "file_code_sequences",
      "Last sequence number of file codes generated per agency and receipt day (mã hồ sơ …-YYMMDD-XXXX).",
    ],
    [
      "integration_keys",
      "API keys of the one-stop software (phần mềm một cửa), one agency each; only the SHA-256 hash is kept.",
    ],
    ["integration_keys.key_prefix", "The first characters of the key, shown to administrators to tell keys apart."],
    ["file_events", "What happened to a file and when: received, supplement requested/completed, returned, stopped."],
    ["file_events.event_key", "The sender's event id, or the event time: the same event sent twice is stored once."],
    [
      "file_supplements",
      "Requests to supplement a file (yêu cầu bổ sung hồ sơ); only one is allowed (ND 118/2025 Đ11).",
    ],
    [
      "file_supplements.counts_as_late",
      "A second request recorded by the agency's choice: the file counts as late (QĐ 766/QĐ-TTg).",
    ],
    [
      "apology_letters",
      "Phiếu xin lỗi và hẹn lại ngày trả kết quả: one per late file, a snapshot of what was printed and sent.",
    ],
    ["apology_letters.new_due_at", "The new return date (hẹn lại), given only once (ND 118/2025 Đ19 k6)."],
    [
      "apology_letters.applicant_identifier",
      "Số định danh of the applicant (TT 03/2025 Mẫu 04); personal data needed by the form only.",
    ],
    ["apology_deliveries", "How a letter reached the citizen: printed, e-mailed, sent by SMS."],
    ["file_imports", "A CSV import of files: rows are staged and checked, then written all at once or not at all."],
    ["file_import_rows", "One staged CSV row: its parsed data, or its errors with the file line."],
  ];
  for (const [target, text] of comments) {
    const kind = target.includes(".") ? "COLUMN" : "TABLE";
    await sql`COMMENT ON ${sql.raw(kind)} ${sql.raw(target)} IS ${sql.lit(text)}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX files_agency_returned`.execute(db);
  await sql`DROP INDEX files_agency_received`.execute(db);
  await sql`DROP INDEX files_agency_open_due`.execute(db);
  for (const table of [
    "file_import_rows",
    "file_imports",
    "apology_deliveries",
    "apology_letters",
    "apology_letter_numbers",
    "file_supplements",
    "file_events",
    "integration_keys",
    "file_code_sequences",
    "file_settings",
  ]) {
    await sql`DROP TABLE ${sql.raw(table)}`.execute(db);
  }
}
