import { describe, expect, it } from "vitest";
import { formatFileCode, normaliseFileCode, parseFileCode } from "../../worker/lib/files/file-code";

describe("file codes (mã hồ sơ, TT 01/2018/TT-VPCP Art. 19)", () => {
  it("reads the standard structure: agency identifier, receipt date, sequence of the day", () => {
    expect(parseFileCode("H15.50.05.13-261008-0975")).toEqual({ unit: "H15.50.05.13", date: "2026-10-08", seq: 975 });
  });

  it("accepts the 6–7-digit sequences of ministry systems", () => {
    expect(parseFileCode("000.00.15.H68-261123-1234567")?.seq).toBe(1234567);
  });

  it("reports a code outside the standard structure as not parsed, yet accepts it loosely", () => {
    expect(parseFileCode("HS/2026/00123")).toBeNull();
    expect(normaliseFileCode("  HS/2026/00123 ")).toBe("HS/2026/00123");
  });

  it("gives no date for a YYMMDD that is not a real day", () => {
    expect(parseFileCode("H15-261399-0001")?.date).toBeNull();
  });

  it("refuses what is not a code at all", () => {
    expect(normaliseFileCode("ab")).toBeNull();
    expect(normaliseFileCode("mã hồ sơ")).toBeNull();
    expect(normaliseFileCode("x".repeat(61))).toBeNull();
  });

  it("generates the day's codes with a 4-digit sequence", () => {
    expect(formatFileCode("000.00.15.H68", "2026-11-23", 7)).toBe("000.00.15.H68-261123-0007");
    expect(formatFileCode("000.00.15.H68", "2026-11-23", 12345)).toBe("000.00.15.H68-261123-12345");
    expect(() => formatFileCode("X", "2026-11-23", 0)).toThrow(RangeError);
  });
});
