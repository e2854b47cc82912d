import type { JSONEventData, JSONType, RecordedEvent } from "@eventstore/db-client";
import {
  type ChainedEvent,
  type EventMetadata,
  failingPaths,
  type JsonValue,
  type StoredEvent,
  StoredEventCodec,
  StoredEventCorruptedError,
} from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import { EventStoreDbError } from "./errors.js";
import { esdbEventId, logPositionOf, toGlobalPosition, versionOfRevision } from "./mapping.js";

/** The key under which an event's envelope travels in its EventStoreDB metadata. */
export const ENVELOPE_KEY = "privacyLedger";
/** The layout of the envelope; a reader refuses layouts it does not know. */
export const ENVELOPE_FORMAT = 1;

/**
 * The envelope in an event's EventStoreDB metadata: everything the kernel stores about an event that
 * is not its type, data, stream or revision. `id` is present only when the kernel id is not itself
 * the EventStoreDB event id (see `esdbEventId`).
 */
export interface Envelope {
  readonly format: typeof ENVELOPE_FORMAT;
  readonly id?: string;
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * The EventStoreDB metadata of an event: the envelope, plus `$correlationId` and `$causationId`, the
 * keys EventStoreDB's own projections (`$by_correlation_id`) read. Both are opaque ids, like the rest
 * of the metadata: metadata is never encrypted and never holds personal data.
 */
export interface EsdbEventMetadata {
  readonly $correlationId: string;
  readonly $causationId: string;
  readonly [ENVELOPE_KEY]: Envelope;
}

/** An event as this library writes it: what the hash covers, plus the chain links. */
export type WritableEvent = Omit<ChainedEvent, "streamId"> | Omit<StoredEvent, "streamId" | "globalPosition">;

/** The EventStoreDB form of a chained (or imported) event: JSON data, the envelope as JSON metadata. */
export const toEventData = (event: WritableEvent): JSONEventData => {
  const id = esdbEventId(event.id);
  const envelope: Envelope = {
    format: ENVELOPE_FORMAT,
    ...(id === event.id ? {} : { id: event.id }),
    schemaVersion: event.schemaVersion,
    metadata: event.metadata,
    prevHash: event.prevHash,
    hash: event.hash,
  };
  const metadata: EsdbEventMetadata = {
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId,
    [ENVELOPE_KEY]: envelope,
  };
  return {
    id,
    contentType: "application/json",
    type: event.type,
    // The client JSON-encodes whatever it is given; kernel data is plain JSON (validateBatch).
    data: event.data as unknown as JSONType,
    metadata: metadata as unknown as JSONType,
  };
};

/** System records: `$`-prefixed streams (`$settings`, `$stats-…`, `$$…` metadata) or event types (`$>` links, `$metadata`). */
export const isSystemRecord = (recorded: Pick<RecordedEvent, "streamId" | "type">): boolean =>
  recorded.streamId.startsWith("$") || recorded.type.startsWith("$");

/** Whether an event carries this library's envelope; anything else was written by someone else. */
export const hasEnvelope = (recorded: Pick<RecordedEvent, "metadata">): boolean => {
  const metadata = recorded.metadata;
  return isPlainObject(metadata) && ENVELOPE_KEY in metadata;
};

/**
 * Turns a recorded EventStoreDB event into a StoredEvent of stream `streamId` (the kernel's id,
 * without the store's stream prefix), or throws StoredEventCorruptedError. Nothing that comes back is
 * trusted: the envelope, the id mapping and the whole StoredEvent go through the kernel's codec, and
 * errors name the stream, version and failing fields, never a value. A record without an envelope is
 * corrupt here: the caller decides beforehand whether such a record is someone else's (skipped in
 * $all) or a foreign write into one of this library's streams (corrupt).
 */
export const decodeRecordedEvent = (recorded: RecordedEvent, streamId: string): StoredEvent => {
  const streamVersion = versionOfRevision(recorded.revision);
  const log = logPositionOf(recorded.position);
  const globalPosition = log.kind === "known" ? toGlobalPosition(log.position) : undefined;
  const corrupt = (reason: string) =>
    new StoredEventCorruptedError(streamId, streamVersion, reason, globalPosition);

  if (streamVersion === undefined) throw corrupt("its revision does not fit a safe integer version");
  const metadata = recorded.metadata;
  if (!isPlainObject(metadata))
    throw corrupt("its metadata is not a JSON object (it was not written by privacy-ledger)");
  const envelope = metadata[ENVELOPE_KEY];
  if (envelope === undefined)
    throw corrupt("its metadata holds no privacy-ledger envelope (it was not written by privacy-ledger)");
  if (!isPlainObject(envelope)) throw corrupt("its envelope is not a JSON object");
  if (envelope.format !== ENVELOPE_FORMAT)
    throw corrupt("its envelope has a format this release does not know");

  if (log.kind === "missing")
    throw new EventStoreDbError(
      "unexpected-reply",
      `EventStoreDB sent ${streamId}@${streamVersion} without a log position; stream reads carry one from EventStoreDB 22.6 on`,
      false,
    );
  if (log.kind === "split")
    throw new EventStoreDbError(
      "unexpected-reply",
      `${streamId}@${streamVersion} has different commit and prepare positions, which only a legacy explicit transaction writes; it cannot have one global position`,
      false,
    );

  const envelopeId = envelope.id;
  if (envelopeId !== undefined && typeof envelopeId !== "string")
    throw corrupt("its envelope id is not a string");
  const id = envelopeId ?? recorded.id;
  if (esdbEventId(id) !== recorded.id)
    throw corrupt("its EventStoreDB event id does not match its envelope id");
  if (!recorded.isJson) throw corrupt("its data is not stored as JSON");

  const decoded = StoredEventCodec.decode({
    id,
    streamId,
    streamVersion,
    globalPosition,
    type: recorded.type,
    schemaVersion: envelope.schemaVersion,
    data: recorded.data as unknown as JsonValue,
    metadata: envelope.metadata,
    prevHash: envelope.prevHash,
    hash: envelope.hash,
  });
  if (isLeft(decoded)) throw corrupt(`invalid fields: ${failingPaths(decoded.left, "").join(", ")}`);
  return decoded.right;
};

const isPlainObject = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Uint8Array) &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);
