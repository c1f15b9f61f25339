import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** A timestamptz column: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `date` column: select it with to_char; write `YYYY-MM-DD`. */
type DateColumn = ColumnType<Date, string, string>;
/** numeric columns come back from postgres.js as strings. */
type Numeric = ColumnType<string, number | string | undefined, number | string>;
/** jsonb written through `sql\`${JSON.stringify(x)}::text::jsonb\`` (postgres.js would double-encode a string). */
type Json<T> = ColumnType<T, unknown, unknown>;

/** TT 01/2018/TT-VPCP Mẫu 04 or TT 03/2025/TT-VPCP Mẫu 04 (DOMAIN §2.2). */
export type LetterForm = "tt01_2018" | "tt03_2025";
export type SecondSupplementPolicy = "refuse" | "record_late";
export type FileEventKind = "received" | "supplement_requested" | "supplement_completed" | "returned" | "stopped";
export type FileEventSource = "counter" | "integration" | "import" | "staff";
export type DeliveryChannel = "print" | "email" | "sms";
export type DeliveryStatus = "recorded" | "logged" | "sent" | "failed";

export interface FileSettingsTable {
  agency_id: string;
  letter_form: ColumnType<LetterForm, LetterForm | undefined, LetterForm>;
  second_supplement: ColumnType<SecondSupplementPolicy, SecondSupplementPolicy | undefined, SecondSupplementPolicy>;
  alert_working_days: Generated<number>;
  on_time_target: Numeric;
  parent_agency_name: string | null;
  letter_place: string | null;
  letter_number_suffix: Generated<string>;
  signer_title: string | null;
  signer_name: string | null;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export interface FileCodeSequenceTable {
  agency_id: string;
  day: DateColumn;
  last_seq: number;
}

export interface IntegrationKeyTable {
  id: Generated<string>;
  agency_id: string;
  name: string;
  key_prefix: string;
  key_hash: string;
  created_at: DefaultTimestamp;
  created_by: string | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface FileEventTable {
  id: Generated<string>;
  agency_id: string;
  file_id: string;
  kind: FileEventKind;
  occurred_at: Timestamp;
  event_key: string;
  source: FileEventSource;
  note: string | null;
  actor_id: string | null;
  integration_key_id: string | null;
  recorded_at: DefaultTimestamp;
}

export interface FileSupplementTable {
  id: Generated<string>;
  agency_id: string;
  file_id: string;
  seq: number;
  requested_at: Timestamp;
  completed_at: Timestamp | null;
  reason: string | null;
  counts_as_late: Generated<boolean>;
  created_at: DefaultTimestamp;
}

export interface ApologyLetterNumberTable {
  agency_id: string;
  year: number;
  last_number: number;
}

export interface ApologyLetterTable {
  id: Generated<string>;
  agency_id: string;
  file_id: string;
  form: LetterForm;
  year: number;
  number: number;
  number_suffix: string;
  issued_at: DefaultTimestamp;
  place: string;
  parent_agency_name: string | null;
  agency_name: string;
  addressee_name: string;
  addressee_address: string | null;
  applicant_identifier: string | null;
  file_code: string;
  procedure_name: string;
  received_at: Timestamp;
  original_due_at: Timestamp;
  reason: string;
  new_due_at: Timestamp;
  signer_title: string;
  signer_name: string | null;
  issued_by: string | null;
  created_at: DefaultTimestamp;
}

export interface ApologyDeliveryTable {
  id: Generated<string>;
  agency_id: string;
  letter_id: string;
  channel: DeliveryChannel;
  recipient: string | null;
  status: DeliveryStatus;
  detail: string | null;
  delivered_at: DefaultTimestamp;
  actor_id: string | null;
}

export interface FileImportTable {
  id: Generated<string>;
  agency_id: string;
  status: ColumnType<"staging" | "committed", "staging" | "committed" | undefined, "staging" | "committed">;
  /** The column each CSV position holds (null: ignored). */
  columns: Json<Array<string | null>>;
  ignored_columns: Json<string[]>;
  delimiter: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  committed_at: Timestamp | null;
  created_files: number | null;
  existing_files: number | null;
}

/** One import error as stored: the field (null: the whole line) and the message in both languages. */
export interface StoredImportError {
  field: string | null;
  vi: string;
  en: string;
}

export interface FileImportRowTable {
  agency_id: string;
  import_id: string;
  line: number;
  code: string | null;
  data: Json<Record<string, unknown> | null>;
  errors: Json<StoredImportError[]>;
}

/** The tables of migration 0006 (files on time, apology letters, integration). */
export interface FilesTables {
  file_settings: FileSettingsTable;
  file_code_sequences: FileCodeSequenceTable;
  integration_keys: IntegrationKeyTable;
  file_events: FileEventTable;
  file_supplements: FileSupplementTable;
  apology_letter_numbers: ApologyLetterNumberTable;
  apology_letters: ApologyLetterTable;
  apology_deliveries: ApologyDeliveryTable;
  file_imports: FileImportTable;
  file_import_rows: FileImportRowTable;
}

export type FileEventRow = Selectable<FileEventTable>;
export type NewFileEvent = Insertable<FileEventTable>;
export type FileSupplementRow = Selectable<FileSupplementTable>;
export type ApologyLetterRow = Selectable<ApologyLetterTable>;
export type NewApologyLetter = Insertable<ApologyLetterTable>;
export type ApologyDeliveryRow = Selectable<ApologyDeliveryTable>;
export type IntegrationKeyRow = Selectable<IntegrationKeyTable>;
export type FileSettingsRow = Selectable<FileSettingsTable>;
