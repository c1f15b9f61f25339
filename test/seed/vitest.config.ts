import { defineConfig } from "vitest/config";

/**
 * The demo seed's tests run in Node against a real throwaway PostgreSQL (global-setup.ts):
 * the seed is a Node script (`npm run db:seed`, `npm start`), not worker code.
 */
export default defineConfig({
  test: {
    include: ["test/seed/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./test/seed/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
