import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { nodeDb } from "../../scripts/lib/node-db";
import { hashPassword } from "../../worker/accounts/password";
import {
  axeViolations,
  launchBrowser,
  openPage,
  overflowsHorizontally,
  type Probe,
  screenshot,
} from "./support/browser";

const baseUrl = inject("baseUrl");
const demo = inject("demo");
const DESKTOP = { width: 1280, height: 900 };
const officer = { username: `e2e.motcua.${Date.now()}`, password: "mat-khau-mot-cua-e2e-2026" };
const DAY = 86_400_000;
const lateCode = `${demo.agency.code}-E2E-${Date.now()}`;
let lateFileId = "";
let procedureName = "";
let procedureCode = "";

/** "dd/mm/yyyy" and "YYYY-MM-DD" of an instant, in Vietnam time. */
function vnDate(instant: Date) {
  const d = new Date(instant.getTime() + 7 * 3_600_000);
  const iso = d.toISOString().slice(0, 10);
  return { iso, display: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`, parts: iso.split("-") };
}

let browser: Browser;
const opened: Probe[] = [];

beforeAll(async () => {
  // A one-stop officer of the demo agency (sees every file), and a file two days late.
  const db = nodeDb(inject("databaseUrl"));
  try {
    const oneStop = await db
      .selectFrom("units")
      .where("agency_id", "=", demo.agency.id)
      .where("kind", "=", "one_stop")
      .select("id")
      .executeTakeFirstOrThrow();
    const user = await db
      .insertInto("staff_users")
      .values({
        agency_id: demo.agency.id,
        username: officer.username,
        full_name: "Cán bộ Một cửa (kiểm thử)",
        role: "counter_officer",
        password_hash: await hashPassword(officer.password),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("staff_user_units")
      .values({ agency_id: demo.agency.id, staff_user_id: user.id, unit_id: oneStop.id })
      .execute();
    const procedure = await db
      .selectFrom("procedures")
      .where("agency_id", "=", demo.agency.id)
      .where("processing_time_unit", "=", "working_days")
      .select(["id", "unit_id", "name", "national_code"])
      .orderBy("national_code")
      .executeTakeFirstOrThrow();
    procedureName = procedure.name;
    procedureCode = procedure.national_code;
    const now = Date.now();
    const file = await db
      .insertInto("files")
      .values({
        agency_id: demo.agency.id,
        code: lateCode,
        procedure_id: procedure.id,
        unit_id: procedure.unit_id,
        channel: "online",
        status: "in_progress",
        received_at: new Date(now - 9 * DAY),
        due_at: new Date(now - 2 * DAY),
        applicant_name: "Nguyễn Thị Ánh Tuyết",
        applicant_address: "12 Phan Đình Phùng, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
        applicant_email: "anh.tuyet@example.com",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    lateFileId = file.id;
  } finally {
    await db.destroy();
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
});

/** Waits for `selector`; on failure says what the page showed and which requests failed. */
async function shown(probe: Probe, selector: string): Promise<void> {
  try {
    await probe.page.locator(selector).first().waitFor({ timeout: 15_000 });
  } catch (err) {
    const main = await probe.page
      .locator("main")
      .innerText()
      .catch(() => "(no main)");
    throw new Error(
      `${selector} did not appear at ${probe.page.url()}\n${main.slice(0, 800)}\nfailed: ${probe.failedRequests.join("; ")}\nconsole: ${probe.consoleErrors.join("; ")}`,
      { cause: err },
    );
  }
}

async function signedIn(): Promise<Probe> {
  const probe = await openPage(browser, { viewport: DESKTOP });
  opened.push(probe);
  probe.page.setDefaultTimeout(15_000);
  const res = await probe.page.request.post(`${baseUrl}/api/auth/sign-in`, { data: officer });
  expect(res.status()).toBe(200);
  return probe;
}

/** The text of a PDF, read back the way a reader or a search would (pdf.js), one space between words. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await pdfjs.getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  let text = "";
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    text += ` ${content.items.map((item) => ("str" in item ? item.str : "")).join(" ")}`;
  }
  await pdf.destroy();
  return text.replace(/\s+/g, " ").trim();
}

describe("a late file's apology letter", () => {
  test("late file → alert → issue the letter → print view (A5) → PDF with every field, diacritics intact", async () => {
    const { page, consoleErrors } = await signedIn();

    await page.goto(`${baseUrl}/staff/files/alerts`);
    const row = page.locator('[data-alert-list="without-apology"] tr', { hasText: lateCode });
    await row.getByRole("link", { name: "Lập phiếu xin lỗi và hẹn lại" }).click();
    await page.getByRole("heading", { name: "Phiếu xin lỗi và hẹn lại ngày trả kết quả" }).waitFor();
    expect(await page.getByLabel("Kính gửi (người nộp hồ sơ)").inputValue()).toBe("Nguyễn Thị Ánh Tuyết");
    await screenshot(page, "files-apology-form");

    const reason = "Hồ sơ cần lấy ý kiến thẩm định của Sở Y tế; đến nay chưa nhận được văn bản trả lời.";
    const newDue = vnDate(new Date(Date.now() + 7 * DAY));
    await page.getByLabel("Lý do quá hạn").fill(reason);
    await page.getByLabel("Ngày hẹn trả lại").fill(newDue.iso);
    await page.getByRole("button", { name: "Lập phiếu" }).click();

    await page.waitForURL(`**/staff/files/${lateFileId}/apology/print`);
    const sheet = page.locator("[data-print-sheet]");
    await sheet.waitFor();
    const text = (await sheet.innerText()).replace(/\s+/g, " ");
    for (const expected of [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
      "Kính gửi: Nguyễn Thị Ánh Tuyết",
      `Mã hồ sơ: ${lateCode}`,
      `Lý do: ${reason}`,
      `ngày ${newDue.parts[2]} tháng ${newDue.parts[1]} năm ${newDue.parts[0]}`,
    ]) {
      expect(text).toContain(expected);
    }
    const number = /Số: (\d+\/PXL)/.exec(text)?.[1];
    expect(number).toBeDefined();
    await page.evaluate("document.fonts.ready");
    await screenshot(page, "files-apology-screen");
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 560, height: 794 }); // A5 at 96 dpi
    await screenshot(page, "files-apology-print");
    expect(await page.locator("header").isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize(DESKTOP);
    expect(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-pdf]").click()]);
    expect(download.suggestedFilename()).toBe(`phieu-xin-loi-${lateCode}.pdf`);
    const bytes = new Uint8Array(await readFile((await download.path()) as string));
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const pdf = await pdfText(bytes);
    expect(pdf).toBe(pdf.normalize("NFC"));
    for (const expected of [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      demo.agency.name.toUpperCase(),
      "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
      `Số: ${number}`,
      "Lâm Đồng, ngày",
      "Kính gửi: Nguyễn Thị Ánh Tuyết",
      `Mã hồ sơ: ${lateCode}`,
      procedureName,
      "Thời gian hẹn trả kết quả giải quyết hồ sơ:",
      `Lý do: ${reason}`,
      "xin lỗi Ông/Bà/tổ chức",
      `ngày ${newDue.parts[2]} tháng ${newDue.parts[1]} năm ${newDue.parts[0]}`,
      "Mong nhận được sự cảm thông của Ông/Bà/tổ chức vì sự chậm trễ này.",
      "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
      "(Ký và ghi rõ họ tên)",
    ]) {
      expect(pdf, `the PDF's text lacks "${expected}"`).toContain(expected);
    }

    // Sending it by e-mail is recorded (log-only here); a second letter is refused by the server.
    await page.getByRole("button", { name: "Gửi thư điện tử" }).click();
    await page.getByText("anh.tuyet@example.com").waitFor();
    expect(consoleErrors).toEqual([]);
  });

  test("the return slip prints with the file's rating QR code", async () => {
    const probe = await signedIn();
    const { page, consoleErrors } = probe;
    await page.goto(`${baseUrl}/staff/files/${lateFileId}/slip`);
    await shown(probe, "[data-rating-qr]");
    expect(await page.locator("[data-print-sheet]").innerText()).toContain("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
    expect(await page.evaluate<boolean>('document.querySelector("[data-rating-qr]").naturalWidth > 0')).toBe(true);
    await page.evaluate("document.fonts.ready");
    await screenshot(page, "files-return-slip");
    expect(consoleErrors).toEqual([]);
  });

  test("the file list shows on-time badges and the KPI strip, with no accessibility violation", async () => {
    const { page, consoleErrors } = await signedIn();
    await page.goto(`${baseUrl}/staff/files?q=E2E`);
    await page.getByRole("heading", { name: "Tỷ lệ đúng hạn tháng này" }).waitFor();
    await page.locator("table tbody tr").first().waitFor();
    expect(await page.locator("[data-outcome]").count()).toBeGreaterThan(0);
    await screenshot(page, "files-list");
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
  test("the CSV import previews every bad row with its line and writes nothing", async () => {
    const { page, consoleErrors } = await signedIn();
    await page.goto(`${baseUrl}/staff/files/import`);
    const csv = [
      "Mã hồ sơ;Mã thủ tục;Ngày tiếp nhận;Kênh;Người nộp",
      `${demo.agency.code}-E2E-CSV-0001;9.999999;02/11/2026 08:00;Trực tiếp;Nguyễn Văn An`,
      `${demo.agency.code}-E2E-CSV-0002;${procedureCode};31/02/2026;Trực tuyến;Trần Thị Bình`,
    ].join("\r\n");
    await page.getByLabel("Tệp CSV (UTF-8)").setInputFiles({
      name: "ho-so.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv, "utf8"),
    });
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    const summary = page.locator("[data-import-summary]");
    await page.locator('[data-import-summary], [role="alert"]').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('[role="alert"]').count(), await page.locator("main").innerText()).toBe(0);
    expect(await summary.innerText()).toContain("2 dòng: 0 hợp lệ, 2 dòng lỗi");
    const rows = page.locator("table tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain("9.999999");
    expect(await rows.nth(1).innerText()).toContain("31/02/2026");
    expect(await page.getByRole("button", { name: /^Ghi / }).count()).toBe(0);
    await screenshot(page, "files-import-errors");
    expect(consoleErrors).toEqual([]);
  });

  test("manual entry at the counter shows the computed appointment, then the slip", async () => {
    const { page, consoleErrors } = await signedIn();
    await page.goto(`${baseUrl}/staff/files/new`);
    await page.getByLabel("Thủ tục hành chính").selectOption({ index: 1 });
    await page.locator("[data-due-preview]").waitFor();
    await page.getByLabel("Người nộp").fill("Phạm Quốc Bảo");
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, "files-new");
    await page.getByRole("button", { name: "Tiếp nhận và in giấy hẹn" }).click();
    await page.locator("[data-rating-qr]").waitFor();
    expect(await page.locator("[data-print-sheet]").innerText()).toContain("Phạm Quốc Bảo");
    await page.getByRole("link", { name: "Quay lại" }).click();
    await page.getByRole("heading", { name: "Diễn biến", exact: true }).waitFor();
    await screenshot(page, "files-detail");
    expect(consoleErrors).toEqual([]);
  });
});
