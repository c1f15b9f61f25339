import { type Kysely, sql } from "kysely";

/**
 * The manager dashboard: rating rollups and corrective actions.
 *
 * Rollups (derived data; the submissions and answers stay the truth):
 * - rating_daily: the overall question per local day × unit × counter × procedure × template ×
 *   with/without a file (trend, breakdowns by unit / counter / procedure, response rate);
 * - rating_item_daily: criteria and element answers per local day × unit × template × item
 *   (SIPAS criteria and elements, the per-file indicators);
 * - rating_hourly: the overall question per local day × hour × unit (hour × weekday heat map).
 * Each row counts answers per level (n1..n5) of its template's scale; satisfied (top-2-box),
 * negative, neutral-or-below, n and the score sum are generated from them.
 *
 * They are kept current on write by statement-level triggers on submissions, answers and
 * submission_element_scores (one aggregated upsert per statement, rows locked in key order),
 * count only submissions that are not flagged (flagging or unflagging moves the counts), and
 * can be rebuilt from the truth with rating_rollup_rebuild(agency, from, to).
 *
 * Frozen in time: this migration imports nothing from the application.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const levelColumns = sql.raw(`
      n1 integer NOT NULL DEFAULT 0 CHECK (n1 >= 0),
      n2 integer NOT NULL DEFAULT 0 CHECK (n2 >= 0),
      n3 integer NOT NULL DEFAULT 0 CHECK (n3 >= 0),
      n4 integer NOT NULL DEFAULT 0 CHECK (n4 >= 0),
      n5 integer NOT NULL DEFAULT 0 CHECK (n5 >= 0),
      n integer GENERATED ALWAYS AS (n1 + n2 + n3 + n4 + n5) STORED,
      satisfied integer GENERATED ALWAYS AS (CASE scale_levels WHEN 5 THEN n4 + n5 ELSE n2 + n3 END) STORED,
      negative integer GENERATED ALWAYS AS (CASE scale_levels WHEN 5 THEN n1 + n2 ELSE n1 END) STORED,
      neutral_or_below integer GENERATED ALWAYS AS (CASE scale_levels WHEN 5 THEN n1 + n2 + n3 ELSE n1 END) STORED,
      score_sum integer GENERATED ALWAYS AS (n1 + 2 * n2 + 3 * n3 + 4 * n4 + 5 * n5) STORED,
      CHECK (scale_levels = 5 OR (n4 = 0 AND n5 = 0))`);

  await sql`
    CREATE TABLE rating_daily (
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      day date NOT NULL,
      unit_id uuid NOT NULL,
      counter_id uuid,
      procedure_id uuid,
      template_id uuid NOT NULL,
      has_file boolean NOT NULL,
      scale_levels smallint NOT NULL CHECK (scale_levels IN (3, 5)),
      ${levelColumns},
      CONSTRAINT rating_daily_key UNIQUE NULLS NOT DISTINCT
        (agency_id, day, unit_id, counter_id, procedure_id, template_id, has_file)
    )`.execute(db);

  await sql`
    CREATE TABLE rating_item_daily (
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      day date NOT NULL,
      unit_id uuid NOT NULL,
      template_id uuid NOT NULL,
      has_file boolean NOT NULL,
      item text NOT NULL CHECK (item IN ('criterion', 'element')),
      item_id uuid NOT NULL,
      scale_levels smallint NOT NULL CHECK (scale_levels IN (3, 5)),
      ${levelColumns},
      CONSTRAINT rating_item_daily_key UNIQUE (agency_id, day, unit_id, template_id, has_file, item, item_id)
    )`.execute(db);

  await sql`
    CREATE TABLE rating_hourly (
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      day date NOT NULL,
      hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
      unit_id uuid NOT NULL,
      template_id uuid NOT NULL,
      scale_levels smallint NOT NULL CHECK (scale_levels IN (3, 5)),
      ${levelColumns},
      CONSTRAINT rating_hourly_key UNIQUE (agency_id, day, hour, unit_id, template_id)
    )`.execute(db);

  // One answer as the rollups see it: where (local day and hour, dimensions) and what (score).
  await sql`
    CREATE TYPE rating_fact AS (
      agency_id uuid, day date, hour smallint, unit_id uuid, counter_id uuid, procedure_id uuid,
      template_id uuid, has_file boolean, item text, item_id uuid, scale_levels smallint, score smallint
    )`.execute(db);
  // A criterion answer or an element score, before it is joined to its submission.
  await sql`CREATE TYPE rating_item AS (agency_id uuid, submission_id uuid, item_id uuid, score smallint)`.execute(db);

  // The facts of submissions given as rows (old or new versions), flagged ones left out. With
  // p_items, also the criterion answers and element scores now stored for them.
  await sql`
    CREATE FUNCTION rating_facts_of_submissions(p submissions[], p_items boolean)
    RETURNS SETOF rating_fact LANGUAGE sql STABLE AS $$
      WITH s AS (
        SELECT x.id, x.agency_id, x.unit_id, x.counter_id, x.procedure_id, x.template_id,
               x.file_id IS NOT NULL AS has_file, x.overall_score,
               x.submitted_at AT TIME ZONE a.timezone AS local_at, t.scale_levels
        FROM unnest(p) AS x
        JOIN agencies a ON a.id = x.agency_id
        JOIN survey_templates t ON t.agency_id = x.agency_id AND t.id = x.template_id
        WHERE NOT x.flagged
      )
      SELECT ROW(s.agency_id, s.local_at::date, extract(hour FROM s.local_at)::smallint, s.unit_id, s.counter_id,
                 s.procedure_id, s.template_id, s.has_file, 'overall', NULL::uuid, s.scale_levels,
                 s.overall_score)::rating_fact
      FROM s WHERE s.overall_score IS NOT NULL
      UNION ALL
      SELECT ROW(s.agency_id, s.local_at::date, NULL::smallint, s.unit_id, NULL::uuid, NULL::uuid, s.template_id,
                 s.has_file, 'criterion', an.criterion_id, s.scale_levels, an.score)::rating_fact
      FROM s JOIN answers an ON an.agency_id = s.agency_id AND an.submission_id = s.id
      WHERE p_items
      UNION ALL
      SELECT ROW(s.agency_id, s.local_at::date, NULL::smallint, s.unit_id, NULL::uuid, NULL::uuid, s.template_id,
                 s.has_file, 'element', es.element_id, s.scale_levels, es.score)::rating_fact
      FROM s JOIN submission_element_scores es ON es.agency_id = s.agency_id AND es.submission_id = s.id
      WHERE p_items
    $$`.execute(db);

  // The facts of criterion answers or element scores, joined to their (current) submission.
  // A submission already deleted contributes nothing: its BEFORE DELETE trigger took it out.
  await sql`
    CREATE FUNCTION rating_facts_of_items(p rating_item[], p_kind text)
    RETURNS SETOF rating_fact LANGUAGE sql STABLE AS $$
      SELECT ROW(s.agency_id, (s.submitted_at AT TIME ZONE a.timezone)::date, NULL::smallint, s.unit_id, NULL::uuid,
                 NULL::uuid, s.template_id, s.file_id IS NOT NULL, p_kind, i.item_id, t.scale_levels,
                 i.score)::rating_fact
      FROM unnest(p) AS i
      JOIN submissions s ON s.agency_id = i.agency_id AND s.id = i.submission_id AND NOT s.flagged
      JOIN agencies a ON a.id = s.agency_id
      JOIN survey_templates t ON t.agency_id = s.agency_id AND t.id = s.template_id
    $$`.execute(db);

  // Adds (p_sign = 1) or takes out (p_sign = -1) facts. Additions upsert in key order, so two
  // transactions never wait on each other's rows in opposite orders; removals only update rows
  // that exist (a cascade from a deleted agency may have removed them already).
  await sql`
    CREATE FUNCTION rating_rollup_apply(p_sign integer, p_facts rating_fact[])
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF p_facts IS NULL OR cardinality(p_facts) = 0 THEN
        RETURN;
      END IF;
      IF p_sign > 0 THEN
        INSERT INTO rating_daily AS r (agency_id, day, unit_id, counter_id, procedure_id, template_id, has_file,
                                       scale_levels, n1, n2, n3, n4, n5)
        SELECT agency_id, day, unit_id, counter_id, procedure_id, template_id, has_file, max(scale_levels),
               count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 3),
               count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5)
        FROM unnest(p_facts) WHERE item = 'overall'
        GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT ON CONSTRAINT rating_daily_key DO UPDATE SET
          n1 = r.n1 + excluded.n1, n2 = r.n2 + excluded.n2, n3 = r.n3 + excluded.n3,
          n4 = r.n4 + excluded.n4, n5 = r.n5 + excluded.n5;

        INSERT INTO rating_hourly AS r (agency_id, day, hour, unit_id, template_id, scale_levels, n1, n2, n3, n4, n5)
        SELECT agency_id, day, hour, unit_id, template_id, max(scale_levels),
               count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 3),
               count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5)
        FROM unnest(p_facts) WHERE item = 'overall'
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT ON CONSTRAINT rating_hourly_key DO UPDATE SET
          n1 = r.n1 + excluded.n1, n2 = r.n2 + excluded.n2, n3 = r.n3 + excluded.n3,
          n4 = r.n4 + excluded.n4, n5 = r.n5 + excluded.n5;

        INSERT INTO rating_item_daily AS r (agency_id, day, unit_id, template_id, has_file, item, item_id,
                                            scale_levels, n1, n2, n3, n4, n5)
        SELECT agency_id, day, unit_id, template_id, has_file, item, item_id, max(scale_levels),
               count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 3),
               count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5)
        FROM unnest(p_facts) WHERE item <> 'overall'
        GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT ON CONSTRAINT rating_item_daily_key DO UPDATE SET
          n1 = r.n1 + excluded.n1, n2 = r.n2 + excluded.n2, n3 = r.n3 + excluded.n3,
          n4 = r.n4 + excluded.n4, n5 = r.n5 + excluded.n5;
      ELSE
        UPDATE rating_daily r SET n1 = r.n1 - d.n1, n2 = r.n2 - d.n2, n3 = r.n3 - d.n3, n4 = r.n4 - d.n4,
                                  n5 = r.n5 - d.n5
        FROM (
          SELECT agency_id, day, unit_id, counter_id, procedure_id, template_id, has_file,
                 count(*) FILTER (WHERE score = 1) AS n1, count(*) FILTER (WHERE score = 2) AS n2,
                 count(*) FILTER (WHERE score = 3) AS n3, count(*) FILTER (WHERE score = 4) AS n4,
                 count(*) FILTER (WHERE score = 5) AS n5
          FROM unnest(p_facts) WHERE item = 'overall' GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
        ) d
        WHERE r.agency_id = d.agency_id AND r.day = d.day AND r.unit_id = d.unit_id
          AND r.counter_id IS NOT DISTINCT FROM d.counter_id AND r.procedure_id IS NOT DISTINCT FROM d.procedure_id
          AND r.template_id = d.template_id AND r.has_file = d.has_file;

        UPDATE rating_hourly r SET n1 = r.n1 - d.n1, n2 = r.n2 - d.n2, n3 = r.n3 - d.n3, n4 = r.n4 - d.n4,
                                   n5 = r.n5 - d.n5
        FROM (
          SELECT agency_id, day, hour, unit_id, template_id,
                 count(*) FILTER (WHERE score = 1) AS n1, count(*) FILTER (WHERE score = 2) AS n2,
                 count(*) FILTER (WHERE score = 3) AS n3, count(*) FILTER (WHERE score = 4) AS n4,
                 count(*) FILTER (WHERE score = 5) AS n5
          FROM unnest(p_facts) WHERE item = 'overall' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ) d
        WHERE r.agency_id = d.agency_id AND r.day = d.day AND r.hour = d.hour AND r.unit_id = d.unit_id
          AND r.template_id = d.template_id;

        UPDATE rating_item_daily r SET n1 = r.n1 - d.n1, n2 = r.n2 - d.n2, n3 = r.n3 - d.n3, n4 = r.n4 - d.n4,
                                       n5 = r.n5 - d.n5
        FROM (
          SELECT agency_id, day, unit_id, template_id, has_file, item, item_id,
                 count(*) FILTER (WHERE score = 1) AS n1, count(*) FILTER (WHERE score = 2) AS n2,
                 count(*) FILTER (WHERE score = 3) AS n3, count(*) FILTER (WHERE score = 4) AS n4,
                 count(*) FILTER (WHERE score = 5) AS n5
          FROM unnest(p_facts) WHERE item <> 'overall' GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
        ) d
        WHERE r.agency_id = d.agency_id AND r.day = d.day AND r.unit_id = d.unit_id AND r.template_id = d.template_id
          AND r.has_file = d.has_file AND r.item = d.item AND r.item_id = d.item_id;
      END IF;
    END
    $$`.execute(db);

  // Submissions: inserted → add; a change of anything the rollups key on → take the old version
  // out and put the new one in (flagging a submission takes it out); deleted → take out first.
  await sql`
    CREATE FUNCTION rating_rollup_submissions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM rating_rollup_apply(1, ARRAY(
        SELECT rating_facts_of_submissions(ARRAY(SELECT n::submissions FROM new_rows n), true)));
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`
    CREATE FUNCTION rating_rollup_submissions_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      changed_old submissions[];
      changed_new submissions[];
    BEGIN
      SELECT array_agg(o::submissions), array_agg(n::submissions) INTO changed_old, changed_new
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.agency_id, o.flagged, o.overall_score, o.unit_id, o.counter_id, o.procedure_id, o.template_id,
             o.file_id IS NULL, o.submitted_at)
        IS DISTINCT FROM
            (n.agency_id, n.flagged, n.overall_score, n.unit_id, n.counter_id, n.procedure_id, n.template_id,
             n.file_id IS NULL, n.submitted_at);
      IF changed_old IS NOT NULL THEN
        PERFORM rating_rollup_apply(-1, ARRAY(SELECT rating_facts_of_submissions(changed_old, true)));
        PERFORM rating_rollup_apply(1, ARRAY(SELECT rating_facts_of_submissions(changed_new, true)));
      END IF;
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`
    CREATE FUNCTION rating_rollup_submission_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM rating_rollup_apply(-1, ARRAY(SELECT rating_facts_of_submissions(ARRAY[OLD], true)));
      RETURN OLD;
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER rating_rollup_submissions_inserted AFTER INSERT ON submissions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rating_rollup_submissions_inserted()`.execute(
    db,
  );
  await sql`
    CREATE TRIGGER rating_rollup_submissions_updated AFTER UPDATE ON submissions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rating_rollup_submissions_updated()`.execute(db);
  await sql`
    CREATE TRIGGER rating_rollup_submission_deleting BEFORE DELETE ON submissions
    FOR EACH ROW EXECUTE FUNCTION rating_rollup_submission_deleting()`.execute(db);

  // Answers and element scores: inserted → add, deleted → take out, changed → both.
  for (const [table, column, kind] of [
    ["answers", "criterion_id", "criterion"],
    ["submission_element_scores", "element_id", "element"],
  ] as const) {
    const fn = sql.raw(`rating_rollup_${table}_changed`);
    await sql`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          PERFORM rating_rollup_apply(-1, ARRAY(SELECT rating_facts_of_items(
            ARRAY(SELECT ROW(o.agency_id, o.submission_id, o.${sql.raw(column)}, o.score)::rating_item FROM old_rows o),
            ${sql.lit(kind)})));
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          PERFORM rating_rollup_apply(1, ARRAY(SELECT rating_facts_of_items(
            ARRAY(SELECT ROW(n.agency_id, n.submission_id, n.${sql.raw(column)}, n.score)::rating_item FROM new_rows n),
            ${sql.lit(kind)})));
        END IF;
        RETURN NULL;
      END
      $$`.execute(db);
    // Transition tables allow one event per trigger.
    await sql`
      CREATE TRIGGER ${sql.raw(`rating_rollup_${table}_inserted`)} AFTER INSERT ON ${sql.raw(table)}
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.raw(`rating_rollup_${table}_updated`)} AFTER UPDATE ON ${sql.raw(table)}
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.raw(`rating_rollup_${table}_deleted`)} AFTER DELETE ON ${sql.raw(table)}
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`.execute(db);
  }

  // Rebuild an agency's rollups for local days [p_from, p_to] (all days when null) from the
  // truth, one day at a time. Writers wait for it (the lock) and add on top of the result.
  await sql`
    CREATE FUNCTION rating_rollup_rebuild(p_agency uuid, p_from date DEFAULT NULL, p_to date DEFAULT NULL)
    RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE
      tz text;
      first_day date;
      last_day date;
      d date;
      days integer := 0;
    BEGIN
      LOCK TABLE rating_daily, rating_item_daily, rating_hourly IN SHARE ROW EXCLUSIVE MODE;
      SELECT timezone INTO tz FROM agencies WHERE id = p_agency;
      IF tz IS NULL THEN
        RAISE EXCEPTION 'no agency %', p_agency USING ERRCODE = 'no_data_found';
      END IF;
      SELECT COALESCE(p_from, min((submitted_at AT TIME ZONE tz)::date)),
             COALESCE(p_to, max((submitted_at AT TIME ZONE tz)::date))
        INTO first_day, last_day
      FROM submissions WHERE agency_id = p_agency;
      DELETE FROM rating_daily WHERE agency_id = p_agency
        AND (p_from IS NULL OR day >= p_from) AND (p_to IS NULL OR day <= p_to);
      DELETE FROM rating_item_daily WHERE agency_id = p_agency
        AND (p_from IS NULL OR day >= p_from) AND (p_to IS NULL OR day <= p_to);
      DELETE FROM rating_hourly WHERE agency_id = p_agency
        AND (p_from IS NULL OR day >= p_from) AND (p_to IS NULL OR day <= p_to);
      IF first_day IS NULL THEN
        RETURN 0;
      END IF;
      d := first_day;
      WHILE d <= last_day LOOP
        PERFORM rating_rollup_apply(1, ARRAY(SELECT rating_facts_of_submissions(ARRAY(
          SELECT s FROM submissions s
          WHERE s.agency_id = p_agency
            AND s.submitted_at >= (d::timestamp AT TIME ZONE tz)
            AND s.submitted_at < ((d + 1)::timestamp AT TIME ZONE tz)), true)));
        days := days + 1;
        d := d + 1;
      END LOOP;
      RETURN days;
    END
    $$`.execute(db);

  await sql`
    CREATE TABLE corrective_actions (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
      unit_id uuid NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 3 AND 300),
      description text CHECK (length(description) <= 4000),
      source text NOT NULL CHECK (source IN ('criterion', 'follow_up', 'alert', 'other')),
      criterion_id uuid,
      follow_up_id uuid,
      owner_id uuid,
      due_on date NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
      evidence text CHECK (length(evidence) BETWEEN 3 AND 4000),
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      PRIMARY KEY (id),
      UNIQUE (agency_id, id),
      -- What the action answers: a low-rated criterion, a follow-up of a low rating, or neither.
      CHECK ((source = 'criterion') = (criterion_id IS NOT NULL)),
      CHECK ((source = 'follow_up') = (follow_up_id IS NOT NULL)),
      -- Done means shown to be done: the evidence (what was changed, a document number) is required.
      CHECK (status <> 'done' OR evidence IS NOT NULL),
      CHECK ((status IN ('done', 'cancelled')) = (closed_at IS NOT NULL)),
      FOREIGN KEY (agency_id, unit_id) REFERENCES units (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, criterion_id) REFERENCES survey_criteria (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, follow_up_id) REFERENCES rating_follow_ups (agency_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (agency_id, owner_id) REFERENCES staff_users (agency_id, id) ON DELETE SET NULL (owner_id),
      FOREIGN KEY (agency_id, created_by) REFERENCES staff_users (agency_id, id) ON DELETE SET NULL (created_by)
    )`.execute(db);
  await sql`CREATE INDEX corrective_actions_open ON corrective_actions (agency_id, status, due_on)`.execute(db);

  const comments: Array<[string, string]> = [
    [
      "rating_daily",
      "Rollup (derived, rebuildable): overall-question answers of valid submissions per local day, unit, counter, procedure, template and whether the rating is about a file. Kept current by triggers.",
    ],
    [
      "rating_item_daily",
      "Rollup (derived, rebuildable): criterion answers and element scores of valid submissions per local day, unit, template and item.",
    ],
    [
      "rating_hourly",
      "Rollup (derived, rebuildable): overall-question answers per local day, hour and unit (heat map).",
    ],
    ["rating_daily.day", "The agency's local date (agencies.timezone) of submitted_at."],
    [
      "rating_daily.has_file",
      "The submission rates a file (hồ sơ): counts toward response rate and per-file indicators.",
    ],
    ["rating_daily.n1", "Answers at level 1 of the template's scale (n2..n5 likewise)."],
    ["rating_daily.satisfied", "Top-2-box: levels 4–5 of 5 or 2–3 of 3 (Hài lòng + Rất hài lòng)."],
    ["rating_daily.negative", "Dissatisfied levels: 1–2 of 5, 1 of 3 (alerts)."],
    ["rating_daily.neutral_or_below", "Levels 1–3 of 5, 1 of 3 (follow-up rule)."],
    ["rating_item_daily.item", "criterion (tiêu chí) answers or element (yếu tố) satisfaction scores."],
    [
      "corrective_actions",
      "Biện pháp khắc phục: what a unit will do about a low-rated criterion or a low rating, with owner, due date, status and evidence.",
    ],
    ["corrective_actions.evidence", "What shows the action was carried out (required when done)."],
    ["corrective_actions.due_on", "Local date by which the action is due; overdue when still open after it."],
  ];
  for (const [target, text] of comments) {
    const kind = target.includes(".") ? "COLUMN" : "TABLE";
    await sql`COMMENT ON ${sql.raw(kind)} ${sql.raw(target)} IS ${sql.lit(text)}`.execute(db);
  }

  // Submissions already stored (an existing deployment) get their rollups now.
  await sql`SELECT rating_rollup_rebuild(id) FROM agencies`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE corrective_actions`.execute(db);
  for (const table of ["answers", "submission_element_scores"]) {
    for (const event of ["inserted", "updated", "deleted"]) {
      await sql`DROP TRIGGER ${sql.raw(`rating_rollup_${table}_${event}`)} ON ${sql.raw(table)}`.execute(db);
    }
    await sql`DROP FUNCTION ${sql.raw(`rating_rollup_${table}_changed`)}()`.execute(db);
  }
  await sql`DROP TRIGGER rating_rollup_submissions_inserted ON submissions`.execute(db);
  await sql`DROP TRIGGER rating_rollup_submissions_updated ON submissions`.execute(db);
  await sql`DROP TRIGGER rating_rollup_submission_deleting ON submissions`.execute(db);
  await sql`DROP FUNCTION rating_rollup_submissions_inserted()`.execute(db);
  await sql`DROP FUNCTION rating_rollup_submissions_updated()`.execute(db);
  await sql`DROP FUNCTION rating_rollup_submission_deleting()`.execute(db);
  await sql`DROP FUNCTION rating_rollup_rebuild(uuid, date, date)`.execute(db);
  await sql`DROP FUNCTION rating_rollup_apply(integer, rating_fact[])`.execute(db);
  await sql`DROP FUNCTION rating_facts_of_items(rating_item[], text)`.execute(db);
  await sql`DROP FUNCTION rating_facts_of_submissions(submissions[], boolean)`.execute(db);
  await sql`DROP TYPE rating_item`.execute(db);
  await sql`DROP TYPE rating_fact`.execute(db);
  await sql`DROP TABLE rating_hourly`.execute(db);
  await sql`DROP TABLE rating_item_daily`.execute(db);
  await sql`DROP TABLE rating_daily`.execute(db);
}
