import { describe, expect, it } from "vitest";
import {
  fromBase64,
  generatePassword,
  hashPassword,
  needsRehash,
  PASSWORD_ITERATIONS,
  parsePasswordHash,
  passwordProblem,
  timingSafeEqual,
  verifyPassword,
} from "../../worker/accounts/password";

describe("password hashing (PBKDF2-SHA256 through WebCrypto)", () => {
  it("stores the algorithm, 100,000 iterations, a 16-byte salt and a 32-byte hash", async () => {
    const stored = await hashPassword("mat-khau-rat-dai-2026");
    const [algorithm, iterations, salt, hash] = stored.split("$");
    expect(algorithm).toBe("pbkdf2-sha256");
    expect(Number(iterations)).toBe(100_000);
    expect(PASSWORD_ITERATIONS).toBe(100_000);
    expect(fromBase64(salt ?? "")).toHaveLength(16);
    expect(fromBase64(hash ?? "")).toHaveLength(32);
  });

  it("salts every hash: the same password hashes differently twice", async () => {
    expect(await hashPassword("mat-khau-rat-dai-2026")).not.toBe(await hashPassword("mat-khau-rat-dai-2026"));
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("Mật khẩu có dấu 2026");
    expect(await verifyPassword("Mật khẩu có dấu 2026", stored)).toBe(true);
    // The same text in decomposed Unicode (NFD) is the same password.
    expect(await verifyPassword("Mật khẩu có dấu 2026".normalize("NFD"), stored)).toBe(true);
    expect(await verifyPassword("mật khẩu có dấu 2026", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("matches the PBKDF2-HMAC-SHA256 test vectors of RFC 7914 §11 (first 32 bytes)", async () => {
    // P="passwd", S="salt", c=1 → 55ac046e56e3089f…; P="Password", S="NaCl", c=80000 → 4ddcd8f60b98be21…
    expect(
      await verifyPassword("passwd", `pbkdf2-sha256$1$${btoa("salt")}$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw=`),
    ).toBe(true);
    expect(
      await verifyPassword(
        "Password",
        `pbkdf2-sha256$80000$${btoa("NaCl")}$TdzY9guYviGDDO5e8icB+WQaRBjQTAQUrv8Ih2s0q1Y=`,
      ),
    ).toBe(true);
  });

  it("refuses unknown formats instead of guessing", async () => {
    for (const stored of ["", "plain", "md5$abc", "pbkdf2-sha256$0$AA==$AA==", "pbkdf2-sha256$999999$AA==$AA=="]) {
      expect(parsePasswordHash(stored)).toBeNull();
      expect(await verifyPassword("anything", stored)).toBe(false);
    }
  });

  it("asks for a rehash when the stored parameters are older than the current ones", async () => {
    expect(needsRehash(await hashPassword("mat-khau-rat-dai-2026"))).toBe(false);
    expect(needsRehash(await hashPassword("mat-khau-rat-dai-2026", 10_000))).toBe(true);
    expect(needsRehash("bcrypt$whatever")).toBe(true);
  });

  it("compares in constant time over equal lengths", () => {
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
  });
});

describe("password rules", () => {
  it("needs 10 characters (counted as people see them) and refuses the username inside it", () => {
    expect(passwordProblem("ngắn-quá", "nva")).toBe("too_short");
    expect(passwordProblem("đủ-mười-ký", "nva")).toBeNull();
    expect(passwordProblem("khcn68.thuha", "khcn68.thuha")).toBe("same_as_username");
    expect(passwordProblem("Khcn68.ThuHa-2026", "khcn68.thuha")).toBe("same_as_username");
    expect(passwordProblem("x".repeat(201), "nva")).toBe("too_long");
  });

  it("generates one-time passwords of 16 unambiguous characters that pass the rules", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{16}$/);
      expect(passwordProblem(p, "someone")).toBeNull();
      seen.add(p);
    }
    expect(seen.size).toBe(50);
  });
});
