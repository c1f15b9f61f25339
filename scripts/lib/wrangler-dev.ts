import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { freePort } from "./embedded-postgres";
import { wranglerEnv } from "./wrangler-env";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * The product under `wrangler dev` on 127.0.0.1 for the browser and fault tests: its own process
 * group (so that stopping it stops workerd too), output to `logFile`, the environment `npm start`
 * gives it (wrangler-env.ts), `vars` as `--var`s.
 */
export async function startWranglerDev(o: {
  port: number;
  databaseUrl: string;
  persistTo: string;
  logFile: string;
  vars: Record<string, string>;
}): Promise<ChildProcess> {
  const log = createWriteStream(o.logFile);
  const child = spawn(
    resolve(ROOT, "node_modules/.bin/wrangler"),
    [
      "dev",
      "--port",
      String(o.port),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      String(await freePort()),
      "--log-level",
      "warn",
      "--persist-to",
      o.persistTo,
      ...Object.entries(o.vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: wranglerEnv(o.databaseUrl, { NO_COLOR: "1" }),
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/** Waits for `/api/health` to answer 200; throws with the log's tail if wrangler exits or time runs out. */
export async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${tailOf(logFile)}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not become healthy (${last}):\n${tailOf(logFile)}`);
}

/** The last lines of a log file, or "(no log)". */
export function tailOf(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** SIGTERM to the child's process group (wrangler and its workerd), SIGKILL if it lingers. */
export async function stopProcessGroup(child: ChildProcess | undefined): Promise<void> {
  const pid = child?.pid;
  if (!child || !pid) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // the group is gone
    }
  };
  const running = child.exitCode === null && child.signalCode === null;
  const exited = running ? new Promise<void>((ok) => child.once("exit", () => ok())) : Promise.resolve();
  signal("SIGTERM");
  const timeout = new Promise<"timeout">((ok) => setTimeout(() => ok("timeout"), 5_000).unref());
  if ((await Promise.race([exited, timeout])) === "timeout") {
    signal("SIGKILL");
    await exited;
  }
}
