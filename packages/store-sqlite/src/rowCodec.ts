import {
  failingPaths,
  type StoredEvent,
  StoredEventCodec,
  StoredEventCorruptedError,
} from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";

/** The columns of `events` as SQLite hands them back. Typed loosely: the file may hold anything. */
export interface EventRow {
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

/** The column list every read selects, in the order of `EventRow`. */
export const EVENT_COLUMNS =
  "global_position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash";

/**
 * Turns a row into a StoredEvent, or throws StoredEventCorruptedError. The file is outside the
 * library's control (a disk fault, an operator's UPDATE), so nothing is trusted: both JSON columns are
 * parsed and the whole envelope goes through the kernel's codec. The error names the stream, version
 * and the failing fields, never a value: data may be ciphertext or personal data, and even
 * JSON.parse's own message quotes a piece of its input, so it is dropped.
 */
export const decodeEventRow = (row: EventRow): StoredEvent => {
  const streamId = typeof row.stream_id === "string" ? row.stream_id : String(row.stream_id);
  const streamVersion = typeof row.stream_version === "number" ? row.stream_version : undefined;
  const globalPosition = typeof row.global_position === "number" ? row.global_position : undefined;
  // The global position locates the row even when the stream version itself is what is broken.
  const corrupt = (reason: string) =>
    new StoredEventCorruptedError(streamId, streamVersion, reason, globalPosition);

  const data = parseJsonColumn(row.data);
  if (!data.ok) throw corrupt(`the data column ${data.why}`);
  const metadata = parseJsonColumn(row.metadata);
  if (!metadata.ok) throw corrupt(`the metadata column ${metadata.why}`);

  const candidate = {
    id: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: row.global_position,
    type: row.type,
    schemaVersion: row.schema_version,
    data: data.value,
    metadata: metadata.value,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  // The cheap check first; the full decode only to name what is wrong.
  if (StoredEventCodec.is(candidate)) return candidate;
  const decoded = StoredEventCodec.decode(candidate);
  if (isLeft(decoded)) throw corrupt(`invalid fields: ${failingPaths(decoded.left, "").join(", ")}`);
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
