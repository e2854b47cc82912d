import {
  decodeStoredEventColumns,
  STORED_EVENT_COLUMNS,
  type StoredEvent,
  type StoredEventColumns,
} from "@privacy-ledger/eventsourcing";

/** The columns of `events` as better-sqlite3 hands them back (INTEGER columns as numbers). */
export type EventRow = StoredEventColumns;

/** The column list every read selects, in the order of `EventRow`. */
export const EVENT_COLUMNS = STORED_EVENT_COLUMNS;

/** A row as a StoredEvent, or `StoredEventCorruptedError` naming stream, version and cause (kernel rules). */
export const decodeEventRow = (row: EventRow): StoredEvent => decodeStoredEventColumns(row);
