export {
  EventStoreDbDeadlineExceededError,
  EventStoreDbError,
  type EventStoreDbFailure,
  EventStoreDbNotLeaderError,
  EventStoreDbStreamDeletedError,
  EventStoreDbUnavailableError,
  GlobalPositionOutOfRangeError,
} from "./errors.js";
export {
  EventStoreDbEventStore,
  type EventStoreDbStoreOptions,
  openEventStoreDbStore,
} from "./eventStoreDbStore.js";
export { EVENT_ID_NAMESPACE, esdbEventId } from "./mapping.js";
export { ENVELOPE_FORMAT, ENVELOPE_KEY, type Envelope, type EsdbEventMetadata } from "./recordCodec.js";
