/**
 * The periodic report as a reader gets it: the XLSX opened with a spreadsheet reader and its
 * cells checked, the CSV with Vietnamese text and formula-injection protection, the JSON the
 * printable page uses, and the public transparency page that needs no sign-in.
 */
import { exports } from "cloudflare:workers";
import readXlsxFile from "read-excel-file/universal";
import { describe, expect, it } from "vitest";
import { PeriodicReportSchema, TransparencySchema } from "../../schema/api/dashboard";
import { localDateOf } from "../../worker/lib/calendar/dates";
import { csvCell, neutraliseFormula } from "../../worker/reports/csv";
import { BASE, createStaff, signInAs } from "./support/accounts-factories";
import { createDashboardWorld, insertRatings, localAt } from "./support/dashboard-factories";
import { createUnit } from "./support/factories";
import { testDb } from "./support/worker-env";

const REPORT = "/api/staff/reports/periodic";

/** H1 2026: desk 3 of 4 satisfied (quick form), Chi cục 1 of 2 (SIPAS); 2 flagged, not counted. */
async function reportWorld(db: ReturnType<typeof testDb>) {
  const w = await createDashboardWorld(db);
  await insertRatings(db, w, [
    { template: "quick", overall: 3, at: localAt("2026-02-10") },
    { template: "quick", overall: 3, at: localAt("2026-03-10") },
    { template: "quick", overall: 2, at: localAt("2026-03-11") },
    { template: "quick", overall: 1, at: localAt("2026-03-12") },
    { template: "quick", overall: 1, at: localAt("2026-03-12"), flagged: true },
    { template: "quick", overall: 1, at: localAt("2026-03-12"), flagged: true },
    { template: "sipas", unit: "branch", overall: 5, at: localAt("2026-06-30", 16) },
    { template: "sipas", unit: "branch", overall: 2, at: localAt("2026-06-30", 16) },
    // Outside the first half-year (01/07 local time): not in the report.
    { template: "sipas", unit: "branch", overall: 1, at: localAt("2026-07-01", 0, 30) },
  ]);
  const client = await signInAs(await createStaff(db, w.agency.id, { role: "manager" }));
  return { w, client };
}

