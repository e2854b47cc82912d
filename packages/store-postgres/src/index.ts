export { LATEST_SCHEMA_VERSION, SchemaTooNewError } from "./migrations.js";
export {
  openPostgresEventStore,
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from "./postgresEventStore.js";
export { DEFAULT_SCHEMA } from "./storeSchema.js";
