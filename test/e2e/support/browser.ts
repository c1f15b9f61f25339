import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's chromium (apt-get install -y chromium), driven by playwright-core. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The phone a citizen holds at the counter: the narrowest width we support. */
export const PHONE = { width: 360, height: 740 } as const;

const SCREENSHOT_DIR = resolve(import.meta.dirname, "../../../test-results/screenshots");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page and what went wrong on it: console errors, uncaught exceptions, failed requests. */
export interface Probe {
  page: Page;
  consoleErrors: string[];
  failedRequests: string[];
  close(): Promise<void>;
}

/**
 * A fresh page in its own context (no storage carried over between tests), at phone size by
 * default, recording every console error, page error and failed or 4xx/5xx request.
 */
export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<Probe> {
  const context = await browser.newContext({
    viewport: options.viewport ?? PHONE,
    locale: options.locale ?? "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) =>
    failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`),
  );
  page.on("response", (response) => {
    if (response.status() >= 400)
      failedRequests.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
  });
  return { page, consoleErrors, failedRequests, close: () => context.close() };
}

/** WCAG 2.0–2.2 A and AA violations axe finds on the page, one readable line per node. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}: ${n.failureSummary ?? v.help}`),
  );
}

/** A full-page screenshot in test-results/screenshots/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Whether the page scrolls sideways (content wider than the viewport). */
export function overflowsHorizontally(page: Page): Promise<boolean> {
  // A string, evaluated in the page: this file is type-checked without the DOM library.
  return page.evaluate<boolean>("document.documentElement.scrollWidth > document.documentElement.clientWidth");
}