describe("the periodic report", () => {
  it("gives the half-year figures as JSON for the printable page", async () => {
    const db = testDb();
    const { client } = await reportWorld(db);
    const res = await client.get(`${REPORT}?kind=h1&year=2026`);
    expect(res.status).toBe(200);
    const r = PeriodicReportSchema.parse(await res.json());
    expect(r.period).toEqual({ from: "2026-01-01", to: "2026-06-30" });
    expect(r.satisfaction).toMatchObject({ n: 6, k: 4 });
    expect(r.byMonth.map((m) => [m.name, m.n])).toEqual([
      ["02/2026", 1],
      ["03/2026", 3],
      ["06/2026", 2],
    ]);
    expect(r.byUnit.map((u) => [u.name, u.n, u.value])).toEqual([
      ["Bộ phận Một cửa", 4, 75],
      ["Chi cục Tiêu chuẩn Đo lường Chất lượng", 2, 50],
    ]);
  });

  it("opens as an XLSX whose cells hold the figures, as numbers, with Vietnamese headings", async () => {
    const db = testDb();
    const { w, client } = await reportWorld(db);
    const res = await client.get(`${REPORT}?kind=h1&year=2026&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toContain(`bao-cao-hai-long-${w.agency.code}-h1-2026.xlsx`);
    const sheets = await readXlsxFile(await res.arrayBuffer());
    expect(sheets.map((s) => s.sheet)).toEqual([
      "Tổng hợp",
      "Theo đơn vị",
      "Theo thủ tục",
      "Theo tháng",
      "Theo yếu tố",
      "Theo tiêu chí",
      "Chỉ số giải quyết TTHC",
      "Biện pháp khắc phục",
    ]);
    const summary = sheets[0]?.data ?? [];
    expect(String(summary[0]?.[0])).toContain("Báo cáo kết quả đánh giá sự hài lòng 6 tháng đầu năm 2026");
    const find = (label: string) => summary.find((row) => row[0] === label);
    expect(find("Từ ngày")?.[1]).toBe("01/01/2026");
    expect(find("Đến ngày")?.[1]).toBe("30/06/2026");
    expect(find("Chỉ tiêu hài lòng")?.[1]).toBe(95);
    const satisfaction = find("Tỷ lệ hài lòng (Hài lòng + Rất hài lòng)");
    expect(satisfaction?.[1]).toBeCloseTo(66.7, 5); // 4 of 6, one decimal
    expect(satisfaction?.[3]).toBe(6);
    const units = sheets[1]?.data ?? [];
    expect(units[0]).toEqual([
      "Đơn vị",
      "Số phiếu",
      "Tỷ lệ hài lòng (%)",
      "Khoảng tin cậy 95% – cận dưới (%)",
      "Khoảng tin cậy 95% – cận trên (%)",
    ]);
    expect(units[1]?.slice(0, 3)).toEqual(["Bộ phận Một cửa", 4, 75]);
    expect(units[2]?.slice(0, 3)).toEqual(["Chi cục Tiêu chuẩn Đo lường Chất lượng", 2, 50]);
    const criteria = sheets[5]?.data ?? [];
    expect(criteria).toHaveLength(1 + 8 + 22); // header, quick form, SIPAS
  });

  it("writes a CSV with a byte-order mark, and neutralises text that a spreadsheet would run as a formula", async () => {
    const db = testDb();
    const { w, client } = await reportWorld(db);
    const evil = await createUnit(db, w.agency.id, { name: '=HYPERLINK("http://example.test","Bấm vào đây")' });
    await insertRatings(db, w, [{ template: "quick", overall: 3, at: localAt("2026-04-01") }]);
    await db
      .updateTable("submissions")
      .set({ unit_id: evil.id })
      .where("agency_id", "=", w.agency.id)
      .where("submitted_at", "=", localAt("2026-04-01"))
      .execute();
    const res = await client.get(`${REPORT}?kind=h1&year=2026&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("Theo đơn vị\r\nĐơn vị,Số phiếu,");
    expect(text).toContain(`"'=HYPERLINK(""http://example.test"",""Bấm vào đây"")",1,100,`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("refuses a report for a role that may not read it", async () => {
    const db = testDb();
    const { w } = await reportWorld(db);
    const officer = await signInAs(await createStaff(db, w.agency.id, { role: "counter_officer" }));
    expect((await officer.get(`${REPORT}?kind=h1&year=2026`)).status).toBe(403);
  });
});

describe("CSV cells", () => {
  it("prefix = + - @ tab and carriage return with an apostrophe, quote what needs quoting, and leave numbers alone", () => {
    for (const s of ["=1+1", "+84 912", "-2", "@SUM(A1)", "\t=1", "\r=1"])
      expect(neutraliseFormula(s).startsWith("'")).toBe(true);
    expect(csvCell("Quầy số 1")).toBe("Quầy số 1");
    expect(csvCell('Sở "KH&CN", Lâm Đồng')).toBe('"Sở ""KH&CN"", Lâm Đồng"');
    expect(csvCell(-2.5)).toBe("-2.5");
    expect(csvCell(null)).toBe("");
  });
});

describe("the public transparency page", () => {
  it("gives satisfaction, on-time rate and published answers without sign-in, and no per-person data", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    const today = localDateOf(new Date());
    await insertRatings(db, w, [
      { template: "quick", overall: 3, at: localAt(today, 0, 5) },
      { template: "quick", overall: 1, at: localAt(today, 0, 5) },
      { template: "quick", overall: 1, at: localAt(today, 0, 5), flagged: true },
    ]);
    const res = await exports.default.fetch(`${BASE}/api/public/transparency/${w.agency.code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("public");
    const body = TransparencySchema.parse(await res.json());
    expect(body.agency.code).toBe(w.agency.code);
    expect(body.satisfaction).toMatchObject({ n: 2, k: 1, value: 50 });
    expect(body.byMonth.at(-1)).toMatchObject({ month: today.slice(0, 7), n: 2 });
    expect(body.period.to).toBe(today);
    expect(body.publishedAnswers).toEqual([]);
  });

  it("answers 404 for an unknown agency", async () => {
    const res = await exports.default.fetch(`${BASE}/api/public/transparency/KHONG-CO`);
    expect(res.status).toBe(404);
  });
});
