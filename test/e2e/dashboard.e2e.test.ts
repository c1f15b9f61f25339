import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { nodeDb } from "../../scripts/lib/node-db";
import { seedDashboardDemo } from "../../scripts/seed/dashboard";
import { DEMO_AGENCY_CODE } from "../../scripts/seed/demo-agency";
import { hashPassword } from "../../worker/accounts/password";
import {
  axeViolations,
  launchBrowser,
  openPage,
  overflowsHorizontally,
  type Probe,
  screenshot,
} from "./support/browser";

const SHOTS = resolve(import.meta.dirname, "../../test-results/screenshots");
const baseUrl = inject("baseUrl");
const demo = inject("demo");
const DESKTOP = { width: 1280, height: 900 };
const manager = { username: `e2e.lanhdao.${Date.now()}`, password: "mat-khau-lanh-dao-e2e-2026" };

let browser: Browser;
const opened: Probe[] = [];

beforeAll(async () => {
  // A leader of the demo agency who sees every unit, and the demo's corrective actions.
  const db = nodeDb(inject("databaseUrl"));
  try {
    await db
      .insertInto("staff_users")
      .values({
        agency_id: demo.agency.id,
        username: manager.username,
        full_name: "Lãnh đạo Sở (kiểm thử)",
        role: "manager",
        password_hash: await hashPassword(manager.password),
      })
      .execute();
    await seedDashboardDemo(db, DEMO_AGENCY_CODE);
  } finally {
    await db.destroy();
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
});

async function signedIn(): Promise<Probe> {
  const probe = await openPage(browser, { viewport: DESKTOP });
  opened.push(probe);
  // The same cookie jar as the page: sign in through the real endpoint.
  const res = await probe.page.request.post(`${baseUrl}/api/auth/sign-in`, { data: manager });
  expect(res.status()).toBe(200);
  return probe;
}

/**
 * Pixels of the chart's canvas near a colour (RGB ± tolerance) with an opacity in [minAlpha,
 * maxAlpha] (the canvas is transparent: the band is stored as its colour at low alpha).
 */
function pixelsNear(
  page: Page,
  rgb: [number, number, number],
  minAlpha = 200,
  maxAlpha = 255,
  tolerance = 12,
): Promise<number> {
  return page.evaluate<number>(`(() => {
    const canvas = document.querySelector("[data-trend-chart] canvas");
    const ctx = canvas.getContext("2d");
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] >= ${minAlpha} && data[i + 3] <= ${maxAlpha} && Math.abs(data[i] - ${rgb[0]}) <= ${tolerance} && Math.abs(data[i + 1] - ${rgb[1]}) <= ${tolerance}
          && Math.abs(data[i + 2] - ${rgb[2]}) <= ${tolerance}) n++;
    }
    return n;
  })()`);
}

describe("the manager dashboard (/staff/dashboard)", () => {
  test("shows satisfaction against the 95% target with the confidence band, the Chi cục below target, in Vietnamese, with no accessibility violation", async () => {
    const { page, consoleErrors, failedRequests } = await signedIn();
    await page.goto(`${baseUrl}/staff/dashboard`);
    await page.getByRole("heading", { level: 1, name: "Bảng điều hành chất lượng phục vụ" }).waitFor();
    await page.locator("[data-trend-chart] canvas[data-ready=true]").waitFor();

    const kpi = page.locator("[data-kpi=satisfaction]");
    expect(await kpi.textContent()).toMatch(/\d+,\d%/);
    expect(await kpi.textContent()).toContain("Chỉ tiêu 95%");
    expect(await kpi.textContent()).toContain("QĐ 2629/QĐ-TTg");
    // The story of the demo: the Chi cục is the unit below the target, and it is listed first.
    const firstUnit = page.getByRole("region", { name: "Theo đơn vị" }).locator("tbody tr").first();
    expect(await firstUnit.textContent()).toContain("Chi cục Tiêu chuẩn Đo lường Chất lượng");
    // The chart: the dashed target line (#a4161a) and the band (rgba(10, 74, 133, 0.16)).
    expect(await pixelsNear(page, [164, 22, 26])).toBeGreaterThan(200);
    expect(await pixelsNear(page, [10, 74, 133], 30, 52)).toBeGreaterThan(2000);
    // Its text alternative: the summary and the data table.
    expect(await page.locator("[data-trend-chart] canvas").getAttribute("aria-label")).toContain("chỉ tiêu 95%");
    await page.getByText("Số liệu của biểu đồ").click();
    expect(await page.locator("[data-trend-chart] tbody tr").count()).toBeGreaterThan(10);
    expect(
      await page
        .getByText(/\d{2}\/\d{2}\/\d{4}/)
        .first()
        .isVisible(),
    ).toBe(true);
    expect(await overflowsHorizontally(page)).toBe(false);

    await screenshot(page, "dashboard-vi");
    // The top of the page and the chart alone, at a size a reviewer can look at.
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: resolve(SHOTS, "dashboard-vi-top.png") });
    await page.locator("[data-trend-chart]").screenshot({ path: resolve(SHOTS, "dashboard-chart-vi.png") });
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
  });

  test("reads in English", async () => {
    const { page } = await signedIn();
    await page.goto(`${baseUrl}/staff/dashboard?lang=en&granularity=month`);
    await page.getByRole("heading", { level: 1, name: "Service quality dashboard" }).waitFor();
    await page.locator("[data-trend-chart] canvas[data-ready=true]").waitFor();
    expect(await page.locator("[data-kpi=satisfaction]").textContent()).toContain("Target 95%");
    await screenshot(page, "dashboard-en");
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${baseUrl}/staff/dashboard/follow-ups?lang=en`);
    await page.getByRole("heading", { level: 1, name: "Ratings to follow up" }).waitFor();
    await page.getByText(/^Showing \d/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  test("lists the demo's open and overdue actions, and a leader adds one through the form", async () => {
    const { page, consoleErrors } = await signedIn();
    await page.goto(`${baseUrl}/staff/dashboard/actions`);
    await page.getByRole("heading", { level: 1, name: "Biện pháp khắc phục" }).waitFor();
    await page.locator("[data-action-item]").first().waitFor();
    expect(await page.getByText("Quá hạn").count()).toBeGreaterThanOrEqual(1);
    const before = await page.locator("[data-action-item]").count();

    await page.getByLabel("Nội dung biện pháp").fill("Rà soát thời gian chờ tại quầy số 3 vào giờ cao điểm");
    await page.getByRole("button", { name: "Lưu biện pháp" }).click();
    await page.getByText("Rà soát thời gian chờ tại quầy số 3 vào giờ cao điểm").waitFor();
    expect(await page.locator("[data-action-item]").count()).toBe(before + 1);
    await screenshot(page, "dashboard-actions");
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test("the follow-up queue and the printable report open", async () => {
    const { page } = await signedIn();
    await page.goto(`${baseUrl}/staff/dashboard/follow-ups`);
    await page.getByRole("heading", { level: 1, name: "Phiếu đánh giá cần xử lý" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // Newest first, 200 to a page; "Xem thêm" appends the next page while there is one.
    const db = nodeDb(inject("databaseUrl"));
    const open = await db
      .selectFrom("rating_follow_ups")
      .where("agency_id", "=", demo.agency.id)
      .where("status", "=", "open")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow()
      .finally(() => db.destroy());
    const total = Number(open.n);
    const rows = page.locator("table tbody tr");
    await page.getByText(/^Đang hiện \d/).waitFor();
    expect(await rows.count()).toBe(Math.min(total, 200));
    const more = page.getByRole("button", { name: "Xem thêm" });
    expect(await more.isVisible()).toBe(total > 200);
    if (total > 200) {
      await more.click();
      await expect.poll(() => rows.count()).toBe(Math.min(total, 400));
    }

    await page.goto(`${baseUrl}/staff/dashboard/report`);
    await page.locator("[data-report]").waitFor();
    expect(await page.getByRole("link", { name: "Tải tệp Excel (XLSX)" }).getAttribute("href")).toContain(
      "format=xlsx",
    );
    await screenshot(page, "dashboard-report");
    expect(await axeViolations(page)).toEqual([]);
  });

  test("asks a visitor who is not signed in to sign in", async () => {
    const probe = await openPage(browser, { viewport: DESKTOP });
    opened.push(probe);
    await probe.page.goto(`${baseUrl}/staff/dashboard`);
    await probe.page.waitForURL((url) => url.pathname === "/staff/dang-nhap");
    expect(new URL(probe.page.url()).searchParams.get("next")).toBe("/staff/dashboard");
  });
});

describe("the public transparency page (/cong-khai/:agencyCode)", () => {
  test("shows satisfaction and on-time rates without sign-in, at phone width, with no accessibility violation", async () => {
    const probe = await openPage(browser);
    opened.push(probe);
    const { page, consoleErrors } = probe;
    await page.goto(`${baseUrl}/cong-khai/${demo.agency.code}`);
    await page.getByRole("heading", { level: 1, name: "Công khai kết quả đánh giá" }).waitFor();
    expect(await page.locator("[data-figure=satisfaction]").textContent()).toMatch(/\d+,\d%/);
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, "transparency-vi");
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
