/**
 * Peak memory of the processes under load, sampled from /proc every 200 ms.
 * - workerd: resident set size (VmRSS) of the one process.
 * - Postgres: the postmaster and all its backends together, as proportional set size (Pss, from
 *   smaps_rollup), so that shared buffers are counted once and not once per backend.
 */
import { readFileSync } from "node:fs";
import { processTree } from "./procs";

function kib(file: string, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(file, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function rssMb(pid: number): number {
  return kib(`/proc/${pid}/status`, "VmRSS") / 1024;
}

export function treePssMb(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + kib(`/proc/${p}/smaps_rollup`, "Pss"), 0) / 1024;
}

/** CPU time (user + system) used so far by a process tree, in milliseconds. */
export function treeCpuMs(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime, stime, and of exited children
    } catch {}
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

/** USER_HZ: 100 on Linux x86-64. */
const CLOCK_TICKS = 100;

export interface CpuUse {
  workerdMs: number;
  postgresMs: number;
  pgbouncerMs: number;
}

export interface MemoryWatch {
  stop(): { workerdPeakMb: number; postgresPeakMb: number; pgbouncerPeakMb: number; cpu: CpuUse };
}

export function watchMemory(pids: { workerd?: number; postmaster?: number; pgbouncer?: number }): MemoryWatch {
  const peak = { workerd: 0, postgres: 0, pgbouncer: 0 };
  const sample = () => {
    if (pids.workerd) peak.workerd = Math.max(peak.workerd, rssMb(pids.workerd));
    if (pids.postmaster) peak.postgres = Math.max(peak.postgres, treePssMb(pids.postmaster));
    if (pids.pgbouncer) peak.pgbouncer = Math.max(peak.pgbouncer, rssMb(pids.pgbouncer));
  };
  const cpu = () => ({
    workerdMs: pids.workerd ? treeCpuMs(pids.workerd) : 0,
    postgresMs: pids.postmaster ? treeCpuMs(pids.postmaster) : 0,
    pgbouncerMs: pids.pgbouncer ? treeCpuMs(pids.pgbouncer) : 0,
  });
  const cpuBefore = cpu();
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const after = cpu();
      return {
        workerdPeakMb: peak.workerd,
        postgresPeakMb: peak.postgres,
        pgbouncerPeakMb: peak.pgbouncer,
        cpu: {
          workerdMs: after.workerdMs - cpuBefore.workerdMs,
          postgresMs: after.postgresMs - cpuBefore.postgresMs,
          pgbouncerMs: after.pgbouncerMs - cpuBefore.pgbouncerMs,
        },
      };
    },
  };
}

/** The postmaster's pid, from the first line of postmaster.pid in the data directory. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
