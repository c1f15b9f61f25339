import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type RawBuilder,
  sql,
  type TransactionSettings,
} from "kysely";
import postgres from "postgres";
import type { Database } from "../schema/db/database";

export type Db = Kysely<Database>;

type Client = postgres.Sql;
type Parser = (value: any) => unknown;

/**
 * The array types postgres.js learns from the catalogue (`fetch_types`), kept for the life of
 * the isolate. By default postgres.js runs that catalogue query on every new connection, and a
 * Worker opens a new connection on every request: through a pooler it cost a round trip, about
 * 1.4 ms of the worker's CPU and 0.9 ms of Postgres's per request (`npm run bench`). The first
 * request of an isolate learns them; later clients start with them and skip the query.
 */
interface LearntTypes {
  parsers: Record<number, Parser>;
  serializers: Record<number, Parser>;
  typeArrayMap: Record<number, number>;
}
let learnt: LearntTypes | undefined;

/** postgres.js's per-client type map for array parameters (not in its typings). */
function typeArrayMap(client: Client): Record<number, number> | undefined {
  return (client.options as unknown as { shared?: { typeArrayMap?: Record<number, number> } }).shared?.typeArrayMap;
}

function learnTypes(client: Client): void {
  if (learnt) return;
  const map = typeArrayMap(client);
  if (!map || Object.keys(map).length === 0) return; // not fetched yet
  learnt = {
    parsers: { ...client.options.parsers },
    serializers: { ...client.options.serializers },
    typeArrayMap: { ...map },
  };
}

/**
 * Gives a new client the learnt types as the prototypes of its own tables: a lookup postgres.js
 * makes (`parsers[oid]`, `oid in serializers`) finds its defaults first, then the learnt array
 * types. Copying the ~300 entries instead cost about 0.5 ms per request (CPU profile).
 */
function adoptTypes(client: Client, types: LearntTypes): void {
  Object.setPrototypeOf(client.options.parsers, types.parsers);
  Object.setPrototypeOf(client.options.serializers, types.serializers);
  const map = typeArrayMap(client);
  if (map) Object.setPrototypeOf(map, types.typeArrayMap);
}

const ROLLBACK = Symbol("rollback");
const WRITE_COMMANDS = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);

/**
 * How long a request waits for its database connection. postgres.js's own `connect_timeout`
 * restarts on every reconnect, and while its first connection is being made it reconnects at
 * once whenever the socket closes, so behind a pool whose server is down (the pool accepts, then
 * closes) a request would wait until Postgres came back. Until the server has greeted the client
 * (its first ParameterStatus message, sent while the session starts), each query races this
 * deadline and then fails like a timed-out connection (`CONNECT_TIMEOUT`, answered 503
 * database-unavailable). The client is then ended at once, so that nothing it had queued can
 * run later, when the database is back, after the request was told it was not done. A query
 * that is merely slow on a live connection is never cut here.
 */
export class ConnectDeadline {
  #connected = false;
  readonly #ms: number;
  #onExpire: () => void = () => {};

  constructor(seconds: number) {
    this.#ms = seconds * 1000;
  }

  /** What to do when the deadline passes unconnected (end the client). */
  onExpire(action: () => void): void {
    this.#onExpire = action;
  }

  /** The server has spoken: the connection is up. */
  markConnected(): void {
    this.#connected = true;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#connected) return work();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (this.#connected) return; // connected meanwhile: the query runs to its end
        const err = new Error(`no database connection within ${this.#ms} ms`) as Error & { code: string };
        err.code = "CONNECT_TIMEOUT";
        reject(err);
        this.#onExpire();
      }, this.#ms);
    });
    try {
      return await Promise.race([work(), expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * One Kysely connection over a request's postgres.js client. Queries outside a transaction go
 * to the client itself (postgres.js spreads parallel ones over up to `max` sockets); a
 * transaction runs on one socket through postgres.js's own `begin()`. Nothing here uses
 * `reserve()`, which hangs on a fresh socket when `fetch_types` is off (postgres.js 3.4.9:
 * its ready handler never hands the socket to a waiting reservation), so the catalogue query
 * can be skipped.
 */
class PostgresJsConnection implements DatabaseConnection {
  readonly #client: Client;
  readonly #deadline: ConnectDeadline;
  #tx: postgres.TransactionSql | undefined;
  #gate: { commit: () => void; rollback: (reason: unknown) => void } | undefined;
  #done: Promise<unknown> | undefined;

  constructor(client: Client, deadline: ConnectDeadline) {
    this.#client = client;
    this.#deadline = deadline;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const runner = this.#tx ?? this.#client;
    const result = await this.#deadline.run(() =>
      runner.unsafe(query.sql, query.parameters as postgres.ParameterOrJSON<never>[]),
    );
    learnTypes(this.#client);
    return {
      numAffectedRows:
        result.command && WRITE_COMMANDS.has(result.command) && result.count !== null
          ? BigInt(result.count)
          : undefined,
      rows: Array.from(result) as R[],
    };
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const runner = this.#tx ?? this.#client;
    const cursor = runner.unsafe(query.sql, query.parameters as postgres.ParameterOrJSON<never>[]).cursor(chunkSize);
    for await (const rows of cursor) yield { rows: rows as unknown as R[] };
  }

  async begin(settings: TransactionSettings): Promise<void> {
    if (this.#tx) throw new Error("a transaction is already open on this connection");
    const options = [
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : "",
      settings.accessMode ?? "",
    ]
      .filter(Boolean)
      .join(" ");
    const gate = new Promise<void>((commit, rollback) => {
      this.#gate = { commit: () => commit(), rollback };
    });
    let opened!: (tx: postgres.TransactionSql) => void;
    const ready = new Promise<postgres.TransactionSql>((resolve) => {
      opened = resolve;
    });
    // postgres.js commits when the callback returns and rolls back when it throws.
    const done = this.#client.begin(options, async (tx) => {
      opened(tx);
      await gate;
    });
    this.#done = done;
    done.catch(() => {}); // its failure is reported by the race below or by commit/rollback
    this.#tx = await this.#deadline.run(() =>
      Promise.race([
        ready,
        done.then(() => {
          throw new Error("the transaction ended before it began");
        }),
      ]),
    );
  }

  async commit(): Promise<void> {
    try {
      this.#gate?.commit();
      await this.#done;
    } finally {
      this.#reset();
    }
  }

  async rollback(): Promise<void> {
    try {
      this.#gate?.rollback(ROLLBACK);
      await this.#done;
    } catch (err) {
      if (err !== ROLLBACK) throw err;
    } finally {
      this.#reset();
    }
  }

  #reset(): void {
    this.#tx = undefined;
    this.#gate = undefined;
    this.#done = undefined;
  }
}

