/**
 * Preloaded into every `wrangler dev` that hailong starts (`npm start`, the browser tests, the
 * fault tests, the on-premises recipe) through NODE_OPTIONS=--require; see wrangler-env.ts.
 *
 * Wrangler's local stand-in for Hyperdrive (miniflare's hyperdrive-proxy) joins each worker
 * connection to a Postgres connection with two bare `socket.pipe()` calls: no error handler and
 * no close propagation. When Postgres goes away (restart, upgrade, crash) a refused or reset
 * connection is an uncaught exception that ends wrangler and the worker with it, and a reset
 * Postgres socket leaves the worker's side open, so the worker waits for an answer that never
 * comes. Hyperdrive itself, like any pooler, ends the client's connection when the server's
 * goes. This makes the local proxy do the same: when one socket of a socket-to-socket pipe
 * errors or closes, the other is destroyed; and the socket errors of a database going away are
 * logged and survived. Any other uncaught error still ends the process as before.
 */
const net = require("node:net");

const pipe = net.Socket.prototype.pipe;
net.Socket.prototype.pipe = function pipeClosingPair(destination, options) {
  if (destination instanceof net.Socket) {
    this.on("error", () => destination.destroy());
    this.on("close", () => destination.destroy());
  }
  return pipe.call(this, destination, options);
};

const SURVIVED = new Set(["ECONNRESET", "EPIPE", "ECONNREFUSED"]);
process.on("uncaughtException", (err) => {
  if (err && SURVIVED.has(err.code)) {
    console.warn(`[hailong] survived ${err.code} in the local Hyperdrive proxy`);
    return;
  }
  throw err;
});
