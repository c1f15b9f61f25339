import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { AccountsTables } from "./accounts";
import type { CalendarTables } from "./calendar";
import type { CasesTables } from "./cases";
import type { DashboardTables } from "./dashboard";
import type { FilesTables } from "./files";
import type { RatingTables } from "./ratings";

/** A timestamptz column: read as Date, written as Date or ISO string, defaulted by Postgres. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric columns come back from postgres.js as strings. */
type Numeric = ColumnType<string, number | string, number | string>;

export type UnitKind = "office" | "inspectorate" | "division" | "sub_department" | "center" | "one_stop" | "other";
export type ProcessingTimeUnit = "hours" | "calendar_days" | "working_days" | "same_day";
export type StaffRole = "admin" | "manager" | "inspector" | "counter_officer" | "viewer";
export type FileChannel = "counter" | "online" | "postal";
export type FileStatus = "received" | "in_progress" | "supplement_requested" | "returned" | "stopped";
export type SurveyKind = "sipas" | "quick";
export type SubmissionChannel = "counter_qr" | "file_qr" | "file_code" | "kiosk";
export type CaseKind = "petition" | "complaint" | "denunciation";
export type CaseStatus =
  | "received"
  | "accepted"
  | "rejected"
  | "forwarded"
  | "assigned"
  | "in_progress"
  | "answered"
  | "published"
  | "closed";

export interface AgencyTable {
  id: Generated<string>;
  code: string;
  name: string;
  short_name: string | null;
  province_code: string;
  commune_code: string | null;
  address: string | null;
  hotline: string | null;
  email: string | null;
  website: string | null;
  timezone: Generated<string>;
  satisfaction_target: ColumnType<string, number | string | undefined, number | string>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface UnitTable {
  id: Generated<string>;
  agency_id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parent_id: string | null;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
}

export interface CounterTable {
  id: Generated<string>;
  agency_id: string;
  unit_id: string;
  code: string;
  public_code: string;
  name: string;
  location: string | null;
  survey_template_id: string | null;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
}

export interface ProcedureTable {
  id: Generated<string>;
  agency_id: string;
  unit_id: string;
  national_code: string;
  name: string;
  field: string;
  processing_time: Numeric;
  processing_time_unit: ProcessingTimeUnit;
  online_level: "full" | "partial" | "none" | null;
  fee_note: string | null;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
}

export interface StaffUserTable {
  id: Generated<string>;
  agency_id: string;
  username: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  role: StaffRole;
  password_hash: string | null;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
}

export interface StaffUserUnitTable {
  agency_id: string;
  staff_user_id: string;
  unit_id: string;
}

export interface FileTable {
  id: Generated<string>;
  agency_id: string;
  code: string;
  procedure_id: string;
  unit_id: string;
  counter_id: string | null;
  channel: FileChannel;
  status: ColumnType<FileStatus, FileStatus | undefined, FileStatus>;
  received_at: Timestamp;
  due_at: Timestamp;
  returned_at: Timestamp | null;
  applicant_name: string | null;
  applicant_address: string | null;
  applicant_phone: string | null;
  applicant_email: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface SurveyTemplateTable {
  id: Generated<string>;
  agency_id: string;
  code: string;
  version: number;
  kind: SurveyKind;
  name: string;
  name_en: string | null;
  scale_levels: 3 | 5;
  active: Generated<boolean>;
  published_at: Timestamp | null;
  created_at: DefaultTimestamp;
  /** Added by migration 0004 (ratings): editable wording of the overall and expectations questions. */
  overall_question: ColumnType<string | null, string | null | undefined, string | null>;
  overall_question_en: ColumnType<string | null, string | null | undefined, string | null>;
  overall_criterion_code: ColumnType<string | null, string | null | undefined, string | null>;
  expectations_question: ColumnType<string | null, string | null | undefined, string | null>;
  expectations_question_en: ColumnType<string | null, string | null | undefined, string | null>;
  expectations_max: Generated<number>;
}

export interface SurveyElementTable {
  id: Generated<string>;
  agency_id: string;
  template_id: string;
  position: number;
  code: string;
  name: string;
  name_en: string | null;
}

export interface SurveyCriterionTable {
  id: Generated<string>;
  agency_id: string;
  template_id: string;
  element_id: string;
  position: number;
  code: string;
  text: string;
  text_en: string | null;
  required: Generated<boolean>;
}

export interface SubmissionTable {
  id: Generated<string>;
  agency_id: string;
  idempotency_key: string;
  template_id: string;
  channel: SubmissionChannel;
  unit_id: string;
  counter_id: string | null;
  procedure_id: string | null;
  file_id: string | null;
  overall_score: number | null;
  comment: string | null;
  respondent_kind: "individual" | "organisation" | null;
  age_band: "under_30" | "30_44" | "45_59" | "60_plus" | null;
  gender: "female" | "male" | "other" | null;
  flagged: Generated<boolean>;
  flag_reason: string | null;
  submitted_at: DefaultTimestamp;
  /** Added by migration 0004 (ratings): why the citizen chose "Không hài lòng" on the quick form. */
  reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AnswerTable {
  agency_id: string;
  submission_id: string;
  criterion_id: string;
  score: number;
}

export interface CaseTable {
  id: Generated<string>;
  agency_id: string;
  code: string;
  kind: CaseKind;
  status: ColumnType<CaseStatus, CaseStatus | undefined, CaseStatus>;
  title: string;
  content: string;
  handling_unit_id: string | null;
  file_id: string | null;
  procedure_id: string | null;
  anonymous: Generated<boolean>;
  received_at: DefaultTimestamp;
  due_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** Kysely's own bookkeeping table, read by /api/health for the schema version. */
export interface KyselyMigrationTable {
  name: string;
  timestamp: string;
}

/** The core domain tables (migration 0001). */
export interface CoreTables {
  agencies: AgencyTable;
  units: UnitTable;
  counters: CounterTable;
  procedures: ProcedureTable;
  staff_users: StaffUserTable;
  staff_user_units: StaffUserUnitTable;
  files: FileTable;
  survey_templates: SurveyTemplateTable;
  survey_elements: SurveyElementTable;
  survey_criteria: SurveyCriterionTable;
  submissions: SubmissionTable;
  answers: AnswerTable;
  cases: CaseTable;
  kysely_migration: KyselyMigrationTable;
}

/**
 * Every table. Each feature declares its tables in `schema/db/<feature>.ts` and adds that
 * interface here.
 */
export interface Database
  extends CoreTables,
    RatingTables,
    AccountsTables,
    CalendarTables,
    CasesTables,
    FilesTables,
    DashboardTables {}

export type AgencyRow = Selectable<AgencyTable>;
export type NewAgency = Insertable<AgencyTable>;
export type AgencyUpdate = Updateable<AgencyTable>;
export type UnitRow = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type CounterRow = Selectable<CounterTable>;
export type NewCounter = Insertable<CounterTable>;
export type ProcedureRow = Selectable<ProcedureTable>;
export type NewProcedure = Insertable<ProcedureTable>;
export type StaffUserRow = Selectable<StaffUserTable>;
export type NewStaffUser = Insertable<StaffUserTable>;
export type FileRow = Selectable<FileTable>;
export type NewFile = Insertable<FileTable>;
export type SurveyTemplateRow = Selectable<SurveyTemplateTable>;
export type SubmissionRow = Selectable<SubmissionTable>;
export type NewSubmission = Insertable<SubmissionTable>;
export type CaseRow = Selectable<CaseTable>;
export type NewCase = Insertable<CaseTable>;
