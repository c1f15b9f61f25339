import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  axeViolations,
  launchBrowser,
  openPage,
  overflowsHorizontally,
  PHONE,
  type Probe,
  screenshot,
} from "./support/browser";

/**
 * The agency admin's holiday calendar and deadline rules: next year's days off with their
 * origin, a local day off added through the form (dd/mm/yyyy) and seen in the list and the
 * month grid, the API's refusal of a day that is already off shown next to the date, the day
 * removed again; the deadline rules grouped by case kind with their legal basis.
 */

const baseUrl = inject("baseUrl");
const credentials = inject("staffCredentials");
const admin = credentials.find((c) => c.role === "admin");
const DESKTOP = { width: 1280, height: 900 };

/** Next year in Vietnam, and a Thursday in its October (no national holiday in October). */
const nextYear =
  Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric" }).format(new Date())) + 1;
const localDay = (() => {
  for (let d = 8; ; d++) {
    const date = new Date(Date.UTC(nextYear, 9, d));
    if (date.getUTCDay() === 4) return date.toISOString().slice(0, 10);
  }
})();
const localDayVi = `${localDay.slice(8, 10)}/${localDay.slice(5, 7)}/${nextYear}`;

let browser: Browser;
const opened: Probe[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
});

async function open(viewport: { width: number; height: number } = DESKTOP): Promise<Probe> {
  const probe = await openPage(browser, { viewport });
  opened.push(probe);
  return probe;
}

async function signIn(page: Page, next: string): Promise<void> {
  await page.goto(`${baseUrl}/staff/dang-nhap?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Tên đăng nhập").fill(admin!.username);
  await page.getByLabel(/^Mật khẩu/).fill(admin!.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${baseUrl}${next}`);
}

/** Console errors other than the browser's lines for refusals the test causes on purpose. */
function unexpected(errors: string[], refusals: readonly number[] = [401]): string[] {
  return errors.filter((e) => !refusals.some((status) => e.includes(`status of ${status}`)));
}

