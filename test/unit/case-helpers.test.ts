import { describe, expect, it } from "vitest";
import { normaliseTrackingSecret, TRACKING_SECRET_PATTERN } from "../../schema/api/cases";
import { casePrefix, formatCaseCode, newTrackingSecret } from "../../worker/cases/codes";
import { checkFile, cleanFileName } from "../../worker/cases/file-types";
import { canViewIdentity } from "../../worker/cases/identity";
import {
  attachmentAad,
  identityAad,
  keyringFor,
  openBytes,
  openText,
  parseKeyring,
  sealBytes,
  sealText,
  toBase64Url,
} from "../../worker/cases/identity-crypto";
import { REDACTION_MARK, redactText } from "../../worker/cases/redaction";
import { type matchRule, routeCase } from "../../worker/cases/routing";

const enc = (s: string) => new Uint8Array(new TextEncoder().encode(s));

describe("tracking codes and secrets", () => {
  it("writes PAKN.yyyymmdd.nnnn with the day's sequence", () => {
    expect(formatCaseCode(casePrefix("petition"), "2026-11-22", 7)).toBe("PAKN.20261122.0007");
    expect(formatCaseCode(casePrefix("complaint"), "2026-07-01", 12345)).toBe("KN.20260701.12345");
    expect(formatCaseCode(casePrefix("denunciation"), "2026-07-01", 1)).toBe("TC.20260701.0001");
    expect(() => formatCaseCode("PAKN", "2026-07-01", 1_000_000)).toThrow(RangeError);
  });

  it("makes secrets people can read from paper and type back loosely", () => {
    const secret = newTrackingSecret();
    expect(secret).toMatch(TRACKING_SECRET_PATTERN);
    expect(normaliseTrackingSecret(secret.toLowerCase().replaceAll("-", " "))).toBe(secret);
    expect(normaliseTrackingSecret("k7qf m2xp 9rta vw3h")).toBe("K7QF-M2XP-9RTA-VW3H");
    // O is read as 0, I and L as 1.
    expect(normaliseTrackingSecret("O0IL-AAAA-BBBB-CCCC")).toBe("0011-AAAA-BBBB-CCCC");
  });
});

