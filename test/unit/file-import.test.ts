import { describe, expect, it } from "vitest";
import { type ImportLookups, normaliseHeader, parseImportChunk, resolveHeader } from "../../worker/files/files-import";
import { DEFAULT_OFFICE_HOURS } from "../../worker/lib/calendar/office-hours";
import { parseLocalDateTime } from "../../worker/lib/files/datetime";

const lookups: ImportLookups = {
  procedures: new Map([
    ["1.000894", { id: "p1", unitId: "u1", active: true, time: { amount: 5, unit: "working_days" as const } }],
  ]),
  counters: new Map([["Q1", { id: "c1" }]]),
};
const now = new Date("2026-11-23T10:00:00+07:00");

describe("dates as spreadsheets write them", () => {
  it("reads dd/mm/yyyy hh:mm, hh:mm dd/mm/yyyy and ISO, in Vietnamese time", () => {
    expect(parseLocalDateTime("05/11/2026 14:30", 450)?.instant.toISOString()).toBe("2026-11-05T07:30:00.000Z");
    expect(parseLocalDateTime("14g30 ngày 05/11/2026", 450)?.instant.toISOString()).toBe("2026-11-05T07:30:00.000Z");
    expect(parseLocalDateTime("2026-11-05 14:30", 450)?.instant.toISOString()).toBe("2026-11-05T07:30:00.000Z");
    expect(parseLocalDateTime("2026-11-05T14:30:00Z", 450)?.instant.toISOString()).toBe("2026-11-05T14:30:00.000Z");
  });

  it("fills a missing time with the given default and says so", () => {
    expect(parseLocalDateTime("5/11/2026", 450)).toEqual({
      instant: new Date("2026-11-05T07:30:00+07:00"),
      dateOnly: true,
    });
  });

  it("refuses dates that do not exist", () => {
    expect(parseLocalDateTime("31/02/2026", 450)).toBeNull();
    expect(parseLocalDateTime("hôm qua", 450)).toBeNull();
    expect(parseLocalDateTime("05/11/2026 25:00", 450)).toBeNull();
  });
});

describe("the CSV header", () => {
  it("finds columns by Vietnamese or English names, with or without accents, and ignores numbering", () => {
    const h = resolveHeader("STT;Mã hồ sơ;MA THU TUC;Ngày tiếp nhận;Ghi chú;applicant_email");
    expect(h.delimiter).toBe(";");
    expect(h.columns).toEqual([null, "code", "procedureCode", "receivedAt", null, "applicantEmail"]);
    expect(h.ignored).toEqual(["Ghi chú"]);
    expect(h.missing).toEqual([]);
    expect(normaliseHeader("Ngày hẹn trả kết quả")).toBe("ngay hen tra ket qua");
  });

  it("names the required columns that are missing", () => {
    expect(resolveHeader("Mã hồ sơ,Người nộp").missing).toEqual(["procedureCode", "receivedAt"]);
  });
});

describe("CSV rows", () => {
  const header = resolveHeader("Mã hồ sơ,Mã thủ tục,Ngày tiếp nhận,Ngày hẹn trả,Kênh,Quầy,Ngày trả kết quả,Người nộp");

  it("reads a good row and computes nothing it was given", () => {
    const [line] = parseImportChunk(
      'H68-261105-0001,1.000894,05/11/2026 09:15,12/11/2026,Trực tuyến,Q1,10/11/2026 16:00,"Nguyễn Văn An"',
      2,
      header.delimiter,
      header.columns,
      lookups,
      DEFAULT_OFFICE_HOURS,
      now,
    );
    expect(line?.errors).toEqual([]);
    expect(line?.row).toMatchObject({
      code: "H68-261105-0001",
      procedureId: "p1",
      unitId: "u1",
      counterId: "c1",
      channel: "online",
      status: "returned",
      receivedAt: "2026-11-05T02:15:00.000Z",
      dueAt: "2026-11-12T10:00:00.000Z",
      dueComputed: false,
      applicantName: "Nguyễn Văn An",
    });
  });

  it("reports every problem of a bad row with its file line and field", () => {
    const lines = parseImportChunk(
      ["H68-261105-0002,9.999999,31/02/2026,,bồ câu,Q9,,", "x,1.000894,06/11/2026 08:00,05/11/2026,,,,"].join("\n"),
      10,
      header.delimiter,
      header.columns,
      lookups,
      DEFAULT_OFFICE_HOURS,
      now,
    );
    expect(lines.map((l) => l.line)).toEqual([10, 11]);
    expect(lines[0]?.row).toBeNull();
    expect(lines[0]?.errors.map((e) => e.field)).toEqual(["procedureCode", "receivedAt", "channel", "counterCode"]);
    expect(lines[1]?.errors.map((e) => e.field)).toEqual(["code", "dueAt"]);
    expect(lines[1]?.errors[0]?.vi).toContain("Mã hồ sơ");
  });

  it("leaves the appointment to be computed when it is not given", () => {
    const [line] = parseImportChunk(
      "H68-261105-0003,1.000894,05/11/2026 09:15,,,,,",
      2,
      header.delimiter,
      header.columns,
      lookups,
      DEFAULT_OFFICE_HOURS,
      now,
    );
    expect(line?.row).toMatchObject({ dueAt: null, dueComputed: true, status: "received", channel: "counter" });
    expect(line?.procedureTime).toEqual({ amount: 5, unit: "working_days" });
  });

  it("refuses a receipt in the future and a line with the wrong number of columns", () => {
    const lines = parseImportChunk(
      "H68-261105-0004,1.000894,05/12/2026 09:15,,,,,\nH68-261105-0005,1.000894",
      2,
      header.delimiter,
      header.columns,
      lookups,
      DEFAULT_OFFICE_HOURS,
      now,
    );
    expect(lines[0]?.errors[0]?.en).toContain("future");
    expect(lines[1]?.errors[0]?.vi).toContain("cột");
  });
});
