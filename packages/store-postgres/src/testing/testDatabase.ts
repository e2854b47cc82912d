import { randomBytes } from "node:crypto";
import pg from "pg";

/** Overrides the test server's connection string. */
export const TEST_DATABASE_URL_VARIABLE = "PRIVACY_LEDGER_PG_URL";
/** Set to 1 (CI does) and a test run without a reachable server fails instead of skipping. */
export const REQUIRE_DATABASE_VARIABLE = "PRIVACY_LEDGER_REQUIRE_PG";
export const DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

export type TestDatabase =
  | { readonly available: true; readonly url: string }
  | { readonly available: false; readonly url: string; readonly reason: string };

/** The PostgreSQL server was required (PRIVACY_LEDGER_REQUIRE_PG=1) but does not answer. */
export class TestDatabaseUnavailableError extends Error {
  override readonly name = "TestDatabaseUnavailableError";
}

/**
 * Finds the test server: `PRIVACY_LEDGER_PG_URL`, or postgres://postgres@127.0.0.1:5432/test. Answers
 * `{ available: false, reason }` when it does not answer, so that test files can skip saying why; with
 * `PRIVACY_LEDGER_REQUIRE_PG=1` it throws TestDatabaseUnavailableError instead, failing the run.
 */
export const findTestDatabase = async (env: NodeJS.ProcessEnv = process.env): Promise<TestDatabase> => {
  const url = env[TEST_DATABASE_URL_VARIABLE] || DEFAULT_TEST_DATABASE_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return { available: true, url };
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    if (env[REQUIRE_DATABASE_VARIABLE] === "1")
      throw new TestDatabaseUnavailableError(
        `${REQUIRE_DATABASE_VARIABLE}=1 but no PostgreSQL server answers at ${redact(url)}: ${reason}`,
      );
    return { available: false, url, reason };
  } finally {
    await client.end().catch(() => undefined);
  }
};

/** The message a test file prints when it skips for want of a server. */
export const skipMessage = (database: Extract<TestDatabase, { available: false }>, what: string): string =>
  `SKIPPED ${what}: no PostgreSQL server answers at ${redact(database.url)} (${database.reason}). ` +
  `Start one (see packages/store-postgres/README.md) or point ${TEST_DATABASE_URL_VARIABLE} at one; ` +
  `set ${REQUIRE_DATABASE_VARIABLE}=1 to make this a failure instead of a skip.`;

/**
 * A schema name no other test run uses: prefix, process id, time and randomness, so parallel test
 * files, parallel runs and leftovers of killed runs never collide.
 */
export const uniqueSchemaName = (prefix = "pl_test"): string =>
  `${prefix}_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`.slice(0, 63);

/** Drops a test schema and everything in it. */
export const dropSchema = async (pool: pg.Pool, schema: string): Promise<void> => {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new RangeError(`not a schema name: ${schema}`);
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
};

/** The connection string without its password, for messages. */
const redact = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an unparseable connection string)";
  }
};
