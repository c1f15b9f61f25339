/**
 * wrk (Debian) against loopback only, each run bounded in time (-d) and by a hard timeout.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { runBounded } from "./procs";

export interface WrkResult {
  rps: number;
  requests: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  /** Socket errors and timeouts (not HTTP statuses). */
  socketErrors: number;
}

const WRK_DIR = resolve(import.meta.dirname, "../wrk");

export interface WrkRun {
  url: string;
  seconds: number;
  connections: number;
  threads?: number;
  /** Lua run before the body of `script` (e.g. BENCH_* globals). */
  prelude?: string;
  /** A script of bench/wrk/ (without report.lua, which is always appended). */
  script?: string;
  tmpDir: string;
}

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "[::1]") {
    throw new Error(`refusing to load ${host}: the benchmark only targets loopback`);
  }
}

export async function wrk(run: WrkRun): Promise<WrkResult> {
  assertLoopback(run.url);
  const parts = [run.prelude ?? ""];
  if (run.script) parts.push(readFileSync(resolve(WRK_DIR, run.script), "utf8"));
  parts.push(readFileSync(resolve(WRK_DIR, "report.lua"), "utf8"));
  const scriptFile = resolve(run.tmpDir, `wrk-${Date.now()}-${Math.random().toString(36).slice(2)}.lua`);
  writeFileSync(scriptFile, parts.join("\n"));
  const threads = run.threads ?? 1;
  const out = await runBounded(
    "wrk",
    [
      `-t${threads}`,
      `-c${Math.max(run.connections, threads)}`,
      `-d${run.seconds}s`,
      "--timeout",
      "10s",
      "-s",
      scriptFile,
      run.url,
    ],
    { timeoutMs: (run.seconds + 30) * 1000 },
  );
  const line = out.stdout.split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (!line) throw new Error(`wrk gave no result (exit ${out.code}): ${out.stderr || out.stdout}`);
  const j = JSON.parse(line.slice("BENCH_JSON ".length)) as {
    requests: number;
    duration_us: number;
    p50_us: number;
    p90_us: number;
    p99_us: number;
    max_us: number;
    errors: Record<string, number>;
    statuses: Record<string, number>;
  };
  return {
    rps: j.requests / (j.duration_us / 1e6),
    requests: j.requests,
    p50Ms: j.p50_us / 1000,
    p90Ms: j.p90_us / 1000,
    p99Ms: j.p99_us / 1000,
    maxMs: j.max_us / 1000,
    statuses: j.statuses,
    socketErrors: (j.errors.connect ?? 0) + (j.errors.read ?? 0) + (j.errors.write ?? 0) + (j.errors.timeout ?? 0),
  };
}

/** Requests answered with a status outside 200–299. */
export function non2xx(r: WrkResult): number {
  return Object.entries(r.statuses).reduce((n, [code, count]) => (code.startsWith("2") ? n : n + count), 0);
}