describe("identity encryption (AES-256-GCM, keyring from CASE_IDENTITY_KEYS)", () => {
  const k1 = `k1:${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
  const k2 = `k2:${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;

  it("round-trips and binds the ciphertext to its case", async () => {
    const ring = await parseKeyring(k1);
    const sealed = await sealText(ring, '{"fullName":"Nguyễn Văn A"}', identityAad("agency", "case-1"));
    expect(sealed.keyId).toBe("k1");
    expect(sealed.ciphertext).not.toContain("Nguy");
    expect(await openText(ring, sealed, identityAad("agency", "case-1"))).toBe('{"fullName":"Nguyễn Văn A"}');
    await expect(openText(ring, sealed, identityAad("agency", "case-2"))).rejects.toThrow();
  });

  it("rotates: a new first key encrypts, the old one still decrypts, a removed one cannot", async () => {
    const old = await parseKeyring(k1);
    const sealed = await sealBytes(old, enc("chữ ký"), attachmentAad("a", "x", "content"));
    const rotated = await parseKeyring(`${k2},${k1}`);
    expect(rotated.primary.kid).toBe("k2");
    expect(new TextDecoder().decode(await openBytes(rotated, sealed, attachmentAad("a", "x", "content")))).toBe(
      "chữ ký",
    );
    const without = await parseKeyring(k2);
    await expect(openBytes(without, sealed, attachmentAad("a", "x", "content"))).rejects.toThrow(
      /not in CASE_IDENTITY_KEYS/,
    );
  });

  it("refuses malformed keyrings, and production without keys", async () => {
    await expect(parseKeyring("nokid")).rejects.toThrow();
    await expect(parseKeyring("k1:c2hvcnQ")).rejects.toThrow(/32 bytes/);
    await expect(parseKeyring(`${k1},${k1}`)).rejects.toThrow(/twice/);
    expect(() => keyringFor({ APP_ENV: "production", CASE_IDENTITY_KEYS: undefined })).toThrow();
    expect((await keyringFor({ APP_ENV: "test", CASE_IDENTITY_KEYS: undefined })).primary.kid).toBe("dev");
  });
});

describe("who may open a filer's identity", () => {
  it("a denouncer's: the assigned staff only, whatever the role", () => {
    for (const role of ["admin", "manager", "inspector", "viewer"] as const) {
      expect(canViewIdentity({ role }, "denunciation", { assigned: false, inScope: true })).toBe(false);
      expect(canViewIdentity({ role }, "denunciation", { assigned: true, inScope: false })).toBe(true);
    }
  });

  it("a complainant's or petitioner's: also the handling unit's managers and inspectors, never a viewer", () => {
    expect(canViewIdentity({ role: "inspector" }, "complaint", { assigned: false, inScope: true })).toBe(true);
    expect(canViewIdentity({ role: "inspector" }, "complaint", { assigned: false, inScope: false })).toBe(false);
    expect(canViewIdentity({ role: "viewer" }, "petition", { assigned: false, inScope: true })).toBe(false);
  });
});

describe("redaction of personal data", () => {
  const filer = {
    fullName: "Trần Thị Bích",
    address: "12 Trần Phú, phường Xuân Hương",
    phone: "0912 345 678",
    email: "bich@example.test",
    idNumber: "079123456789",
  };

  it("masks the filer's details in any letter case and any spacing of the phone number", () => {
    const out = redactText(
      "Tôi là TRẦN THỊ BÍCH, ở 12 Trần Phú, phường Xuân Hương, gọi 0912.345.678 hoặc +84 912345678, email bich@example.test, CCCD 079123456789.",
      filer,
    );
    expect(out.text).toBe(
      `Tôi là ${REDACTION_MARK}, ở ${REDACTION_MARK}, gọi ${REDACTION_MARK} hoặc ${REDACTION_MARK}, email ${REDACTION_MARK}, CCCD ${REDACTION_MARK}.`,
    );
    expect(out.count).toBe(6);
  });

  it("masks anything that looks like a phone, an email or an ID number, and leaves dates, amounts and codes alone", () => {
    const out = redactText(
      "Liên hệ 0263 3822 000 hoặc ai@so.gov.vn; hồ sơ 000.00.15.H68-261122-0001 nộp ngày 22/11/2026, phí 1.500.000 đồng, văn bản 456/SKHCN-VP.",
    );
    expect(out.text).toBe(
      `Liên hệ ${REDACTION_MARK} hoặc ${REDACTION_MARK}; hồ sơ 000.00.15.H68-261122-0001 nộp ngày 22/11/2026, phí 1.500.000 đồng, văn bản 456/SKHCN-VP.`,
    );
  });
});

describe("attachment types from magic bytes", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  const zip = (names: string[]) => enc(`PK\u0003\u0004${names.join("....")}`);

  it("accepts images, PDF and Office documents whose extension agrees", () => {
    expect(checkFile(png, "anh.PNG")).toMatchObject({ ok: true, type: { contentType: "image/png" } });
    expect(checkFile(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), "a.jpeg")).toMatchObject({ ok: true });
    expect(checkFile(enc("RIFF\0\0\0\0WEBPVP8 "), "a.webp")).toMatchObject({ ok: true });
    expect(checkFile(enc("\0\0\0\u0018ftypheic"), "IMG_0001.HEIC")).toMatchObject({ ok: true });
    expect(checkFile(enc("%PDF-1.7"), "don.pdf")).toMatchObject({ ok: true });
    expect(checkFile(zip(["[Content_Types].xml", "word/document.xml"]), "don.docx")).toMatchObject({ ok: true });
    expect(checkFile(zip(["[Content_Types].xml", "xl/workbook.xml"]), "bang.xlsx")).toMatchObject({ ok: true });
    const odt = new Uint8Array(120);
    odt.set(enc("PK\u0003\u0004"));
    odt.set(enc("mimetypeapplication/vnd.oasis.opendocument.text"), 30);
    expect(checkFile(odt, "van-ban.odt")).toMatchObject({ ok: true });
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(checkFile(ole, "cu.doc")).toMatchObject({ ok: true, type: { contentType: "application/msword" } });
  });

  it("refuses executables, scripts, macros, HTML and lying extensions", () => {
    expect(checkFile(enc("MZ\u0090\u0000"), "hoa-don.pdf")).toEqual({ ok: false, reason: "unknown_type" });
    expect(checkFile(enc("<html><script>"), "a.pdf")).toEqual({ ok: false, reason: "unknown_type" });
    expect(checkFile(enc("<svg onload=alert(1)>"), "a.png")).toEqual({ ok: false, reason: "unknown_type" });
    expect(checkFile(zip(["[Content_Types].xml", "word/", "word/vbaProject.bin"]), "a.docx")).toEqual({
      ok: false,
      reason: "unknown_type",
    });
    expect(checkFile(png, "anh.pdf")).toEqual({ ok: false, reason: "extension_mismatch" });
    expect(checkFile(png, "anh.png.exe")).toEqual({ ok: false, reason: "extension_mismatch" });
    expect(checkFile(new Uint8Array(), "a.png")).toEqual({ ok: false, reason: "empty" });
  });

  it("keeps Vietnamese names but drops paths and control characters", () => {
    expect(cleanFileName("C:\\Users\\a\\Ảnh hiện trường.png")).toBe("Ảnh hiện trường.png");
    expect(cleanFileName(encodeURIComponent("../../đơn.pdf"))).toBe("đơn.pdf");
    expect(cleanFileName("a\u0000b\n.pdf")).toBe("ab.pdf");
    expect(cleanFileName("")).toBe("tep-dinh-kem");
    const long = cleanFileName(`${"x".repeat(300)}.pdf`);
    expect(long.length).toBeLessThanOrEqual(255);
    expect(long.endsWith(".pdf")).toBe(true);
  });
});

