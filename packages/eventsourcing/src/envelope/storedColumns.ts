import { failingPaths } from "../codecs/decodeError.js";
import { StoredEventCorruptedError } from "../eventStore/errors.js";
import { type StoredEvent, StoredEventCodec } from "./envelope.js";

/**
 * An event as a relational store keeps it, one column a field, with data and metadata as JSON text.
 * Typed loosely: the table may hold anything an operator or a disk fault put there.
 */
export interface StoredEventColumns {
  readonly global_position: unknown;
  readonly event_id: unknown;
  readonly stream_id: unknown;
  readonly stream_version: unknown;
  readonly type: unknown;
  readonly schema_version: unknown;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly prev_hash: unknown;
  readonly hash: unknown;
}

/** The column list, in the order of `StoredEventColumns`. */
export const STORED_EVENT_COLUMNS =
  "global_position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash";

/** How a driver's integer column becomes a number: undefined when it is not one a number holds exactly. */
export type IntegerColumn = (value: unknown) => number | undefined;

const numberColumn: IntegerColumn = (value) => (typeof value === "number" ? value : undefined);

/**
 * Turns a row into a StoredEvent, or throws StoredEventCorruptedError. Nothing in the row is trusted:
 * both JSON columns are parsed and the whole envelope goes through the kernel's codec (the cheap `is`
 * first; the full decode only to name what is wrong). The error names the stream, the version (or the
 * global position when the version itself is broken) and the failing fields, never a value: data may
 * be ciphertext or personal data, and even JSON.parse's own message quotes its input, so it is dropped.
 */
export const decodeStoredEventColumns = (
  row: StoredEventColumns,
  integer: IntegerColumn = numberColumn,
): StoredEvent => {
  const streamId = typeof row.stream_id === "string" ? row.stream_id : String(row.stream_id);
  const streamVersion = integer(row.stream_version);
  const globalPosition = integer(row.global_position);
  const corrupt = (reason: string) =>
    new StoredEventCorruptedError(streamId, streamVersion, reason, globalPosition);

  const data = parseJsonColumn(row.data);
  if (!data.ok) throw corrupt(`the data column ${data.why}`);
  const metadata = parseJsonColumn(row.metadata);
  if (!metadata.ok) throw corrupt(`the metadata column ${metadata.why}`);

  const candidate = {
    id: row.event_id,
    streamId: row.stream_id,
    streamVersion,
    globalPosition,
    type: row.type,
    schemaVersion: integer(row.schema_version),
    data: data.value,
    metadata: metadata.value,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (StoredEventCodec.is(candidate)) return candidate;
  const decoded = StoredEventCodec.decode(candidate);
  if (decoded._tag === "Left") throw corrupt(`invalid fields: ${failingPaths(decoded.left, "").join(", ")}`);
  return decoded.right;
};

type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly why: string };

const parseJsonColumn = (text: unknown): Parsed => {
  if (typeof text !== "string") return { ok: false, why: "is not text" };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, why: "is not valid JSON" };
  }
};
