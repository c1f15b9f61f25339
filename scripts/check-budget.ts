/**
 * `npm run check:budget` (after `npm run build`): the first load of each citizen rating page
 * must stay within BUDGET_BYTES gzipped. A route's first load is index.html, the entry chunk
 * with its static imports and CSS, and the route's lazy chunk with its static imports and CSS:
 * everything the page needs to show the rating form, since the form is imported statically by
 * each route (see web/pages/rate/). Chunks the route only loads on demand are listed, not
 * counted, with the reason they are optional. A citizen opens these pages on a phone at the
 * counter, often on a weak mobile connection, or on the counter's tablet.
 * Prints a table per route; exits 1 when a route is above budget (or the build is missing).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";

const DIST = resolve(import.meta.dirname, "../web/dist");
const BUDGET_BYTES = 60 * 1024;
/** The citizen's rating routes and the source of the page each renders (manifest keys, relative to web/). */
const ROUTES: ReadonlyArray<{ path: string; source: string; what: string }> = [
  { path: "/q/:publicCode", source: "pages/counter/CounterPage.tsx", what: "counter QR, rating form included" },
  { path: "/r/:token", source: "pages/rate/FileRatePage.tsx", what: "receipt QR, rating form included" },
  { path: "/ho-so/:agencyCode", source: "pages/rate/FileCodePage.tsx", what: "typed file code, form included" },
  { path: "/kiosk/:publicCode", source: "pages/rate/KioskPage.tsx", what: "counter tablet, form included" },
];
/** Chunks a rating page may load later, and why they are not part of its first load. */
const OPTIONAL: Record<string, string> = {
  "pages/rate/turnstile.ts": "Turnstile loader, only when the deployment configures a site key (off by default)",
};

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

type Manifest = Record<string, ManifestChunk>;

function fail(message: string): never {
  console.error(`check-budget: ${message}`);
  process.exit(1);
}

const manifestPath = resolve(DIST, ".vite/manifest.json");
if (!existsSync(manifestPath)) fail(`no ${manifestPath}; run \`npm run build\` first`);
const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;

const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
if (!entryKey) fail("the manifest has no entry chunk");
for (const route of ROUTES) {
  if (!manifest[route.source]) fail(`the manifest has no chunk for ${route.source} (was the page renamed?)`);
}

/** Why each file is loaded, in load order, each file once; dynamic imports met on the way. */
function firstLoad(routeKey: string, label: string): { files: Map<string, string>; lazy: Set<string> } {
  const files = new Map<string, string>();
  const lazy = new Set<string>();
  /** A chunk, its CSS, and (recursively) the chunks it imports statically. */
  const collect = (key: string, reason: string): void => {
    const chunk = manifest[key];
    if (!chunk) fail(`the manifest names ${key} but has no entry for it`);
    if (files.has(chunk.file)) return;
    files.set(chunk.file, reason);
    for (const css of chunk.css ?? []) if (!files.has(css)) files.set(css, `css of ${reason}`);
    for (const imported of chunk.imports ?? []) collect(imported, `import of ${reason}`);
    for (const dynamic of chunk.dynamicImports ?? []) lazy.add(dynamic);
  };
  files.set("index.html", "document");
  collect(entryKey!, "entry");
  // The entry's own dynamic imports are the other pages: not part of this route.
  lazy.clear();
  collect(routeKey, `route ${label}`);
  return { files, lazy };
}

interface Row {
  file: string;
  reason: string;
  raw: number;
  gzip: number;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gzipped = new Map<string, Row>();
function measure(file: string, reason: string): Row {
  const known = gzipped.get(file);
  if (known) return { ...known, reason };
  const content = readFileSync(resolve(DIST, file));
  const row = { file, reason, raw: content.byteLength, gzip: gzipSync(content, { level: 9 }).byteLength };
  gzipped.set(file, row);
  return row;
}

let failed = false;
const summary: string[] = [];
for (const route of ROUTES) {
  const { files, lazy } = firstLoad(route.source, route.path);
  const rows = [...files].map(([file, reason]) => measure(file, reason));

  // chart.js belongs to the dashboard only (web/vite.config.ts puts it in a chunk named "chart").
  const chart = Object.values(manifest).find((chunk) => chunk.name === "chart" && files.has(chunk.file));
  if (chart) fail(`${chart.file} (chart.js) loads on ${route.path}; import it lazily from the dashboard`);
  // zod (~24 KB gzipped) is kept off the citizen's first load (web/api/citizen.ts); say so if it comes back.
  const zod = rows.find(
    (r) => r.file.endsWith(".js") && readFileSync(resolve(DIST, r.file), "utf8").includes("ZodError"),
  );

  const total = rows.reduce((sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip }), { raw: 0, gzip: 0 });
  const width = Math.max(...rows.map((r) => r.file.length), 5);
  console.log(`First load of ${route.path} (${route.what}; gzip -9), budget ${kb(BUDGET_BYTES)}\n`);
  console.log(`${"file".padEnd(width)}  ${"raw".padStart(9)}  ${"gzip".padStart(9)}  why`);
  for (const r of rows) {
    console.log(`${r.file.padEnd(width)}  ${kb(r.raw).padStart(9)}  ${kb(r.gzip).padStart(9)}  ${r.reason}`);
  }
  console.log(`${"total".padEnd(width)}  ${kb(total.raw).padStart(9)}  ${kb(total.gzip).padStart(9)}`);
  for (const key of lazy) {
    const chunk = manifest[key];
    if (files.has(chunk?.file ?? "")) continue;
    const why = OPTIONAL[key];
    if (!why) {
      console.error(
        `  ${key} is imported lazily by ${route.path}: say in OPTIONAL why it is not part of the first load`,
      );
      failed = true;
    } else console.log(`  not counted: ${chunk?.file ?? key} (${why})`);
  }
  if (zod) console.log(`  note: zod is part of this first load (${zod.file})`);
  const left = BUDGET_BYTES - total.gzip;
  if (left < 0) {
    console.error(`  over budget by ${kb(-left)} gzipped\n`);
    failed = true;
  } else console.log(`  within budget: ${kb(left)} left (${((total.gzip / BUDGET_BYTES) * 100).toFixed(0)}% used)\n`);
  summary.push(`${route.path.padEnd(20)} ${kb(total.gzip).padStart(8)}`);
}
console.log(`Summary (gzip, budget ${kb(BUDGET_BYTES)} each):\n${summary.join("\n")}`);
if (failed) fail("a citizen route is over budget or loads an unexplained chunk");
