import { type Kysely, sql } from "kysely";

/**
 * Petitions (phản ánh, kiến nghị), complaints (khiếu nại) and denunciations (tố cáo): routing,
 * workflow, legal deadlines, the filer's identity, answers, attachments and answer ratings.
 *
 * - case_routing_rules: per agency, which unit handles a case (kind × unit concerned × procedure).
 * - case_workflow: 1:1 with cases, the workflow state the core table does not hold (tracking
 *   secret hash, intake channel, pause, overdue mark, extensions).
 * - case_code_sequences: the day's sequence of tracking codes per agency and prefix; one atomic
 *   upsert per code, so concurrent intakes never share a number.
 * - case_deadlines: every deadline a case had, with the rule and legal basis used; at most one
 *   open per case (the current step).
 * - case_events: the timeline; every transition with who, when, why and the notice to the citizen.
 * - case_assignments: staff handling a case. Only they may see a denouncer's identity.
 * - case_identities: the filer's identity, AES-GCM encrypted with a key from a secret binding
 *   (Luật Tố cáo 2018 Art. 9, 56); only non-identifying facts in clear.
 * - case_answers, case_attachments (objects in R2), case_answer_ratings, case_notifications.
 *
 * Frozen in time: this migration imports nothing from the application.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The citizen's status page looks a case up by its tracking code alone (unique per agency).
  await sql`CREATE INDEX cases_code ON cases (code)`.execute(db);

  await sql`
    CREATE TABLE case_routing_rules (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      case_kind text CHECK (case_kind IN ('petition', 'complaint', 'denunciation')),
      source_unit_id uuid,
      procedure_id uuid,
      handling_unit_id uuid NOT NULL,
      note text CHECK (length(note) <= 1000),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      CONSTRAINT case_routing_rules_one_per_match UNIQUE NULLS NOT DISTINCT (agency_id, case_kind, source_unit_id, procedure_id),
      FOREIGN KEY (agency_id, source_unit_id) REFERENCES units (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, procedure_id) REFERENCES procedures (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, handling_unit_id) REFERENCES units (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);

  await sql`
    CREATE TABLE case_workflow (
      agency_id uuid NOT NULL,
      case_id uuid NOT NULL,
      channel text CHECK (channel IN ('web', 'counter_qr', 'staff_entry')),
      counter_id uuid,
      tracking_secret_hash text CHECK (tracking_secret_hash ~ '^[0-9a-f]{64}$'),
      routed_by text CHECK (routed_by IN ('rule', 'setting', 'default', 'manual')),
      accepted_at timestamptz,
      complex boolean NOT NULL DEFAULT false,
      extensions smallint NOT NULL DEFAULT 0 CHECK (extensions BETWEEN 0 AND 10),
      paused_at timestamptz,
      overdue_at timestamptz,
      forwarded_to text CHECK (length(forwarded_to) BETWEEN 2 AND 300),
      consent_version text CHECK (length(consent_version) <= 40),
      consented_at timestamptz,
      attachments_open_until timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (agency_id, case_id),
      CHECK ((consent_version IS NULL) = (consented_at IS NULL)),
      FOREIGN KEY (agency_id, case_id) REFERENCES cases (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, counter_id) REFERENCES counters (agency_id, id) ON DELETE SET NULL (counter_id)
    )`.execute(db);

  await sql`
    CREATE TABLE case_code_sequences (
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      prefix text NOT NULL CHECK (prefix IN ('PAKN', 'KN', 'TC')),
      day date NOT NULL,
      last_value integer NOT NULL CHECK (last_value BETWEEN 1 AND 999999),
      PRIMARY KEY (agency_id, prefix, day)
    )`.execute(db);

  await sql`
    CREATE TABLE case_deadlines (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      case_id uuid NOT NULL,
      step text NOT NULL CHECK (step ~ '^[a-z][a-z0-9_]{1,39}$'),
      start_on date NOT NULL,
      due_on date NOT NULL,
      due_at timestamptz NOT NULL,
      rule_id uuid REFERENCES deadline_rules (id) ON DELETE SET NULL,
      period integer NOT NULL CHECK (period BETWEEN 0 AND 1000),
      day_type text NOT NULL CHECK (day_type IN ('working', 'calendar')),
      legal_basis text NOT NULL CHECK (length(legal_basis) BETWEEN 3 AND 500),
      confidence char(1) NOT NULL CHECK (confidence IN ('P', 'S', 'I', 'U')),
      reason text NOT NULL CHECK (reason IN ('step', 'extension', 'resume')),
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      outcome text CHECK (outcome IN ('met', 'superseded', 'cancelled')),
      late boolean,
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      CHECK (due_on >= start_on),
      CHECK ((closed_at IS NULL) = (outcome IS NULL)),
      CHECK ((outcome = 'met') = (late IS NOT NULL)),
      FOREIGN KEY (agency_id, case_id) REFERENCES cases (agency_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX case_deadlines_one_open ON case_deadlines (case_id) WHERE closed_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX case_deadlines_open_due ON case_deadlines (agency_id, due_at) WHERE closed_at IS NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE case_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id uuid NOT NULL,
      case_id uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_kind text NOT NULL CHECK (actor_kind IN ('citizen', 'staff', 'system')),
      actor_id uuid,
      actor_label text NOT NULL CHECK (length(actor_label) BETWEEN 1 AND 300),
      action text NOT NULL CHECK (action ~ '^[a-z][a-z_]{1,39}$'),
      from_status text,
      to_status text,
      reason text CHECK (length(reason) <= 4000),
      notice text CHECK (length(notice) <= 4000),
      public boolean NOT NULL DEFAULT false,
      details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
      CHECK (actor_kind <> 'staff' OR actor_id IS NOT NULL),
      FOREIGN KEY (agency_id, case_id) REFERENCES cases (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, actor_id) REFERENCES staff_users (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);
  await sql`CREATE INDEX case_events_case ON case_events (case_id, id)`.execute(db);

  await sql`
    CREATE TABLE case_assignments (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      case_id uuid NOT NULL,
      staff_user_id uuid NOT NULL,
      assigned_by uuid NOT NULL,
      assigned_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      PRIMARY KEY (id),
      CHECK (ended_at IS NULL OR ended_at >= assigned_at),
      FOREIGN KEY (agency_id, case_id) REFERENCES cases (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, staff_user_id) REFERENCES staff_users (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, assigned_by) REFERENCES staff_users (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX case_assignments_active ON case_assignments (case_id, staff_user_id) WHERE ended_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX case_assignments_staff ON case_assignments (agency_id, staff_user_id) WHERE ended_at IS NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE case_identities (
      agency_id uuid NOT NULL,
      case_id uuid NOT NULL,
      filer_type text NOT NULL CHECK (filer_type IN ('individual', 'organisation')),
      has_phone boolean NOT NULL,
      has_email boolean NOT NULL,
      key_id text NOT NULL CHECK (key_id ~ '^[A-Za-z0-9_-]{1,16}$'),
      iv text NOT NULL CHECK (iv ~ '^[A-Za-z0-9_-]{16}$'),
      ciphertext text NOT NULL CHECK (ciphertext ~ '^[A-Za-z0-9_-]{24,}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      reencrypted_at timestamptz,
      PRIMARY KEY (agency_id, case_id),
      FOREIGN KEY (agency_id, case_id) REFERENCES cases (agency_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE TABLE case_answers (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      case_id uuid NOT NULL,
      body text NOT NULL CHECK (length(body) BETWEEN 10 AND 20000),
      document_number text CHECK (length(document_number) BETWEEN 1 AND 100),
      document_date date,
      answered_by uuid NOT NULL,
      answered_at timestamptz NOT NULL DEFAULT now(),
      published_question text CHECK (length(published_question) BETWEEN 10 AND 20000),
      published_body text CHECK (length(published_body) BETWEEN 10 AND 20000),
      published_by uuid,
      published_at timestamptz,
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (agency_id, case_id),
      CHECK ((published_at IS NULL) = (published_body IS NULL)),
      CHECK ((published_at IS NULL) = (published_by IS NULL)),
      CHECK ((published_at IS NULL) = (published_question IS NULL)),
      FOREIGN KEY (agency_id, case_id) REFERENCES cases (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, answered_by) REFERENCES staff_users (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, published_by) REFERENCES staff_users (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);
  await sql`CREATE INDEX case_answers_published ON case_answers (agency_id, published_at) WHERE published_at IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE case_attachments (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      case_id uuid NOT NULL,
      answer_id uuid,
      uploaded_by_kind text NOT NULL CHECK (uploaded_by_kind IN ('citizen', 'staff')),
      uploaded_by uuid,
      object_key text NOT NULL UNIQUE CHECK (object_key ~ '^cases/[0-9a-f-]{36}/[A-Za-z0-9_-]{22,}$'),
      content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 100),
      size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 104857600),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      identifying boolean NOT NULL,
      file_name text CHECK (length(file_name) BETWEEN 1 AND 255),
      key_id text CHECK (key_id ~ '^[A-Za-z0-9_-]{1,16}$'),
      iv text CHECK (iv ~ '^[A-Za-z0-9_-]{16}$'),
      name_iv text CHECK (name_iv ~ '^[A-Za-z0-9_-]{16}$'),
      name_ciphertext text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      CHECK ((uploaded_by_kind = 'staff') = (uploaded_by IS NOT NULL)),
      -- An identifying attachment is encrypted (content and name); any other one is not.
      CHECK (
        (identifying AND file_name IS NULL AND key_id IS NOT NULL AND iv IS NOT NULL
          AND name_iv IS NOT NULL AND name_ciphertext IS NOT NULL)
        OR (NOT identifying AND file_name IS NOT NULL AND key_id IS NULL AND iv IS NULL
          AND name_iv IS NULL AND name_ciphertext IS NULL)),
      FOREIGN KEY (agency_id, case_id) REFERENCES cases (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, answer_id) REFERENCES case_answers (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, uploaded_by) REFERENCES staff_users (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);
  await sql`CREATE INDEX case_attachments_case ON case_attachments (case_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE case_answer_ratings (
      agency_id uuid NOT NULL,
      case_id uuid NOT NULL,
      satisfied boolean NOT NULL,
      comment text CHECK (length(comment) <= 2000),
      rated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (agency_id, case_id),
      FOREIGN KEY (agency_id, case_id) REFERENCES cases (agency_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE TABLE case_notifications (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      case_id uuid NOT NULL,
      audience text NOT NULL CHECK (audience IN ('citizen', 'handling_unit', 'assignees')),
      template text NOT NULL CHECK (template ~ '^[a-z][a-z_]{1,39}$'),
      payload jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(payload) = 'object'),
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      attempts smallint NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_error text CHECK (length(last_error) <= 1000),
      PRIMARY KEY (id),
      FOREIGN KEY (agency_id, case_id) REFERENCES cases (agency_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX case_notifications_pending ON case_notifications (created_at) WHERE sent_at IS NULL`.execute(
    db,
  );

  const comments: Array<[string, string]> = [
    [
      "case_routing_rules",
      "Routing of cases per agency: kind × unit concerned × procedure → handling unit; the most specific active rule wins.",
    ],
    ["case_routing_rules.case_kind", "NULL: any kind."],
    ["case_routing_rules.source_unit_id", "The unit the case concerns (a counter's unit, a file's unit); NULL: any."],
    ["case_routing_rules.procedure_id", "The procedure (thủ tục hành chính) the case concerns; NULL: any."],
    [
      "case_routing_rules.handling_unit_id",
      "The unit that handles matching cases. Since 01/07/2025 (Luật Thanh tra 84/2025/QH15) a Sở has no inspectorate in law: the agency names the unit.",
    ],
    ["case_workflow", "Workflow state of a case (1:1 with cases) that the core table does not hold."],
    [
      "case_workflow.tracking_secret_hash",
      "SHA-256 of the secret given to the citizen with the tracking code; the secret itself is never stored.",
    ],
    ["case_workflow.routed_by", "How the handling unit was chosen: rule, agency setting, default, or manual transfer."],
    ["case_workflow.accepted_at", "Thụ lý: when the case was accepted for handling; resolution periods run from it."],
    ["case_workflow.complex", "Vụ việc phức tạp: the longer resolution period applies (Luật Khiếu nại Art. 28)."],
    ["case_workflow.extensions", "How many times the resolution period was extended (Luật Tố cáo Art. 30: at most 2)."],
    ["case_workflow.paused_at", "Set while the handling is suspended (tạm đình chỉ); the clock stops."],
    ["case_workflow.overdue_at", "When the scheduled job found the current step overdue (cleared by a new step)."],
    ["case_workflow.consent_version", "Version of the personal-data notice the citizen accepted (Luật 91/2025/QH15)."],
    ["case_workflow.attachments_open_until", "The citizen may add attachments with the tracking secret until then."],
    [
      "case_code_sequences",
      "Last tracking-code number used per agency, prefix and day (Asia/Ho_Chi_Minh); incremented atomically.",
    ],
    [
      "case_deadlines",
      "Each deadline a case had: the step, the dates, the rule in force and its legal basis; one open at a time.",
    ],
    ["case_deadlines.due_on", "Last day of the period; the period ends at 24:00 of it (BLDS 2015 Art. 148)."],
    ["case_deadlines.due_at", "The instant the period ends: 00:00 of the day after due_on, Asia/Ho_Chi_Minh."],
    [
      "case_deadlines.legal_basis",
      "Copy of the rule's legal basis when the deadline was set (kept if the rule changes).",
    ],
    ["case_deadlines.late", "Set when the step was met: whether it was met after due_at."],
    [
      "case_events",
      "Timeline of a case: every transition with actor, time, reason and the notice sent to the citizen. Never holds the filer's identity.",
    ],
    ["case_events.public", "Shown to the citizen on the status page."],
    [
      "case_assignments",
      "Staff handling a case. Only actively assigned staff may see a denouncer's identity (Luật Tố cáo Art. 9, 56).",
    ],
    [
      "case_identities",
      "The filer's identity (name, address, contacts, original text), AES-256-GCM encrypted with a key of CASE_IDENTITY_KEYS.",
    ],
    ["case_identities.key_id", "Which key of the keyring encrypted it (keys rotate by prepending a new one)."],
    [
      "case_identities.ciphertext",
      "base64url AES-GCM ciphertext; the additional data binds it to the agency and case.",
    ],
    ["case_answers", "The answer (trả lời / quyết định giải quyết) to a case, and its published, redacted version."],
    ["case_answers.published_body", "The answer as published on the public page, with personal data removed."],
    [
      "case_attachments",
      "Attachments of a case or of its answer; the bytes are in R2 (binding ATTACHMENTS) under an opaque key.",
    ],
    [
      "case_attachments.identifying",
      "A denunciation's attachments identify the denouncer by default: content and name are encrypted, and others only see that they exist.",
    ],
    ["case_attachments.content_type", "Type detected from the file's first bytes, not the type the sender declared."],
    [
      "case_answer_ratings",
      "The citizen's rating of the answer (hài lòng / không hài lòng): SIPAS element 5 and the QĐ 766 PAKN satisfaction rate.",
    ],
    [
      "case_notifications",
      "Outbox of notices about cases; delivered by a notifier (log-only locally). No identity in payload.",
    ],
  ];
  for (const [target, text] of comments) {
    const kind = target.includes(".") ? "COLUMN" : "TABLE";
    await sql`COMMENT ON ${sql.raw(kind)} ${sql.raw(target)} IS ${sql.lit(text)}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "case_notifications",
    "case_answer_ratings",
    "case_attachments",
    "case_answers",
    "case_identities",
    "case_assignments",
    "case_events",
    "case_deadlines",
    "case_code_sequences",
    "case_workflow",
    "case_routing_rules",
  ]) {
    await sql`DROP TABLE ${sql.raw(table)}`.execute(db);
  }
  await sql`DROP INDEX cases_code`.execute(db);
}
