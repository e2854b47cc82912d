import {
  failingPaths,
  type StoredEvent,
  StoredEventCodec,
  StoredEventCorruptedError,
  type StreamHead,
} from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";

/**
 * The columns of `events` as the pg driver hands them back: BIGINT columns arrive as decimal strings
 * (pg does not turn int8 into a JavaScript number, which could lose precision), INTEGER as numbers,
 * TEXT as strings. Typed loosely: the table may hold anything an operator put there.
 */
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
 * An int8 (or int4) column as a JavaScript number, or undefined when it is not one that a number holds
 * exactly (beyond ±2^53 - 1). Versions and positions are counters, so in practice they stay far below
 * that; a value beyond it means a damaged row and is reported as such, never rounded.
 */
export const toSafeInteger = (value: unknown): number | undefined => {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === "string" && /^-?[0-9]{1,16}$/.test(value)) {
    const parsed = Number(value);
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  return undefined;
};

/**
 * Turns a row into a StoredEvent, or throws StoredEventCorruptedError. The table is outside the
 * library's control (an operator's UPDATE, a restore gone wrong), so nothing is trusted: both JSON
 * columns are parsed and the whole envelope goes through the kernel's codec. The error names the
 * stream, version and the failing fields, never a value: data may be ciphertext or personal data, and
 * even JSON.parse's own message quotes a piece of its input, so it is dropped.
 */
export const decodeEventRow = (row: EventRow): StoredEvent => {
  const streamId = typeof row.stream_id === "string" ? row.stream_id : String(row.stream_id);
  const streamVersion = toSafeInteger(row.stream_version);
  const globalPosition = toSafeInteger(row.global_position);
  // The global position locates the row even when the stream version itself is what is broken.
  const corrupt = (reason: string) =>
    new StoredEventCorruptedError(streamId, streamVersion, reason, globalPosition);

  const data = parseJsonColumn(row.data);
  if (!data.ok) throw corrupt(`the data column ${data.why}`);
  const metadata = parseJsonColumn(row.metadata);
  if (!metadata.ok) throw corrupt(`the metadata column ${metadata.why}`);

  const decoded = StoredEventCodec.decode({
    id: row.event_id,
    streamId: row.stream_id,
    streamVersion,
    globalPosition,
    type: row.type,
    schemaVersion: toSafeInteger(row.schema_version),
    data: data.value,
    metadata: metadata.value,
    prevHash: row.prev_hash,
    hash: row.hash,
  });
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

/** A row of `streams`. */
export interface HeadRow {
  readonly stream_id: unknown;
  readonly version: unknown;
  readonly hash: unknown;
}

/** The head table is as exposed to tampering as the log; a malformed row is reported, not passed on. */
export const decodeHeadRow = (row: HeadRow): StreamHead => {
  const { stream_id: streamId, hash } = row;
  const version = toSafeInteger(row.version);
  if (typeof streamId !== "string" || version === undefined || version < 1 || typeof hash !== "string")
    throw new Error(`the head row of stream ${String(streamId)} is corrupt`);
  return { streamId, version, hash };
};
