/**
 * Section 1: the database ceiling. pgbench (Debian's postgresql-client, version 15, speaking
 * the same protocol to the embedded PostgreSQL 18) runs single-row inserts against the same
 * Postgres: what the database alone can take on this machine, with no runtime in front.
 * Two figures: straight to Postgres with persistent connections (the ceiling), and through the
 * same pgbouncer the worker uses (what the pooler costs).
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { runBounded } from "./lib/procs";

export interface PgbenchResult {
  tps: number;
  latencyMs: number;
  transactions: number;
}

export const CEILING_TABLE_SQL = `
  CREATE TABLE IF NOT EXISTS bench_ceiling (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id uuid NOT NULL,
    score smallint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`;

export async function pgbench(o: {
  url: string;
  seconds: number;
  clients: number;
  tmpDir: string;
  /** -M prepared (persistent connections) or simple (required through pgbouncer transaction mode). */
  protocol: "prepared" | "simple";
}): Promise<PgbenchResult> {
  const u = new URL(o.url);
  if (u.hostname !== "127.0.0.1" && u.hostname !== "localhost") throw new Error("pgbench: loopback only");
  const script = resolve(o.tmpDir, "ceiling.sql");
  writeFileSync(
    script,
    "\\set score random(1, 5)\nINSERT INTO bench_ceiling (agency_id, score) VALUES ('00000000-0000-4000-8000-000000000001', :score);\n",
  );
  const out = await runBounded(
    "pgbench",
    [
      "-n",
      "-h",
      u.hostname,
      "-p",
      u.port,
      "-U",
      decodeURIComponent(u.username),
      "-c",
      String(o.clients),
      "-j",
      "2",
      "-T",
      String(o.seconds),
      "-M",
      o.protocol,
      "-f",
      script,
      u.pathname.slice(1),
    ],
    { env: { PGPASSWORD: decodeURIComponent(u.password) }, timeoutMs: (o.seconds + 30) * 1000 },
  );
  const tps = /tps = ([\d.]+)/.exec(out.stdout);
  if (out.code !== 0 || !tps) throw new Error(`pgbench failed (exit ${out.code}): ${out.stderr || out.stdout}`);
  const latency = /latency average = ([\d.]+) ms/.exec(out.stdout);
  const tx = /number of transactions actually processed: (\d+)/.exec(out.stdout);
  return { tps: Number(tps[1]), latencyMs: Number(latency?.[1] ?? Number.NaN), transactions: Number(tx?.[1] ?? 0) };
}
