import type { Either } from "fp-ts/lib/Either.js";
import type { NewEvent, StoredEvent, StreamHead } from "../envelope/envelope.js";
import type { AppendError } from "./errors.js";
import type { ExpectedVersion } from "./expectedVersion.js";

export interface AppendOptions {
  /** Defaults to `any`. */
  readonly expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append: pass it as the exact expected version next time. */
  readonly nextExpectedVersion: number;
  /** Global positions of the appended events, in order. */
  readonly globalPositions: readonly number[];
  /** True when every event id was already stored as this batch: nothing was written again. */
  readonly idempotentReplay: boolean;
}

export interface ReadStreamOptions {
  readonly direction?: "forwards" | "backwards";
  /** First version to read (inclusive). Defaults to the first event forwards, the last backwards. */
  readonly fromVersion?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events after this global position (exclusive). 0, the default, reads from the start. */
  readonly after?: number;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Resume after this global position (exclusive); 0 catches up from the start. */
  readonly after?: number;
  /** Ends the subscription; the iterator then completes normally. */
  readonly signal?: AbortSignal;
}

/**
 * The store port. Every adapter (in-memory, SQLite, PostgreSQL, EventStoreDB) passes the same
 * conformance suite. Reads are async iterables that page through the store: they never load a whole
 * store, or a whole stream, into memory. A read of a stream that does not exist yields nothing.
 * Every read yields fresh objects: a caller may keep or change what it read without changing what the
 * store, or another reader, holds.
 */
export interface EventStore {
  append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<Either<AppendError, AppendResult>>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  /** Catches up from a position, then follows new events live until the signal aborts. */
  subscribe(options?: SubscribeOptions): AsyncIterable<StoredEvent>;
  /** The head of one stream, or undefined when it does not exist. */
  streamHead(streamId: string): Promise<StreamHead | undefined>;
  /** The heads of all streams, ordered by stream id. */
  streamHeads(): AsyncIterable<StreamHead>;
  /** The global position of the last stored event (0 when empty). */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}
