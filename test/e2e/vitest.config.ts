import { defineConfig } from "vitest/config";

/**
 * Browser tests: Node drives Debian's chromium against the real product on loopback
 * (PostgreSQL + `wrangler dev` serving the built web app and the API; see global-setup.ts).
 */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    environment: "node",
    globalSetup: ["./test/e2e/global-setup.ts"],
    // One browser and one server for the run: files take turns rather than compete for 2 cores.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
