import { createApp } from "./app";

/** The entry wrangler knows. */
const app = createApp();

export default app;
