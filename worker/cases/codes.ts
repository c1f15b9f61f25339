/**
 * The tracking code a citizen gets (PAKN.20261122.0001, KN.…, TC.…: kind, the day of receipt in
 * Vietnam, the agency's sequence of that day) and the secret that goes with it. The code is on
 * the receipt and may be read aloud at a counter; the secret is what proves the citizen filed
 * the case. Only the secret's hash is stored.
 */
import type { CaseKind } from "../../schema/db/database";
import { sha256Hex } from "../audit/audit.chain";
import { localDateOf } from "../lib/calendar/dates";

export type CasePrefix = "PAKN" | "KN" | "TC";

export function casePrefix(kind: CaseKind): CasePrefix {
  return kind === "petition" ? "PAKN" : kind === "complaint" ? "KN" : "TC";
}

/** The Vietnamese day of `at` as yyyy-mm-dd (the code's date is the local one). */
export function codeDay(at: Date): string {
  return localDateOf(at);
}

/** PAKN.yyyymmdd.nnnn, with at least 4 digits (6 at most, the table's CHECK). */
export function formatCaseCode(prefix: CasePrefix, day: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`case code sequence out of range: ${sequence}`);
  }
  return `${prefix}.${day.replaceAll("-", "")}.${String(sequence).padStart(4, "0")}`;
}

/** Crockford base32: no I, L, O, U, so a secret read from paper is not misread. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** 16 random base32 characters (80 bits) in groups of four: K7QF-M2XP-9RTA-VW3H. */
export function newTrackingSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = "";
  for (const b of bytes) out += ALPHABET[b & 31];
  return out.match(/.{4}/g)?.join("-") ?? out;
}

export function hashTrackingSecret(agencyId: string, code: string, secret: string): Promise<string> {
  return sha256Hex(`hailong-case-secret:${agencyId}:${code}:${secret}`);
}
