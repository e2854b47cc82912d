import * as t from "io-ts";
import { isJsonValue, type JsonValue } from "./json.js";
import { EventMetadataCodec, type NewEventMetadata } from "./metadata.js";

/** An event on its way into a store. The id makes a retried append idempotent. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonValue;
  readonly metadata: NewEventMetadata;
}

const JsonValueCodec = new t.Type<JsonValue, JsonValue, unknown>(
  "JsonValue",
  isJsonValue,
  (u, c) => (isJsonValue(u) ? t.success(u) : t.failure(u, c, "not a JSON value")),
  t.identity,
);

const PositiveInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, "PositiveInteger");
const Sha256Hex = t.refinement(t.string, (s) => /^[0-9a-f]{64}$/.test(s), "Sha256Hex");

/**
 * The envelope of a stored event. Stream versions and global positions start at 1; version n means
 * "the n-th event of the stream". The hash chains each event to the one before it in its stream.
 */
export const StoredEventCodec = t.readonly(
  t.type({
    id: t.string,
    streamId: t.string,
    streamVersion: PositiveInt,
    globalPosition: PositiveInt,
    type: t.string,
    schemaVersion: PositiveInt,
    data: JsonValueCodec,
    metadata: EventMetadataCodec,
    prevHash: Sha256Hex,
    hash: Sha256Hex,
  }),
  "StoredEvent",
);
export type StoredEvent = t.TypeOf<typeof StoredEventCodec>;

/** The head of a stream: its last version and the hash of its last event. */
export interface StreamHead {
  readonly streamId: string;
  readonly version: number;
  readonly hash: string;
}
