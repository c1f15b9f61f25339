/**
 * Section 4: the counter-QR rating page (/q/<publicCode>) as a citizen's phone first loads it,
 * served the way the deployment serves it (web/dist as static assets in front of the worker,
 * only /api/* reaching the worker), in Debian's chromium:
 * - gzipped bytes of the first load: every same-origin static file the page fetched (HTML, JS,
 *   CSS, fonts, images), each gzipped at level 9 as a CDN would send it; the JSON of the API calls
 *   it made is reported beside it;
 * - Lighthouse 12 (npm `lighthouse`, mobile emulation with its default simulated throttling)
 *   performance and accessibility scores.
 */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { freePort } from "../scripts/lib/embedded-postgres";
import type { BenchDb } from "./lib/database";
import { runBounded, spawnService } from "./lib/procs";
import { startWorkerd } from "./lib/workerd";

const ROOT = resolve(import.meta.dirname, "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The flags of the e2e harness (test/e2e/support/browser.ts): no background traffic. */
const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--mute-audio",
];

export interface PageResult {
  url: string;
  gzipBytes: number;
  files: number;
  apiJsonBytes: number;
  byFile: Array<{ path: string; bytes: number; gzipBytes: number }>;
  lighthouse?: { performance: number; accessibility: number; lcpMs: number; tbtMs: number; cls: number };
  notes: string[];
}

async function buildWeb(outDir: string): Promise<void> {
  const out = await runBounded(
    resolve(ROOT, "node_modules/.bin/vite"),
    ["build", "--config", "web/vite.config.ts", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
    { cwd: ROOT, timeoutMs: 180_000 },
  );
  if (out.code !== 0) throw new Error(`vite build failed: ${out.stderr || out.stdout}`);
}

async function firstLoad(url: string): Promise<Pick<PageResult, "gzipBytes" | "files" | "apiJsonBytes" | "byFile">> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS.slice(1) });
  try {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      locale: "vi-VN",
      timezoneId: "Asia/Ho_Chi_Minh",
    });
    const page = await context.newPage();
    const origin = new URL(url).origin;
    const bodies: Array<Promise<{ path: string; api: boolean; body: Buffer } | null>> = [];
    page.on("response", (response) => {
      const u = new URL(response.url());
      if (u.origin !== origin) return;
      bodies.push(
        response
          .body()
          .then((body) => ({ path: u.pathname, api: u.pathname.startsWith("/api/"), body }))
          .catch(() => null),
      );
    });
    await page.goto(url, { waitUntil: "networkidle" });
    const loaded = (await Promise.all(bodies)).filter((b) => b !== null);
    const files = loaded.filter((b) => !b.api);
    const byFile = files.map((f) => ({
      path: f.path,
      bytes: f.body.length,
      gzipBytes: gzipSync(f.body, { level: 9 }).length,
    }));
    return {
      gzipBytes: byFile.reduce((n, f) => n + f.gzipBytes, 0),
      files: files.length,
      apiJsonBytes: loaded.filter((b) => b.api).reduce((n, b) => n + b.body.length, 0),
      byFile,
    };
  } finally {
    await browser.close();
  }
}

async function lighthouse(url: string, tmpDir: string): Promise<PageResult["lighthouse"]> {
  const port = await freePort();
  const profile = resolve(tmpDir, "chromium-profile");
  mkdirSync(profile, { recursive: true });
  const chrome = spawnService("chromium", CHROMIUM, [
    ...CHROMIUM_FLAGS,
    `--remote-debugging-port=${port}`,
    "--remote-debugging-address=127.0.0.1",
    `--user-data-dir=${profile}`,
    "about:blank",
  ]);
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/json/version`)).ok) break;
      } catch {}
      if (Date.now() > deadline || chrome.exitCode !== null) throw new Error("chromium did not start for Lighthouse");
      await new Promise((r) => setTimeout(r, 200));
    }
    const report = resolve(tmpDir, "lighthouse.json");
    const out = await runBounded(
      resolve(ROOT, "node_modules/.bin/lighthouse"),
      [
        url,
        `--port=${port}`,
        "--only-categories=performance,accessibility",
        "--form-factor=mobile",
        "--output=json",
        `--output-path=${report}`,
        "--quiet",
        "--locale=en-US",
      ],
      { cwd: ROOT, timeoutMs: 180_000 },
    );
    if (out.code !== 0) throw new Error(`lighthouse failed (exit ${out.code}): ${out.stderr.slice(-2000)}`);
    const lhr = JSON.parse(readFileSync(report, "utf8")) as {
      categories: Record<string, { score: number | null }>;
      audits: Record<string, { numericValue?: number }>;
      runtimeError?: { message: string };
    };
    if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.message}`);
    // The whole report stays for reading (which audits cost the score): git-ignored test-results/.
    mkdirSync(resolve(ROOT, "test-results"), { recursive: true });
    copyFileSync(report, resolve(ROOT, "test-results/bench-lighthouse.json"));
    return {
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      lcpMs: lhr.audits["largest-contentful-paint"]?.numericValue ?? Number.NaN,
      tbtMs: lhr.audits["total-blocking-time"]?.numericValue ?? Number.NaN,
      cls: lhr.audits["cumulative-layout-shift"]?.numericValue ?? Number.NaN,
    };
  } finally {
    if (chrome.exitCode === null) chrome.kill("SIGTERM");
  }
}

export async function measurePage(o: {
  bench: BenchDb;
  bundleDir: string;
  databaseUrl: string;
  vars: Record<string, string>;
  tmpDir: string;
  log: (s: string) => void;
}): Promise<PageResult> {
  const notes: string[] = [];
  o.log("4. rating page: building the web app (vite build into the benchmark's folder)…");
  const webDir = resolve(o.tmpDir, "web-dist");
  await buildWeb(webDir);
  const server = await startWorkerd({
    bundleDir: o.bundleDir,
    port: await freePort(),
    databaseUrl: o.databaseUrl,
    dbPath: "direct",
    vars: o.vars,
    assetsDir: webDir,
  });
  try {
    const counter = o.bench.counters[0];
    if (!counter) throw new Error("no counter to open");
    const url = `${server.url}/q/${counter.publicCode}`;
    const load = await firstLoad(url);
    o.log(
      `   first load: ${(load.gzipBytes / 1024).toFixed(1)} KB gzipped in ${load.files} files (+ ${(load.apiJsonBytes / 1024).toFixed(1)} KB of API JSON)`,
    );
    let lh: PageResult["lighthouse"];
    try {
      o.log("   Lighthouse (mobile)…");
      lh = await lighthouse(url, o.tmpDir);
      o.log(`   performance ${lh?.performance}, accessibility ${lh?.accessibility}`);
    } catch (err) {
      notes.push(`Lighthouse did not run: ${(err as Error).message.split("\n")[0]}`);
    }
    return { url: `/q/${counter.publicCode}`, ...load, lighthouse: lh, notes };
  } finally {
    await server.dispose();
  }
}
