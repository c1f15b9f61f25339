/**
 * `npm run bench` — how far one machine takes hailong, measured in one run on loopback:
 *   1. the database ceiling (pgbench single-row inserts against the same Postgres);
 *   2. the rating submission path in workerd behind pgbouncer, against the same workerd's
 *      no-database endpoint (ratios to both);
 *   3. the dashboard's API at 1M and 10M submissions (generated in bulk inside Postgres);
 *   4. the rating page: gzipped first load and Lighthouse mobile scores;
 *   5. peak memory of workerd and Postgres under the submission load.
 * Prints a table and writes bench-results.json (git-ignored). Every load is bounded in time;
 * every process started here is stopped at the end, on failure and on Ctrl-C.
 *
 *   npm run bench                  full run (≈ 15 min on 2 quiet cores; longer on a busy machine)
 *   npm run bench -- --quick       smoke run: 100k/1M submissions, 5 s loads
 *   options: --durable (fsync on), --skip=dashboard,page,ceiling  --only=submit
 *            --connections=N  --seconds=N  --rounds=N  --db-path=direct|local-hyperdrive  --profile
 *            --hold=S (keep Postgres, pgbouncer and workerd running S seconds after the loads and the
 *            dashboard, to investigate by hand)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { sql } from "kysely";
import { freePort } from "../scripts/lib/embedded-postgres";
import { nodeDb } from "../scripts/lib/node-db";
import { CEILING_TABLE_SQL, type PgbenchResult, pgbench } from "./ceiling";
import { type DashboardResult, measureDashboard } from "./dashboard";
import { type BenchDb, startBenchDb } from "./lib/database";
import { postmasterPid, watchMemory } from "./lib/memory";
import { startPgbouncer } from "./lib/pgbouncer";
import { cleanupAll, installSignalHandlers, onCleanup, wasInterrupted } from "./lib/procs";
import { ensureTools } from "./lib/tools";
import { bundleWorker, type DbPath, startWorkerd } from "./lib/workerd";
import type { WrkResult } from "./lib/wrk";
import { measurePage, type PageResult } from "./page";
import { profileSubmit } from "./profile";
import { checkOneSubmission, describe, measureNoop, measureSubmit, submissionTemplates, submitPrelude } from "./submit";

const ROOT = resolve(import.meta.dirname, "..");

type Section = "ceiling" | "submit" | "dashboard" | "page";
const SECTIONS: Section[] = ["ceiling", "submit", "dashboard", "page"];

interface Args {
  quick: boolean;
  durable: boolean;
  sections: Set<Section>;
  seconds: number;
  connections: number;
  dbPath: DbPath;
  profile: boolean;
  /** Alternating rounds of the no-database and the submission loads (averaged). */
  rounds: number;
  /** Keep everything running for N seconds after start-up (to investigate by hand). */
  hold: number;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const has = (name: string) => argv.includes(`--${name}`);
  const quick = has("quick");
  const list = (v: string | undefined) => (v ? (v.split(",") as Section[]) : []);
  for (const s of [...list(get("only")), ...list(get("skip"))]) {
    if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; one of ${SECTIONS.join(", ")}`);
  }
  const only = list(get("only"));
  const skip = list(get("skip"));
  const sections = new Set((only.length ? only : SECTIONS).filter((s) => !skip.includes(s)));
  const dbPath = (get("db-path") ?? "direct") as DbPath;
  if (dbPath !== "direct" && dbPath !== "local-hyperdrive") throw new Error("--db-path=direct|local-hyperdrive");
  return {
    quick,
    durable: has("durable"),
    sections,
    seconds: Number(get("seconds") ?? (quick ? 5 : 10)),
    connections: Number(get("connections") ?? 32),
    dbPath,
    profile: has("profile"),
    hold: Math.min(Number(get("hold") ?? 0), 1800),
    rounds: Math.max(1, Math.min(5, Number(get("rounds") ?? (quick ? 1 : 2)))),
  };
}

/** The worker's variables for the run: what an on-premises deployment behind pgbouncer sets. */
export const BENCH_VARS: Record<string, string> = {
  // "development": the demo staff passwords used to sign in are refused in production.
  APP_ENV: "development",
  // pgbouncer in transaction mode: no named prepared statements.
  DB_PREPARE: "false",
  // Abuse limits raised to their maxima: every benchmark request comes from loopback, so the
  // limits meant for real devices would flag or refuse them (docs/api-ratings.md).
  RATING_DEVICE_LIMIT: "1000",
  RATING_KIOSK_DEVICE_LIMIT: "10000",
  RATING_COUNTER_LIMIT_PER_MINUTE: "10000",
  RATING_HARD_LIMIT_FACTOR: "100",
};

function log(s: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

interface Results {
  machine: { cores: number; loadBefore: string; loadAfter?: string; durable: boolean; dbPath: DbPath; quick: boolean };
  ceiling?: { direct: PgbenchResult; pooled: PgbenchResult };
  noop?: WrkResult;
  submit?: WrkResult;
  single?: WrkResult;
  memory?: { workerdPeakMb: number; postgresPeakMb: number; pgbouncerPeakMb: number };
  rounds?: { noop: WrkResult[]; submit: WrkResult[] };
  cpuPerRequest?: {
    noopWorkerdMs: number;
    submitWorkerdMs: number;
    submitPostgresMs: number;
    submitPgbouncerMs: number;
  };
  submitCheck?: { stored: number; flagged: number };
  dashboard?: DashboardResult;
  page?: PageResult;
  profile?: string;
  notes: string[];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  installSignalHandlers();
  const started = Date.now();
  const needed = ["wrk", "pgbouncer"];
  if (args.sections.has("ceiling")) needed.push("pgbench");
  if (args.sections.has("page")) needed.push("chromium");
  ensureTools(needed, log);

  const tmpDir = `/tmp/hailong-bench-${process.pid}`;
  mkdirSync(tmpDir, { recursive: true, mode: 0o755 });
  const { chmodSync, rmSync } = await import("node:fs");
  chmodSync(tmpDir, 0o755); // the postgres user (Postgres, pgbouncer) must reach it
  const removeTmp = () => rmSync(tmpDir, { recursive: true, force: true });
  onCleanup("temporary files", removeTmp, removeTmp);

  const results: Results = {
    machine: {
      cores: (await import("node:os")).cpus().length,
      loadBefore: load(),
      durable: args.durable,
      dbPath: args.dbPath,
      quick: args.quick,
    },
    notes: [],
  };
  log(`load average before: ${results.machine.loadBefore} on ${results.machine.cores} cores`);

  const bench: BenchDb = await startBenchDb(tmpDir, args.durable, log);
  log(
    `Postgres ${args.durable ? "durable (fsync on, synchronous commit)" : "throwaway (fsync off, synchronous_commit off)"}`,
  );
  const pgbouncer = await startPgbouncer({
    dir: tmpDir,
    port: await freePort(),
    pgPort: bench.pg.port,
    database: "hailong_bench",
    user: "postgres",
    password: "hailong",
    poolSize: 20,
  });
  const postmaster = postmasterPid(bench.dataDir);

  if (args.sections.has("ceiling")) {
    const db = nodeDb(bench.pg.url);
    await sql.raw(CEILING_TABLE_SQL).execute(db);
    await db.destroy();
    log("1. ceiling: pgbench single-row inserts, straight to Postgres…");
    const direct = await pgbench({
      url: bench.pg.url,
      seconds: args.seconds,
      clients: 16,
      tmpDir,
      protocol: "prepared",
    });
    log(`   ${direct.tps.toFixed(0)} tps (16 clients, -M prepared)`);
    log("   …and through pgbouncer (transaction mode, -M simple)");
    const pooled = await pgbench({
      url: pgbouncer.url,
      seconds: args.seconds,
      clients: 16,
      tmpDir,
      protocol: "simple",
    });
    log(`   ${pooled.tps.toFixed(0)} tps`);
    results.ceiling = { direct, pooled };
  }

  let workerUrl: string | undefined;
  const bundleDir = resolve(tmpDir, "bundle");
  if (args.sections.has("submit") || args.sections.has("dashboard") || args.sections.has("page")) {
    log("bundling the worker (wrangler deploy --dry-run)…");
    await bundleWorker(bundleDir);
  }

  if (args.sections.has("submit") || args.sections.has("dashboard")) {
    const workerd = await startWorkerd({
      bundleDir,
      port: await freePort(),
      databaseUrl: pgbouncer.url,
      dbPath: args.dbPath,
      vars: BENCH_VARS,
    });
    workerUrl = workerd.url;
    log(`workerd (Miniflare API) at ${workerd.url}, pid ${workerd.pid}; database ${args.dbPath} → pgbouncer`);

    if (args.sections.has("submit")) {
      const loadOpts = { seconds: args.seconds, connections: args.connections, tmpDir };
      const templates = await submissionTemplates(workerd.url, bench.counters);
      await checkOneSubmission(workerd.url, templates[0]!);
      const prelude = submitPrelude(templates);
      // Warm-up: JIT, pgbouncer's server connections, Postgres's caches.
      log("2. submission path: warm-up…");
      await measureNoop(workerd.url, { ...loadOpts, seconds: 3 });
      await measureSubmit(workerd.url, prelude, { ...loadOpts, seconds: 3 }, {});
      // Rounds alternate the two loads, so that a neighbour's burst on a shared machine hits both.
      const db = nodeDb(bench.pg.url);
      const before = await countSubmissions(db, bench.agencyId);
      const pids = { workerd: workerd.pid, postmaster, pgbouncer: pgbouncer.pid };
      const noops: WrkResult[] = [];
      const submits: WrkResult[] = [];
      const cpu = { noopWorkerd: 0, noopRequests: 0, workerd: 0, postgres: 0, pgbouncer: 0, requests: 0 };
      for (let round = 1; round <= args.rounds; round++) {
        log(`   round ${round}/${args.rounds}: no-database endpoint GET /api/problems…`);
        const noopWatch = watchMemory(pids);
        const noop = await measureNoop(workerd.url, loadOpts);
        const noopUse = noopWatch.stop();
        cpu.noopWorkerd += noopUse.cpu.workerdMs;
        cpu.noopRequests += noop.requests;
        noops.push(noop);
        log(`   ${describe(noop)}`);
        log(
          `   round ${round}/${args.rounds}: POST /api/ratings/submissions (${args.connections} connections, ${args.seconds} s)…`,
        );
        const { result, memory } = await measureSubmit(workerd.url, prelude, loadOpts, pids);
        submits.push(result);
        cpu.workerd += memory.cpu.workerdMs;
        cpu.postgres += memory.cpu.postgresMs;
        cpu.pgbouncer += memory.cpu.pgbouncerMs;
        cpu.requests += result.requests;
        results.memory = {
          workerdPeakMb: Math.max(results.memory?.workerdPeakMb ?? 0, memory.workerdPeakMb),
          postgresPeakMb: Math.max(results.memory?.postgresPeakMb ?? 0, memory.postgresPeakMb),
          pgbouncerPeakMb: Math.max(results.memory?.pgbouncerPeakMb ?? 0, memory.pgbouncerPeakMb),
        };
        log(`   ${describe(result)}`);
      }
      results.noop = meanOf(noops);
      results.submit = meanOf(submits);
      results.rounds = { noop: noops, submit: submits };
      results.cpuPerRequest = {
        noopWorkerdMs: cpu.noopWorkerd / Math.max(1, cpu.noopRequests),
        submitWorkerdMs: cpu.workerd / Math.max(1, cpu.requests),
        submitPostgresMs: cpu.postgres / Math.max(1, cpu.requests),
        submitPgbouncerMs: cpu.pgbouncer / Math.max(1, cpu.requests),
      };
      const after = await countSubmissions(db, bench.agencyId);
      results.submitCheck = { stored: after.total - before.total, flagged: after.flagged - before.flagged };
      log(`   stored ${results.submitCheck.stored} submissions, ${results.submitCheck.flagged} flagged`);
      log("   one connection (latency without queueing)…");
      results.single = (
        await measureSubmit(
          workerd.url,
          prelude,
          { ...loadOpts, connections: 1, seconds: Math.min(5, args.seconds) },
          {},
        )
      ).result;
      log(`   ${describe(results.single)}`);
      await db.destroy();
      if (args.profile) {
        await workerd.dispose();
        results.profile = await profileSubmit({
          bundleDir,
          databaseUrl: pgbouncer.url,
          dbPath: args.dbPath,
          vars: BENCH_VARS,
          prelude,
          tmpDir,
          seconds: args.seconds,
          connections: args.connections,
        });
        const again = await startWorkerd({
          bundleDir,
          port: await freePort(),
          databaseUrl: pgbouncer.url,
          dbPath: args.dbPath,
          vars: BENCH_VARS,
        });
        workerUrl = again.url;
      }
    }

    if (args.sections.has("dashboard")) {
      results.dashboard = await measureDashboard({
        bench,
        workerUrl: workerUrl!,
        quick: args.quick,
        log,
      });
    }
    if (args.hold) {
      console.log(
        JSON.stringify({
          workerUrl: workerd.url,
          pg: bench.pg.url,
          pgbouncer: pgbouncer.url,
          counters: bench.counters.length,
          manager: bench.manager,
          workerdPid: workerd.pid,
          tmpDir,
        }),
      );
      log(`holding for ${args.hold} s (Ctrl-C to stop)…`);
      await new Promise((r) => setTimeout(r, args.hold * 1000));
    }
  }

  if (args.sections.has("page")) {
    results.page = await measurePage({ bench, bundleDir, databaseUrl: pgbouncer.url, vars: BENCH_VARS, tmpDir, log });
  }

  results.machine.loadAfter = load();
  const minutes = (Date.now() - started) / 60000;
  printTable(results, args, minutes);
  writeJson(results);
}

/** The mean of several runs of one load: throughput and latency percentiles averaged. */
function meanOf(runs: WrkResult[]): WrkResult {
  const mean = (f: (r: WrkResult) => number) => runs.reduce((t, r) => t + f(r), 0) / runs.length;
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return {
    rps: mean((r) => r.rps),
    requests: runs.reduce((t, r) => t + r.requests, 0),
    p50Ms: mean((r) => r.p50Ms),
    p90Ms: mean((r) => r.p90Ms),
    p99Ms: mean((r) => r.p99Ms),
    maxMs: Math.max(...runs.map((r) => r.maxMs)),
    statuses,
    socketErrors: runs.reduce((t, r) => t + r.socketErrors, 0),
  };
}

async function countSubmissions(db: ReturnType<typeof nodeDb>, agencyId: string) {
  const row = await db
    .selectFrom("submissions")
    .where("agency_id", "=", agencyId)
    .select((eb) => [
      eb.fn.countAll<string>().as("total"),
      eb.fn.count<string>("id").filterWhere("flagged", "=", true).as("flagged"),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), flagged: Number(row.flagged) };
}

function pct(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? "—" : `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

function num(x: number | undefined, digits = 0): string {
  return x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits);
}

