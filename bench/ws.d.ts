/** The part of `ws` (npm) that bench/profile.ts uses: a client for workerd's V8 inspector. */
declare module "ws" {
  export default class WebSocket {
    constructor(url: string);
    on(event: "message", listener: (data: unknown) => void): this;
    once(event: "open" | "error", listener: (arg?: unknown) => void): this;
    send(data: string): void;
    close(): void;
  }
}
