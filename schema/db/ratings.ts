import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Kysely types of the rating tables (migration 2026_11_22_0004_ratings). */

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type FollowUpStatus = "open" | "in_progress" | "closed";

/** Sự mong đợi: one improvement area a template offers. */
export interface SurveyExpectationOptionTable {
  id: Generated<string>;
  agency_id: string;
  template_id: string;
  position: number;
  code: string;
  text: string;
  text_en: string | null;
}

export interface SubmissionExpectationTable {
  agency_id: string;
  submission_id: string;
  option_id: string;
}

/** Satisfaction with one element (yếu tố) of a SIPAS submission. */
export interface SubmissionElementScoreTable {
  agency_id: string;
  submission_id: string;
  element_id: string;
  score: number;
}

/**
 * A low rating queued for its unit. `contact` is personal data: it exists only with consent,
 * is erased by the database when the follow-up closes, and is never copied elsewhere.
 */
export interface RatingFollowUpTable {
  id: Generated<string>;
  agency_id: string;
  unit_id: string;
  submission_id: string;
  what_went_wrong: string | null;
  contact: string | null;
  contact_consent_version: string | null;
  contact_consented_at: NullableTimestamp;
  contact_erased_at: NullableTimestamp;
  status: ColumnType<FollowUpStatus, FollowUpStatus | undefined, FollowUpStatus>;
  handled_by: string | null;
  note: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  closed_at: NullableTimestamp;
}

export interface RatingTokenUsedTable {
  token_id: string;
  agency_id: string;
  file_id: string;
  submission_id: string;
  used_at: DefaultTimestamp;
}

export interface RateLimitHitTable {
  agency_id: string;
  bucket: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  count: ColumnType<number, number | undefined, number>;
}

export interface RatingTables {
  survey_expectation_options: SurveyExpectationOptionTable;
  submission_expectations: SubmissionExpectationTable;
  submission_element_scores: SubmissionElementScoreTable;
  rating_follow_ups: RatingFollowUpTable;
  rating_tokens_used: RatingTokenUsedTable;
  rate_limit_hits: RateLimitHitTable;
}

export type RatingFollowUpRow = Selectable<RatingFollowUpTable>;
export type NewRatingFollowUp = Insertable<RatingFollowUpTable>;
export type RatingFollowUpUpdate = Updateable<RatingFollowUpTable>;
export type SurveyExpectationOptionRow = Selectable<SurveyExpectationOptionTable>;
