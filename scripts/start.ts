/**
 * `npm start`: the whole system on one machine.
 *
 * Without DATABASE_URL it starts a real PostgreSQL shipped through npm, keeping its data in
 * `.data/pg` (git-ignored, kept across restarts). It then migrates, seeds the demo agency once,
 * builds the web app, starts the worker with `wrangler dev`, and prints the URLs a person
 * needs. Ctrl-C stops everything, Postgres included.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { ensureDevVars } from "./lib/dev-vars";
import { type EmbeddedDb, startEmbeddedPostgres } from "./lib/embedded-postgres";
import { migrateToLatest, nodeDb } from "./lib/node-db";
import { wranglerEnv } from "./lib/wrangler-env";
import { type SeedResult, seedAll } from "./seed/all";

const root = resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 8787);
const pgPort = Number(process.env.HAILONG_PG_PORT ?? 54329);

let embedded: EmbeddedDb | undefined;
let worker: ChildProcess | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("\nĐang dừng hailong… / stopping…");
    if (worker?.pid && worker.exitCode === null) {
      try {
        process.kill(-worker.pid, "SIGTERM"); // the whole group: wrangler and its workerd
      } catch {}
      await new Promise((r) => {
        const timer = setTimeout(r, 5000);
        worker?.once("exit", () => {
          clearTimeout(timer);
          r(undefined);
        });
      });
    }
    await embedded?.stop();
    console.log("Đã dừng. / Stopped.");
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (c) => (c === 0 ? ok() : fail(new Error(`${cmd} ${args.join(" ")} exited with ${c}`))));
  });
}

/**
 * Offline, wrangler tries to fetch the `Request.cf` placeholder from the Internet at every
 * start and prints a stack trace; the worker does not use it. Everything else is passed on.
 */
function forwardWithoutNoise(child: ChildProcess): void {
  const noise = /Request\.cf|ENOTFOUND workers\.cloudflare\.com|GetAddrInfoReqWrap/;
  for (const [from, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    createInterface({ input: from! }).on("line", (line) => {
      if (!noise.test(line)) to.write(`${line}\n`);
    });
  }
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (worker?.exitCode !== null && worker?.exitCode !== undefined) throw new Error("wrangler dev exited");
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    console.log("Dùng PostgreSQL từ DATABASE_URL. / Using the PostgreSQL at DATABASE_URL.");
  } else {
    const dataDir = resolve(root, ".data");
    mkdirSync(dataDir, { recursive: true });
    const logFile = resolve(dataDir, "postgres.log");
    console.log(`Khởi động PostgreSQL nhúng (.data/pg, cổng ${pgPort})… / starting embedded PostgreSQL…`);
    embedded = await startEmbeddedPostgres({
      dir: resolve(dataDir, "pg"),
      port: pgPort,
      database: "hailong",
      log: (line) => appendFileSync(logFile, line),
    });
    databaseUrl = embedded.url;
  }

  const db = nodeDb(databaseUrl);
  let demo: SeedResult;
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `Migrations applied: ${applied.join(", ")}` : "Schema is up to date.");
    demo = await seedAll(db);
    console.log(demo.created ? `Seeded the demo agency: ${demo.summary}` : "Demo data already present.");
  } finally {
    await db.destroy();
  }

  if (process.env.HAILONG_SKIP_BUILD !== "1") {
    console.log("Building the web app…");
    await run(resolve(root, "node_modules/.bin/vite"), [
      "build",
      "--config",
      "web/vite.config.ts",
      "--logLevel",
      "warn",
    ]);
  }

  ensureDevVars(root);
  console.log("Starting the worker (wrangler dev)…");
  worker = spawn(
    resolve(root, "node_modules/.bin/wrangler"),
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--log-level", "warn", "--show-interactive-dev-session=false"],
    {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: wranglerEnv(databaseUrl),
    },
  );
  forwardWithoutNoise(worker);
  worker.on("exit", (code) => {
    if (!stopping) {
      console.error(`wrangler dev exited (${code}).`);
      void shutdown(1);
    }
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(`${base}/api/health`, 90_000);

  const lines = [
    "",
    "hailong đang chạy / is running",
    "",
    `  Trang chủ / Home:                 ${base}/`,
    `  Sức khỏe API / API health:        ${base}/api/health`,
    ...demo.counters.map((c) => `  Đánh giá tại ${c.name.padEnd(14)} ${base}/q/${c.publicCode}`),
    `  Cán bộ / Staff:                   ${base}/staff`,
    ...(demo.accounts.length
      ? ["", "  Tài khoản demo / demo accounts (chỉ dùng thử / demo only):"]
      : ["", "  Tài khoản: tạo bằng `npm run admin:create` / accounts: see README"]),
    ...demo.accounts.map((a) => `    ${a.role.padEnd(16)} ${a.username.padEnd(18)} ${a.password}`),
    ...(demo.integrationKey
      ? ["", `  Khóa API phần mềm một cửa / one-stop API key (hiện một lần / shown once): ${demo.integrationKey}`]
      : []),
    "",
    `  PostgreSQL: ${databaseUrl.replace(/:[^:@/]+@/, ":***@")}`,
    "",
    "  Ctrl-C để dừng / to stop.",
    "",
  ];
  console.log(lines.join("\n"));
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
});
