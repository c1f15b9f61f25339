import { describe, expect, it } from "vitest";
import {
  base32Decode,
  base32Encode,
  hotp,
  isSealedWithCurrentKey,
  openTotpSecret,
  otpauthUri,
  parseTotpKeyring,
  sealTotpSecret,
  totp,
  verifyTotp,
} from "../../worker/accounts/totp";

const ascii = (s: string) => new Uint8Array(new TextEncoder().encode(s));

describe("TOTP (RFC 6238)", () => {
  // RFC 6238 Appendix B: 8-digit codes, seeds of 20, 32 and 64 bytes for SHA-1, SHA-256, SHA-512.
  const seeds = {
    "SHA-1": ascii("12345678901234567890"),
    "SHA-256": ascii("12345678901234567890123456789012"),
    "SHA-512": ascii("1234567890123456789012345678901234567890123456789012345678901234"),
  } as const;
  const vectors: Array<[number, string, string, string]> = [
    [59, "94287082", "46119246", "90693936"],
    [1111111109, "07081804", "68084774", "25091201"],
    [1111111111, "14050471", "67062674", "99943326"],
    [1234567890, "89005924", "91819424", "93441116"],
    [2000000000, "69279037", "90698825", "38618901"],
    [20000000000, "65353130", "77737706", "47863826"],
  ];

  it.each(vectors)("gives the RFC 6238 test vector codes at T = %i s", async (t, sha1, sha256, sha512) => {
    expect(await totp(seeds["SHA-1"], t * 1000, 8, "SHA-1")).toBe(sha1);
    expect(await totp(seeds["SHA-256"], t * 1000, 8, "SHA-256")).toBe(sha256);
    expect(await totp(seeds["SHA-512"], t * 1000, 8, "SHA-512")).toBe(sha512);
  });

  it("gives the RFC 4226 HOTP test values", async () => {
    const expected = [
      "755224",
      "287082",
      "359152",
      "969429",
      "338314",
      "254676",
      "287922",
      "162583",
      "399871",
      "520489",
    ];
    for (const [counter, code] of expected.entries()) expect(await hotp(seeds["SHA-1"], counter)).toBe(code);
  });

  it("accepts the code of the previous, current and next 30-second step, and nothing further", async () => {
    const key = seeds["SHA-1"];
    const now = 1_700_000_000_000;
    for (const offset of [-30_000, 0, 30_000]) {
      expect(await verifyTotp(key, await totp(key, now + offset), now)).not.toBeNull();
    }
    expect(await verifyTotp(key, await totp(key, now - 60_000), now)).toBeNull();
    expect(await verifyTotp(key, await totp(key, now + 60_000), now)).toBeNull();
    expect(await verifyTotp(key, "12345", now)).toBeNull();
  });

  it("refuses a code whose step was already used", async () => {
    const key = seeds["SHA-1"];
    const now = 1_700_000_000_000;
    const code = await totp(key, now);
    const step = await verifyTotp(key, code, now);
    expect(step).toBe(Math.floor(now / 30_000));
    expect(await verifyTotp(key, code, now, step)).toBeNull();
  });

  it("round-trips base32 (RFC 4648 test vectors) and builds an otpauth URI", () => {
    const cases: Array<[string, string]> = [
      ["f", "MY"],
      ["fo", "MZXQ"],
      ["foo", "MZXW6"],
      ["foob", "MZXW6YQ"],
      ["fooba", "MZXW6YTB"],
      ["foobar", "MZXW6YTBOI"],
    ];
    for (const [plain, encoded] of cases) {
      expect(base32Encode(ascii(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base32Decode(encoded))).toBe(plain);
    }
    const uri = otpauthUri(ascii("12345678901234567890"), "nva@SKHCN", "hailong");
    expect(uri).toBe(
      "otpauth://totp/hailong:nva%40SKHCN?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=hailong&algorithm=SHA1&digits=6&period=30",
    );
  });

  it("seals secrets with AES-GCM and refuses a wrong key", async () => {
    const secret = ascii("12345678901234567890");
    const key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    const sealed = await sealTotpSecret(secret, key);
    expect(sealed).toMatch(/^aes-gcm\$0\$/);
    expect(await openTotpSecret(sealed, key)).toEqual(secret);
    await expect(openTotpSecret(sealed, undefined)).rejects.toThrow();
  });

  it("rotates keys: the first key of the ring seals, an older key still opens, and a secret is known to need re-sealing", async () => {
    const secret = ascii("12345678901234567890");
    const oldKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    const newKey = "HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4";
    const before = `old:${oldKey}`;
    const after = `new:${newKey},old:${oldKey}`;
    const sealedOld = await sealTotpSecret(secret, before);
    expect(sealedOld).toMatch(/^aes-gcm\$old\$/);
    expect(await openTotpSecret(sealedOld, after)).toEqual(secret);
    expect(isSealedWithCurrentKey(sealedOld, after)).toBe(false);
    const resealed = await sealTotpSecret(secret, after);
    expect(resealed).toMatch(/^aes-gcm\$new\$/);
    expect(isSealedWithCurrentKey(resealed, after)).toBe(true);
    // Once the old key leaves the ring, what it sealed no longer opens; what moved still does.
    await expect(openTotpSecret(sealedOld, `new:${newKey}`)).rejects.toThrow(/not in the ring/);
    expect(await openTotpSecret(resealed, `new:${newKey}`)).toEqual(secret);
  });

  it("opens secrets sealed before keys had ids, with whichever key of the ring sealed them", async () => {
    const secret = ascii("12345678901234567890");
    const oldKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    const legacy = (await sealTotpSecret(secret, oldKey)).replace(/^aes-gcm\$0\$/, "aes-gcm$");
    expect(legacy.split("$")).toHaveLength(3);
    const ring = `new:HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4,old:${oldKey}`;
    expect(await openTotpSecret(legacy, ring)).toEqual(secret);
    expect(isSealedWithCurrentKey(legacy, ring)).toBe(false);
    await expect(openTotpSecret(legacy, "HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4")).rejects.toThrow();
  });

  it("refuses a malformed keyring", () => {
    expect(() => parseTotpKeyring("a:c2hvcnQ")).toThrow(/32 bytes/);
    const key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    expect(() => parseTotpKeyring(`a:${key},a:${key}`)).toThrow(/twice/);
  });
});
