import {
  type AnyProjection,
  breachClockProjection,
  breachRegisterProjection,
  consentLedgerProjection,
  deadlineBoardProjection,
  disclosureRegisterProjection,
  erasureLedgerProjection,
  escalationLogProjection,
  outcomeRegisterProjection,
  policyVersionsProjection,
  processingActivitiesProjection,
  retentionScheduleProjection,
} from "@privacy-ledger/projections";

/**
 * Every read model of @privacy-ledger/projections, the one list the CLI builds from: `replay` writes each
 * to SQLite and `report` builds each in memory. Written out rather than gathered from the package's
 * exports so that the report can read each one with its own types; readModels.test.ts fails when the
 * package exports a projection that is missing here. Ordered by name (`rights_outcomes` is the outcome register), as `replay` lists them.
 */
export const READ_MODELS = [
  breachClockProjection,
  breachRegisterProjection,
  consentLedgerProjection,
  deadlineBoardProjection,
  disclosureRegisterProjection,
  erasureLedgerProjection,
  escalationLogProjection,
  policyVersionsProjection,
  processingActivitiesProjection,
  retentionScheduleProjection,
  outcomeRegisterProjection,
] as const satisfies readonly AnyProjection[];
