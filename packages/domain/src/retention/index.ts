export { dueErasures } from "./dueErasures.js";
export {
  DATA_SUBJECT_REQUEST,
  type EraseOnRequestDeps,
  type EraseOnRequestFailed,
  type ErasureOutcome,
  type ErasureRequestToCarryOut,
  eraseOnRequest,
} from "./eraseOnRequest.js";
export {
  type DueErasureDeps,
  type DueErasureFailed,
  type DueErasureReceipt,
  type ErasureFailure,
  executeDueErasures,
  RETENTION_EXPIRED,
} from "./executeDueErasures.js";
export { loadRetentionSchedule } from "./loadRetentionSchedule.js";
export { holdsPersonalData, type PersonalDataWritten, personalDataWritten } from "./personalMarkings.js";
export {
  ACCOUNTABILITY_PROVISION,
  FISCAL_PROVISION,
  FISCAL_PURPOSE,
  LEGAL_CLAIMS_PURPOSE,
  planErasure,
} from "./planErasure.js";
export { type RetentionClock, retentionClock } from "./retentionClock.js";
export {
  isRetentionEvent,
  type PersonalDataErasedEvent,
  type RetentionEvent,
  type ScheduledEvent,
} from "./retentionEvents.js";
export {
  type ClassRule,
  classRules,
  DEFAULT_RETENTION_PERIODS,
  type RetentionPeriods,
} from "./retentionRules.js";
export {
  currentEntriesOf,
  currentEntry,
  emptyRetentionSchedule,
  type RetentionSchedule,
  type RetentionScheduleOptions,
  retentionScheduleFrom,
  retentionScheduleOf,
  scheduleRetention,
} from "./retentionSchedule.js";
export { type LegalHoldRef, pairKey as retentionPairKey, type RetentionEntry } from "./scheduleEntry.js";
export type { InvoiceFacts, MarketingFacts, SubjectFacts, SubscriptionFacts } from "./scheduleFacts.js";
