export { type EventDecodeError, EventDecodingFailed, failingPaths } from "./codecs/decodeError.js";
export {
  type AnyEventDefinition,
  defineEvent,
  type EncodedEvent,
  type EventCatalog,
  type EventDefinition,
  type EventOf,
  eventCatalog,
  type Upcaster,
  upcaster,
} from "./codecs/eventCatalog.js";
export type { CommandEnvelope } from "./commandHandling/commandEnvelope.js";
export {
  type CommandFailure,
  type CommandHandler,
  type CommandHandlerDeps,
  type ConcurrencyConflict,
  commandEventId,
  commandHandler,
  type DuplicateCommand,
  type HandledCommand,
  load,
} from "./commandHandling/commandHandler.js";
export { type Decider, type DomainEvent, fold } from "./decider/decider.js";
export { type Rejection, rejection } from "./decider/rejection.js";
export { type NewEvent, type StoredEvent, StoredEventCodec, type StreamHead } from "./envelope/envelope.js";
export type { JsonObject, JsonPrimitive, JsonValue } from "./envelope/json.js";
export {
  type Actor,
  ActorCodec,
  type EventMetadata,
  EventMetadataCodec,
  type NewEventMetadata,
  NewEventMetadataCodec,
} from "./envelope/metadata.js";
export {
  decodeStoredEventColumns,
  type IntegerColumn,
  STORED_EVENT_COLUMNS,
  type StoredEventColumns,
} from "./envelope/storedColumns.js";
export {
  type AppendContext,
  type AppendPlan,
  planAppend,
  type StoredEventLocation,
  unstorableText,
  validateBatch,
  validateExpectedVersion,
} from "./eventStore/appendPlan.js";
export { AppendSignal } from "./eventStore/appendSignal.js";
export { type CatchUpSource, catchUpSubscription } from "./eventStore/catchUpSubscription.js";
export { CommitGroup, type GroupCommit, type Settled } from "./eventStore/commitGroup.js";
export {
  type AppendError,
  type EventIdConflict,
  InvalidAppendError,
  StoredEventCorruptedError,
  type WrongExpectedVersion,
  wrongExpectedVersion,
} from "./eventStore/errors.js";
export type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
} from "./eventStore/eventStore.js";
export {
  ANY,
  type ExpectedVersion,
  NO_STREAM,
  STREAM_EXISTS,
  satisfies,
} from "./eventStore/expectedVersion.js";
export {
  assertExtendsChain,
  type CopyProgress,
  copyHistory,
  type HistoryImport,
  HistoryImportRejected,
  type ImportingEventStore,
} from "./eventStore/historyImport.js";
export {
  createInMemoryEventStore,
  InMemoryEventStore,
  type InMemoryEventStoreOptions,
} from "./eventStore/inMemoryEventStore.js";
export { assertValidStreamId } from "./eventStore/streamId.js";
export { canonicalJson } from "./integrity/canonicalJson.js";
export { ChainVerifier } from "./integrity/chainVerifier.js";
export {
  CHECKPOINT_FORMAT,
  type CheckpointBody,
  CheckpointBodyCodec,
  type CreateCheckpointOptions,
  checkpointSignatureValid,
  createCheckpoint,
  generateCheckpointKeys,
  type SignedCheckpoint,
  SignedCheckpointCodec,
} from "./integrity/checkpoint.js";
export {
  type ChainedContent,
  type ChainedEvent,
  type ChainedHeader,
  canonicalContentText,
  canonicalTexts,
  chainBatch,
  chainHash,
  chainHashOfText,
  GENESIS_HASH,
  recomputeHash,
  sha256Hex,
} from "./integrity/hashChain.js";
export type { IntegrityFailure, VerificationSummary } from "./integrity/integrityFailure.js";
export type { ParallelVerification } from "./integrity/parallelVerify.js";
export {
  type ChainedText,
  isVerifiableAsText,
  type OpenTextReader,
  type TextReader,
  type TextReaderSpec,
  type VerifiableAsText,
} from "./integrity/storedText.js";
export {
  type HasVerificationSource,
  VERIFICATION_SOURCE,
  verificationSourceOf,
} from "./integrity/verificationSource.js";
export {
  type CheckpointToVerify,
  type VerificationResult,
  type VerifyStoreOptions,
  verifyStore,
  verifyStream,
} from "./integrity/verify.js";
export { type Clock, type FixedClock, fixedClock, systemClock } from "./ports/clock.js";
export { deterministicIds, type IdGenerator, randomIds, uuidFromName } from "./ports/idGenerator.js";
export {
  type BlindIndex,
  blindIndex,
  blindIndexToken,
  type Normaliser,
  normaliseEmail,
} from "./protection/blindIndex.js";
export { type Erased, erased, isErased } from "./protection/erased.js";
export {
  type ErasureDeps,
  type ErasureReceipt,
  type ErasureRequest,
  eraseSubject,
  erasureCatalog,
  erasureStreamId,
  PersonalDataErased,
} from "./protection/erasure.js";
export { CIPHER_ALGORITHM, type SealedField, SealedFieldCodec } from "./protection/fieldCipher.js";
export { InMemoryKeyStore } from "./protection/inMemoryKeyStore.js";
export { KeyCache } from "./protection/keyCache.js";
export type {
  DataKey,
  KeyState,
  KeyStore,
  KeySummary,
  ShredResult,
  SubjectRef,
} from "./protection/keyStore.js";
export {
  type KeyWrapper,
  masterKeyWrapper,
  noKeyWrapper,
  UNWRAPPED_KEYS_WARNING,
} from "./protection/keyWrapping.js";
export {
  type Personal,
  type PersonalDataMarking,
  type PersonalFieldSpec,
  PersonalType,
  personal,
  personalFieldsOf,
} from "./protection/personal.js";
export {
  ProtectedEventStore,
  type ProtectionOptions,
  protectPersonalData,
} from "./protection/protectedEventStore.js";
export {
  DataKeyMissingError,
  PersonalDataMarkingError,
  PersonalDataTamperedError,
  WrongMasterKeyError,
} from "./protection/protectionErrors.js";
