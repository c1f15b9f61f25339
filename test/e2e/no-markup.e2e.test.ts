import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { CURRENT_CASE_CONSENT, IntakeReceiptSchema } from "../../schema/api/cases";
import { launchBrowser, openPage, type Probe } from "./support/browser";

/**
 * What a citizen types is shown as text, never run as markup: a petition whose title and
 * content are HTML with script handlers is filed through the API, then read back on its public
 * status page in Chromium. The page shows the characters, creates no <img>/<script> from them,
 * and nothing of them runs. (Preact escapes text; the web app has no dangerouslySetInnerHTML.)
 */

const baseUrl = inject("baseUrl");
const demo = inject("demo");
const TITLE = `<img src=x onerror="window.__hailongXss=1"> Góp ý ghế chờ`;
const CONTENT = `<script>window.__hailongXss=2</script><svg onload="window.__hailongXss=3"></svg> Đề nghị bố trí thêm ghế chờ tại khu vực một cửa.`;

let browser: Browser;
const opened: Probe[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
});

describe("text that looks like HTML", () => {
  test("a petition titled with an <img onerror> shows as text on its status page and runs nothing", async () => {
    const res = await fetch(`${baseUrl}/api/public/cases`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        agencyCode: demo.agency.code,
        kind: "petition",
        title: TITLE,
        content: CONTENT,
        filer: { fullName: "Nguyễn Văn <b>Đậm</b>", address: "12 Trần Phú, Đà Lạt", phone: "0912 345 678" },
        consent: { accepted: true, version: CURRENT_CASE_CONSENT },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const receipt = IntakeReceiptSchema.parse(await res.json());

    const probe = await openPage(browser);
    opened.push(probe);
    const { page } = probe;
    await page.goto(`${baseUrl}/tra-cuu/${receipt.code}#ma=${receipt.secret}`);
    const heading = page.getByRole("heading", { level: 1 });
    await heading.filter({ hasText: "Góp ý ghế chờ" }).waitFor();

    expect((await heading.textContent())?.trim()).toBe(TITLE);
    expect(await page.locator("img[src='x'], article script, article svg[onload]").count()).toBe(0);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __hailongXss?: number }).__hailongXss),
    ).toBeUndefined();
    expect(probe.consoleErrors).toEqual([]);
  });
});
