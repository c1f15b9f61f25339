/**
 * Encryption at rest of a filer's identity and of identifying attachments (Luật Tố cáo 2018
 * Art. 9(1)(b), 56: the denouncer's name, address, handwriting and other personal data are kept
 * secret). AES-256-GCM through WebCrypto; the keys come from the secret binding
 * CASE_IDENTITY_KEYS, "kid:base64key,kid2:base64key": the first key encrypts, every key
 * decrypts, so a key rotates by prepending a new one (and re-encrypting with
 * `reencryptIdentities`, then removing the old key).
 *
 * The additional authenticated data binds a ciphertext to its agency, case and purpose, so a
 * row copied onto another case does not decrypt.
 */
import type { Config } from "../env";
import { ProblemError } from "../problems";

export interface IdentityKey {
  kid: string;
  key: CryptoKey;
}

export interface Keyring {
  /** Encrypts new data. */
  primary: IdentityKey;
  byId: ReadonlyMap<string, IdentityKey>;
}

export interface Sealed {
  keyId: string;
  /** base64url of the 12-byte nonce. */
  iv: string;
}

const KID = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * A fixed key used only when CASE_IDENTITY_KEYS is unset outside production (tests, a first
 * local start), so that cases can be filed locally. Never accepted in production.
 */
const DEVELOPMENT_KEYS = "dev:aGFpbG9uZy1kZXYtb25seS1pZGVudGl0eS1rZXktMzI=";

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const normal = text.replaceAll("-", "+").replaceAll("_", "/");
  const binary = atob(normal + "=".repeat((4 - (normal.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Parses "kid:base64key,…" (standard or url-safe base64, 32-byte keys); throws on a malformed list. */
export async function parseKeyring(raw: string): Promise<Keyring> {
  const keys: IdentityKey[] = [];
  for (const part of raw.split(",")) {
    const item = part.trim();
    if (!item) continue;
    const colon = item.indexOf(":");
    const kid = item.slice(0, colon);
    if (colon < 1 || !KID.test(kid)) throw new Error("CASE_IDENTITY_KEYS: each entry is kid:base64key");
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = fromBase64Url(item.slice(colon + 1).replace(/=+$/, ""));
    } catch {
      throw new Error(`CASE_IDENTITY_KEYS: key ${kid} is not base64`);
    }
    if (bytes.length !== 32) throw new Error(`CASE_IDENTITY_KEYS: key ${kid} must be 32 bytes (AES-256)`);
    if (keys.some((k) => k.kid === kid)) throw new Error(`CASE_IDENTITY_KEYS: key id ${kid} appears twice`);
    const key = await crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]);
    keys.push({ kid, key });
  }
  const primary = keys[0];
  if (!primary) throw new Error("CASE_IDENTITY_KEYS: no key");
  return { primary, byId: new Map(keys.map((k) => [k.kid, k])) };
}

const cache = new Map<string, Promise<Keyring>>();

/**
 * The keyring of this deployment. Without CASE_IDENTITY_KEYS, production refuses (503: no
 * identity is ever stored unencrypted); elsewhere a fixed development key is used.
 */
export function keyringFor(config: Pick<Config, "APP_ENV" | "CASE_IDENTITY_KEYS">): Promise<Keyring> {
  let raw = config.CASE_IDENTITY_KEYS;
  if (!raw) {
    if (config.APP_ENV === "production") {
      console.error("CASE_IDENTITY_KEYS is not set: identities cannot be stored or read");
      throw new ProblemError("identity-store-unavailable");
    }
    raw = DEVELOPMENT_KEYS;
  }
  let ring = cache.get(raw);
  if (!ring) {
    ring = parseKeyring(raw);
    cache.set(raw, ring);
    ring.catch(() => cache.delete(raw as string));
  }
  return ring;
}

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(new TextEncoder().encode(text));
}

function additionalData(aad: string): Uint8Array<ArrayBuffer> {
  return utf8(`hailong:v1:${aad}`);
}

/** Encrypts bytes with the primary key; returns the ciphertext and where to find the key. */
export async function sealBytes(
  ring: Keyring,
  plain: Uint8Array<ArrayBuffer>,
  aad: string,
): Promise<Sealed & { ciphertext: Uint8Array<ArrayBuffer> }> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const out = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: additionalData(aad) },
    ring.primary.key,
    plain,
  );
  return { keyId: ring.primary.kid, iv: toBase64Url(iv), ciphertext: new Uint8Array(out) };
}

/** Decrypts bytes sealed by `sealBytes` with the same `aad`; throws when the key is gone or the data was altered. */
export async function openBytes(
  ring: Keyring,
  sealed: Sealed & { ciphertext: Uint8Array<ArrayBuffer> },
  aad: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = ring.byId.get(sealed.keyId);
  if (!key) throw new Error(`identity key ${sealed.keyId} is not in CASE_IDENTITY_KEYS`);
  const out = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64Url(sealed.iv), additionalData: additionalData(aad) },
    key.key,
    sealed.ciphertext,
  );
  return new Uint8Array(out);
}

export interface SealedText extends Sealed {
  /** base64url. */
  ciphertext: string;
}

export async function sealText(ring: Keyring, text: string, aad: string): Promise<SealedText> {
  const sealed = await sealBytes(ring, utf8(text), aad);
  return { keyId: sealed.keyId, iv: sealed.iv, ciphertext: toBase64Url(sealed.ciphertext) };
}

export async function openText(ring: Keyring, sealed: SealedText, aad: string): Promise<string> {
  const plain = await openBytes(ring, { ...sealed, ciphertext: fromBase64Url(sealed.ciphertext) }, aad);
  return new TextDecoder().decode(plain);
}

/** The additional data of a case's identity row. */
export function identityAad(agencyId: string, caseId: string): string {
  return `case-identity:${agencyId}:${caseId}`;
}

/** The additional data of an identifying attachment's bytes, and of its name. */
export function attachmentAad(agencyId: string, attachmentId: string, part: "content" | "name"): string {
  return `case-attachment-${part}:${agencyId}:${attachmentId}`;
}
