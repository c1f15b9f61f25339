import { z } from "zod";

/**
 * The worker's bindings and variables, parsed once per isolate. Nothing else reads `env`
 * directly: handlers use `c.var.config` and the typed bindings below.
 */
const VarsSchema = z.object({
  APP_ENV: z.enum(["development", "test", "production"]).default("production"),
  /** postgres.js named prepared statements; "false" behind pgbouncer in transaction mode. */
  DB_PREPARE: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** Connections one request may open to the pool (Hyperdrive or pgbouncer). */
  DB_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(20).default(5),
});

export type Config = z.infer<typeof VarsSchema>;

export interface Bindings {
  HYPERDRIVE: Hyperdrive;
  ASSETS?: Fetcher;
  APP_ENV?: string;
  DB_PREPARE?: string;
  DB_MAX_CONNECTIONS?: string;
}

const parsed = new WeakMap<object, Config>();

/** Parses the variables of this isolate's `env` (cached); throws at start-up on a bad value. */
export function readConfig(env: Bindings): Config {
  let config = parsed.get(env);
  if (!config) {
    const result = VarsSchema.safeParse(env);
    if (!result.success) {
      throw new Error(`invalid worker configuration: ${z.prettifyError(result.error)}`);
    }
    config = result.data;
    parsed.set(env, config);
  }
  return config;
}
