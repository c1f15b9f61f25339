import { mkdirSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// wrangler insists that the assets folder exists, even when no test reads it.
mkdirSync("web/dist", { recursive: true });

/**
 * Unit and worker tests run inside workerd (the runtime the API ships on), against the real
 * PostgreSQL that the global setup starts. Browser tests have their own config (test/e2e).
 */
export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        hyperdrives: { HYPERDRIVE: inject("databaseUrl") },
        bindings: { APP_ENV: "test", TEST_ADMIN_URL: inject("adminUrl") },
      },
    })),
  ],
  test: {
    include: ["test/worker/**/*.test.ts", "test/unit/**/*.test.ts", "test/schema/**/*.test.ts"],
    globalSetup: ["./test/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
