import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The single-page app. wrangler serves `web/dist` as static assets (only `/api/*` reaches the
 * worker), so the build must stand on its own: no inline script (the CSP in public/_headers
 * forbids it), hashed files under /assets/, and a manifest that scripts/check-budget.ts reads.
 */
export default defineConfig({
  root,
  plugins: [preact()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    // The polyfill is an inline script; every browser we serve supports modulepreload.
    modulePreload: { polyfill: false },
    // Inlined assets become data: URLs; keep fonts and images as files the CSP allows.
    assetsInlineLimit: 0,
    target: "es2022",
    sourcemap: false,
    rolldownOptions: {
      output: {
        // chart.js (dashboard only) gets a chunk of its own, named so that
        // scripts/check-budget.ts can prove it never loads on the citizen's QR page.
        codeSplitting: { groups: [{ name: "chart", test: /node_modules[\\/]chart\.js[\\/]/ }] },
      },
    },
  },
  server: {
    // `npm run dev:web` next to `wrangler dev` (default port 8787) for the API.
    proxy: { "/api": process.env.HAILONG_API_ORIGIN ?? "http://127.0.0.1:8787" },
  },
});
