/**
 * The worker in workerd, started through Miniflare's API (no wrangler dev proxy in front):
 * wrangler bundles worker/index.ts exactly as for a deployment (`deploy --dry-run`), and
 * Miniflare runs the bundle. Requests from wrk go straight to workerd's socket.
 *
 * The database binding, two ways:
 * - "direct" (default): HYPERDRIVE is a plain binding whose connectionString names pgbouncer,
 *   so the worker's sockets go from workerd straight to pgbouncer: an on-premises deployment.
 * - "local-hyperdrive": Miniflare's local Hyperdrive, which relays every socket through a proxy
 *   in this Node process before pgbouncer (measured to show what that relay costs).
 */
import { resolve } from "node:path";
import { Log, LogLevel, Miniflare, type MiniflareOptions } from "miniflare";
import { childrenNamed, onCleanup, runBounded } from "./procs";

const ROOT = resolve(import.meta.dirname, "../..");

export type DbPath = "direct" | "local-hyperdrive";

export interface WorkerdOptions {
  bundleDir: string;
  port: number;
  databaseUrl: string;
  dbPath: DbPath;
  vars: Record<string, string>;
  /** Serve this build of web/ like the deployment does (router in front, only /api/* to the worker). */
  assetsDir?: string;
  inspectorPort?: number;
}

export interface RunningWorkerd {
  url: string;
  pid: number | undefined;
  dispose(): Promise<void>;
}

/** Bundles the worker as `wrangler deploy` would, without deploying (offline). */
export async function bundleWorker(outDir: string): Promise<string> {
  const out = await runBounded(
    resolve(ROOT, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "--outdir", outDir],
    { cwd: ROOT, env: { WRANGLER_SEND_METRICS: "false" }, timeoutMs: 120_000 },
  );
  if (out.code !== 0) throw new Error(`wrangler deploy --dry-run failed: ${out.stderr || out.stdout}`);
  return resolve(outDir, "index.js");
}

/** Reads compatibility_date from wrangler.toml, so the benchmark runs what production runs. */
async function compatibilityDate(): Promise<string> {
  const { readFileSync } = await import("node:fs");
  const m = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(readFileSync(resolve(ROOT, "wrangler.toml"), "utf8"));
  return m?.[1] ?? "2026-04-20";
}

export async function startWorkerd(options: WorkerdOptions): Promise<RunningWorkerd> {
  const before = new Set(childrenNamed(process.pid, "workerd"));
  const mfOptions: MiniflareOptions = {
    name: "hailong",
    modules: true,
    scriptPath: resolve(options.bundleDir, "index.js"),
    modulesRoot: options.bundleDir,
    // Offline: no fetch of the Request.cf placeholder from the Internet.
    cf: false,
    compatibilityDate: await compatibilityDate(),
    compatibilityFlags: ["nodejs_compat"],
    host: "127.0.0.1",
    port: options.port,
    log: new Log(LogLevel.WARN),
    bindings:
      options.dbPath === "direct"
        ? { ...options.vars, HYPERDRIVE: { connectionString: options.databaseUrl } }
        : options.vars,
    r2Buckets: ["ATTACHMENTS"],
    ...(options.dbPath === "local-hyperdrive" ? { hyperdrives: { HYPERDRIVE: options.databaseUrl } } : {}),
    ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
    ...(options.assetsDir
      ? {
          assets: {
            directory: options.assetsDir,
            binding: "ASSETS",
            routerConfig: {
              has_user_worker: true,
              invoke_user_worker_ahead_of_assets: false,
              static_routing: { user_worker: ["/api/*"] },
            },
            assetConfig: { not_found_handling: "single-page-application" },
          },
        }
      : {}),
  };
  const mf = new Miniflare(mfOptions);
  const url = (await mf.ready).toString().replace(/\/$/, "");
  const pid = childrenNamed(process.pid, "workerd").find((p) => !before.has(p));
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await mf.dispose();
  };
  onCleanup("workerd", dispose, () => {
    if (pid) process.kill(pid, "SIGKILL");
  });
  return { url, pid, dispose };
}
