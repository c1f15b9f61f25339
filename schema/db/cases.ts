import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** Kysely types of the case tables (migration 2026_11_22_0005_cases). */

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A `date` column: write `YYYY-MM-DD`; select it with to_char to get text back. */
type DateColumn = ColumnType<Date, string, string>;
type Json = ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>>;

export type CaseKindColumn = "petition" | "complaint" | "denunciation";
export type CaseChannel = "web" | "counter_qr" | "staff_entry";
export type CaseRoutedBy = "rule" | "setting" | "default" | "manual";
export type CaseActorKind = "citizen" | "staff" | "system";
export type DeadlineReason = "step" | "extension" | "resume";
export type DeadlineOutcome = "met" | "superseded" | "cancelled";
export type NotificationAudience = "citizen" | "handling_unit" | "assignees";

export interface CaseRoutingRuleTable {
  id: Generated<string>;
  agency_id: string;
  /** Null: any kind. */
  case_kind: CaseKindColumn | null;
  source_unit_id: string | null;
  procedure_id: string | null;
  handling_unit_id: string;
  note: string | null;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CaseWorkflowTable {
  agency_id: string;
  case_id: string;
  /** Null for cases created outside the intake (imports, the demo seed). */
  channel: CaseChannel | null;
  counter_id: string | null;
  tracking_secret_hash: string | null;
  routed_by: CaseRoutedBy | null;
  accepted_at: NullableTimestamp;
  complex: Generated<boolean>;
  extensions: Generated<number>;
  paused_at: NullableTimestamp;
  overdue_at: NullableTimestamp;
  forwarded_to: string | null;
  consent_version: string | null;
  consented_at: NullableTimestamp;
  attachments_open_until: NullableTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CaseCodeSequenceTable {
  agency_id: string;
  prefix: "PAKN" | "KN" | "TC";
  day: DateColumn;
  last_value: number;
}

export interface CaseDeadlineTable {
  id: Generated<string>;
  agency_id: string;
  case_id: string;
  step: string;
  start_on: DateColumn;
  due_on: DateColumn;
  due_at: Timestamp;
  rule_id: string | null;
  period: number;
  day_type: "working" | "calendar";
  legal_basis: string;
  confidence: "P" | "S" | "I" | "U";
  reason: DeadlineReason;
  created_at: DefaultTimestamp;
  closed_at: NullableTimestamp;
  outcome: DeadlineOutcome | null;
  late: boolean | null;
}

export interface CaseEventTable {
  id: Generated<string>;
  agency_id: string;
  case_id: string;
  at: DefaultTimestamp;
  actor_kind: CaseActorKind;
  actor_id: string | null;
  actor_label: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  notice: string | null;
  public: Generated<boolean>;
  details: Json;
}

export interface CaseAssignmentTable {
  id: Generated<string>;
  agency_id: string;
  case_id: string;
  staff_user_id: string;
  assigned_by: string;
  assigned_at: DefaultTimestamp;
  ended_at: NullableTimestamp;
}

export interface CaseIdentityTable {
  agency_id: string;
  case_id: string;
  filer_type: "individual" | "organisation";
  has_phone: boolean;
  has_email: boolean;
  key_id: string;
  iv: string;
  ciphertext: string;
  created_at: DefaultTimestamp;
  reencrypted_at: NullableTimestamp;
}

export interface CaseAnswerTable {
  id: Generated<string>;
  agency_id: string;
  case_id: string;
  body: string;
  document_number: string | null;
  document_date: DateColumn | null;
  answered_by: string;
  answered_at: DefaultTimestamp;
  published_question: string | null;
  published_body: string | null;
  published_by: string | null;
  published_at: NullableTimestamp;
}

export interface CaseAttachmentTable {
  id: Generated<string>;
  agency_id: string;
  case_id: string;
  answer_id: string | null;
  uploaded_by_kind: "citizen" | "staff";
  uploaded_by: string | null;
  object_key: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  identifying: boolean;
  file_name: string | null;
  key_id: string | null;
  iv: string | null;
  name_iv: string | null;
  name_ciphertext: string | null;
  created_at: DefaultTimestamp;
}

export interface CaseAnswerRatingTable {
  agency_id: string;
  case_id: string;
  satisfied: boolean;
  comment: string | null;
  rated_at: DefaultTimestamp;
}

export interface CaseNotificationTable {
  id: Generated<string>;
  agency_id: string;
  case_id: string;
  audience: NotificationAudience;
  template: string;
  payload: Json;
  created_at: DefaultTimestamp;
  sent_at: NullableTimestamp;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface CasesTables {
  case_routing_rules: CaseRoutingRuleTable;
  case_workflow: CaseWorkflowTable;
  case_code_sequences: CaseCodeSequenceTable;
  case_deadlines: CaseDeadlineTable;
  case_events: CaseEventTable;
  case_assignments: CaseAssignmentTable;
  case_identities: CaseIdentityTable;
  case_answers: CaseAnswerTable;
  case_attachments: CaseAttachmentTable;
  case_answer_ratings: CaseAnswerRatingTable;
  case_notifications: CaseNotificationTable;
}

export type CaseRoutingRuleRow = Selectable<CaseRoutingRuleTable>;
export type NewCaseRoutingRule = Insertable<CaseRoutingRuleTable>;
export type CaseEventRow = Selectable<CaseEventTable>;
export type NewCaseEvent = Insertable<CaseEventTable>;
export type CaseDeadlineRow = Selectable<CaseDeadlineTable>;
export type CaseAttachmentRow = Selectable<CaseAttachmentTable>;
export type CaseAnswerRow = Selectable<CaseAnswerTable>;
