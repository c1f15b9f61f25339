import { type Kysely, sql } from "kysely";

/**
 * Citizen ratings (phiếu đánh giá): what migration 0001 left out.
 * - The expectations question (sự mong đợi, SIPAS): a template's list of improvement areas and
 *   each submission's chosen areas, as rows.
 * - Per-element satisfaction answers (SIPAS asks satisfaction with each of its 5 elements).
 * - The quick form's reason for "Không hài lòng", on the submission.
 * - Follow-ups of low ratings (the only place a citizen's contact may live, with consent).
 * - Used per-file rating tokens (single use) and Postgres-based rate-limit counters.
 *
 * Frozen in time: this migration imports nothing from the application.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Wording is data the agency edits ([U] beyond what DOMAIN §0.3 verified); null means the
  // product's standard wording. For the quick form the overall question is one of its criteria.
  await sql`
    ALTER TABLE survey_templates
      ADD COLUMN overall_question text CHECK (length(overall_question) BETWEEN 2 AND 500),
      ADD COLUMN overall_question_en text CHECK (length(overall_question_en) BETWEEN 2 AND 500),
      ADD COLUMN overall_criterion_code text,
      ADD COLUMN expectations_question text CHECK (length(expectations_question) BETWEEN 2 AND 500),
      ADD COLUMN expectations_question_en text CHECK (length(expectations_question_en) BETWEEN 2 AND 500),
      ADD COLUMN expectations_max smallint NOT NULL DEFAULT 3 CHECK (expectations_max BETWEEN 1 AND 10),
      ADD CONSTRAINT survey_templates_overall_criterion_fkey
        FOREIGN KEY (id, overall_criterion_code) REFERENCES survey_criteria (template_id, code)
        ON DELETE SET NULL (overall_criterion_code) DEFERRABLE INITIALLY DEFERRED`.execute(db);

  await sql`ALTER TABLE submissions ADD COLUMN reason text CHECK (length(reason) BETWEEN 1 AND 2000)`.execute(db);

  await sql`
    CREATE TABLE survey_expectation_options (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      template_id uuid NOT NULL,
      position smallint NOT NULL CHECK (position >= 1),
      code text NOT NULL CHECK (code ~ '^[a-z0-9_\\-]{1,40}$'),
      text text NOT NULL CHECK (length(text) BETWEEN 2 AND 500),
      text_en text CHECK (length(text_en) BETWEEN 2 AND 500),
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (template_id, code),
      UNIQUE (template_id, position),
      FOREIGN KEY (agency_id, template_id) REFERENCES survey_templates (agency_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE TABLE submission_expectations (
      agency_id uuid NOT NULL,
      submission_id uuid NOT NULL,
      option_id uuid NOT NULL,
      PRIMARY KEY (submission_id, option_id),
      FOREIGN KEY (agency_id, submission_id) REFERENCES submissions (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, option_id) REFERENCES survey_expectation_options (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);

  await sql`
    CREATE TABLE submission_element_scores (
      agency_id uuid NOT NULL,
      submission_id uuid NOT NULL,
      element_id uuid NOT NULL,
      score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
      PRIMARY KEY (submission_id, element_id),
      FOREIGN KEY (agency_id, submission_id) REFERENCES submissions (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, element_id) REFERENCES survey_elements (agency_id, id) ON DELETE RESTRICT
    )`.execute(db);

  await sql`
    CREATE TABLE rating_follow_ups (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      unit_id uuid NOT NULL,
      submission_id uuid NOT NULL,
      what_went_wrong text CHECK (length(what_went_wrong) BETWEEN 1 AND 2000),
      contact text CHECK (length(contact) BETWEEN 3 AND 200),
      contact_consent_version text,
      contact_consented_at timestamptz,
      contact_erased_at timestamptz,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
      handled_by uuid,
      note text CHECK (length(note) <= 4000),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      UNIQUE (agency_id, submission_id),
      -- A contact exists only with a recorded, purpose-specific consent (Luật 91/2025/QH15 Art. 9).
      CHECK (contact IS NULL OR (contact_consent_version IS NOT NULL AND contact_consented_at IS NOT NULL)),
      CHECK ((contact_consent_version IS NULL) = (contact_consented_at IS NULL)),
      -- The purpose ends with the follow-up: a closed follow-up keeps no contact.
      CHECK (status <> 'closed' OR contact IS NULL),
      CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
      FOREIGN KEY (agency_id, unit_id) REFERENCES units (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, submission_id) REFERENCES submissions (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, handled_by) REFERENCES staff_users (agency_id, id) ON DELETE SET NULL (handled_by)
    )`.execute(db);
  await sql`CREATE INDEX rating_follow_ups_queue ON rating_follow_ups (agency_id, unit_id, status, created_at)`.execute(
    db,
  );
  // Closing a follow-up erases the contact and stamps closed_at, so no caller can forget to.
  await sql`
    CREATE FUNCTION rating_follow_ups_on_close() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status = 'closed' THEN
        IF NEW.contact IS NOT NULL THEN
          NEW.contact := NULL;
          NEW.contact_erased_at := now();
        END IF;
        NEW.closed_at := COALESCE(NEW.closed_at, now());
      ELSE
        NEW.closed_at := NULL;
      END IF;
      NEW.updated_at := now();
      RETURN NEW;
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER rating_follow_ups_on_close BEFORE INSERT OR UPDATE ON rating_follow_ups
    FOR EACH ROW EXECUTE FUNCTION rating_follow_ups_on_close()`.execute(db);

  await sql`
    CREATE TABLE rating_tokens_used (
      token_id text NOT NULL CHECK (token_id ~ '^[A-Za-z0-9_\\-]{16,64}$'),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      file_id uuid NOT NULL,
      submission_id uuid NOT NULL,
      used_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (token_id),
      FOREIGN KEY (agency_id, file_id) REFERENCES files (agency_id, id) ON DELETE CASCADE,
      FOREIGN KEY (agency_id, submission_id) REFERENCES submissions (agency_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE TABLE rate_limit_hits (
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      bucket text NOT NULL CHECK (length(bucket) BETWEEN 1 AND 200),
      window_start timestamptz NOT NULL,
      count integer NOT NULL DEFAULT 1 CHECK (count >= 1),
      PRIMARY KEY (agency_id, bucket, window_start)
    )`.execute(db);
  await sql`CREATE INDEX rate_limit_hits_window ON rate_limit_hits (window_start)`.execute(db);

  const comments: Array<[string, string]> = [
    ["survey_templates.overall_question", "Wording of the overall satisfaction question; null: the standard wording."],
    [
      "survey_templates.overall_criterion_code",
      "When set (quick form), the criterion whose answer is the overall score (submissions.overall_score).",
    ],
    ["survey_templates.expectations_question", "Wording of the expectations question (sự mong đợi)."],
    ["survey_templates.expectations_max", "How many improvement areas a respondent may choose (SIPAS: up to 3)."],
    ["submissions.reason", "Why the citizen chose Không hài lòng on the quick form (required there)."],
    ["survey_expectation_options", "Sự mong đợi: the improvement areas a template offers, in order."],
    ["submission_expectations", "The improvement areas one submission chose (at most the template's maximum)."],
    ["submission_element_scores", "Satisfaction with one element (yếu tố) in a SIPAS submission, 1 = lowest."],
    [
      "rating_follow_ups",
      "Low ratings (Bình thường or below) queued for the responsible unit. The only table that may hold a citizen's contact, and only with consent.",
    ],
    [
      "rating_follow_ups.contact",
      "Personal data (Luật 91/2025/QH15): given with explicit consent for this follow-up only; erased on close; never exported.",
    ],
    ["rating_follow_ups.contact_consent_version", "Version of the consent text the citizen accepted."],
    ["rating_tokens_used", "Per-file rating tokens (QR on the receipt) already spent: each token rates once."],
    [
      "rate_limit_hits",
      "Fixed-window counters for rating abuse limits; bucket is a salted device hash or a counter id, never an IP.",
    ],
  ];
  for (const [target, text] of comments) {
    const kind = target.includes(".") ? "COLUMN" : "TABLE";
    await sql`COMMENT ON ${sql.raw(kind)} ${sql.raw(target)} IS ${sql.lit(text)}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "rate_limit_hits",
    "rating_tokens_used",
    "rating_follow_ups",
    "submission_element_scores",
    "submission_expectations",
    "survey_expectation_options",
  ]) {
    await sql`DROP TABLE ${sql.raw(table)}`.execute(db);
  }
  await sql`DROP FUNCTION rating_follow_ups_on_close()`.execute(db);
  await sql`ALTER TABLE submissions DROP COLUMN reason`.execute(db);
  await sql`
    ALTER TABLE survey_templates
      DROP CONSTRAINT survey_templates_overall_criterion_fkey,
      DROP COLUMN overall_question,
      DROP COLUMN overall_question_en,
      DROP COLUMN overall_criterion_code,
      DROP COLUMN expectations_question,
      DROP COLUMN expectations_question_en,
      DROP COLUMN expectations_max`.execute(db);
}
