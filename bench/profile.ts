/**
 * `--profile`: a CPU profile of workerd under the submission load, through its V8 inspector
 * (Miniflare's inspectorPort), summed by source module: which code the worker's CPU time per
 * request goes to. The bundle's module comments (`// node_modules/…`, `// worker/…`) map each
 * sampled line back to its module, so no source map is needed.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import WebSocket from "ws";
import { freePort } from "../scripts/lib/embedded-postgres";
import type { DbPath } from "./lib/workerd";
import { startWorkerd } from "./lib/workerd";
import { wrk } from "./lib/wrk";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Bundle line → module path, from esbuild's `// path` comments between modules. */
function moduleMap(bundleFile: string): (line: number) => string {
  const starts: Array<[number, string]> = [];
  readFileSync(bundleFile, "utf8")
    .split("\n")
    .forEach((text, i) => {
      // The path is relative to the bundle's root; node_modules may also sit outside it (a symlink).
      const m = /^\/\/ (?:\S*?\/)?((?:node_modules|worker|schema)\/\S+)$/.exec(text);
      if (m?.[1]) starts.push([i, m[1]]);
    });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = "(bundle prelude)";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]![0] <= line) {
        found = starts[mid]![1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** Groups a module path: a package of node_modules, or the app's own folder. */
function group(path: string): string {
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg?.[1]) return pkg[1] === "postgres" ? "postgres (postgres.js)" : pkg[1];
  return path.split("/").slice(0, 2).join("/");
}

function cdp(ws: WebSocket) {
  let id = 0;
  const pending = new Map<number, (v: any) => void>();
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (msg.id !== undefined)
      pending.get(msg.id)?.(msg.error ? Promise.reject(new Error(msg.error.message)) : msg.result);
  });
  return (method: string, params: Record<string, unknown> = {}) =>
    new Promise<any>((ok) => {
      const n = ++id;
      pending.set(n, ok);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
}

export async function profileSubmit(o: {
  bundleDir: string;
  databaseUrl: string;
  dbPath: DbPath;
  vars: Record<string, string>;
  prelude: string;
  tmpDir: string;
  seconds: number;
  connections: number;
}): Promise<string> {
  const inspectorPort = await freePort();
  const workerd = await startWorkerd({
    bundleDir: o.bundleDir,
    port: await freePort(),
    databaseUrl: o.databaseUrl,
    dbPath: o.dbPath,
    vars: o.vars,
    inspectorPort,
  });
  try {
    // Warm-up before profiling, so that start-up and JIT are not in the profile.
    await wrk({
      url: workerd.url,
      seconds: 3,
      connections: o.connections,
      prelude: o.prelude,
      script: "submit.lua",
      tmpDir: o.tmpDir,
    });
    const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as Array<{
      id: string;
      title: string;
      webSocketDebuggerUrl: string;
    }>;
    const target = targets.find((t) => t.title.includes("hailong")) ?? targets[0];
    if (!target) throw new Error("workerd's inspector lists no worker");
    const ws = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise((ok, fail) => {
      ws.once("open", ok);
      ws.once("error", fail);
    });
    const send = cdp(ws);
    await send("Profiler.enable");
    await send("Profiler.setSamplingInterval", { interval: 200 });
    await send("Profiler.start");
    const load = await wrk({
      url: workerd.url,
      seconds: o.seconds,
      connections: o.connections,
      prelude: o.prelude,
      script: "submit.lua",
      tmpDir: o.tmpDir,
    });
    const { profile } = (await send("Profiler.stop")) as { profile: Profile };
    ws.close();
    const saved = resolve(import.meta.dirname, "../test-results/bench-workerd-submit.cpuprofile");
    mkdirSync(dirname(saved), { recursive: true });
    writeFileSync(saved, JSON.stringify(profile));

    const moduleOf = moduleMap(resolve(o.bundleDir, "index.js"));
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    const selfUs = new Map<string, number>();
    const fnUs = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((nodeId, i) => {
      const dt = profile.timeDeltas[i] ?? 0;
      const node = byNode.get(nodeId);
      if (!node) return;
      const { functionName, url, lineNumber } = node.callFrame;
      let key: string;
      if (functionName === "(idle)") return;
      if (!url) key = functionName || "(native)";
      else if (url.endsWith("index.js")) key = group(moduleOf(lineNumber));
      else key = "(runtime)";
      total += dt;
      selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
      const fn = `${functionName || "(anonymous)"} [${url.endsWith("index.js") ? moduleOf(lineNumber) : key}]`;
      fnUs.set(fn, (fnUs.get(fn) ?? 0) + dt);
    });
    const perRequest = (us: number) => (us / 1000 / Math.max(1, load.requests)).toFixed(3);
    const lines = [
      `  ${load.requests} submissions profiled; busy CPU ${(total / 1000 / Math.max(1, load.requests) || 0).toFixed(2)} ms per request (sampled), by module:`,
      ...[...selfUs.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 14)
        .map(([k, us]) => `    ${((us / total) * 100).toFixed(1).padStart(5)}%  ${perRequest(us)} ms/req  ${k}`),
      "  top functions (self time):",
      ...[...fnUs.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([k, us]) => `    ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`),
      `  (full profile for Chrome DevTools: ${saved})`,
    ];
    return lines.join("\n");
  } finally {
    await workerd.dispose();
  }
}
