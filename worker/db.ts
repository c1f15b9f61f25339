import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import type { Database } from "../schema/db/database";
import type { Config } from "./env";

export type Db = Kysely<Database>;

/**
 * Kysely over postgres.js for one request. Workers cannot share sockets between requests, so
 * each request makes its own small client; Hyperdrive (or pgbouncer on-premises) pools the
 * real server connections. Never call `end()` here: the runtime closes sockets when the
 * request ends, and ending them early raises "Stream was cancelled" rejections. Keep the
 * default `fetch_types`: turning it off makes `reserve()` hang (porsager/postgres#751).
 */
export function createDb(connectionString: string, config: Config): Db {
  const client = postgres(connectionString, {
    max: config.DB_MAX_CONNECTIONS,
    prepare: config.DB_PREPARE,
    connect_timeout: 5,
    onnotice: () => {},
  });
  return new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) });
}
