/**
 * `npm run check:budget` (after `npm run build`): the first load of the citizen's QR page
 * (/q/:publicCode) must stay within BUDGET_BYTES gzipped, counting index.html, the entry
 * chunk with its static imports and CSS, and the route's lazy chunk with its imports and CSS.
 * A citizen opens it on a phone at the counter, often on a weak mobile connection.
 * Prints a table; exits 1 above budget (or when the build is missing).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";

const DIST = resolve(import.meta.dirname, "../web/dist");
const BUDGET_BYTES = 60 * 1024;
/** Source of the page /q/:publicCode renders, as the manifest names it (relative to web/). */
const ROUTE_SOURCE = "pages/counter/CounterPage.tsx";

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
if (!manifest[ROUTE_SOURCE]) fail(`the manifest has no chunk for ${ROUTE_SOURCE} (was the page renamed?)`);

/** Why each file is loaded, in load order, each file once. */
const files = new Map<string, string>();

/** A chunk, its CSS, and (recursively) the chunks it imports statically. */
function collect(key: string, reason: string): void {
  const chunk = manifest[key];
  if (!chunk) fail(`the manifest names ${key} but has no entry for it`);
  if (files.has(chunk.file)) return;
  files.set(chunk.file, reason);
  for (const css of chunk.css ?? []) if (!files.has(css)) files.set(css, `css of ${reason}`);
  for (const imported of chunk.imports ?? []) collect(imported, `import of ${reason}`);
}

files.set("index.html", "document");
collect(entryKey, "entry");
collect(ROUTE_SOURCE, "route /q/:publicCode");

interface Row {
  file: string;
  reason: string;
  raw: number;
  gzip: number;
}

const rows: Row[] = [...files].map(([file, reason]) => {
  const content = readFileSync(resolve(DIST, file));
  return { file, reason, raw: content.byteLength, gzip: gzipSync(content, { level: 9 }).byteLength };
});

// chart.js belongs to the dashboard only (web/vite.config.ts puts it in a chunk named "chart").
const chart = Object.values(manifest).find((chunk) => chunk.name === "chart" && files.has(chunk.file));
if (chart) fail(`${chart.file} (chart.js) loads on the citizen's QR page; import it lazily from the dashboard`);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const total = rows.reduce((sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip }), { raw: 0, gzip: 0 });
const width = Math.max(...rows.map((r) => r.file.length), 5);

console.log(`First load of /q/:publicCode (gzip -9), budget ${kb(BUDGET_BYTES)}\n`);
console.log(`${"file".padEnd(width)}  ${"raw".padStart(9)}  ${"gzip".padStart(9)}  why`);
for (const r of rows) {
  console.log(`${r.file.padEnd(width)}  ${kb(r.raw).padStart(9)}  ${kb(r.gzip).padStart(9)}  ${r.reason}`);
}
console.log(`${"total".padEnd(width)}  ${kb(total.raw).padStart(9)}  ${kb(total.gzip).padStart(9)}`);
const left = BUDGET_BYTES - total.gzip;
if (left < 0) fail(`over budget by ${kb(-left)} gzipped`);
console.log(`\nwithin budget: ${kb(left)} left (${((total.gzip / BUDGET_BYTES) * 100).toFixed(0)}% used)`);
