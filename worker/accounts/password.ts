/**
 * Staff passwords: PBKDF2-SHA256 through WebCrypto (the same code runs in workerd and in the
 * Node CLI scripts). A stored hash names its algorithm and cost,
 * `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`, so that the parameters can be raised
 * later and old hashes upgraded at the next successful sign-in.
 */

export const PASSWORD_ALGORITHM = "pbkdf2-sha256";
/** The highest PBKDF2 iteration count Cloudflare Workers accept (larger counts throw). */
export const PASSWORD_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

const encoder = new TextEncoder();

export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replaceAll("-", "+").replaceAll("_", "/");
  return fromBase64(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** Compares two byte strings in time that depends only on their length. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Constant-time comparison of two strings (e.g. CSRF tokens). */
export function timingSafeEqualText(a: string, b: string): boolean {
  return timingSafeEqual(encoder.encode(a), encoder.encode(b));
}

async function pbkdf2(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password.normalize("NFC")), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

export interface ParsedHash {
  algorithm: string;
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array;
}

/** Reads a stored hash; null when it is not in a format this code knows. */
export function parsePasswordHash(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 4) return null;
  const [algorithm, iterations, salt, hash] = parts as [string, string, string, string];
  if (algorithm !== PASSWORD_ALGORITHM || !/^[0-9]{1,7}$/.test(iterations)) return null;
  const n = Number(iterations);
  if (n < 1 || n > PASSWORD_ITERATIONS) return null;
  try {
    return { algorithm, iterations: n, salt: fromBase64(salt), hash: fromBase64(hash) };
  } catch {
    return null;
  }
}

/** Hashes a password with a fresh 16-byte salt at the current cost. */
export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await pbkdf2(password, salt, iterations);
  return `${PASSWORD_ALGORITHM}$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

/** True when `password` matches the stored hash; false for a wrong password or an unknown format. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const candidate = await pbkdf2(password, parsed.salt, parsed.iterations);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the stored hash uses older parameters than the current ones (rehash after sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = parsePasswordHash(stored);
  return !parsed || parsed.iterations < PASSWORD_ITERATIONS || parsed.hash.length !== HASH_BYTES;
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, so that a sign-in for an unknown username
 * answers no faster than one for a known username with a wrong password.
 */
export async function burnPasswordTime(password: string): Promise<void> {
  dummyHash ??= hashPassword("hailong-dummy-password");
  await verifyPassword(password, await dummyHash);
}

export type PasswordProblem = "too_short" | "too_long" | "same_as_username";

/** The rules a new password must meet; null when it is acceptable. */
export function passwordProblem(password: string, username: string): PasswordProblem | null {
  const length = [...password.normalize("NFC")].length;
  if (length < PASSWORD_MIN_LENGTH) return "too_short";
  if (length > PASSWORD_MAX_LENGTH) return "too_long";
  const lower = password.toLowerCase();
  const user = username.toLowerCase();
  if (lower === user || lower.includes(user)) return "same_as_username";
  return null;
}

const READABLE = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/**
 * A random password for one-time use (admin reset, first admin): 16 characters from an
 * alphabet without look-alikes (no 0/O, 1/l/I), about 93 bits.
 */
export function generatePassword(length = 16): string {
  const out: string[] = [];
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % READABLE.length);
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < limit && out.length < length) out.push(READABLE[b % READABLE.length] as string);
    }
  }
  return out.join("");
}
