/**
 * Scheduled work (Workers Cron Triggers, `[triggers] crons` in wrangler.toml). One entry point
 * for every job: each runs with a database client of its own and reports to the log; one
 * failing job does not stop the others.
 */

import { keyringFor } from "./cases/identity-crypto";
import { deliverPending, logNotifier } from "./cases/notifications";
import { markOverdueCases } from "./cases/overdue.job";
import { reencryptOldKeys } from "./cases/rekey.job";
import { createDb } from "./db";
import { type Bindings, readConfig } from "./env";

export async function runScheduled(env: Bindings, scheduledTime: number): Promise<void> {
  const config = readConfig(env);
  const db = createDb(env.HYPERDRIVE.connectionString, config);
  const now = new Date(scheduledTime);
  const jobs: Array<[string, () => Promise<unknown>]> = [
    ["cases.overdue", () => markOverdueCases(db, now, logNotifier)],
    // Notices whose delivery failed right after the change are retried here.
    ["cases.notices", () => deliverPending(db, logNotifier, { limit: 200 })],
    // After CASE_IDENTITY_KEYS gets a new first key: re-encrypt a batch under it.
    ["cases.rekey", async () => reencryptOldKeys(db, await keyringFor(config), env.ATTACHMENTS, now)],
  ];
  for (const [name, job] of jobs) {
    try {
      const result = await job();
      console.log(JSON.stringify({ event: "cron", job: name, result }));
    } catch (err) {
      console.error(`cron job ${name} failed`, err);
    }
  }
}

/** The `scheduled` handler of the worker's default export. */
export function scheduled(controller: ScheduledController, env: Bindings, ctx: ExecutionContext): void {
  ctx.waitUntil(runScheduled(env, controller.scheduledTime));
}