function printTable(r: Results, args: Args, minutes: number): void {
  const rows: Array<[string, string, string, string]> = [];
  const verdict = (ok: boolean | undefined) => (ok === undefined ? "" : ok ? "met" : "MISSED");
  if (r.ceiling) {
    rows.push(["1 Ceiling: pgbench inserts, direct", `${num(r.ceiling.direct.tps)} tps`, "", ""]);
    rows.push(["  … through pgbouncer", `${num(r.ceiling.pooled.tps)} tps`, "", ""]);
  }
  if (r.noop)
    rows.push(["2 workerd no-DB GET /api/problems", `${num(r.noop.rps)} req/s`, `p99 ${num(r.noop.p99Ms, 1)} ms`, ""]);
  if (r.submit) {
    const toRuntime = r.noop ? r.submit.rps / r.noop.rps : undefined;
    rows.push([
      "  POST /api/ratings/submissions",
      `${num(r.submit.rps)} req/s`,
      `p50 ${num(r.submit.p50Ms, 1)} / p99 ${num(r.submit.p99Ms, 1)} ms`,
      verdict(r.submit.p99Ms <= 100),
    ]);
    rows.push([
      "  ratio to runtime limit (≥ 33%)",
      pct(toRuntime),
      "",
      verdict(toRuntime === undefined ? undefined : toRuntime >= 0.33),
    ]);
    rows.push([
      "  ratio to database ceiling",
      pct(r.ceiling ? r.submit.rps / r.ceiling.direct.tps : undefined),
      "",
      "",
    ]);
    if (r.cpuPerRequest) {
      const c = r.cpuPerRequest;
      rows.push([
        "  CPU per submission: workerd / Postgres",
        `${num(c.submitWorkerdMs, 2)} / ${num(c.submitPostgresMs, 2)} ms`,
        `pgbouncer ${num(c.submitPgbouncerMs, 2)}; no-DB req ${num(c.noopWorkerdMs, 2)} ms`,
        "",
      ]);
    }
    if (r.single)
      rows.push([
        "  one connection",
        `${num(r.single.rps)} req/s`,
        `p50 ${num(r.single.p50Ms, 1)} / p99 ${num(r.single.p99Ms, 1)} ms`,
        "",
      ]);
  }
  const d = r.dashboard;
  if (d) {
    rows.push([
      `3 Generate ${d.sizes.large.label} submissions`,
      `${num(d.generateLargeSeconds)} s`,
      `(${d.sizes.large.answersPerSubmission} answers each)`,
      verdict(d.generateLargeSeconds <= 300),
    ]);
    for (const call of d.calls) {
      rows.push([
        `  ${call.name} @${d.sizes.small.label}`,
        `p50 ${num(call.small.p50Ms, 1)} ms`,
        `p95 ${num(call.small.p95Ms, 1)} ms`,
        "",
      ]);
      rows.push([
        `  ${call.name} @${d.sizes.large.label}`,
        `p50 ${num(call.large.p50Ms, 1)} ms`,
        `p95 ${num(call.large.p95Ms, 1)} ms`,
        verdict(call.large.p95Ms <= 150),
      ]);
      const growth = call.large.p95Ms / call.small.p95Ms;
      rows.push(["    growth of p95 (≤ 1.5×)", `${num(growth, 2)}×`, "", verdict(growth <= 1.5)]);
    }
  }
  if (r.page) {
    rows.push([
      "4 Rating page first load, gzipped",
      `${num(r.page.gzipBytes / 1024, 1)} KB`,
      `${r.page.files} files (+${num(r.page.apiJsonBytes / 1024, 1)} KB API JSON)`,
      verdict(r.page.gzipBytes <= 60 * 1024),
    ]);
    if (r.page.lighthouse) {
      const lh = r.page.lighthouse;
      rows.push([
        "  Lighthouse mobile performance",
        num(lh.performance),
        `LCP ${num(lh.lcpMs)} ms, TBT ${num(lh.tbtMs)} ms`,
        verdict(lh.performance >= 95),
      ]);
      rows.push([
        "  Lighthouse accessibility",
        num(r.page.lighthouse.accessibility),
        "",
        verdict(r.page.lighthouse.accessibility >= 100),
      ]);
    }
  }
  if (r.memory) {
    rows.push(["5 Peak RSS workerd (submission load)", `${num(r.memory.workerdPeakMb)} MB`, "", ""]);
    rows.push([
      "  Peak Postgres (sum of PSS, all backends)",
      `${num(r.memory.postgresPeakMb)} MB`,
      `pgbouncer ${num(r.memory.pgbouncerPeakMb, 1)} MB`,
      "",
    ]);
  }
  const w = [44, 16, 30, 6];
  const line = (c: string[]) => c.map((x, i) => x.padEnd(w[i]!)).join(" ");
  console.log("");
  console.log(line(["measure", "value", "detail", "target"]));
  console.log(w.map((n) => "-".repeat(n)).join(" "));
  for (const row of rows) console.log(line(row));
  console.log("");
  console.log(
    `Machine: ${r.machine.cores} cores, load average ${r.machine.loadBefore} before, ${r.machine.loadAfter} after (1/5/15 min); ` +
      `Postgres ${r.machine.durable ? "durable (fsync on)" : "throwaway (fsync off)"}; worker→pgbouncer ${r.machine.dbPath}; ` +
      `${args.seconds} s loads, ${args.connections} connections; ${minutes.toFixed(1)} min in all.`,
  );
  if (r.submitCheck)
    console.log(`Submissions stored during the load: ${r.submitCheck.stored} (${r.submitCheck.flagged} flagged).`);
  if (d)
    console.log(
      `Table sizes at ${d.sizes.large.label}: ${Object.entries(d.tableSizes.large)
        .map(([t, v]) => `${t} ${v}`)
        .join("; ")}`,
    );
  for (const note of [...r.notes, ...(d?.notes ?? []), ...(r.page?.notes ?? [])]) console.log(`Note: ${note}`);
  if (r.profile) console.log(`\nCPU profile of workerd under the submission load (top self time):\n${r.profile}`);
}

