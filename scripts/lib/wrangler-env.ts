import { resolve } from "node:path";

/**
 * The environment for a `wrangler dev` child: the database behind the local Hyperdrive
 * binding, no telemetry, and the preload that makes the local proxy behave like Hyperdrive
 * when Postgres goes away (local-hyperdrive-proxy.cjs).
 */
export function wranglerEnv(databaseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const preload = `--require ${resolve(import.meta.dirname, "local-hyperdrive-proxy.cjs")}`;
  return {
    ...process.env,
    CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: databaseUrl,
    WRANGLER_SEND_METRICS: "false",
    NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" "),
    ...extra,
  };
}
