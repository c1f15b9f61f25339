/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) with WebCrypto HMAC: 30-second
 * steps, 6 digits, one step of clock drift accepted either way. Compatible with the usual
 * authenticator apps (Google Authenticator, Microsoft Authenticator, FreeOTP…).
 */
import { fromBase64Url, randomBytes, timingSafeEqualText, toBase64Url } from "./password";

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.toUpperCase().replace(/[\s=-]/g, "");
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) throw new Error("invalid base32");
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

export type HmacHash = "SHA-1" | "SHA-256" | "SHA-512";

/** RFC 4226 HOTP value for one counter. */
export async function hotp(
  secret: Uint8Array<ArrayBuffer>,
  counter: number,
  digits = TOTP_DIGITS,
  hash: HmacHash = "SHA-1",
): Promise<string> {
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash }, false, ["sign"]);
  const msg = new Uint8Array(8);
  new DataView(msg.buffer).setBigUint64(0, BigInt(counter));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, msg));
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const code =
    (((mac[offset] ?? 0) & 0x7f) << 24) |
    ((mac[offset + 1] ?? 0) << 16) |
    ((mac[offset + 2] ?? 0) << 8) |
    (mac[offset + 3] ?? 0);
  return String(code % 10 ** digits).padStart(digits, "0");
}

/** The time step of a moment (RFC 6238 T). */
export function totpStep(atMs: number, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(atMs / 1000 / stepSeconds);
}

/** The TOTP code at a moment. */
export function totp(
  secret: Uint8Array<ArrayBuffer>,
  atMs: number,
  digits = TOTP_DIGITS,
  hash: HmacHash = "SHA-1",
): Promise<string> {
  return hotp(secret, totpStep(atMs), digits, hash);
}

/**
 * Checks a 6-digit code against the steps around `atMs` (±1). Returns the matching step, or
 * null. A step at or before `lastUsedStep` is refused, so that a code cannot be replayed.
 */
export async function verifyTotp(
  secret: Uint8Array<ArrayBuffer>,
  code: string,
  atMs: number,
  lastUsedStep: number | null = null,
): Promise<number | null> {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const now = totpStep(atMs);
  let found: number | null = null;
  // Check every window step (no early exit) so the timing does not reveal which one matched.
  for (const step of [now - 1, now, now + 1]) {
    const expected = await hotp(secret, step);
    if (timingSafeEqualText(expected, code) && (lastUsedStep === null || step > lastUsedStep)) found ??= step;
  }
  return found;
}

/** A new 160-bit secret (RFC 4226 recommends at least 128, 160 is the authenticator default). */
export function newTotpSecret(): Uint8Array<ArrayBuffer> {
  return randomBytes(20);
}

/** The otpauth:// URI an authenticator app reads from a QR code. */
export function otpauthUri(secret: Uint8Array, account: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({
    secret: base32Encode(secret),
    issuer,
    algorithm: "SHA1",
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}

/**
 * A fixed key used only when no TOTP_ENCRYPTION_KEY is configured outside production (tests,
 * a first local start). Production refuses to enrol without a configured key.
 */
const DEVELOPMENT_KEY = "hailong-development-totp-key-001";
const KID = /^[A-Za-z0-9_-]{1,16}$/;

interface TotpKey {
  kid: string;
  raw: Uint8Array<ArrayBuffer>;
}

/**
 * TOTP_ENCRYPTION_KEY is a keyring, "kid:key,kid2:key" (each key 32 bytes in base64url), or a
 * single bare key (kid "0"). The first key seals; every key opens, so a key is rotated by
 * putting a new one first: secrets sealed with an older key are re-sealed with the first at
 * their owner's next sign-in, and the old key can go once none is left (`totp_secret` names its
 * key id).
 */
export function parseTotpKeyring(keyText: string | undefined): TotpKey[] {
  if (!keyText) return [{ kid: "dev", raw: new Uint8Array(new TextEncoder().encode(DEVELOPMENT_KEY)) }];
  const keys: TotpKey[] = [];
  for (const item of keyText
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean)) {
    const colon = item.indexOf(":");
    const kid = colon < 0 ? "0" : item.slice(0, colon);
    const raw = fromBase64Url(colon < 0 ? item : item.slice(colon + 1));
    if (!KID.test(kid)) throw new Error("TOTP_ENCRYPTION_KEY: each entry is kid:base64urlkey");
    if (raw.length !== 32) throw new Error(`TOTP_ENCRYPTION_KEY: key ${kid} must be 32 bytes in base64url`);
    if (keys.some((k) => k.kid === kid)) throw new Error(`TOTP_ENCRYPTION_KEY: key id ${kid} appears twice`);
    keys.push({ kid, raw });
  }
  if (keys.length === 0) throw new Error("TOTP_ENCRYPTION_KEY: no key");
  return keys;
}

function aesKey(key: TotpKey): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", key.raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** Encrypts a TOTP secret for storage with the first key: `aes-gcm$<kid>$<iv>$<ciphertext>`. */
export async function sealTotpSecret(secret: Uint8Array<ArrayBuffer>, keyText: string | undefined): Promise<string> {
  const [key] = parseTotpKeyring(keyText);
  if (!key) throw new Error("TOTP_ENCRYPTION_KEY: no key");
  const iv = randomBytes(12);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await aesKey(key), secret));
  return `aes-gcm$${key.kid}$${toBase64Url(iv)}$${toBase64Url(ct)}`;
}

/** True when a stored secret is sealed with the first (current) key of the ring. */
export function isSealedWithCurrentKey(sealed: string, keyText: string | undefined): boolean {
  const parts = sealed.split("$");
  return parts.length === 4 && parts[1] === parseTotpKeyring(keyText)[0]?.kid;
}

/**
 * Decrypts a stored TOTP secret with the key it names (secrets sealed before key ids,
 * `aes-gcm$<iv>$<ct>`, are tried against every key); throws when no key opens it or the value
 * was altered.
 */
export async function openTotpSecret(sealed: string, keyText: string | undefined): Promise<Uint8Array<ArrayBuffer>> {
  const parts = sealed.split("$");
  const [tag] = parts;
  const [kid, iv, ct] = parts.length === 4 ? parts.slice(1) : [undefined, ...parts.slice(1)];
  if (tag !== "aes-gcm" || !iv || !ct || parts.length > 4) throw new Error("unknown TOTP secret format");
  const ring = parseTotpKeyring(keyText);
  const candidates = kid === undefined ? ring : ring.filter((k) => k.kid === kid);
  if (candidates.length === 0) throw new Error(`TOTP secret sealed with key ${kid}, which is not in the ring`);
  let lastError: unknown;
  for (const key of candidates) {
    try {
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: fromBase64Url(iv) },
        await aesKey(key),
        fromBase64Url(ct),
      );
      return new Uint8Array(plain);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}
