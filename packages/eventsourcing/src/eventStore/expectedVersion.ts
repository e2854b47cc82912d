/**
 * The optimistic-concurrency vocabulary of EventStoreDB and Emmett. A number is the exact version the
 * stream must be at (0 = the stream must not exist yet).
 */
export const ANY = "any" as const;
export const NO_STREAM = "no_stream" as const;
export const STREAM_EXISTS = "stream_exists" as const;

export type ExpectedVersion = typeof ANY | typeof NO_STREAM | typeof STREAM_EXISTS | number;

/** Whether a stream currently at `actual` (0 = absent) satisfies `expected`. */
export const satisfies = (expected: ExpectedVersion, actual: number): boolean => {
  switch (expected) {
    case ANY:
      return true;
    case NO_STREAM:
      return actual === 0;
    case STREAM_EXISTS:
      return actual > 0;
    default:
      return expected === actual;
  }
};

/** A caller's bug (a typo, a negative or fractional version) is refused, not reported as a conflict forever. */
export const isExpectedVersion = (value: unknown): value is ExpectedVersion =>
  value === ANY ||
  value === NO_STREAM ||
  value === STREAM_EXISTS ||
  (typeof value === "number" && Number.isSafeInteger(value) && value >= 0);