describe("routing", () => {
  const units = [
    { id: "vp", code: "VP", kind: "office" as const, active: true },
    { id: "tt", code: "TTRA", kind: "inspectorate" as const, active: true },
    { id: "cc", code: "CCTDC", kind: "sub_department" as const, active: true },
  ];
  const rule = (over: Partial<Parameters<typeof matchRule>[0][number]>) => ({
    id: crypto.randomUUID(),
    caseKind: null,
    sourceUnitId: null,
    procedureId: null,
    handlingUnitId: "vp",
    active: true,
    ...over,
  });

  it("picks the most specific active rule", () => {
    const rules = [
      rule({ caseKind: "petition", handlingUnitId: "vp" }),
      rule({ caseKind: "petition", sourceUnitId: "cc", handlingUnitId: "cc" }),
      rule({ procedureId: "p1", handlingUnitId: "tt" }),
      rule({ caseKind: "petition", sourceUnitId: "cc", procedureId: "p1", handlingUnitId: "vp", active: false }),
    ];
    expect(routeCase({ kind: "petition", sourceUnitId: null, procedureId: null }, rules, {}, units).unitId).toBe("vp");
    expect(routeCase({ kind: "petition", sourceUnitId: "cc", procedureId: null }, rules, {}, units).unitId).toBe("cc");
    expect(routeCase({ kind: "petition", sourceUnitId: "cc", procedureId: "p1" }, rules, {}, units)).toMatchObject({
      unitId: "tt",
      by: "rule",
    });
  });

  it("falls back to the agency setting, then to an inspectorate for complaints and denunciations", () => {
    const settings = { caseRouting: { complaint: { unitCode: "CCTDC" } } };
    expect(routeCase({ kind: "complaint", sourceUnitId: null, procedureId: null }, [], settings, units)).toEqual({
      unitId: "cc",
      by: "setting",
    });
    expect(routeCase({ kind: "denunciation", sourceUnitId: null, procedureId: null }, [], settings, units)).toEqual({
      unitId: "tt",
      by: "default",
    });
    expect(routeCase({ kind: "petition", sourceUnitId: null, procedureId: null }, [], {}, units).unitId).toBe("vp");
    // A rule pointing at a closed unit is ignored.
    const closed = [{ ...units[1]!, active: false }, units[0]!];
    expect(
      routeCase(
        { kind: "complaint", sourceUnitId: null, procedureId: null },
        [rule({ handlingUnitId: "tt" })],
        {},
        closed,
      ),
    ).toEqual({
      unitId: "vp",
      by: "default",
    });
  });
});
