/**
 * Preloaded into `wrangler dev` for the fault tests (NODE_OPTIONS=--require).
 *
 * Wrangler's local stand-in for Hyperdrive (miniflare's hyperdrive-proxy) joins each worker
 * connection to a Postgres connection with two bare `socket.pipe()` calls: no error handler and
 * no close propagation. When Postgres goes away, a refused connection is an uncaught exception
 * that ends wrangler (and the worker with it), and a reset Postgres socket leaves the worker's
 * side open, so the worker waits for an answer that never comes. Hyperdrive itself, like any
 * pooler, ends the client's connection when the server's goes. This makes the local proxy do the
 * same, so that the fault test measures the worker and not the stand-in: when one socket of a
 * socket-to-socket pipe errors or closes, the other is destroyed.
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
