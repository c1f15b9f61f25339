/**
 * The audit trail's hash chain, as pure functions shared by the worker and the Node CLI.
 * Each entry's hash is SHA-256 over a canonical serialisation of its fields and the previous
 * entry's hash, per agency, starting from a genesis hash of zeros. Editing a row breaks its own
 * hash; deleting one leaves a gap in `seq` (or a head that points past the last row).
 */

export const GENESIS_HASH = "0".repeat(64);

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One audit entry as stored (seq comes back from Postgres int8 as a string). */
export interface AuditRecord {
  agencyId: string;
  seq: number | string | bigint;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    // JSON.stringify turns undefined into undefined; the canonical text of "nothing" is null.
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}

/** Details as they will read back from jsonb: plain JSON (dates as ISO strings, no undefined). */
export function normaliseDetails(details: Record<string, unknown> | undefined): Record<string, Json> {
  return JSON.parse(JSON.stringify(details ?? {})) as Record<string, Json>;
}

/** The exact text that is hashed for an entry. */
export function auditHashInput(r: Omit<AuditRecord, "hash">): string {
  return canonicalJson([
    "hailong-audit-v1",
    r.agencyId,
    String(r.seq),
    r.at.toISOString(),
    r.actorId,
    r.actorLabel,
    r.action,
    r.subjectType,
    r.subjectId,
    r.details,
    r.prevHash,
  ]);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function auditHash(r: Omit<AuditRecord, "hash">): Promise<string> {
  return sha256Hex(auditHashInput(r));
}

export type ChainBreakReason =
  /** The row's content no longer gives its stored hash: it was edited after it was written. */
  | "hash_mismatch"
  /** The row does not point at the previous row's hash: a row before it was replaced. */
  | "prev_hash_mismatch"
  /** A sequence number is missing: the row was deleted. */
  | "missing_row"
  /** A sequence number appears out of order or twice. */
  | "unexpected_seq"
  /** The chain head (last seq and hash recorded at each append) does not match the last row. */
  | "head_mismatch";

export interface ChainBreak {
  seq: string;
  reason: ChainBreakReason;
  message: { vi: string; en: string };
}

export interface ChainVerdict {
  ok: boolean;
  /** Entries checked before the first break (all of them when ok). */
  checked: number;
  lastSeq: string | null;
  lastHash: string;
  firstBreak: ChainBreak | null;
}

function describeBreak(seq: bigint, reason: ChainBreakReason): ChainBreak {
  const n = seq.toString();
  const text: Record<ChainBreakReason, { vi: string; en: string }> = {
    hash_mismatch: {
      vi: `Mục nhật ký số ${n} đã bị sửa sau khi ghi (mã băm không khớp nội dung).`,
      en: `Entry ${n} was edited after it was written (its hash does not match its content).`,
    },
    prev_hash_mismatch: {
      vi: `Mục nhật ký số ${n} không nối với mục trước (mục trước đã bị thay thế).`,
      en: `Entry ${n} does not link to the entry before it (an earlier entry was replaced).`,
    },
    missing_row: {
      vi: `Thiếu mục nhật ký số ${n} (đã bị xóa).`,
      en: `Entry ${n} is missing (it was deleted).`,
    },
    unexpected_seq: {
      vi: `Mục nhật ký số ${n} sai thứ tự hoặc bị lặp.`,
      en: `Entry ${n} is out of order or duplicated.`,
    },
    head_mismatch: {
      vi: `Đầu chuỗi không khớp mục cuối số ${n} (mục cuối đã bị sửa hoặc xóa).`,
      en: `The chain head does not match the last entry ${n} (the tail was edited or deleted).`,
    },
  };
  return { seq: n, reason, message: text[reason] };
}

/**
 * Recomputes the chain one entry at a time (entries in seq order), so that a long log can be
 * streamed in pages. Stops at the first broken link.
 */
export class ChainVerifier {
  private expected = 1n;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private broken: ChainBreak | null = null;

  get done(): boolean {
    return this.broken !== null;
  }

  async push(row: AuditRecord): Promise<void> {
    if (this.broken) return;
    const seq = BigInt(row.seq);
    if (seq !== this.expected) {
      this.broken = describeBreak(this.expected, seq > this.expected ? "missing_row" : "unexpected_seq");
      return;
    }
    if (row.prevHash !== this.prevHash) {
      this.broken = describeBreak(seq, "prev_hash_mismatch");
      return;
    }
    const { hash, ...rest } = row;
    if ((await auditHash(rest)) !== hash) {
      this.broken = describeBreak(seq, "hash_mismatch");
      return;
    }
    this.prevHash = hash;
    this.expected = seq + 1n;
    this.checked++;
  }

  /** The verdict, given the chain head recorded by the appends (null when there is none). */
  finish(head: { seq: number | string | bigint; hash: string } | null): ChainVerdict {
    const last = this.expected - 1n;
    if (!this.broken && head) {
      const headSeq = BigInt(head.seq);
      if (headSeq > last) this.broken = describeBreak(last + 1n, "missing_row");
      else if (headSeq < last || head.hash !== this.prevHash) this.broken = describeBreak(last, "head_mismatch");
    }
    return {
      ok: this.broken === null,
      checked: this.checked,
      lastSeq: last > 0n ? last.toString() : null,
      lastHash: this.prevHash,
      firstBreak: this.broken,
    };
  }
}

/** Verifies a whole chain held in memory. */
export async function verifyChain(
  rows: Iterable<AuditRecord>,
  head: { seq: number | string | bigint; hash: string } | null,
): Promise<ChainVerdict> {
  const verifier = new ChainVerifier();
  for (const row of rows) {
    await verifier.push(row);
    if (verifier.done) break;
  }
  return verifier.finish(head);
}
