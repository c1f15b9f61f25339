/**
 * `npm run db:seed`: writes the demo agency (Sở KH&CN Lâm Đồng, 90 days of files, ratings and
 * cases) into DATABASE_URL, once. If the demo agency already exists it says so and writes nothing.
 *
 * Options: `-- --days=90 --seed=68 --today=2026-11-22T10:00:00+07:00` (defaults: 90 days,
 * seed 68, now). The schema must be migrated first (`npm run db:migrate`).
 */
import { nodeDb } from "./lib/node-db";
import { DEFAULT_DAYS, DEFAULT_SEED, seedDemo } from "./seed/index";

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (e.g. postgres://user:pass@host:5432/hailong)");
  process.exit(2);
}
const days = Number(option("days") ?? DEFAULT_DAYS);
const seed = Number(option("seed") ?? DEFAULT_SEED);
const todayText = option("today");
const today = todayText ? new Date(todayText) : undefined;
if (!Number.isInteger(days) || !Number.isInteger(seed) || (today && Number.isNaN(today.getTime()))) {
  console.error("usage: npm run db:seed -- [--days=90] [--seed=68] [--today=2026-11-22T10:00:00+07:00]");
  process.exit(2);
}

const db = nodeDb(url);
try {
  const started = performance.now();
  const demo = await seedDemo(db, { days, seed, today });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!demo.created) {
    console.log(`Dữ liệu demo đã có: ${demo.agency.name} (${demo.agency.code}); không ghi thêm.`);
    console.log(`Demo data already present: ${demo.agency.code}; nothing written.`);
  } else {
    console.log(
      `Đã tạo dữ liệu demo / seeded the demo agency in ${seconds} s: ${demo.agency.name} (${demo.agency.code})`,
    );
    console.log(
      Object.entries(demo.counts)
        .map(([table, n]) => `  ${table.padEnd(18)} ${n}`)
        .join("\n"),
    );
  }
  for (const c of demo.counters) console.log(`  ${c.name} (${c.surveyKind}): /q/${c.publicCode}`);
} finally {
  await db.destroy();
}
