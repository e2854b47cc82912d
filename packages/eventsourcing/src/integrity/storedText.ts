import type { StoredEvent } from "../envelope/envelope.js";

/**
 * An event as a store keeps it on disk: data and metadata as the JSON texts stored, not yet parsed.
 * Typed loosely where a store cannot vouch for its columns: verification checks what it needs.
 */
export interface StoredEventText {
  readonly id: unknown;
  readonly streamId: unknown;
  readonly streamVersion: unknown;
  readonly globalPosition: unknown;
  readonly type: unknown;
  readonly schemaVersion: unknown;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly prevHash: unknown;
  readonly hash: unknown;
}

/**
 * A store that keeps data and metadata as the canonical JSON texts the hashes cover (SQLite,
 * PostgreSQL) can offer its log as text, so verification hashes the stored bytes directly: no
 * parsing, no re-serialising, one await per page. A row whose text does not hash is decoded the
 * ordinary way to tell a corrupt row from a changed one.
 */
export interface VerifiableAsText {
  /** Pages of the log in global order, after a position (exclusive). */
  readAllText(options: { readonly after?: number }): AsyncIterable<readonly StoredEventText[]>;
  /** Decodes one row as `readAll` would, throwing `StoredEventCorruptedError` when it cannot. */
  decodeText(row: StoredEventText): StoredEvent;
}

export const isVerifiableAsText = (store: object): store is VerifiableAsText =>
  typeof (store as Partial<VerifiableAsText>).readAllText === "function" &&
  typeof (store as Partial<VerifiableAsText>).decodeText === "function";
