import type { StoredEvent } from "../envelope/envelope.js";

/**
 * One event as a store keeps it, reduced to what verification needs: its place in its stream, its
 * links, and the exact text its hash covers (the previous hash followed by the canonical JSON of the
 * content), assembled by the store from the stored columns. A tuple, not an object: verification
 * reads hundreds of thousands of them and a driver can hand them over as raw rows without building
 * one object each. Typed loosely: a store cannot vouch for what someone wrote into its file.
 */
export type ChainedText = readonly [
  globalPosition: unknown,
  streamId: unknown,
  streamVersion: unknown,
  prevHash: unknown,
  hash: unknown,
  hashedText: unknown,
];

/**
 * A store that keeps data and metadata as the canonical JSON texts the hashes cover (SQLite,
 * PostgreSQL) can hand its log to verification as text: the hash is computed over the stored bytes
 * directly, with no parsing and no re-serialising, one await per page. A row whose text does not hash
 * is read again through `eventAt` and checked the ordinary way, which tells a corrupt row from a
 * changed one, and accepts a row whose JSON was only reformatted.
 */
export interface VerifiableAsText {
  /**
   * Pages of the log in global order, after a position (exclusive) and up to another (inclusive; no
   * bound when absent).
   */
  readAllText(options: {
    readonly after?: number;
    readonly upTo?: number;
  }): AsyncIterable<readonly ChainedText[]>;
  /** The event at a global position, decoded as `readAll` would (throws `StoredEventCorruptedError`). */
  eventAt(globalPosition: number): Promise<StoredEvent | undefined>;
  /**
   * Optional: how a worker thread opens a reader of its own on the same log, so that `verifyStore` can
   * verify ranges of it side by side. Undefined when no other thread can reach the log (an in-memory
   * database).
   */
  textReaderForWorkers?(): TextReaderSpec | undefined;
}

/** Where a worker thread finds a store's text reader, and what it opens it with. */
export interface TextReaderSpec {
  /** URL of an ES module that exports `openTextReader(options): TextReader | Promise<TextReader>`. */
  readonly module: string;
  /** Handed to `openTextReader` in the worker: plain data (it is structured-cloned). */
  readonly options: unknown;
}

/** A read-only view of a store's log, opened in a worker thread and closed when the worker is done. */
export interface TextReader extends VerifiableAsText {
  close(): void | Promise<void>;
}

/** The export of a `TextReaderSpec.module`. */
export type OpenTextReader = (options: unknown) => TextReader | Promise<TextReader>;

export const isVerifiableAsText = (store: object): store is VerifiableAsText =>
  typeof (store as Partial<VerifiableAsText>).readAllText === "function" &&
  typeof (store as Partial<VerifiableAsText>).eventAt === "function";
