/**
 * The audit trail (nhật ký kiểm tra): who did what, when, to which record. Append-only and
 * hash-chained per agency (see audit.chain.ts); the database refuses UPDATE, DELETE and
 * TRUNCATE on audit_log.
 *
 * Call `appendAudit(db, entry)` inside the same transaction as the change it records, so that
 * the change and its entry commit or roll back together.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../schema/db/database";
import {
  type AuditRecord,
  auditHash,
  type ChainVerdict,
  ChainVerifier,
  GENESIS_HASH,
  normaliseDetails,
} from "./audit.chain";

/**
 * Actions in use (extend as features add theirs; the database checks the `a.b` shape only):
 * auth.sign_in, auth.sign_in_failed, auth.locked, auth.sign_out, auth.sign_out_everywhere,
 * auth.password_changed, auth.totp_enabled, auth.totp_disabled,
 * account.created, account.updated, account.password_reset, account.sessions_revoked,
 * account.totp_reset, settings.changed (agency profile, units, counters, procedures),
 * procedure.imported, case.transition, case.identity_viewed, file.apology_issued.
 */
export interface AuditEntry {
  agencyId: string;
  /** The staff member who acted; null for the system or a sign-in by an unknown person. */
  actorId?: string | null;
  /** A readable name kept with the entry ("Nguyễn Văn A (nva)", "system", "cli"). */
  actorLabel: string;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  /** Plain JSON: what changed (before/after), the reason… never a password or a secret. */
  details?: Record<string, unknown>;
}

export interface AppendedAudit {
  seq: string;
  hash: string;
  at: Date;
}

async function appendInTransaction(db: Kysely<Database>, entry: AuditEntry): Promise<AppendedAudit> {
  // The head row, locked FOR UPDATE, serialises appends of one agency: the chain never forks.
  let head = await db
    .selectFrom("audit_chain_heads")
    .where("agency_id", "=", entry.agencyId)
    .select(["seq", "hash"])
    .forUpdate()
    .executeTakeFirst();
  if (!head) {
    await db
      .insertInto("audit_chain_heads")
      .values({ agency_id: entry.agencyId, seq: 0, hash: GENESIS_HASH })
      .onConflict((oc) => oc.column("agency_id").doNothing())
      .execute();
    head = await db
      .selectFrom("audit_chain_heads")
      .where("agency_id", "=", entry.agencyId)
      .select(["seq", "hash"])
      .forUpdate()
      .executeTakeFirstOrThrow();
  }
  const record: Omit<AuditRecord, "hash"> = {
    agencyId: entry.agencyId,
    seq: (BigInt(head.seq) + 1n).toString(),
    at: new Date(),
    actorId: entry.actorId ?? null,
    actorLabel: entry.actorLabel.slice(0, 300),
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    details: normaliseDetails(entry.details),
    prevHash: head.hash,
  };
  const hash = await auditHash(record);
  await db
    .insertInto("audit_log")
    .values({
      agency_id: record.agencyId,
      seq: record.seq.toString(),
      at: record.at,
      actor_id: record.actorId,
      actor_label: record.actorLabel,
      action: record.action,
      subject_type: record.subjectType,
      subject_id: record.subjectId,
      // ::text first: a parameter typed jsonb would be sent as a JSON string, not an object.
      details: sql<string>`${JSON.stringify(record.details)}::text::jsonb`,
      prev_hash: record.prevHash,
      hash,
    })
    .execute();
  await db
    .updateTable("audit_chain_heads")
    .set({ seq: record.seq.toString(), hash, updated_at: record.at })
    .where("agency_id", "=", entry.agencyId)
    .execute();
  return { seq: record.seq.toString(), hash, at: record.at };
}

/**
 * Appends one entry to the agency's audit chain. Inside a transaction it joins it (the entry
 * commits with the change it records); otherwise it runs in a transaction of its own.
 */
export function appendAudit(db: Kysely<Database>, entry: AuditEntry): Promise<AppendedAudit> {
  if (db.isTransaction) return appendInTransaction(db, entry);
  return db.transaction().execute((trx) => appendInTransaction(trx, entry));
}

function toRecord(row: {
  agency_id: string;
  seq: string;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}): AuditRecord {
  return {
    agencyId: row.agency_id,
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Recomputes one agency's chain from the database, page by page; names the first broken link. */
export async function verifyAgencyChain(
  db: Kysely<Database>,
  agencyId: string,
  pageSize = 1000,
): Promise<ChainVerdict> {
  const head = await db
    .selectFrom("audit_chain_heads")
    .where("agency_id", "=", agencyId)
    .select(["seq", "hash"])
    .executeTakeFirst();
  const verifier = new ChainVerifier();
  let after = "0";
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", agencyId)
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(pageSize)
      .selectAll()
      .execute();
    for (const row of rows) {
      await verifier.push(toRecord(row));
      if (verifier.done) return verifier.finish(head ?? null);
    }
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) break;
    after = last.seq;
  }
  return verifier.finish(head ?? null);
}
