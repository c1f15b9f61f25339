import { type Kysely, sql } from "kysely";

/**
 * The dashboard at millions of ratings: what its reads need so that their cost follows what
 * they show, not how many ratings were ever made.
 *
 * - The follow-up queue (rating_follow_ups): the dashboard counts and lists the follow-ups not
 *   yet closed, a few days of low ratings, while closed ones pile up for years. Partial indexes
 *   on the active ones make the count an index-only scan of the backlog and the list a walk
 *   down (created_at, id) that stops at a page; a plain one serves the closed/all list, paged.
 *
 * - rating_rollup_rebuild (the rollups' repair path, migration 0007) recomputes a range with
 *   one INSERT … SELECT … GROUP BY per rollup instead of a plpgsql loop over days (each day one
 *   array of facts through rating_rollup_apply): the same rows, about half the time (7–8 s
 *   instead of 14 s for a year of 1M ratings on the benchmark's machine).
 *
 * Write side: each index is one more entry when a low rating creates its follow-up (about one
 * rating in ten), nothing on other ratings; the rollup triggers are not touched.
 *
 * Frozen in time: this migration imports nothing from the application.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX rating_follow_ups_active ON rating_follow_ups (agency_id, status, created_at DESC, id DESC)
    WHERE status <> 'closed'`.execute(db);
  await sql`
    CREATE INDEX rating_follow_ups_active_units ON rating_follow_ups (agency_id, unit_id, status)
    WHERE status <> 'closed'`.execute(db);
  await sql`
    CREATE INDEX rating_follow_ups_recent ON rating_follow_ups (agency_id, created_at DESC, id DESC)`.execute(db);

  const comments: Array<[string, string]> = [
    [
      "rating_follow_ups_active",
      "Follow-ups not yet closed by status, newest first: the dashboard's queue, paged by (created_at, id).",
    ],
    [
      "rating_follow_ups_active_units",
      "Follow-ups not yet closed per unit and status: the dashboard's count without reading closed ones.",
    ],
    ["rating_follow_ups_recent", "Every follow-up, newest first: the closed and all lists, paged by (created_at, id)."],
  ];
  for (const [index, text] of comments) {
    await sql`COMMENT ON INDEX ${sql.raw(index)} IS ${sql.lit(text)}`.execute(db);
  }

  // Same contract as 0007's: the lock, the days deleted, the days recomputed (returned), and the
  // facts of rating_facts_of_submissions (valid submissions only; the overall answer when given;
  // criterion answers and element scores), keyed by the agency's local day and hour.
  await sql`
    CREATE OR REPLACE FUNCTION rating_rollup_rebuild(p_agency uuid, p_from date DEFAULT NULL, p_to date DEFAULT NULL)
    RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE
      tz text;
      first_day date;
      last_day date;
      lo timestamptz;
      hi timestamptz;
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
      IF first_day IS NULL OR first_day > last_day THEN
        RETURN 0;
      END IF;
      lo := first_day::timestamp AT TIME ZONE tz;
      hi := (last_day + 1)::timestamp AT TIME ZONE tz;

      CREATE TEMP TABLE rating_rebuild_submissions ON COMMIT DROP AS
        SELECT s.id, s.unit_id, s.counter_id, s.procedure_id, s.template_id, s.file_id IS NOT NULL AS has_file,
               s.overall_score, (s.submitted_at AT TIME ZONE tz)::date AS day,
               extract(hour FROM s.submitted_at AT TIME ZONE tz)::smallint AS hour, t.scale_levels
        FROM submissions s
        JOIN survey_templates t ON t.agency_id = s.agency_id AND t.id = s.template_id
        WHERE s.agency_id = p_agency AND s.submitted_at >= lo AND s.submitted_at < hi AND NOT s.flagged;
      ANALYZE rating_rebuild_submissions;

      INSERT INTO rating_daily (agency_id, day, unit_id, counter_id, procedure_id, template_id, has_file,
                                scale_levels, n1, n2, n3, n4, n5)
      SELECT p_agency, day, unit_id, counter_id, procedure_id, template_id, has_file, max(scale_levels),
             count(*) FILTER (WHERE overall_score = 1), count(*) FILTER (WHERE overall_score = 2),
             count(*) FILTER (WHERE overall_score = 3), count(*) FILTER (WHERE overall_score = 4),
             count(*) FILTER (WHERE overall_score = 5)
      FROM rating_rebuild_submissions WHERE overall_score IS NOT NULL
      GROUP BY day, unit_id, counter_id, procedure_id, template_id, has_file;

      INSERT INTO rating_hourly (agency_id, day, hour, unit_id, template_id, scale_levels, n1, n2, n3, n4, n5)
      SELECT p_agency, day, hour, unit_id, template_id, max(scale_levels),
             count(*) FILTER (WHERE overall_score = 1), count(*) FILTER (WHERE overall_score = 2),
             count(*) FILTER (WHERE overall_score = 3), count(*) FILTER (WHERE overall_score = 4),
             count(*) FILTER (WHERE overall_score = 5)
      FROM rating_rebuild_submissions WHERE overall_score IS NOT NULL
      GROUP BY day, hour, unit_id, template_id;

      INSERT INTO rating_item_daily (agency_id, day, unit_id, template_id, has_file, item, item_id, scale_levels,
                                     n1, n2, n3, n4, n5)
      SELECT p_agency, x.day, x.unit_id, x.template_id, x.has_file, x.item, x.item_id, max(x.scale_levels),
             count(*) FILTER (WHERE x.score = 1), count(*) FILTER (WHERE x.score = 2),
             count(*) FILTER (WHERE x.score = 3), count(*) FILTER (WHERE x.score = 4),
             count(*) FILTER (WHERE x.score = 5)
      FROM (
        SELECT s.day, s.unit_id, s.template_id, s.has_file, 'criterion' AS item, a.criterion_id AS item_id,
               s.scale_levels, a.score
        FROM rating_rebuild_submissions s
        JOIN answers a ON a.agency_id = p_agency AND a.submission_id = s.id
        UNION ALL
        SELECT s.day, s.unit_id, s.template_id, s.has_file, 'element', e.element_id, s.scale_levels, e.score
        FROM rating_rebuild_submissions s
        JOIN submission_element_scores e ON e.agency_id = p_agency AND e.submission_id = s.id
      ) x
      GROUP BY x.day, x.unit_id, x.template_id, x.has_file, x.item, x.item_id;

      DROP TABLE rating_rebuild_submissions;
      RETURN last_day - first_day + 1;
    END
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // 0007's rebuild: one day at a time through rating_rollup_apply.
  await sql`
    CREATE OR REPLACE FUNCTION rating_rollup_rebuild(p_agency uuid, p_from date DEFAULT NULL, p_to date DEFAULT NULL)
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
  await sql`DROP INDEX rating_follow_ups_recent`.execute(db);
  await sql`DROP INDEX rating_follow_ups_active_units`.execute(db);
  await sql`DROP INDEX rating_follow_ups_active`.execute(db);
}
