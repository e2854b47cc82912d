export { LATEST_SCHEMA_VERSION, SchemaTooNewError } from "./migrations.js";
export { openSqliteEventStore, SqliteEventStore, type SqliteEventStoreOptions } from "./sqliteEventStore.js";
