export type { PolicyEvent, PolicyEventType, ProjectedEvent } from "./projection/policyEvents.js";
export { decodePolicyEvent, isPolicyEventType, projectStoredEvent } from "./projection/policyEvents.js";
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
export { PostgresReadModelSchemaTooNewError } from "./readModelStore/postgresMigrations.js";
export {
  openPostgresReadModelStore,
  PostgresReadModelStore,
  type PostgresReadModelStoreOptions,
} from "./readModelStore/postgresReadModelStore.js";
export {
  ActiveVersionDropRefused,
  type ApplyResult,
  type ProjectionBatch,
  type ReadModelStore,
} from "./readModelStore/readModelStore.js";
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
  type BreachRegisterEntry,
  type BreachRemedialAction,
  breachesNotifiedWithin72Hours,
  breachRegister,
  breachRegisterEntry,
} from "./readModels/breachRegister/breachRegister.js";
export {
  type BreachActionRow,
  type BreachRecordRow,
  type BreachRegisterSchema,
  breachRegisterProjection,
} from "./readModels/breachRegister/breachRegisterProjection.js";
export {
  type ConsentEvidenceEntry,
  consentLedger,
  type MarketingEligibility,
  mayWeMail,
  suppressionList,
} from "./readModels/consentLedger/consentLedger.js";
export {
  type ConsentEvidenceRow,
  type ConsentLedgerSchema,
  consentLedgerProjection,
  type EvidenceKind,
  type ReconsentRow,
} from "./readModels/consentLedger/consentLedgerProjection.js";
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
export {
  type DisclosureEntry,
  disclosureRegister,
  type RecipientToNotify,
  recipientsToNotify,
} from "./readModels/disclosureRegister/disclosureRegister.js";
export {
  type DisclosureRegisterSchema,
  type DisclosureRow,
  disclosureRegisterProjection,
  type RecipientNoticeRow,
} from "./readModels/disclosureRegister/disclosureRegisterProjection.js";
export { type ErasureLedgerEntry, erasureLedger } from "./readModels/erasureLedger/erasureLedger.js";
export {
  type ErasureLedgerSchema,
  type ErasureRow,
  erasureLedgerProjection,
} from "./readModels/erasureLedger/erasureLedgerProjection.js";
export {
  type EscalatedDecision,
  type EscalationApprover,
  type EscalationEntry,
  escalatedDecisions,
  escalationLog,
} from "./readModels/escalationLog/escalationLog.js";
export {
  type EscalationIncidentRow,
  type EscalationLogSchema,
  type EscalationStepRow,
  escalationLogProjection,
} from "./readModels/escalationLog/escalationLogProjection.js";
export {
  type ComplianceFigure,
  complianceFigure,
  type OutcomeFilter,
  type RightsOutcomeEntry,
  requestsAnsweredOnTime,
  rightsRequestOutcomes,
} from "./readModels/outcomeRegister/outcomeRegister.js";
export {
  answeredOnTime,
  type FeeRow,
  type OutcomeRegisterSchema,
  outcomeRegisterProjection,
  type RightsOutcomeRow,
} from "./readModels/outcomeRegister/outcomeRegisterProjection.js";
export { type PolicyVersionEntry, policyVersions } from "./readModels/policyVersions/policyVersions.js";
export {
  type AnnouncementRow,
  type PolicyVersionRow,
  type PolicyVersionsSchema,
  policyVersionsProjection,
  type ReconsentRequestRow,
} from "./readModels/policyVersions/policyVersionsProjection.js";
export {
  confidentialityCommitments,
  type ProcessingActivityEntry,
  type ProcessorEntry,
  processingActivities,
  processorRegister,
  type SubProcessorEntry,
  storageLocations,
} from "./readModels/processingActivities/processingActivities.js";
export {
  type ActivityRow,
  type ConfidentialityRow,
  type ProcessingActivitiesSchema,
  type ProcessorRow,
  processingActivitiesProjection,
  type StorageLocationRow,
  type SubProcessorRow,
} from "./readModels/processingActivities/processingActivitiesProjection.js";
export {
  erasuresDue,
  type RetentionScheduleEntry,
  retentionSchedule,
} from "./readModels/retentionSchedule/retentionSchedule.js";
export {
  type CurrentEntryRow,
  type FactsRow,
  type RetentionEntryRow,
  type RetentionScheduleSchema,
  retentionScheduleProjection,
} from "./readModels/retentionSchedule/retentionScheduleProjection.js";
export { activeReader } from "./runner/activeReader.js";
export {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type RunnerState,
  startProjection,
} from "./runner/projectionRunner.js";
export {
  ProjectionRebuild,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildState,
  rebuildProjection,
} from "./runner/rebuildProjection.js";
export { type NewsletterSendVerdict, wasNewsletterSendLawful } from "./timeTravel/newsletterSendLawful.js";
export { type AsOfClock, type ReadModelAsOfOptions, readModelAsOf } from "./timeTravel/readModelAsOf.js";
