export type { PolicyEvent, PolicyEventType, ProjectedEvent } from "./projection/policyEvents.js";
export { decodePolicyEvent, isPolicyEventType } from "./projection/policyEvents.js";
export {
  type AnyProjection,
  defineProjection,
  type Projection,
  projectionId,
} from "./projection/projection.js";
export {
  type EventLocation,
  ProjectionDecodeFailed,
  ProjectionHandlerFailed,
  ProjectionSchemaChanged,
} from "./projection/projectionErrors.js";
export type {
  Cell,
  ColumnType,
  FindOptions,
  ReadModelReader,
  ReadModelTx,
  Row,
  Schema,
  TableSpec,
  TableSpecs,
  Where,
} from "./projection/readModel.js";
export { InMemoryReadModelStore } from "./readModelStore/inMemoryReadModelStore.js";
export type { ApplyResult, ProjectionBatch, ReadModelStore } from "./readModelStore/readModelStore.js";
export { ReadModelSchemaTooNewError } from "./readModelStore/sqliteMigrations.js";
export {
  openSqliteReadModelStore,
  SqliteReadModelStore,
  type SqliteReadModelStoreOptions,
} from "./readModelStore/sqliteReadModelStore.js";
export {
  type BreachClockEntry,
  type BreachDecisionView,
  breachClock,
  openBreachClocks,
} from "./readModels/breachClock/breachClock.js";
export {
  type ApprovalRow,
  type BreachClockSchema,
  breachClockProjection,
  type DecisionRow,
  type IncidentRow,
} from "./readModels/breachClock/breachClockProjection.js";
export {
  type DeadlineBoardEntry,
  type IdentityState,
  openRightsRequests,
  overdueRightsRequests,
  rightsRequestOnBoard,
} from "./readModels/deadlineBoard/deadlineBoard.js";
export {
  type DeadlineBoardSchema,
  deadlineBoardProjection,
  type RightsRequestRow,
} from "./readModels/deadlineBoard/deadlineBoardProjection.js";
export { type ErasureLedgerEntry, erasureLedger } from "./readModels/erasureLedger/erasureLedger.js";
export {
  type ErasureLedgerSchema,
  type ErasureRow,
  erasureLedgerProjection,
} from "./readModels/erasureLedger/erasureLedgerProjection.js";
export {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type RunnerState,
  startProjection,
} from "./runner/projectionRunner.js";
