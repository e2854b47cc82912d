import type { ExpectedVersion } from "./expectedVersion.js";

/** Expected: another writer got there first. The command handler re-decides on fresh state. */
export interface WrongExpectedVersion {
  readonly kind: "WrongExpectedVersion";
  readonly streamId: string;
  readonly expected: ExpectedVersion;
  /** The stream's version when the append was refused (0 = no stream). */
  readonly actual: number;
  readonly message: string;
}

/**
 * Expected: event ids that were written before, but not as this exact batch at the end of this
 * stream's earlier append (another stream, another order, or only some of them).
 */
export interface EventIdConflict {
  readonly kind: "EventIdConflict";
  readonly streamId: string;
  readonly eventId: string;
  readonly message: string;
}

export type AppendError = WrongExpectedVersion | EventIdConflict;

export const wrongExpectedVersion = (
  streamId: string,
  expected: ExpectedVersion,
  actual: number,
): WrongExpectedVersion => ({
  kind: "WrongExpectedVersion",
  streamId,
  expected,
  actual,
  message: `stream ${streamId} is at version ${actual}, expected ${String(expected)}`,
});

/** A bug in the caller: a malformed append that no retry can fix. Thrown, never returned. */
export class InvalidAppendError extends Error {
  override readonly name = "InvalidAppendError";
}

/**
 * Broken infrastructure or tampering: a stored row that cannot be read back as an event. Names the
 * stream and version so an operator can find it; never quotes the row, which may hold ciphertext or
 * worse.
 */
export class StoredEventCorruptedError extends Error {
  override readonly name = "StoredEventCorruptedError";
  constructor(
    readonly streamId: string,
    /** Undefined when the version column itself is unreadable; `globalPosition` then locates the row. */
    readonly streamVersion: number | undefined,
    readonly reason: string,
    readonly globalPosition?: number,
  ) {
    const where =
      streamVersion === undefined
        ? `${streamId} at global position ${globalPosition ?? "?"}`
        : `${streamId}@${streamVersion}`;
    super(`stored event ${where} is corrupt: ${reason}`);
  }
}
