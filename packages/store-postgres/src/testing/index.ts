export { type PostgresTamperOptions, postgresTamper } from "../postgresTamper.js";
export { type PostgresHarnessOptions, postgresHarness } from "./postgresHarness.js";
export {
  DEFAULT_TEST_DATABASE_URL,
  dropSchema,
  findTestDatabase,
  REQUIRE_DATABASE_VARIABLE,
  skipMessage,
  TEST_DATABASE_URL_VARIABLE,
  type TestDatabase,
  TestDatabaseUnavailableError,
  uniqueSchemaName,
} from "./testDatabase.js";
