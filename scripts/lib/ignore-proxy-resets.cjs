// Preloaded into `wrangler dev` (NODE_OPTIONS=--require) by `npm start` and the browser tests.
// Miniflare's local Hyperdrive proxy pipes the worker's socket to Postgres's with no error
// handler, so one connection reset (Postgres restarting, a client going away) would end the
// whole dev server. Those two socket codes are logged and survived; any other error still
// ends the process as before.
process.on("uncaughtException", (err) => {
  if (err && (err.code === "ECONNRESET" || err.code === "EPIPE")) {
    console.warn(`[hailong] survived ${err.code} in the local Hyperdrive proxy`);
    return;
  }
  throw err;
});
