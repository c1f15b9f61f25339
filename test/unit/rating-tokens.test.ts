import { describe, expect, it } from "vitest";
import {
  type FileTokenPayload,
  parseTokenKeys,
  ratingTokenKeys,
  signFileToken,
  toBase64Url,
  verifyFileToken,
} from "../../worker/ratings/tokens";

const b64 = (s: string) => btoa(s);
const OLD = `k2025:${b64("an old key of at least thirty-two bytes!!")}`;
const NEW = `k2026:${b64("the new key, also thirty-two bytes or more")}`;

const agencyId = "6f1c2a52-3c1e-4a52-9a59-0d2f2b9d8e11";
const fileId = "0b6b1f3e-8f4d-4b7a-a1f6-8e2f6e9b7c21";
const NOW = new Date("2026-11-23T03:00:00Z");
const LATER = new Date("2026-12-23T03:00:00Z");

function sign(keys: string, over: Partial<{ expiresAt: Date; tokenId: string }> = {}) {
  return signFileToken(
    { agencyId, fileId, expiresAt: over.expiresAt ?? LATER, tokenId: over.tokenId },
    parseTokenKeys(keys),
  );
}

function payloadOf(token: string): FileTokenPayload {
  const part = token.split(".")[2]!.replaceAll("-", "+").replaceAll("_", "/");
  return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
}

describe("per-file rating tokens", () => {
  it("signs v1.<kid>.<payload>.<signature> with the agency, the file, the expiry and a random token id", async () => {
    const token = await sign(NEW);
    expect(token).toMatch(/^v1\.k2026\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const payload = payloadOf(token);
    expect(payload).toMatchObject({ agency: agencyId, file: fileId, exp: LATER.getTime() / 1000 });
    expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(payloadOf(await sign(NEW)).jti).not.toBe(payload.jti);
    expect(token.length).toBeLessThan(260); // fits a small QR on the receipt
  });

  it("verifies its own token and returns the payload", async () => {
    const token = await sign(NEW, { tokenId: "abcdefghijklmnop" });
    expect(await verifyFileToken(token, parseTokenKeys(NEW), NOW)).toEqual({
      ok: true,
      payload: { agency: agencyId, file: fileId, exp: LATER.getTime() / 1000, jti: "abcdefghijklmnop" },
    });
  });

  it("refuses a token whose payload was swapped or whose signature was altered", async () => {
    const keys = parseTokenKeys(NEW);
    const token = await sign(NEW);
    const [v, kid, , sig] = token.split(".");
    const forgedPayload = toBase64Url(
      new TextEncoder().encode(JSON.stringify({ ...payloadOf(token), file: "1b6b1f3e-8f4d-4b7a-a1f6-8e2f6e9b7c21" })),
    );
    expect(await verifyFileToken(`${v}.${kid}.${forgedPayload}.${sig}`, keys, NOW)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    const flipped = `${sig!.slice(0, 10)}${sig![10] === "A" ? "B" : "A"}${sig!.slice(11)}`;
    expect(await verifyFileToken(`${v}.${kid}.${token.split(".")[2]}.${flipped}`, keys, NOW)).toMatchObject({
      ok: false,
      reason: "bad-signature",
    });
  });

  it("refuses a token signed with a key it does not hold, or naming an unknown key id", async () => {
    const token = await sign(`k2026:${b64("somebody else's key, long enough to sign")}`);
    expect(await verifyFileToken(token, parseTokenKeys(NEW), NOW)).toEqual({ ok: false, reason: "bad-signature" });
    expect(await verifyFileToken(await sign(OLD), parseTokenKeys(NEW), NOW)).toEqual({
      ok: false,
      reason: "unknown-key",
    });
  });

  it("reports an expired token as expired, with its genuine payload", async () => {
    const token = await sign(NEW, { expiresAt: new Date(NOW.getTime() - 1000) });
    expect(await verifyFileToken(token, parseTokenKeys(NEW), NOW)).toMatchObject({
      ok: false,
      reason: "expired",
      payload: { file: fileId },
    });
  });

  it("refuses malformed tokens", async () => {
    const keys = parseTokenKeys(NEW);
    for (const bad of ["", "v1", "v2.k2026.e30.AAAA", "v1.k2026.e30", "v1.k2026.%%%.AAAA", "v1.k2026.e30.AAAA.x"]) {
      expect((await verifyFileToken(bad, keys, NOW)).ok).toBe(false);
    }
    // A correctly signed payload that is not a token payload.
    const [key] = keys;
    const head = `v1.k2026.${toBase64Url(new TextEncoder().encode('{"hello":"world"}'))}`;
    const mac = await crypto.subtle.sign(
      "HMAC",
      await crypto.subtle.importKey("raw", key!.secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]),
      new TextEncoder().encode(head),
    );
    expect(await verifyFileToken(`${head}.${toBase64Url(new Uint8Array(mac))}`, keys, NOW)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("rotates keys: the first key signs, every listed key verifies", async () => {
    const rotated = `${NEW},${OLD}`;
    const printedLastYear = await sign(OLD);
    expect((await verifyFileToken(printedLastYear, parseTokenKeys(rotated), NOW)).ok).toBe(true);
    expect((await sign(rotated)).startsWith("v1.k2026.")).toBe(true);
    // Once the old key is dropped, its tokens stop working.
    expect((await verifyFileToken(printedLastYear, parseTokenKeys(NEW), NOW)).ok).toBe(false);
  });

  it("refuses a key list with short, non-base64 or repeated keys", () => {
    expect(() => parseTokenKeys(`k1:${b64("too short")}`)).toThrow(/32 bytes/);
    expect(() => parseTokenKeys("k1:not base64!")).toThrow(/base64/);
    expect(() => parseTokenKeys(`${NEW},${NEW}`)).toThrow(/twice/);
    expect(() => parseTokenKeys(b64("no key id here at all, just a long key"))).toThrow(/kid:base64key/);
  });

  it("uses a development key outside production only", () => {
    expect(ratingTokenKeys({ APP_ENV: "test", RATING_TOKEN_KEYS: undefined })).toHaveLength(1);
    expect(ratingTokenKeys({ APP_ENV: "production", RATING_TOKEN_KEYS: undefined })).toEqual([]);
    expect(ratingTokenKeys({ APP_ENV: "production", RATING_TOKEN_KEYS: NEW })[0]?.kid).toBe("k2026");
  });
});
