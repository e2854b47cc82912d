import {
  decodeStoredEventColumns,
  STORED_EVENT_COLUMNS,
  type StoredEvent,
  type StoredEventColumns,
  type StreamHead,
} from "@privacy-ledger/eventsourcing";

/**
 * The columns of `events` as the pg driver hands them back: BIGINT columns arrive as decimal strings
 * (pg does not turn int8 into a JavaScript number, which could lose precision), INTEGER as numbers,
 * TEXT as strings.
 */
export type EventRow = StoredEventColumns;

/** The column list every read selects, in the order of `EventRow`. */
export const EVENT_COLUMNS = STORED_EVENT_COLUMNS;

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

/** A row as a StoredEvent (kernel rules), its int8 columns converted exactly or reported as corrupt. */
export const decodeEventRow = (row: EventRow): StoredEvent => decodeStoredEventColumns(row, toSafeInteger);

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
