import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
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
const counter = demo.counters.find((c) => c.publicCode === "khcn68quay1") ?? demo.counters[0]!;

let browser: Browser;
const opened: Probe[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
});

async function open(path: string, options?: Parameters<typeof openPage>[1]): Promise<Probe> {
  const probe = await openPage(browser, options);
  opened.push(probe);
  await probe.page.goto(`${baseUrl}${path}`);
  return probe;
}

describe("a counter's QR landing (/q/:publicCode)", () => {
  test("shows the agency, the counter and where to rate, in Vietnamese, at 360 px, with no accessibility violation", async () => {
    const { page, consoleErrors, failedRequests } = await open(`/q/${counter.publicCode}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(counter.name);

    expect(await page.locator("html").getAttribute("lang")).toBe("vi");
    await expect.poll(() => page.getByRole("banner").textContent()).toContain(demo.agency.name);
    expect(await page.getByRole("heading", { name: "Đánh giá sự phục vụ" }).isVisible()).toBe(true);
    await page.locator("[data-rating-form]").waitFor({ state: "visible" });
    expect(await page.getByRole("heading", { name: "Thông tin liên hệ" }).isVisible()).toBe(true);
    expect(await page.title()).toContain(counter.name);
    expect(await overflowsHorizontally(page)).toBe(false);

    await screenshot(page, "citizen-landing-vi");
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
  });

  test("opens every demo counter, whichever survey it uses", async () => {
    const { page, consoleErrors } = await open("/");
    for (const c of demo.counters) {
      await page.goto(`${baseUrl}/q/${c.publicCode}`);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(c.name);
      expect(await page.getByText("Phiếu đánh giá:").isVisible()).toBe(true);
    }
    await screenshot(page, `citizen-landing-${demo.counters.at(-1)?.surveyKind}`);
    expect(consoleErrors).toEqual([]);
  });

  test("switches to English with the VI/EN switch, sets <html lang> and remembers the choice", async () => {
    const { page, consoleErrors } = await open(`/q/${counter.publicCode}`);
    await page.getByRole("heading", { level: 1 }).waitFor();

    await page.getByRole("button", { name: /^EN/ }).click();
    await page.getByRole("heading", { name: "Rate our service" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.getByRole("button", { name: /^EN/ }).getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByText("Contact details").isVisible()).toBe(true);
    await screenshot(page, "citizen-landing-en");
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    await page.getByRole("heading", { name: "Rate our service" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(consoleErrors).toEqual([]);
  });

  test("gives every link and button a touch target of at least 44 × 44 px", async () => {
    const { page } = await open(`/q/${counter.publicCode}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    const small: string[] = [];
    let checked = 0;
    for (const target of await page.locator("a, button").all()) {
      const box = await target.boundingBox();
      if (!box || box.y + box.height <= 0) continue; // the skip link waits above the page until focused
      checked++;
      if (box.width < 44 || box.height < 44) {
        small.push(`${(await target.textContent())?.trim()}: ${box.width.toFixed(0)}×${box.height.toFixed(0)}`);
      }
    }
    expect(small).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(6); // VI, EN, hotline, e-mail, website, footer links
  });

  test("the first Tab shows a skip link that moves focus to the main content", async () => {
    const { page } = await open(`/q/${counter.publicCode}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate<string>("document.activeElement?.textContent ?? ''")).toBe("Chuyển đến nội dung chính");
    const box = await page.getByRole("link", { name: "Chuyển đến nội dung chính" }).boundingBox();
    expect(box?.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press("Enter");
    expect(await page.evaluate<string>("document.activeElement?.id ?? ''")).toBe("main");
  });

  test("reads well on a desktop screen too", async () => {
    const { page } = await open(`/q/${counter.publicCode}`, { viewport: { width: 1280, height: 800 } });
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, "citizen-landing-desktop");
  });

  test("opens in English when the link carries ?lang=en", async () => {
    const { page } = await open(`/q/${counter.publicCode}?lang=en`);
    await page.getByRole("heading", { name: "Rate our service" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
  });

  test("tells the citizen in Vietnamese that an unknown code is no counter", async () => {
    const { page, consoleErrors } = await open("/q/khongcoquaynay99");
    await page.getByRole("heading", { level: 1, name: "Không tìm thấy quầy" }).waitFor();
    expect(await page.getByText("Mã QR này không ứng với quầy nào đang hoạt động", { exact: false }).isVisible()).toBe(
      true,
    );
    expect(await page.getByRole("link", { name: "Về trang chủ" }).isVisible()).toBe(true);
    await screenshot(page, "citizen-landing-unknown");
    expect(await axeViolations(page)).toEqual([]);
    // The browser itself logs the API's 404; nothing else may fail.
    expect(consoleErrors.filter((e) => !e.includes("404"))).toEqual([]);
  });

  test("treats a malformed code as an unknown counter", async () => {
    const { page } = await open("/q/ABC");
    await page.getByRole("heading", { level: 1, name: "Không tìm thấy quầy" }).waitFor();
  });

  test("says the network is down, then loads on retry", async () => {
    const probe = await openPage(browser);
    opened.push(probe);
    const { page } = probe;
    await page.route("**/api/**", (route) => route.abort("internetdisconnected"));
    await page.goto(`${baseUrl}/q/${counter.publicCode}`);
    await page.getByRole("heading", { name: "Không có kết nối mạng" }).waitFor();
    await screenshot(page, "citizen-landing-offline");

    await page.unroute("**/api/**");
    await page.getByRole("button", { name: "Thử lại" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(counter.name);
  });
  test("says the network is down when the page's own code cannot load", async () => {
    const probe = await openPage(browser);
    opened.push(probe);
    const { page } = probe;
    await page.route("**/assets/CounterPage-*.js", (route) => route.abort("internetdisconnected"));
    await page.goto(`${baseUrl}/q/${counter.publicCode}`);
    await page.getByRole("heading", { name: "Không có kết nối mạng" }).waitFor();
    expect(await page.getByRole("button", { name: "Thử lại" }).isVisible()).toBe(true);
  });
});

describe("the product's other pages", () => {
  test("the home page loads with no console error, no accessibility violation, and links to the staff area", async () => {
    const { page, consoleErrors, failedRequests } = await open("/");
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("vi");
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, "home-vi");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Vào khu vực cán bộ" }).click();
    // Signed out, the staff area's session check answers 401 and leads to the sign-in page.
    await page.waitForURL((url) => url.pathname === "/staff/dang-nhap");
    await page.getByRole("heading", { level: 1, name: "Đăng nhập khu vực cán bộ" }).waitFor();
    await screenshot(page, "staff-vi");
    const sessionCheck = (line: string) => line.includes("/api/auth/me") || /status of 401/.test(line);
    expect(consoleErrors.filter((line) => !sessionCheck(line))).toEqual([]);
    expect(failedRequests.filter((line) => !sessionCheck(line))).toEqual([]);
  });

  test("an unknown address shows the not-found page", async () => {
    const { page, consoleErrors } = await open("/khong-co-trang-nay");
    await page.getByRole("heading", { level: 1, name: "Không tìm thấy trang" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

describe("what the server sends with the app", () => {
  test("the page carries a strict CSP and security headers; hashed assets are cached for a year", async () => {
    const res = await fetch(`${baseUrl}/q/${counter.publicCode}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    // Over https (production) the browser then keeps to https for a year.
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");

    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    const assetRes = await fetch(`${baseUrl}${asset}`);
    expect(assetRes.status).toBe(200);
    expect(assetRes.headers.get("cache-control")).toContain("max-age=31536000");
  });

  test("does not serve the build's manifest or the headers file", async () => {
    for (const path of ["/.vite/manifest.json", "/_headers"]) {
      const res = await fetch(`${baseUrl}${path}`);
      // The single-page fallback answers with index.html, never the file itself.
      expect(await res.text()).not.toMatch(/"isEntry"|Content-Security-Policy:/);
    }
  });
});