function savepointName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Kysely's driver over a postgres.js client (the Postgres adapter, compiler and introspector are Kysely's). */
class PostgresJsDriver implements Driver {
  readonly #client: Client;
  readonly #deadline: ConnectDeadline;

  constructor(client: Client, deadline: ConnectDeadline) {
    this.#client = client;
    this.#deadline = deadline;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PostgresJsConnection(this.#client, this.#deadline);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PostgresJsConnection).begin(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PostgresJsConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PostgresJsConnection).rollback();
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${savepointName(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${savepointName(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${savepointName(name)}`));
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.#client.end();
  }
}

class PostgresJsDialect implements Dialect {
  readonly #client: Client;
  readonly #deadline: ConnectDeadline;

  constructor(client: Client, deadline: ConnectDeadline) {
    this.#client = client;
    this.#deadline = deadline;
  }

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PostgresJsDriver(this.#client, this.#deadline);
  }

  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

/**
 * Kysely over postgres.js for one request. Workers cannot share sockets between requests, so
 * each request makes its own small client; Hyperdrive (or pgbouncer on-premises) pools the
 * real server connections. Never call `end()` here: the runtime closes sockets when the
 * request ends, and ending them early raises "Stream was cancelled" rejections.
 */
/**
 * The settings createDb reads (worker/env.ts Config has them). Named here, not imported, so
 * that the `Db` type carries no Worker binding types and Node code (seeds, scripts) can use the
 * worker's queries.
 */
export interface DbSettings {
  DB_MAX_CONNECTIONS: number;
  DB_PREPARE: boolean;
  DB_CONNECT_TIMEOUT_S: number;
}

export function createDb(connectionString: string, config: DbSettings): Db {
  const types = learnt;
  const deadline = new ConnectDeadline(config.DB_CONNECT_TIMEOUT_S);
  const client = postgres(connectionString, {
    max: config.DB_MAX_CONNECTIONS,
    prepare: config.DB_PREPARE,
    connect_timeout: config.DB_CONNECT_TIMEOUT_S,
    onnotice: () => {},
    onparameter: () => deadline.markConnected(),
    // Only the first client of an isolate asks the catalogue for array types (see LearntTypes).
    fetch_types: types === undefined,
  });
  if (types) adoptTypes(client, types);
  deadline.onExpire(() => {
    client.end({ timeout: 0 }).catch(() => {});
  });
  return new Kysely<Database>({ dialect: new PostgresJsDialect(client, deadline) });
}

/**
 * A Db that builds its client on first use, so that requests which never touch the database
 * (the problem catalogue, validation failures, static answers) do not pay for a postgres.js
 * client and a Kysely instance (measured by `npm run bench`, docs/scale.md). Every property
 * and method is the real Kysely's, bound to it; `isTransaction` and `sql.execute(db)` work.
 */
export function lazyDb(create: () => Db): Db {
  let real: Db | undefined;
  return new Proxy({} as Db, {
    get(_target, prop) {
      real ??= create();
      const value = Reflect.get(real, prop, real);
      return typeof value === "function" ? value.bind(real) : value;
    },
    has(_target, prop) {
      real ??= create();
      return Reflect.has(real, prop);
    },
  });
}

/**
 * A value as an inline `jsonb` literal instead of a bound parameter. postgres.js sends every
 * statement that has parameters in two round trips (Parse + Describe, wait for the parameter
 * types, then Bind + Execute) unless it was prepared before on the same connection, which a
 * Worker's per-request connection never is; a statement without parameters takes one. For the
 * few hot statements that pass one JSON document (the rating write, docs/scale.md).
 *
 * Safe for any value: JSON.stringify escapes every control character (no NUL reaches the SQL
 * text; a NUL inside a string is refused by jsonb with 22P05, answered 422 like a NUL parameter),
 * and in an E'' literal only backslashes and quotes need escaping, whatever the server's
 * standard_conforming_strings.
 */
export function inlineJson(value: unknown): RawBuilder<unknown> {
  const text = JSON.stringify(value, wellFormed).replaceAll("\\", "\\\\").replaceAll("'", "''");
  return sql.raw(`E'${text}'::jsonb`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Lone UTF-16 surrogates become U+FFFD, as postgres.js's UTF-8 encoding of a parameter makes them (jsonb refuses them). */
function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === "string" ? value.replace(LONE_SURROGATE, "\uFFFD") : value;
}