function writeJson(r: Results): void {
  const d = r.dashboard;
  const worstP95 = (size: "small" | "large") => (d ? Math.max(...d.calls.map((c) => c[size].p95Ms)) : null);
  const out = {
    ceiling_tps: r.ceiling?.direct.tps ?? null,
    ceiling_pgbouncer_tps: r.ceiling?.pooled.tps ?? null,
    workerd_noop_rps: r.noop?.rps ?? null,
    submit_rps: r.submit?.rps ?? null,
    submit_p50_ms: r.submit?.p50Ms ?? null,
    submit_p99_ms: r.submit?.p99Ms ?? null,
    submit_single_connection_p50_ms: r.single?.p50Ms ?? null,
    submit_to_runtime_ratio: r.submit && r.noop ? r.submit.rps / r.noop.rps : null,
    submit_to_ceiling_ratio: r.submit && r.ceiling ? r.submit.rps / r.ceiling.direct.tps : null,
    dashboard_p95_ms_1m: worstP95("small"),
    dashboard_p95_ms_10m: worstP95("large"),
    dashboard_calls: d?.calls ?? null,
    dashboard_sizes: d?.sizes ?? null,
    dashboard_generation_phases: d?.phases ?? null,
    dashboard_table_sizes: d?.tableSizes ?? null,
    generate_10m_s: d?.generateLargeSeconds ?? null,
    page_gzip_bytes: r.page?.gzipBytes ?? null,
    lighthouse_performance: r.page?.lighthouse?.performance ?? null,
    lighthouse_accessibility: r.page?.lighthouse?.accessibility ?? null,
    workerd_peak_rss_mb: r.memory?.workerdPeakMb ?? null,
    cpu_per_request_ms: r.cpuPerRequest ?? null,
    load_rounds: r.rounds ?? null,
    postgres_peak_pss_mb: r.memory?.postgresPeakMb ?? null,
    machine: r.machine,
    at: new Date().toISOString(),
  };
  writeFileSync(resolve(ROOT, "bench-results.json"), `${JSON.stringify(out, null, 2)}\n`);
  console.log("Figures written to bench-results.json.");
}

main()
  .then(() => cleanupAll())
  .then(() => process.exit(0))
  .catch(async (err) => {
    if (!wasInterrupted())
      console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanupAll();
    process.exit(1);
  });
