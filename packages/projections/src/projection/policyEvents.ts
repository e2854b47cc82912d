import {
  type BreachEvent,
  type ConsentEvent,
  type DataSubjectEvent,
  type PersonalDataErasedEvent,
  type PrivacyPolicyEvent,
  type ProcessingRegisterEvent,
  policyCatalogs,
  type SubscriptionEvent,
} from "@privacy-ledger/domain";
import {
  type EncodedEvent,
  type EventDecodeError,
  type EventMetadata,
  erasureCatalog,
  type StoredEvent,
} from "@privacy-ledger/eventsourcing";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";

/** Every event a projection can handle: the policy's events and the kernel's erasure records (P7.b). */
export type PolicyEvent =
  | ProcessingRegisterEvent
  | SubscriptionEvent
  | DataSubjectEvent
  | ConsentEvent
  | PrivacyPolicyEvent
  | BreachEvent
  | PersonalDataErasedEvent;

export type PolicyEventType = PolicyEvent["type"];

/**
 * An event as a handler sees it: decoded by its catalog (personal fields are the plaintext, or `Erased`
 * when read through a protected store after the key was shredded), with where it stands in the log.
 */
export type ProjectedEvent<E extends PolicyEvent = PolicyEvent> = E & {
  readonly id: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: number;
  readonly metadata: EventMetadata;
};

const catalogs = [...policyCatalogs, erasureCatalog] as const;
const decoderOfType = new Map<string, (stored: StoredEvent) => Either<EventDecodeError, PolicyEvent>>(
  catalogs.flatMap((catalog) =>
    catalog.types.map(
      (type) =>
        [type, catalog.decode as (stored: StoredEvent) => Either<EventDecodeError, PolicyEvent>] as const,
    ),
  ),
);

/** Whether `type` is an event type of the policy (or an erasure record): what `handles` may name. */
export const isPolicyEventType = (type: string): type is PolicyEventType => decoderOfType.has(type);

/** Decodes a stored event with its catalog (upcasting older schema versions); fails naming stream and version. */
export const decodePolicyEvent = (stored: StoredEvent): Either<EventDecodeError, PolicyEvent> => {
  const decode = decoderOfType.get(stored.type);
  if (decode) return decode(stored);
  return left({
    kind: "EventDecodeError",
    streamId: stored.streamId,
    streamVersion: stored.streamVersion,
    type: stored.type,
    schemaVersion: stored.schemaVersion,
    paths: [],
    message: `cannot decode ${stored.type} v${stored.schemaVersion} at ${stored.streamId}@${stored.streamVersion}: not a policy event type`,
  });
};

/** Decodes a stored event and places it in the log: what a handler is given. */
export const projectStoredEvent = (stored: StoredEvent): Either<EventDecodeError, ProjectedEvent> => {
  const decoded = decodePolicyEvent(stored);
  if (isLeft(decoded)) return decoded;
  return right({
    ...decoded.right,
    id: stored.id,
    streamId: stored.streamId,
    streamVersion: stored.streamVersion,
    globalPosition: stored.globalPosition,
    metadata: stored.metadata,
  });
};

const encoderOfType = new Map<string, (event: PolicyEvent) => EncodedEvent>(
  catalogs.flatMap((catalog) =>
    catalog.types.map((type) => [type, catalog.encode as (event: PolicyEvent) => EncodedEvent] as const),
  ),
);

/** Encodes a policy event with its catalog: what a writer (or a test) appends to a store. */
export const encodePolicyEvent = (event: PolicyEvent): EncodedEvent => {
  const encode = encoderOfType.get(event.type);
  if (!encode) throw new Error(`event type ${event.type} is not a policy event type`);
  return encode(event);
};