describe("the holiday calendar (/staff/quan-tri/lich-nghi)", () => {
  test("lets the admin add a local day off in dd/mm/yyyy, shows it as the agency's own in the list and the month grid, refuses a day already off, and removes it again", async () => {
    expect(admin, "the demo seed has an admin with a demo password").toBeDefined();
    const { page, consoleErrors } = await open();
    const path = `/staff/quan-tri/lich-nghi?nam=${nextYear}`;
    await signIn(page, path);
    await page.getByRole("heading", { level: 1, name: "Lịch nghỉ của cơ quan" }).waitFor();
    await page.getByRole("heading", { level: 2, name: `Năm ${nextYear}`, exact: true }).waitFor();
    const days = page.locator("[data-calendar-days]");
    await days.waitFor();
    // New Year's Day is computed by law; next year's official decisions are not entered yet.
    expect(await days.locator(`[data-day="${nextYear}-01-01"]`).getAttribute("data-origin")).toBe("computed");
    expect(await days.locator(`[data-day="${localDay}"]`).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    const form = page.locator("[data-day-form]");
    await form.getByLabel("Ngày (dd/mm/yyyy)").fill(localDayVi);
    await form.getByLabel("Tên (tiếng Việt)").fill("Nghỉ kỷ niệm ngày thành lập Sở");
    await form.getByLabel("Tên tiếng Anh (không bắt buộc)").fill("Department founding anniversary");
    await form.getByLabel(/^Căn cứ/).fill("QĐ 125/QĐ-SKHCN ngày 10/11/2026");
    await form.getByRole("button", { name: "Thêm ngày" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Đã lưu ngày ${localDayVi}` })
      .waitFor();

    const row = days.locator(`[data-day="${localDay}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-origin")).toBe("agency");
    expect(await row.textContent()).toContain("Nghỉ kỷ niệm ngày thành lập Sở");
    expect(await row.textContent()).toContain("Của cơ quan");
    const own = page.locator(`[data-own-days] [data-own-day="${localDay}"]`);
    expect(await own.textContent()).toContain("ngày làm việc");
    const october = page.locator('[data-month="10"]');
    expect(await october.textContent()).toContain("Nghỉ kỷ niệm ngày thành lập Sở");
    await screenshot(page, "admin-calendar-local-day-off");
    expect(await axeViolations(page)).toEqual([]);

    // 01/01 is already off: the API's message is shown next to the date and the field focused.
    await form.getByLabel("Ngày (dd/mm/yyyy)").fill(`01/01/${nextYear}`);
    await form.getByLabel("Tên (tiếng Việt)").fill("Ngày thử");
    await form.getByRole("button", { name: "Thêm ngày" }).click();
    await page.locator("#f-date-error").waitFor();
    expect(await page.locator("#f-date-error").textContent()).toContain("đã là ngày nghỉ theo lịch chung");
    expect(await page.evaluate<string | undefined>("document.activeElement?.id")).toBe("f-date");
    await screenshot(page, "admin-calendar-day-already-off");

    // Remove it again (the demo data stays as it was).
    await own.getByRole("button", { name: "Xóa" }).click();
    await own.getByRole("button", { name: "Xóa ngày" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Đã xóa ngày ${localDayVi}` })
      .waitFor();
    await days.locator(`[data-day="${localDay}"]`).waitFor({ state: "detached" });
    expect(unexpected(consoleErrors, [401, 422])).toEqual([]);
  });

  test("fits a phone: no sideways scrolling, the year's list and the form reachable", async () => {
    const { page, consoleErrors } = await open(PHONE);
    await signIn(page, "/staff/quan-tri/lich-nghi");
    await page.locator("[data-calendar-days]").waitFor();
    await page.locator("[data-day-form]").waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, "admin-calendar-phone");
    expect(unexpected(consoleErrors)).toEqual([]);
  });
});

describe("the deadline rules (/staff/quan-tri/thoi-han)", () => {
  test("adds an agency rule that starts next year, shows it as upcoming, refuses an overlapping one with the API's explanation, and deletes it", async () => {
    const { page, consoleErrors } = await open();
    await signIn(page, "/staff/quan-tri/thoi-han");
    await page.getByRole("heading", { level: 1, name: "Thời hạn xử lý đơn thư" }).waitFor();
    const complaints = page.locator('[data-case-kind="complaint"]');
    await complaints.waitFor();
    for (const kind of ["petition", "complaint", "denunciation"]) {
      expect(await page.locator(`[data-case-kind="${kind}"] [data-status="in_force"]`).count()).toBe(1);
    }
    expect(await page.locator('[data-scope="national"] button').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    const form = page.locator("[data-rule-form]");
    const fill = async () => {
      await form.getByLabel("Loại đơn").selectOption("complaint");
      await form.getByLabel("Bước xử lý").selectOption("accept");
      await form.getByLabel("Thời hạn (số ngày)").fill("5");
      await form.getByLabel("Căn cứ pháp lý").fill("Quy chế tiếp nhận, xử lý đơn của Sở (QĐ 130/QĐ-SKHCN), Điều 8");
      await form.getByLabel(/^Có hiệu lực từ ngày/).fill(`01/01/${nextYear}`);
      await form.getByRole("button", { name: "Thêm quy định riêng của cơ quan" }).click();
    };
    await fill();
    await page
      .getByRole("status")
      .filter({ hasText: "Đã thêm quy định: Khiếu nại – Thụ lý: 5 ngày làm việc" })
      .waitFor();
    const upcoming = complaints.locator('[data-status="upcoming"] [data-scope="agency"]');
    await upcoming.waitFor();
    expect(await upcoming.textContent()).toContain(`Từ 01/01/${nextYear}`);
    expect(await upcoming.textContent()).toContain("Mức tin cậy: P");
    await screenshot(page, "admin-deadline-rules-upcoming");
    expect(await axeViolations(page)).toEqual([]);

    // The same rule again overlaps the first: the API's 409 says which rule and what to do.
    await fill();
    const problem = form.locator("[data-form-problem]");
    await problem.waitFor();
    expect(await problem.textContent()).toContain(`có hiệu lực từ 01/01/${nextYear}`);
    expect(await problem.textContent()).toContain("hãy kết thúc quy định đó");
    await screenshot(page, "admin-deadline-rules-overlap");

    await upcoming.getByRole("button", { name: "Xóa" }).click();
    await upcoming.getByRole("button", { name: "Xóa" }).last().click();
    await page.getByRole("status").filter({ hasText: "Đã xóa quy định" }).waitFor();
    expect(await complaints.locator('[data-scope="agency"]').count()).toBe(0);
    expect(unexpected(consoleErrors, [401, 409])).toEqual([]);
  });
});

describe("in English", () => {
  test("the calendar and the deadline rules read in English with no accessibility violation", async () => {
    const { page } = await open();
    await signIn(page, "/staff/quan-tri/lich-nghi");
    await page.goto(`${baseUrl}/staff/quan-tri/lich-nghi?lang=en`);
    await page.getByRole("heading", { level: 1, name: "The agency's days off" }).waitFor();
    await page.locator("table").first().waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${baseUrl}/staff/quan-tri/thoi-han?lang=en`);
    await page.getByRole("heading", { level: 1, name: "Case deadlines" }).waitFor();
    await page.getByRole("heading", { name: "Add a rule of the agency's own" }).waitFor();
    await screenshot(page, "admin-deadline-rules-en");
    expect(await axeViolations(page)).toEqual([]);
  });
});
