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
  /**
   * Seconds a request waits for a database connection (pool hand-over and Postgres's start-up
   * answer) before it is answered 503 database-unavailable. The pool is local (Hyperdrive's edge
   * or pgbouncer next to Postgres), so a healthy hand-over takes milliseconds; 5 s leaves room for
   * a pool under overload (at 2 s, 0.1% of ratings got a 503 in `npm run bench` on a 2-core box
   * at load average 16).
   */
  DB_CONNECT_TIMEOUT_S: z.coerce.number().min(0.5).max(30).default(5),
  /**
   * Secret: keys of the per-file rating tokens, "kid:base64key,kid2:base64key" (each key ≥ 32
   * bytes). The first signs, all verify, so keys rotate by prepending a new one. Unset outside
   * production: a fixed development key is used (worker/ratings/tokens.ts).
   */
  RATING_TOKEN_KEYS: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  /** Days after a file's result is returned (or its appointment date) during which it can be rated. */
  RATING_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Counter-QR ratings one device may send per window before they are flagged. */
  RATING_DEVICE_LIMIT: z.coerce.number().int().min(1).max(1000).default(3),
  /** Ratings a counter's rating device (kiosk) may send per window before they are flagged. */
  RATING_KIOSK_DEVICE_LIMIT: z.coerce.number().int().min(1).max(10000).default(30),
  RATING_DEVICE_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86400).default(600),
  /** Ratings one counter may receive per minute (all devices) before they are flagged. */
  RATING_COUNTER_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(20),
  /** Beyond limit × this factor a rating is refused with 429 instead of stored flagged. */
  RATING_HARD_LIMIT_FACTOR: z.coerce.number().int().min(1).max(100).default(5),
  /** File-code look-ups (and file-code ratings) one device may make per window (enumeration guard). */
  RATING_LOOKUP_LIMIT: z.coerce.number().int().min(1).max(10000).default(20),
  /** Secret: Cloudflare Turnstile secret key; set (with TURNSTILE_SITE_KEY) to turn Turnstile on. */
  TURNSTILE_SECRET: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  TURNSTILE_SITE_KEY: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  /** Staff sessions end after this many minutes without a request (8 h). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(1440).default(480),
  /** Staff sessions end this many hours after sign-in, whatever the activity (12 h). */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /** Failed sign-ins for one username within the window that lock it for LOCKOUT_MINUTES. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(3).max(50).default(5),
  /** Failed sign-ins from one client IP within the window before it is throttled (one office NAT). */
  SIGN_IN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(5).max(1000).default(30),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Extra origins allowed to make state-changing staff requests (comma-separated), e.g. a dev server. */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /**
   * Secret: keys sealing staff TOTP secrets, "kid:key,kid2:key" or one bare key (each 32 bytes
   * in base64url); the first seals, all open (worker/accounts/totp.ts). Required in production
   * to enrol TOTP.
   */
  TOTP_ENCRYPTION_KEY: z
    .string()
    .regex(
      /^(?:[A-Za-z0-9_-]{1,16}:)?[A-Za-z0-9_-]{43}(?:,(?:[A-Za-z0-9_-]{1,16}:)?[A-Za-z0-9_-]{43})*$/,
      "32-byte base64url keys, kid:key,…",
    )
    .or(z.literal(""))
    .optional()
    .transform((v) => v || undefined),
  /**
   * Secret: keys encrypting case filers' identities and identifying attachments (AES-256-GCM),
   * "kid:base64key,kid2:base64key" (32-byte keys); the first encrypts, all decrypt. Required in
   * production; elsewhere a fixed development key is used (worker/cases/identity-crypto.ts).
   */
  CASE_IDENTITY_KEYS: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  /** Largest attachment of a case or an answer, in bytes (10 MB). */
  CASE_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50_000_000)
    .default(10 * 1024 * 1024),
  /** Attachments a citizen may add to one case. */
  CASE_ATTACHMENT_MAX_FILES: z.coerce.number().int().min(0).max(20).default(5),
  /** Cases one client address may file per hour before it is refused (429). */
  CASE_INTAKE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(10000).default(10),
});

export type Config = z.infer<typeof VarsSchema>;

export interface Bindings {
  HYPERDRIVE: Hyperdrive;
  ASSETS?: Fetcher;
  APP_ENV?: string;
  DB_PREPARE?: string;
  DB_MAX_CONNECTIONS?: string;
  DB_CONNECT_TIMEOUT_S?: string;
  RATING_TOKEN_KEYS?: string;
  RATING_WINDOW_DAYS?: string;
  RATING_DEVICE_LIMIT?: string;
  RATING_KIOSK_DEVICE_LIMIT?: string;
  RATING_DEVICE_WINDOW_SECONDS?: string;
  RATING_COUNTER_LIMIT_PER_MINUTE?: string;
  RATING_HARD_LIMIT_FACTOR?: string;
  RATING_LOOKUP_LIMIT?: string;
  TURNSTILE_SECRET?: string;
  TURNSTILE_SITE_KEY?: string;
  SESSION_IDLE_MINUTES?: string;
  SESSION_ABSOLUTE_HOURS?: string;
  SIGN_IN_MAX_FAILURES?: string;
  SIGN_IN_MAX_FAILURES_PER_IP?: string;
  SIGN_IN_WINDOW_MINUTES?: string;
  LOCKOUT_MINUTES?: string;
  ALLOWED_ORIGINS?: string;
  TOTP_ENCRYPTION_KEY?: string;
  /** R2 bucket of case attachments (miniflare emulates it locally). */
  ATTACHMENTS?: R2Bucket;
  CASE_IDENTITY_KEYS?: string;
  CASE_ATTACHMENT_MAX_BYTES?: string;
  CASE_ATTACHMENT_MAX_FILES?: string;
  CASE_INTAKE_LIMIT_PER_HOUR?: string;
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
