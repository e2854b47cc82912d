import {
  dropSchema,
  findTestDatabase,
  skipMessage,
  uniqueSchemaName,
} from "@privacy-ledger/store-postgres/testing";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import {
  openPostgresReadModelStore,
  type PostgresReadModelStore,
} from "../src/readModelStore/postgresReadModelStore.js";

/**
 * The test server, probed once per test file, as in @privacy-ledger/store-postgres: with
 * PRIVACY_LEDGER_REQUIRE_PG=1 and no server this throws, and so fails every PostgreSQL test file instead
 * of skipping it.
 */
export const database = await findTestDatabase();

/** A describe block that needs the server: skipped, saying why, when there is none. */
export const describePg = (name: string, body: () => void): void => {
  if (database.available) {
    describe(name, body);
    return;
  }
  console.warn(`[@privacy-ledger/projections] ${skipMessage(database, `"${name}"`)}`);
  describe.skip(`${name} [skipped: no PostgreSQL server]`, body);
};

/**
 * Per test: a fresh schema; read-model stores opened through `open` are closed and the schema dropped
 * after it. Call inside a describePg body.
 */
export const usePostgresReadModels = (prefix: string) => {
  let admin: pg.Pool | undefined;
  let schema = "";
  const stores: PostgresReadModelStore[] = [];

  beforeAll(() => {
    admin = new pg.Pool({ connectionString: database.url, max: 2 });
    admin.on("error", () => undefined);
  });
  afterAll(async () => {
    await admin?.end();
  });
  beforeEach(() => {
    schema = uniqueSchemaName(prefix);
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    if (admin) await dropSchema(admin, schema);
  });

  return {
    get schema(): string {
      return schema;
    },
    /** Opens a read-model store on the test schema, closed after the test. */
    open: async (): Promise<PostgresReadModelStore> => {
      const store = await openPostgresReadModelStore({ connectionString: database.url, schema });
      stores.push(store);
      return store;
    },
    /** Raw SQL on the admin pool; `$schema` in the text stands for the quoted test schema. */
    sql: async <R extends pg.QueryResultRow = Record<string, unknown>>(
      text: string,
      values: unknown[] = [],
    ) => (await (admin as pg.Pool).query<R>(text.replaceAll("$schema", `"${schema}"`), values)).rows,
  };
};
