import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  axeViolations,
  launchBrowser,
  openPage,
  overflowsHorizontally,
  type Probe,
  screenshot,
} from "./support/browser";

/**
 * The staff area as an officer meets it: the sign-in page (a wrong password, then the demo
 * admin), the staff shell with the agency's name and the areas of the role, an administration
 * form with the API's field errors, a counter's QR poster printed in A4 and A6, and a manager
 * who does not get the administration.
 */

const SHOTS = resolve(import.meta.dirname, "../../test-results/screenshots");
const baseUrl = inject("baseUrl");
const demo = inject("demo");
const credentials = inject("staffCredentials");
const admin = credentials.find((c) => c.role === "admin");
const manager = credentials.find((c) => c.role === "manager");
const counter = demo.counters.find((c) => c.publicCode === "khcn68quay1") ?? demo.counters[0];
const DESKTOP = { width: 1280, height: 900 };

let browser: Browser;
const opened: Probe[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
});

async function open(viewport = DESKTOP): Promise<Probe> {
  const probe = await openPage(browser, { viewport });
  opened.push(probe);
  return probe;
}

/** Signs in through the sign-in page, as a person would. */
async function signIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByLabel("Tên đăng nhập").fill(who.username);
  await page.getByLabel(/^Mật khẩu/).fill(who.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

/**
 * Console errors other than the browser's own "Failed to load resource" lines for the refusals
 * a test causes on purpose (401: not signed in, wrong password; 422: a field the API refuses).
 */
function unexpected(errors: string[], refusals: readonly number[] = [401]): string[] {
  return errors.filter((e) => !refusals.some((status) => e.includes(`status of ${status}`)));
}

describe("the staff area (/staff)", () => {
  test("sends a signed-out visitor to the sign-in page, refuses a wrong password in Vietnamese, then lets the demo admin into the staff shell with the agency's name", async () => {
    expect(admin, "the demo seed has an admin with a demo password").toBeDefined();
    const { page, consoleErrors, failedRequests } = await open();

    await page.goto(`${baseUrl}/staff`);
    await page.waitForURL(/\/staff\/dang-nhap\?next=%2Fstaff$/);
    await page.getByRole("heading", { level: 1, name: "Đăng nhập khu vực cán bộ" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await signIn(page, { username: admin!.username, password: "khong-phai-mat-khau" });
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Tên đăng nhập hoặc mật khẩu không đúng");
    await screenshot(page, "staff-sign-in-wrong-password");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel(/^Mật khẩu/).fill(admin!.password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${baseUrl}/staff`);
    await page.getByRole("heading", { level: 1, name: "Khu vực cán bộ" }).waitFor();
    expect(await page.locator("[data-staff-agency]").textContent()).toBe(demo.agency.name);
    expect(await page.locator("[data-staff-name]").textContent()).toBe(admin!.fullName);
    expect(await page.locator("[data-staff-role]").textContent()).toBe("Quản trị cơ quan");
    const nav = page.getByRole("navigation", { name: "Khu vực cán bộ" });
    for (const area of ["Trang chính", "Đơn thư", "Hồ sơ thủ tục", "Bảng điều hành", "Tài khoản của tôi"]) {
      expect(await nav.getByRole("link", { name: area, exact: true }).count()).toBe(1);
    }
    expect(await nav.getByRole("link", { name: "Quản trị cơ quan" }).count()).toBe(1);
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, "staff-shell-admin");
    expect(await axeViolations(page)).toEqual([]);

    expect(unexpected(consoleErrors)).toEqual([]);
    // The only refusals: "who am I?" before signing in, and the wrong password.
    expect(failedRequests.every((r) => /\/api\/auth\/(me|sign-in): 401$/.test(r))).toBe(true);
    expect(failedRequests.filter((r) => r.includes("/api/auth/sign-in"))).toHaveLength(1);
  });

  test("shows the API's field error next to the agency profile's hotline, focuses it, and has no accessibility violation", async () => {
    const { page, consoleErrors } = await open();
    await page.goto(`${baseUrl}/staff/dang-nhap?next=%2Fstaff%2Fquan-tri%2Fco-quan`);
    await signIn(page, admin!);
    await page.waitForURL(`${baseUrl}/staff/quan-tri/co-quan`);
    await page.getByRole("heading", { level: 1, name: "Thông tin cơ quan" }).waitFor();
    const form = page.locator("[data-agency-form]");
    await form.waitFor();
    expect(await page.getByLabel("Tên cơ quan").inputValue()).toBe(demo.agency.name);
    expect(await page.getByLabel("Chỉ tiêu (%)").inputValue()).toBe("95");
    expect(await form.textContent()).toContain("QĐ 2629/QĐ-TTg");
    // The leaders' published contacts, one group each.
    expect(await page.locator("[data-leaders] fieldset").count()).toBeGreaterThanOrEqual(2);
    expect(await axeViolations(page)).toEqual([]);

    const hotline = page.getByLabel("Đường dây nóng");
    await hotline.fill("gọi tổng đài");
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.locator("#f-hotline-error").waitFor();
    expect(await page.locator("#f-hotline-error").textContent()).toContain("Số điện thoại không hợp lệ.");
    expect(await hotline.getAttribute("aria-invalid")).toBe("true");
    expect(await page.evaluate<string | undefined>("document.activeElement?.id")).toBe("f-hotline");
    await screenshot(page, "staff-admin-agency-error");
    expect(await axeViolations(page)).toEqual([]);
    expect(unexpected(consoleErrors, [401, 422])).toEqual([]);
  });

  test("prints a counter's QR poster in A4 and A6: the agency, the counter, its /q/ address and the QR alone on a page of that size", async () => {
    const { page, consoleErrors } = await open();
    await page.goto(`${baseUrl}/staff/dang-nhap?next=%2Fstaff%2Fquan-tri%2Fquay`);
    await signIn(page, admin!);
    await page.waitForURL(`${baseUrl}/staff/quan-tri/quay`);
    await page.locator(`[data-counter="${counter!.publicCode}"] [data-poster-link]`).click();
    await page.waitForURL(/\/staff\/quan-tri\/quay\/[0-9a-f-]+\/ma-qr$/);
    const sheet = page.locator("[data-print-sheet]");
    await sheet.waitFor();

    const text = (await sheet.textContent()) ?? "";
    expect(text).toContain(demo.agency.name);
    expect(text).toContain(counter!.name);
    expect(text).toContain(`/q/${counter!.publicCode}`);
    expect(text).toContain("Quét mã để đánh giá sự phục vụ");
    expect(text).toContain("Scan the code to rate our service");
    const qr = sheet.locator("svg[role=img]");
    expect(await qr.getAttribute("data-qr")).toBe(`${baseUrl}/q/${counter!.publicCode}`);
    expect((await qr.locator("path").getAttribute("d"))?.length).toBeGreaterThan(500);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "staff-qr-poster-screen");

    // On paper: the sheet alone, one A4 page (595 × 842 pt).
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header").first().isVisible()).toBe(false);
    expect(await page.getByRole("navigation", { name: "Khu vực cán bộ" }).isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "In" }).isVisible()).toBe(false);
    expect(await sheet.isVisible()).toBe(true);
    expect(await overflowsSheet(page)).toBe(false);
    await page.screenshot({ path: resolve(SHOTS, "staff-qr-poster-a4-print.png"), fullPage: true });
    expect(pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }))).toEqual(["595x842"]);

    // The A6 card for the desk: the same sheet at half the size, one A6 page (298 × 420 pt).
    await page.emulateMedia({ media: "screen" });
    await page.getByRole("radio", { name: "A6 (đặt trên quầy)" }).check();
    await page.locator('[data-print-sheet][data-size="a6"]').waitFor();
    await page.emulateMedia({ media: "print" });
    expect(await overflowsSheet(page)).toBe(false);
    await page.screenshot({ path: resolve(SHOTS, "staff-qr-poster-a6-print.png"), fullPage: true });
    expect(pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }))).toEqual(["298x420"]);
    expect(unexpected(consoleErrors)).toEqual([]);
    // Two print layouts and PDFs: slower than the other tests on a busy machine.
  }, 45_000);

  test("gives a manager the staff shell without the administration, whose pages refuse the role", async () => {
    expect(manager, "the demo seed has a manager with a demo password").toBeDefined();
    const { page, consoleErrors } = await open();
    await page.goto(`${baseUrl}/staff/dang-nhap`);
    await signIn(page, manager!);
    await page.waitForURL(`${baseUrl}/staff`);
    expect(await page.locator("[data-staff-role]").textContent()).toBe("Lãnh đạo");
    const nav = page.getByRole("navigation", { name: "Khu vực cán bộ" });
    await nav.waitFor();
    expect(await nav.getByRole("link", { name: "Bảng điều hành" }).count()).toBe(1);
    expect(await nav.getByRole("link", { name: "Quản trị cơ quan" }).count()).toBe(0);
    expect(await page.locator('a[href^="/staff/quan-tri"]').count()).toBe(0);

    await page.goto(`${baseUrl}/staff/quan-tri`);
    const refusal = page.getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain("Vai trò Lãnh đạo không được dùng trang này.");
    expect(await page.getByRole("navigation", { name: "Quản trị cơ quan" }).count()).toBe(0);
    await screenshot(page, "staff-manager-refused-admin");
    expect(unexpected(consoleErrors)).toEqual([]);
  });
});

/** Whether the poster's content is taller than its sheet (it would be cut off on paper). */
function overflowsSheet(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(
    `(() => { const s = document.querySelector("[data-print-sheet]"); return s.firstElementChild.scrollHeight > s.clientHeight + 1; })()`,
  );
}

/** Width × height in points of each page of a PDF (its /MediaBox entries). */
function pdfPages(pdf: Buffer): string[] {
  const boxes = pdf.toString("latin1").matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g);
  return [...boxes].map((m) => `${Math.round(Number(m[1]))}x${Math.round(Number(m[2]))}`);
}
