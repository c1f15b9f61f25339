import { env } from "cloudflare:workers";
import { createDb, type Db } from "../../../worker/db";
import { type Bindings, readConfig } from "../../../worker/env";

export const testEnv = env as unknown as Bindings & { TEST_ADMIN_URL: string };

/** A Kysely client for one test (workerd does not share sockets across requests). */
export function testDb(): Db {
  return createDb(testEnv.HYPERDRIVE.connectionString, readConfig(testEnv));
}
