import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import {
  openPostgresEventStore,
  type PostgresEventStore,
  type PostgresEventStoreOptions,
} from "../src/postgresEventStore.js";
import { dropSchema, findTestDatabase, skipMessage, uniqueSchemaName } from "../src/testing/index.js";

/**
 * The test server, probed once per test file. With PRIVACY_LEDGER_REQUIRE_PG=1 and no server this
 * throws, and so fails every PostgreSQL test file instead of skipping it.
 */
export const database = await findTestDatabase();

/** A describe block that needs the server: skipped, saying why, when there is none. */
export const describePg = (name: string, body: () => void): void => {
  if (database.available) {
    describe(name, body);
    return;
  }
  console.warn(`[@privacy-ledger/store-postgres] ${skipMessage(database, `"${name}"`)}`);
  describe.skip(`${name} [skipped: no PostgreSQL server]`, body);
};

export type StoreOptions = Omit<PostgresEventStoreOptions, "connectionString" | "pool" | "schema">;

/**
 * Per test: a fresh schema; stores opened through `open` are closed and the schema dropped after it.
 * `admin` is a small pool of the test's own for raw SQL. Call inside a describePg body.
 */
export const usePostgres = (prefix: string) => {
  let admin: pg.Pool | undefined;
  let schema = "";
  const stores: PostgresEventStore[] = [];
  const pools: pg.Pool[] = [];

  beforeAll(() => {
    admin = newPool(4);
  });
  afterAll(async () => {
    await admin?.end();
  });
  beforeEach(() => {
    schema = uniqueSchemaName(prefix);
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const pool of pools.splice(0)) await pool.end();
    if (admin) await dropSchema(admin, schema);
  });

  /** A pool on the test server, ended after the test. */
  function newPool(max = 10): pg.Pool {
    const pool = new pg.Pool({ connectionString: database.url, max });
    pool.on("error", () => undefined);
    return pool;
  }

  return {
    get schema(): string {
      return schema;
    },
    get admin(): pg.Pool {
      if (!admin) throw new Error("usePostgres: no admin pool outside a test");
      return admin;
    },
    url: database.url,
    /** Opens a store on the test schema (or another one), closed after the test. */
    open: async (options: StoreOptions & { schema?: string; pool?: pg.Pool } = {}) => {
      const { pool, ...rest } = options;
      const store = await openPostgresEventStore(
        pool ? { schema, ...rest, pool } : { schema, ...rest, connectionString: database.url },
      );
      stores.push(store);
      return store;
    },
    /** A pool of the test's own, ended after the test (after the stores using it are closed). */
    pool: (max = 10): pg.Pool => {
      const pool = newPool(max);
      pools.push(pool);
      return pool;
    },
    /** Raw SQL on the admin pool; `$schema` in the text stands for the quoted test schema. */
    sql: async <R extends pg.QueryResultRow = Record<string, unknown>>(
      text: string,
      values: unknown[] = [],
    ) => (await (admin as pg.Pool).query<R>(text.replaceAll("$schema", `"${schema}"`), values)).rows,
  };
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds; fails the test after `timeoutMs`. */
export const waitUntil = async (
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
};
