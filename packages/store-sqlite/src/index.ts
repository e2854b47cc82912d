export { LATEST_SCHEMA_VERSION, SchemaTooNewError } from "./migrations.js";
export {
  defaultKeyPath,
  openProtectedSqliteStore,
  type ProtectedSqliteStore,
  type ProtectedSqliteStoreOptions,
} from "./protectedSqliteStore.js";
export {
  InsertWroteNothing,
  openSqliteEventStore,
  SqliteEventStore,
  type SqliteEventStoreOptions,
} from "./sqliteEventStore.js";
export { openSqliteKeyStore, SqliteKeyStore, type SqliteKeyStoreOptions } from "./sqliteKeyStore.js";
