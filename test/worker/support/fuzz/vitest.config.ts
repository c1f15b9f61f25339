import { mkdirSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

declare module "vitest" {
  /** Provided by test/support/global-setup.ts (declared there for the Node side). */
  export interface ProvidedContext {
    databaseUrl: string;
    adminUrl: string;
  }
}

mkdirSync("web/dist", { recursive: true });

/**
 * `npm run fuzz`: the property tests of test/worker/fuzz.test.ts at full size, in the same
 * workerd pool and real Postgres as the other worker tests. FUZZ_INPUTS_PER_ROUTE (default 400:
 * over 100,000 inputs) and FUZZ_SEED (default: a new one each run, printed) reach the test as
 * bindings, since workerd has no process environment.
 */
const perRoute = process.env.FUZZ_INPUTS_PER_ROUTE ?? "500";
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        hyperdrives: { HYPERDRIVE: inject("databaseUrl") },
        bindings: {
          APP_ENV: "test",
          TEST_ADMIN_URL: inject("adminUrl"),
          FUZZ_INPUTS_PER_ROUTE: perRoute,
          FUZZ_SEED: seed,
        },
      },
    })),
  ],
  test: {
    include: ["test/worker/fuzz.test.ts"],
    globalSetup: ["./test/support/global-setup.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
  },
});
