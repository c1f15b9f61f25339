import { z } from "zod";
import type { Config } from "../env";

/**
 * Per-file rating tokens: the QR printed on the receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết
 * quả, TT 03/2025/TT-VPCP Mẫu 01) carries a signed token that binds a rating to one file (hồ sơ)
 * without saying who the citizen is.
 *
 * Format: `v1.<kid>.<payload>.<signature>`, payload = base64url(JSON {agency, file, exp, jti}),
 * signature = base64url(HMAC-SHA256(key[kid], "v1.<kid>.<payload>")). Verification uses
 * WebCrypto `crypto.subtle.verify`, which compares in constant time. Each `jti` is spent once
 * (table rating_tokens_used); the file's one-rating rule holds even across several tokens.
 */

export interface RatingTokenKey {
  kid: string;
  secret: Uint8Array<ArrayBuffer>;
}

export interface FileTokenPayload {
  /** Agency id. */
  agency: string;
  /** File id. */
  file: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Token id, spent on use. */
  jti: string;
}

export type FileTokenCheck =
  | { ok: true; payload: FileTokenPayload }
  | { ok: false; reason: "malformed" | "unknown-key" | "bad-signature" }
  /** The signature is good but the token is past `exp`; the payload is trustworthy. */
  | { ok: false; reason: "expired"; payload: FileTokenPayload };

const KID = /^[A-Za-z0-9_-]{1,16}$/;
const MIN_KEY_BYTES = 32;

const PayloadSchema = z.object({
  agency: z.uuid(),
  file: z.uuid(),
  exp: z.number().int().positive(),
  jti: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});

/**
 * A fixed key used only when RATING_TOKEN_KEYS is unset outside production (development, tests),
 * so that receipts can be printed locally. Never valid in production.
 */
const DEVELOPMENT_KEYS = "dev:aGFpbG9uZy1kZXZlbG9wbWVudC1vbmx5LXJhdGluZy10b2tlbi1rZXktMzI=";

/** Parses "kid:base64key,kid2:base64key"; throws on a malformed list (a deployment error). */
export function parseTokenKeys(raw: string): RatingTokenKey[] {
  const keys: RatingTokenKey[] = [];
  for (const part of raw.split(",")) {
    const item = part.trim();
    if (!item) continue;
    const colon = item.indexOf(":");
    const kid = item.slice(0, colon);
    if (colon < 1 || !KID.test(kid)) throw new Error("RATING_TOKEN_KEYS: each entry is kid:base64key");
    let secret: Uint8Array<ArrayBuffer>;
    try {
      secret = fromBase64(
        item
          .slice(colon + 1)
          .replaceAll("-", "+")
          .replaceAll("_", "/"),
      );
    } catch {
      throw new Error(`RATING_TOKEN_KEYS: key ${kid} is not base64`);
    }
    if (secret.length < MIN_KEY_BYTES) throw new Error(`RATING_TOKEN_KEYS: key ${kid} is shorter than 32 bytes`);
    if (keys.some((k) => k.kid === kid)) throw new Error(`RATING_TOKEN_KEYS: key id ${kid} appears twice`);
    keys.push({ kid, secret });
  }
  return keys;
}

const keysByConfig = new Map<string, RatingTokenKey[]>();

/**
 * The deployment's token keys (cached per value). Empty in production when the secret is unset:
 * file tokens then cannot be issued or verified.
 */
export function ratingTokenKeys(config: Pick<Config, "RATING_TOKEN_KEYS" | "APP_ENV">): RatingTokenKey[] {
  const raw = config.RATING_TOKEN_KEYS ?? (config.APP_ENV === "production" ? "" : DEVELOPMENT_KEYS);
  let keys = keysByConfig.get(raw);
  if (!keys) {
    keys = parseTokenKeys(raw);
    keysByConfig.set(raw, keys);
  }
  return keys;
}

const cryptoKeys = new WeakMap<RatingTokenKey, Promise<CryptoKey>>();

function hmacKey(key: RatingTokenKey): Promise<CryptoKey> {
  let k = cryptoKeys.get(key);
  if (!k) {
    k = crypto.subtle.importKey("raw", key.secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    cryptoKeys.set(key, k);
  }
  return k;
}

/** A random token id: 128 bits, base64url. */
export function newTokenId(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

/** Signs a token for `fileId` of `agencyId`, valid until `expiresAt`, with the first key. */
export async function signFileToken(
  input: { agencyId: string; fileId: string; expiresAt: Date; tokenId?: string },
  keys: readonly RatingTokenKey[],
): Promise<string> {
  const key = keys[0];
  if (!key) throw new Error("RATING_TOKEN_KEYS is not set: file rating tokens cannot be signed");
  const payload: FileTokenPayload = {
    agency: input.agencyId,
    file: input.fileId,
    exp: Math.floor(input.expiresAt.getTime() / 1000),
    jti: input.tokenId ?? newTokenId(),
  };
  const head = `v1.${key.kid}.${toBase64Url(new TextEncoder().encode(JSON.stringify(payload)))}`;
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(key), new TextEncoder().encode(head));
  return `${head}.${toBase64Url(new Uint8Array(signature))}`;
}

/** Checks a token's form, key, signature (constant time) and expiry, in that order. */
export async function verifyFileToken(
  token: string,
  keys: readonly RatingTokenKey[],
  now: Date = new Date(),
): Promise<FileTokenCheck> {
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== "v1") return { ok: false, reason: "malformed" };
  const [, kid, body, sig] = parts as [string, string, string, string];
  const key = keys.find((k) => k.kid === kid);
  if (!key) return { ok: false, reason: "unknown-key" };
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = fromBase64Url(sig);
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const valid = await crypto.subtle.verify(
    "HMAC",
    await hmacKey(key),
    signature,
    new TextEncoder().encode(`v1.${kid}.${body}`),
  );
  if (!valid) return { ok: false, reason: "bad-signature" };
  let payload: FileTokenPayload;
  try {
    const parsed = PayloadSchema.safeParse(JSON.parse(new TextDecoder().decode(fromBase64Url(body))));
    if (!parsed.success) return { ok: false, reason: "malformed" };
    payload = parsed.data;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (payload.exp * 1000 <= now.getTime()) return { ok: false, reason: "expired", payload };
  return { ok: true, payload };
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  return fromBase64(text.replaceAll("-", "+").replaceAll("_", "/"));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const padded = text + "=".repeat((4 - (text.length % 4)) % 4);
  const bin = atob(padded);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
