import { createApp } from "./app";
import { scheduled } from "./cron";
import type { Bindings } from "./env";

/** The entry wrangler knows: the API (fetch) and the scheduled jobs (Cron Triggers). */
const app = createApp();

export default { fetch: app.fetch, scheduled } satisfies ExportedHandler<Bindings>;
