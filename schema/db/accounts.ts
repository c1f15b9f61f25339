import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** int8 columns come back from postgres.js as strings. */
type Int8 = ColumnType<string, number | string | bigint, number | string | bigint>;

export type SessionRevokedReason =
  | "sign_out"
  | "sign_out_everywhere"
  | "password_changed"
  | "password_reset"
  | "account_disabled"
  | "revoked_by_admin";

export type SignInOutcome = "success" | "failure" | "locked" | "throttled";

/** Security state of a staff account kept beside staff_users (one row per account, created lazily). */
export interface StaffCredentialTable {
  staff_user_id: string;
  agency_id: string;
  must_change_password: Generated<boolean>;
  /** The password was given by the demo seed: refused at sign-in in production. */
  demo_password: Generated<boolean>;
  password_changed_at: Timestamp | null;
  /** AES-GCM sealed TOTP secret (pending until totp_enabled_at is set). */
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: Int8 | null;
  updated_at: DefaultTimestamp;
}

export interface StaffSessionTable {
  id: Generated<string>;
  agency_id: string;
  staff_user_id: string;
  /** SHA-256 (hex) of the opaque cookie token; the token itself is never stored. */
  token_hash: string;
  csrf_token: string;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_reason: SessionRevokedReason | null;
  ip: string | null;
  user_agent: string | null;
}

export interface SignInAttemptTable {
  id: Generated<string>;
  username: string;
  ip: string;
  outcome: SignInOutcome;
  at: DefaultTimestamp;
}

export interface AuditLogTable {
  agency_id: string;
  seq: Int8;
  at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  agency_id: string;
  seq: Int8;
  hash: string;
  updated_at: DefaultTimestamp;
}

/** Tables of the accounts, sessions and audit feature (migration 0003). */
export interface AccountsTables {
  staff_credentials: StaffCredentialTable;
  staff_sessions: StaffSessionTable;
  sign_in_attempts: SignInAttemptTable;
  audit_log: AuditLogTable;
  audit_chain_heads: AuditChainHeadTable;
}

export type StaffSessionRow = Selectable<StaffSessionTable>;
export type NewStaffSession = Insertable<StaffSessionTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type StaffCredentialRow = Selectable<StaffCredentialTable>;
