/**
 * The Debian tools the benchmark needs. Missing ones are installed with apt-get (root) after
 * saying so; without root the benchmark stops and names the command to run.
 */
import { execFileSync } from "node:child_process";
import { hasCommand } from "./procs";

const TOOLS: Array<{ command: string; pkg: string; why: string }> = [
  { command: "wrk", pkg: "wrk", why: "HTTP load generator" },
  { command: "pgbouncer", pkg: "pgbouncer", why: "connection pooler in front of Postgres" },
  { command: "pgbench", pkg: "postgresql-client", why: "database ceiling (pgbench)" },
  { command: "chromium", pkg: "chromium", why: "Lighthouse's browser" },
];

export function ensureTools(needed: readonly string[], log: (s: string) => void): void {
  const missing = TOOLS.filter((t) => needed.includes(t.command) && !hasCommand(t.command));
  // Debian ships pgbouncer in /usr/sbin, which a non-login shell may not have on PATH.
  if (!process.env.PATH?.split(":").includes("/usr/sbin")) process.env.PATH = `${process.env.PATH}:/usr/sbin`;
  const still = missing.filter((t) => !hasCommand(t.command));
  if (still.length === 0) return;
  const pkgs = [...new Set(still.map((t) => t.pkg))];
  const list = still.map((t) => `${t.command} (${t.why})`).join(", ");
  if (process.getuid?.() !== 0) {
    throw new Error(`missing: ${list}. Install them with: sudo apt-get install -y ${pkgs.join(" ")}`);
  }
  log(`Installing from Debian with apt-get: ${pkgs.join(" ")} — missing ${list}`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  const failed = still.filter((t) => !hasCommand(t.command));
  if (failed.length > 0) throw new Error(`still missing after apt-get: ${failed.map((t) => t.command).join(", ")}`);
}
