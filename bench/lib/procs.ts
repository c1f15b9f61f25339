/**
 * Everything the benchmark starts, and its clean-up: on success, on failure, on Ctrl-C and on
 * SIGTERM, every process it started (Postgres, pgbouncer, workerd, chromium, wrk) is stopped
 * and its temporary folder removed. Clean-ups run in reverse order of registration.
 */
import { type ChildProcess, execFileSync, type SpawnOptions, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

type Cleanup = { name: string; run: () => Promise<void> | void; sync?: () => void };

const cleanups: Cleanup[] = [];
let cleaning: Promise<void> | undefined;

/** Registers a clean-up; `sync` is the last resort when the process is exiting right now. */
export function onCleanup(name: string, run: () => Promise<void> | void, sync?: () => void): () => void {
  const entry = { name, run, sync };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Runs every registered clean-up once, newest first; failures are reported, not thrown. */
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const c = cleanups.pop()!;
      try {
        await withTimeout(Promise.resolve(c.run()), 20_000, c.name);
      } catch (err) {
        console.error(`clean-up of ${c.name} failed: ${(err as Error).message}`);
        try {
          c.sync?.();
        } catch {}
      }
    }
  })();
  return cleaning;
}

let interrupted = false;

/** True once Ctrl-C or SIGTERM started the clean-up (a load killed by it is not a failure). */
export function wasInterrupted(): boolean {
  return interrupted;
}

export function installSignalHandlers(): void {
  const stop = (signal: string) => {
    interrupted = true;
    console.error(`\n${signal}: stopping every process the benchmark started…`);
    void cleanupAll().finally(() => process.exit(130));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  // Last resort if the event loop is gone: synchronous kills only.
  process.once("exit", () => {
    for (const c of cleanups.reverse()) {
      try {
        c.sync?.();
      } catch {}
    }
  });
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A long-running child (pgbouncer): killed at clean-up by its own pid. */
export function spawnService(name: string, cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  onCleanup(
    name,
    () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          ok();
        }, 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          ok();
        });
        kill();
      }),
    kill,
  );
  return child;
}

/**
 * Runs a bounded command (wrk, pgbench) to its end and returns its output. It is killed if it
 * outlives `timeoutMs`, and at clean-up if the benchmark is interrupted meanwhile.
 */
export function runBounded(
  cmd: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    const kill = () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    };
    const forget = onCleanup(`${cmd}`, kill, kill);
    const timer = setTimeout(kill, options.timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      forget();
      fail(err);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      forget();
      ok({ code, stdout, stderr });
    });
  });
}

/** Whether a command is on PATH. */
export function hasCommand(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Direct children of `pid` whose command name is `comm`. */
export function childrenNamed(pid: number, comm: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const name = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      if (ppid === pid && name === comm) out.push(Number(entry));
    } catch {}
  }
  return out;
}

/** Every descendant of `pid`, the process itself included. */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(entry));
      parents.set(ppid, list);
    } catch {}
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(parents.get(out[i]!) ?? []));
  return out;
}
