import { type Kysely, sql } from "kysely";

/**
 * The rating submission path in one round trip (issue #8, docs/scale.md "Where a rating's time
 * goes").
 *
 * rating_submit(jsonb) writes one citizen rating (phiếu đánh giá) as the worker has validated
 * it: the submission, its answers, element scores and chosen expectations, the spent file token,
 * the abuse-limit hits and the follow-up of a low rating, in one statement, so one round trip
 * and one short transaction instead of BEGIN + 4–8 statements + COMMIT. The rules stay in the
 * worker (zod, worker/ratings/ratings.service.ts); this function only applies them atomically:
 *
 * - Idempotency folded into the insert: `ON CONFLICT (agency_id, idempotency_key) DO NOTHING`. A
 *   retry, or a parallel copy that waited on the key, gets outcome 'replayed' with what the
 *   original receipt needs (id, time, lowest score, scale) and writes nothing else.
 * - Rate limits are counted only for the stored submission (never for a retry), after the
 *   insert, in one upsert. Over a limit: the submission is flagged with the rule's reason. Over
 *   limit × hard factor: SQLSTATE HL429 is raised (DETAIL: the counts, in rule order) and the
 *   whole statement rolls back, so nothing is stored.
 * - The worker caches counters and published templates per isolate; `expect` says what it took
 *   from its cache. When that no longer holds (counter moved, deactivated or given another
 *   survey; template unpublished), the outcome is 'stale' and nothing is written: the worker
 *   reloads and tries again.
 *
 * - The rollups of migration 0007 are added by the function itself, once per rating, from what
 *   it was given (three upserts), instead of by the rollup triggers once per statement (which
 *   re-read the rows written, about half of Postgres's time for a rating). The triggers skip
 *   its statements through a WHEN clause on a transaction-local setting that the function sets
 *   and clears around its own writes; every other write still goes through the triggers, and
 *   test/worker/ratings-write.test.ts checks that the two give the same counts.
 *
 * Frozen in time: this migration imports nothing from the application.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION rating_submit(p jsonb)
    RETURNS TABLE (outcome text, id uuid, submitted_at timestamptz, flagged boolean, lowest smallint,
                   scale_levels smallint)
    LANGUAGE plpgsql AS $$
    #variable_conflict use_column
    DECLARE
      s submissions := jsonb_populate_record(NULL::submissions, p->'submission');
      ex jsonb := p->'expect';
      lim jsonb := p->'limits';
      fu jsonb := p->'follow_up';
      v_id uuid;
      v_at timestamptz;
      v_levels smallint;
      v_tz text;
      v_local timestamp;
      v_counts integer[];
      v_exceeded text[];
      v_far boolean;
    BEGIN
      -- 1. What the worker took from its cache must still hold.
      SELECT t.scale_levels, a.timezone INTO v_levels, v_tz
      FROM survey_templates t JOIN agencies a ON a.id = t.agency_id
      WHERE t.agency_id = s.agency_id AND t.id = s.template_id AND t.published_at IS NOT NULL
        AND t.version = (ex->>'template_version')::integer;
      IF v_levels IS NULL OR (jsonb_typeof(ex->'counter') = 'object' AND NOT EXISTS (
        SELECT 1 FROM counters c
        JOIN survey_templates t ON t.agency_id = c.agency_id AND t.id = c.survey_template_id
        WHERE c.agency_id = s.agency_id AND c.id = (ex->'counter'->>'id')::uuid
          AND c.public_code = ex->'counter'->>'public_code' AND c.active
          AND c.unit_id = (ex->'counter'->>'unit_id')::uuid AND t.code = ex->'counter'->>'template_code'
      )) THEN
        RETURN QUERY SELECT 'stale'::text, NULL::uuid, NULL::timestamptz, NULL::boolean, NULL::smallint,
                            NULL::smallint;
        RETURN;
      END IF;

      -- The rollups are added once, at the end, from what this function knows (below); the
      -- rollup triggers skip its statements (their WHEN clause reads this setting).
      PERFORM set_config('hailong.rollups_by', 'rating_submit', true);

      -- 2. The submission, unless its key was stored before: then answer with the original.
      INSERT INTO submissions AS x (agency_id, idempotency_key, template_id, channel, unit_id, counter_id,
                                    procedure_id, file_id, overall_score, reason, respondent_kind, age_band,
                                    gender, flagged, flag_reason)
      VALUES (s.agency_id, s.idempotency_key, s.template_id, s.channel, s.unit_id, s.counter_id,
              s.procedure_id, s.file_id, s.overall_score, s.reason, s.respondent_kind, s.age_band,
              s.gender, s.flag_reason IS NOT NULL, s.flag_reason)
      ON CONFLICT (agency_id, idempotency_key) DO NOTHING
      RETURNING x.id, x.submitted_at INTO v_id, v_at;
      IF v_id IS NULL THEN
        PERFORM set_config('hailong.rollups_by', '', true);
        RETURN QUERY
        SELECT 'replayed'::text, o.id, o.submitted_at, o.flagged,
               LEAST(o.overall_score,
                     (SELECT min(a.score) FROM answers a WHERE a.submission_id = o.id),
                     (SELECT min(e.score) FROM submission_element_scores e WHERE e.submission_id = o.id))::smallint,
               t.scale_levels
        FROM submissions o
        JOIN survey_templates t ON t.agency_id = o.agency_id AND t.id = o.template_id
        WHERE o.agency_id = s.agency_id AND o.idempotency_key = s.idempotency_key;
        RETURN;
      END IF;

      -- 3. Abuse limits, counted once per stored submission, buckets locked in key order.
      IF jsonb_array_length(COALESCE(lim->'rules', '[]'::jsonb)) > 0 THEN
        WITH hits AS (
          INSERT INTO rate_limit_hits AS h (agency_id, bucket, window_start, count)
          SELECT s.agency_id, r->>'bucket', (r->>'window_start')::timestamptz, 1
          FROM jsonb_array_elements(lim->'rules') AS r
          ORDER BY 2, 3
          ON CONFLICT (agency_id, bucket, window_start) DO UPDATE SET count = h.count + 1
          RETURNING h.bucket, h.window_start, h.count
        )
        SELECT array_agg(COALESCE(h.count, 1) ORDER BY r.n),
               array_agg(r.rule->>'reason' ORDER BY r.n)
                 FILTER (WHERE COALESCE(h.count, 1) > (r.rule->>'limit')::numeric),
               COALESCE(bool_or(COALESCE(h.count, 1) > (r.rule->>'limit')::numeric * (lim->>'hard_factor')::numeric),
                        false)
          INTO v_counts, v_exceeded, v_far
        FROM jsonb_array_elements(lim->'rules') WITH ORDINALITY AS r(rule, n)
        LEFT JOIN hits h ON h.bucket = r.rule->>'bucket' AND h.window_start = (r.rule->>'window_start')::timestamptz;
        IF v_far THEN
          RAISE EXCEPTION 'rating refused: a rate limit is exceeded many times over'
            USING ERRCODE = 'HL429', DETAIL = array_to_json(v_counts)::text;
        END IF;
        IF v_exceeded IS NOT NULL THEN
          s.flag_reason := array_to_string(array_cat(string_to_array(s.flag_reason, ','), v_exceeded), ',');
          UPDATE submissions SET flagged = true, flag_reason = s.flag_reason
          WHERE agency_id = s.agency_id AND id = v_id;
        END IF;
        -- Old windows are useless after a day; prune them now and then instead of needing a cron.
        IF random() < 0.01 THEN
          DELETE FROM rate_limit_hits WHERE window_start < (lim->>'now')::timestamptz - interval '1 day';
        END IF;
      END IF;

      -- 4. What belongs to the submission.
      IF jsonb_array_length(COALESCE(p->'answers', '[]'::jsonb)) > 0 THEN
        INSERT INTO answers (agency_id, submission_id, criterion_id, score)
        SELECT s.agency_id, v_id, a.criterion_id, a.score
        FROM jsonb_to_recordset(p->'answers') AS a(criterion_id uuid, score smallint);
      END IF;
      IF jsonb_array_length(COALESCE(p->'element_scores', '[]'::jsonb)) > 0 THEN
        INSERT INTO submission_element_scores (agency_id, submission_id, element_id, score)
        SELECT s.agency_id, v_id, e.element_id, e.score
        FROM jsonb_to_recordset(p->'element_scores') AS e(element_id uuid, score smallint);
      END IF;
      IF jsonb_array_length(COALESCE(p->'expectation_option_ids', '[]'::jsonb)) > 0 THEN
        INSERT INTO submission_expectations (agency_id, submission_id, option_id)
        SELECT s.agency_id, v_id, o::uuid FROM jsonb_array_elements_text(p->'expectation_option_ids') AS o;
      END IF;
      IF p->>'token_id' IS NOT NULL AND s.file_id IS NOT NULL THEN
        INSERT INTO rating_tokens_used (token_id, agency_id, file_id, submission_id)
        VALUES (p->>'token_id', s.agency_id, s.file_id, v_id);
      END IF;
      -- Flagged submissions stay out of the follow-up queue, and their contact is not kept.
      IF jsonb_typeof(fu) = 'object' AND s.flag_reason IS NULL THEN
        INSERT INTO rating_follow_ups (agency_id, unit_id, submission_id, what_went_wrong, contact,
                                       contact_consent_version, contact_consented_at)
        VALUES (s.agency_id, s.unit_id, v_id, fu->>'what_went_wrong', fu->>'contact',
                CASE WHEN fu->>'contact' IS NOT NULL THEN fu->>'contact_consent_version' END,
                CASE WHEN fu->>'contact' IS NOT NULL THEN v_at END);
      END IF;

      -- 5. The rollups of migration 0007, as its triggers would add them: a valid submission's
      -- overall answer per local day (rating_daily) and hour (rating_hourly), its criterion
      -- answers and element scores per local day (rating_item_daily); rows locked in key order.
      PERFORM set_config('hailong.rollups_by', '', true);
      IF s.flag_reason IS NULL THEN
        v_local := v_at AT TIME ZONE v_tz;
        IF s.overall_score IS NOT NULL THEN
          INSERT INTO rating_daily AS r (agency_id, day, unit_id, counter_id, procedure_id, template_id, has_file,
                                         scale_levels, n1, n2, n3, n4, n5)
          VALUES (s.agency_id, v_local::date, s.unit_id, s.counter_id, s.procedure_id, s.template_id,
                  s.file_id IS NOT NULL, v_levels, (s.overall_score = 1)::int, (s.overall_score = 2)::int,
                  (s.overall_score = 3)::int, (s.overall_score = 4)::int, (s.overall_score = 5)::int)
          ON CONFLICT ON CONSTRAINT rating_daily_key DO UPDATE SET
            n1 = r.n1 + excluded.n1, n2 = r.n2 + excluded.n2, n3 = r.n3 + excluded.n3,
            n4 = r.n4 + excluded.n4, n5 = r.n5 + excluded.n5;
          INSERT INTO rating_hourly AS r (agency_id, day, hour, unit_id, template_id, scale_levels, n1, n2, n3, n4, n5)
          VALUES (s.agency_id, v_local::date, extract(hour FROM v_local)::smallint, s.unit_id, s.template_id, v_levels,
                  (s.overall_score = 1)::int, (s.overall_score = 2)::int, (s.overall_score = 3)::int,
                  (s.overall_score = 4)::int, (s.overall_score = 5)::int)
          ON CONFLICT ON CONSTRAINT rating_hourly_key DO UPDATE SET
            n1 = r.n1 + excluded.n1, n2 = r.n2 + excluded.n2, n3 = r.n3 + excluded.n3,
            n4 = r.n4 + excluded.n4, n5 = r.n5 + excluded.n5;
        END IF;
        INSERT INTO rating_item_daily AS r (agency_id, day, unit_id, template_id, has_file, item, item_id,
                                            scale_levels, n1, n2, n3, n4, n5)
        SELECT s.agency_id, v_local::date, s.unit_id, s.template_id, s.file_id IS NOT NULL, i.item, i.item_id, v_levels,
               (i.score = 1)::int, (i.score = 2)::int, (i.score = 3)::int, (i.score = 4)::int, (i.score = 5)::int
        FROM (
          SELECT 'criterion' AS item, a.criterion_id AS item_id, a.score
          FROM jsonb_to_recordset(COALESCE(p->'answers', '[]'::jsonb)) AS a(criterion_id uuid, score smallint)
          UNION ALL
          SELECT 'element', e.element_id, e.score
          FROM jsonb_to_recordset(COALESCE(p->'element_scores', '[]'::jsonb)) AS e(element_id uuid, score smallint)
        ) i
        ORDER BY i.item, i.item_id
        ON CONFLICT ON CONSTRAINT rating_item_daily_key DO UPDATE SET
          n1 = r.n1 + excluded.n1, n2 = r.n2 + excluded.n2, n3 = r.n3 + excluded.n3,
          n4 = r.n4 + excluded.n4, n5 = r.n5 + excluded.n5;
      END IF;

      RETURN QUERY SELECT 'stored'::text, v_id, v_at, s.flag_reason IS NOT NULL, NULL::smallint, NULL::smallint;
    END
    $$`.execute(db);
  // The rollup triggers of 0007 on the tables rating_submit writes, recreated with a WHEN clause:
  // they skip the statements of rating_submit, which adds the same counts itself, once per
  // rating instead of once per statement (about half of Postgres's time for a rating).
  for (const t of ROLLUP_TRIGGERS) {
    await sql`DROP TRIGGER ${sql.raw(t.name)} ON ${sql.raw(t.table)}`.execute(db);
    await sql.raw(createTrigger(t, true)).execute(db);
  }

  await sql`
    COMMENT ON FUNCTION rating_submit(jsonb) IS ${sql.lit(
      "Writes one validated citizen rating (submission, answers, element scores, expectations, spent token, rate-limit hits, follow-up) in one statement; outcome stored, replayed (same idempotency key) or stale (the worker's cached counter or template no longer holds). Raises HL429 when a limit is exceeded many times over.",
    )}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ROLLUP_TRIGGERS) {
    await sql`DROP TRIGGER ${sql.raw(t.name)} ON ${sql.raw(t.table)}`.execute(db);
    await sql.raw(createTrigger(t, false)).execute(db);
  }
  await sql`DROP FUNCTION rating_submit(jsonb)`.execute(db);
}

/** The statement-level rollup triggers of migration 0007 that rating_submit's statements fire. */
const ROLLUP_TRIGGERS = [
  {
    name: "rating_rollup_submissions_inserted",
    table: "submissions",
    event: "INSERT",
    referencing: "NEW TABLE AS new_rows",
    fn: "rating_rollup_submissions_inserted",
  },
  {
    name: "rating_rollup_submissions_updated",
    table: "submissions",
    event: "UPDATE",
    referencing: "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    fn: "rating_rollup_submissions_updated",
  },
  {
    name: "rating_rollup_answers_inserted",
    table: "answers",
    event: "INSERT",
    referencing: "NEW TABLE AS new_rows",
    fn: "rating_rollup_answers_changed",
  },
  {
    name: "rating_rollup_submission_element_scores_inserted",
    table: "submission_element_scores",
    event: "INSERT",
    referencing: "NEW TABLE AS new_rows",
    fn: "rating_rollup_submission_element_scores_changed",
  },
] as const;

function createTrigger(t: (typeof ROLLUP_TRIGGERS)[number], skipRatingSubmit: boolean): string {
  const when = skipRatingSubmit
    ? "WHEN (current_setting('hailong.rollups_by', true) IS DISTINCT FROM 'rating_submit')"
    : "";
  return `CREATE TRIGGER ${t.name} AFTER ${t.event} ON ${t.table} REFERENCING ${t.referencing}
    FOR EACH STATEMENT ${when} EXECUTE FUNCTION ${t.fn}()`;
}
