import { type Kysely, sql } from "kysely";

/**
 * Staff sign-in and the audit trail: account security state (must-change flag, TOTP), sessions,
 * sign-in attempts for throttling, and the append-only, hash-chained audit_log.
 *
 * Frozen in time: this migration imports nothing from the application.
 *
 * The audit log is append-only in the database itself: a trigger refuses UPDATE, DELETE and
 * TRUNCATE for every role (superusers included, unless they switch triggers off for their
 * session), and hailong_grant_app_role(role) gives the application's role SELECT and INSERT
 * only. The role named by the setting `hailong.app_role` (default `hailong_app`) gets those
 * grants now when it exists; run `SELECT hailong_grant_app_role('…')` again after adding a role.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE staff_credentials (
      staff_user_id uuid PRIMARY KEY,
      agency_id uuid NOT NULL,
      must_change_password boolean NOT NULL DEFAULT false,
      demo_password boolean NOT NULL DEFAULT false,
      password_changed_at timestamptz,
      totp_secret text CHECK (totp_secret ~ '^aes-gcm\\$'),
      totp_enabled_at timestamptz,
      totp_last_step bigint CHECK (totp_last_step >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL),
      FOREIGN KEY (agency_id, staff_user_id) REFERENCES staff_users (agency_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE TABLE staff_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      staff_user_id uuid NOT NULL,
      token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      csrf_token text NOT NULL CHECK (length(csrf_token) >= 32),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_reason text CHECK (revoked_reason IN (
        'sign_out', 'sign_out_everywhere', 'password_changed', 'password_reset', 'account_disabled', 'revoked_by_admin')),
      ip text CHECK (length(ip) <= 100),
      user_agent text CHECK (length(user_agent) <= 500),
      CHECK (expires_at > created_at),
      CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
      FOREIGN KEY (agency_id, staff_user_id) REFERENCES staff_users (agency_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX staff_sessions_live ON staff_sessions (staff_user_id) WHERE revoked_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE sign_in_attempts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      username text NOT NULL CHECK (length(username) <= 200),
      ip text NOT NULL CHECK (length(ip) <= 100),
      outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'locked', 'throttled')),
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_username ON sign_in_attempts (username, at)`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_ip_failures ON sign_in_attempts (ip, at) WHERE outcome = 'failure'`.execute(
    db,
  );

  // Agencies keep their audit trail: an agency with entries cannot be deleted (RESTRICT), and
  // actor_id has no foreign key so that no later change to staff_users can touch the log.
  await sql`
    CREATE TABLE audit_log (
      agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      seq bigint NOT NULL CHECK (seq >= 1),
      at timestamptz NOT NULL,
      actor_id uuid,
      actor_label text NOT NULL CHECK (length(actor_label) BETWEEN 1 AND 300),
      action text NOT NULL CHECK (action ~ '^[a-z][a-z_]*(\\.[a-z][a-z_]*)+$'),
      subject_type text CHECK (length(subject_type) <= 60),
      subject_id text CHECK (length(subject_id) <= 200),
      details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
      prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      PRIMARY KEY (agency_id, seq)
    )`.execute(db);
  await sql`CREATE INDEX audit_log_subject ON audit_log (agency_id, subject_type, subject_id)`.execute(db);
  await sql`CREATE INDEX audit_log_action ON audit_log (agency_id, action, at)`.execute(db);

  await sql`
    CREATE TABLE audit_chain_heads (
      agency_id uuid PRIMARY KEY REFERENCES agencies (id) ON DELETE RESTRICT,
      seq bigint NOT NULL CHECK (seq >= 0),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);

  // A head only moves forward, one entry at a time, and is never removed.
  await sql`
    CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'UPDATE' OR NEW.seq <> OLD.seq + 1 OR NEW.agency_id <> OLD.agency_id THEN
        RAISE EXCEPTION 'audit chain head may only advance by one: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_chain_heads_forward BEFORE UPDATE OR DELETE ON audit_chain_heads
    FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard()`.execute(db);
  await sql`
    CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_guard()`.execute(db);

  await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC`.execute(db);
  await sql`REVOKE DELETE, TRUNCATE ON audit_chain_heads FROM PUBLIC`.execute(db);

  // For an on-premises database where the application connects as a role that does not own
  // the tables: ordinary data access everywhere, insert-only on the audit log.
  await sql`
    CREATE FUNCTION hailong_grant_app_role(app_role name) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
      EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', app_role);
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', app_role);
      EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %I', app_role);
      EXECUTE format('REVOKE DELETE, TRUNCATE ON audit_chain_heads FROM %I', app_role);
      IF to_regclass('public.kysely_migration') IS NOT NULL THEN
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON kysely_migration FROM %I', app_role);
      END IF;
      IF to_regclass('public.kysely_migration_lock') IS NOT NULL THEN
        EXECUTE format('REVOKE ALL ON kysely_migration_lock FROM %I', app_role);
      END IF;
    END $$`.execute(db);
  await sql`
    DO $$
    DECLARE app_role text := coalesce(nullif(current_setting('hailong.app_role', true), ''), 'hailong_app');
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role) THEN
        PERFORM hailong_grant_app_role(app_role::name);
      END IF;
    END $$`.execute(db);

  const comments: Array<[string, string]> = [
    ["staff_credentials", "Security state of a staff account: forced password change, TOTP second factor."],
    ["staff_credentials.demo_password", "The password was set by the demo seed; refused at sign-in in production."],
    ["staff_credentials.totp_secret", "TOTP (RFC 6238) secret, AES-GCM sealed with TOTP_ENCRYPTION_KEY."],
    ["staff_credentials.totp_last_step", "Last accepted 30-second step, so that a code cannot be used twice."],
    ["staff_sessions", "Phiên đăng nhập: a signed-in staff session; only the SHA-256 of the cookie token is kept."],
    ["staff_sessions.csrf_token", "Per-session token the web app sends as x-csrf-token on every change."],
    ["sign_in_attempts", "Sign-in attempts by username and client IP, for throttling and temporary lockout."],
    [
      "audit_log",
      "Nhật ký kiểm tra: append-only, hash-chained per agency. Sign-ins, case transitions, identity views, apology letters, settings.",
    ],
    ["audit_log.seq", "Position in the agency's chain, from 1 with no gaps; a gap means a deleted entry."],
    ["audit_log.hash", "SHA-256 over the canonical serialisation of the entry and prev_hash (`npm run audit:verify`)."],
    ["audit_chain_heads", "The last seq and hash of each agency's chain, locked FOR UPDATE to serialise appends."],
  ];
  for (const [target, text] of comments) {
    const kind = target.includes(".") ? "COLUMN" : "TABLE";
    await sql`COMMENT ON ${sql.raw(kind)} ${sql.raw(target)} IS ${sql.lit(text)}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION hailong_grant_app_role(name)`.execute(db);
  for (const table of ["audit_chain_heads", "audit_log", "sign_in_attempts", "staff_sessions", "staff_credentials"]) {
    await sql`DROP TABLE ${sql.raw(table)}`.execute(db);
  }
  await sql`DROP FUNCTION audit_chain_head_guard()`.execute(db);
  await sql`DROP FUNCTION audit_log_refuse_change()`.execute(db);
}
