import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  isCommandError,
  NotLeaderError,
  StreamDeletedError,
  TimeoutError,
  UnavailableError,
} from "@eventstore/db-client";

/** Why a call to EventStoreDB failed, as far as the store port's callers need to know. */
export type EventStoreDbFailure =
  | "unavailable"
  | "not-leader"
  | "deadline-exceeded"
  | "stream-deleted"
  | "access-denied"
  | "cancelled"
  | "position-out-of-range"
  | "unexpected-reply"
  | "unknown";

/**
 * Infrastructure failure talking to EventStoreDB: thrown, never returned as a Left, because no
 * re-decided command can fix it. `retryable` says whether the same call may succeed later; an append
 * is always safe to retry with the same events, because their ids make it idempotent. Messages name
 * the operation and the stream, never event data. The client's own error is kept as `cause`.
 */
export class EventStoreDbError extends Error {
  override readonly name: string = "EventStoreDbError";
  constructor(
    readonly failure: EventStoreDbFailure,
    message: string,
    readonly retryable: boolean,
    options: { readonly cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** No connection, or the node is not ready. The client reconnects on the next call. */
export class EventStoreDbUnavailableError extends EventStoreDbError {
  override readonly name = "EventStoreDbUnavailableError";
  constructor(operation: string, cause?: unknown) {
    super("unavailable", `EventStoreDB is unavailable (${operation})`, true, { cause });
  }
}

/**
 * The node is a follower and the call needs the leader (every call on the append path does). The
 * client switches to `leader` on the next call, so a retry goes to the right node.
 */
export class EventStoreDbNotLeaderError extends EventStoreDbError {
  override readonly name = "EventStoreDbNotLeaderError";
  constructor(
    operation: string,
    readonly leader: { readonly address: string; readonly port: number } | undefined,
    cause?: unknown,
  ) {
    const where = leader ? `; the leader is ${leader.address}:${leader.port}` : "";
    super("not-leader", `EventStoreDB node is not the leader (${operation})${where}`, true, { cause });
  }
}

/**
 * The call ran out of time. For an append the outcome is unknown: the events may or may not have
 * been written. Retrying the append with the same events settles it (an idempotent replay if they
 * were written).
 */
export class EventStoreDbDeadlineExceededError extends EventStoreDbError {
  override readonly name = "EventStoreDbDeadlineExceededError";
  constructor(operation: string, cause?: unknown) {
    const unknown =
      operation === "append" || operation === "import" ? "; whether it was written is unknown" : "";
    super("deadline-exceeded", `EventStoreDB deadline exceeded (${operation})${unknown}`, true, { cause });
  }
}

/**
 * The stream was deleted (tombstoned) by an operator. The library never deletes streams (erasure is
 * crypto-shredding, which keeps the chain); a deleted stream cannot be written again and its history
 * is gone from the stream's point of view, so this is reported, not papered over.
 */
export class EventStoreDbStreamDeletedError extends EventStoreDbError {
  override readonly name = "EventStoreDbStreamDeletedError";
  constructor(
    readonly streamId: string,
    operation: string,
    cause?: unknown,
  ) {
    super("stream-deleted", `stream ${streamId} was deleted in EventStoreDB (${operation})`, false, {
      cause,
    });
  }
}

/** A log position that does not fit a JavaScript number (2^53 bytes of log, about 9 PB). */
export class GlobalPositionOutOfRangeError extends EventStoreDbError {
  override readonly name = "GlobalPositionOutOfRangeError";
  constructor(readonly position: bigint) {
    super(
      "position-out-of-range",
      `EventStoreDB log position ${position} is beyond 2^53 - 1, the largest global position the kernel can hold`,
      false,
    );
  }
}

/**
 * Maps an error from `@eventstore/db-client` to a typed store error. Anything that is not a client
 * error (a bug, a kernel error, one of ours) is returned unchanged.
 */
export const toStoreError = (error: unknown, operation: string, streamId?: string): unknown => {
  if (error instanceof EventStoreDbError) return error;
  if (error instanceof UnavailableError) return new EventStoreDbUnavailableError(operation, error);
  if (error instanceof NotLeaderError) return new EventStoreDbNotLeaderError(operation, error.leader, error);
  // DEADLINE_EXCEEDED is the client's deadline; ABORTED ("Operation timed out") the server's own commit
  // timeout. Either way the outcome of a write is unknown.
  if (error instanceof DeadlineExceededError || error instanceof TimeoutError)
    return new EventStoreDbDeadlineExceededError(operation, error);
  if (error instanceof StreamDeletedError)
    return new EventStoreDbStreamDeletedError(streamId ?? error.streamName ?? "?", operation, error);
  if (error instanceof AccessDeniedError)
    return new EventStoreDbError("access-denied", `EventStoreDB denied access (${operation})`, false, {
      cause: error,
    });
  if (error instanceof CancelledError)
    return new EventStoreDbError("cancelled", `EventStoreDB cancelled the call (${operation})`, true, {
      cause: error,
    });
  if (error instanceof Error && isCommandError(error))
    return new EventStoreDbError("unknown", `EventStoreDB call failed (${operation}): ${error.type}`, false, {
      cause: error,
    });
  return error;
};

/** Failures after which the same call (a re-subscription from the last position seen) may succeed. */
export const isTransient = (error: unknown): boolean => error instanceof EventStoreDbError && error.retryable;
