import { defineConfig } from "vitest/config";

/**
 * Fault tests (`npm run test:faults`): Node drives the real product on loopback (PostgreSQL
 * that the test halts and resumes, `wrangler dev` serving the worker) and checks what survives.
 */
export default defineConfig({
  test: {
    include: ["test/faults/**/*.faults.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
