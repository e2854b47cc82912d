export {
  authorises,
  authorisesAll,
  authorisesDisclosure,
  type ProcessingUse,
  type ProcessingUses,
  type Recipient,
  registeredProcessing,
} from "./authorises.js";
export type {
  AmendProcessingActivity,
  ProcessingRegisterCommand,
  RecordConfidentialityCommitment,
  RecordProcessingAgreement,
  RecordSubProcessorChange,
  RegisterProcessingActivity,
  RegisterProcessor,
  RegisterStorageLocation,
  RetireProcessingActivity,
} from "./commands.js";
export {
  type ProcessingRegisterDecider,
  type ProcessingRegisterOptions,
  processingRegister,
  processingRegisterDecider,
} from "./decide.js";
export {
  ConfidentialityCommitmentRecorded,
  PROCESSING_REGISTER_STREAM,
  ProcessingActivityAmended,
  ProcessingActivityRegistered,
  ProcessingActivityRetired,
  ProcessingAgreementRecorded,
  type ProcessingRegisterEvent,
  ProcessorRegistered,
  processingRegisterCatalog,
  StorageLocationRegistered,
  SubProcessorChangeRecorded,
} from "./events.js";
export {
  CLASS_TRIGGERS,
  type ProcessingActivity,
  ProcessingActivityCodec,
  type ProcessingAgreement,
  ProcessingAgreementCodec,
  type RetentionPeriod,
  RetentionPeriodCodec,
  type RetentionRule,
  RetentionRuleCodec,
  type RetentionTrigger,
  RetentionTriggerCodec,
  type SubProcessor,
  SubProcessorCodec,
} from "./records.js";
export { REGISTER_KEEPERS } from "./rules.js";
export {
  type ActivityEntry,
  type CommitmentEntry,
  evolveProcessingRegister,
  initialProcessingRegisterState,
  type ProcessingRegisterState,
  type ProcessorEntry,
  type StorageLocationEntry,
} from "./state.js";
