import { StoredEventCorruptedError } from "../eventStore/errors.js";
import { ChainVerifier, type OpenLink } from "./chainVerifier.js";
import type { IntegrityFailure } from "./integrityFailure.js";
import type { VerifiableAsText } from "./storedText.js";

/** A check made of every event once its chain link is sound (here: against the signed checkpoint). */
export type CheckEach = (
  streamId: string,
  streamVersion: number,
  globalPosition: number,
  hash: string,
) => IntegrityFailure | undefined;

/** The stream heads a signed checkpoint holds, by stream id. */
export type ExpectedHeads = ReadonlyMap<string, { readonly version: number; readonly hash: string }>;

/** HeadChanged for an event at a checkpointed head whose hash is not the signed one. */
export const againstHeads = (expected: ExpectedHeads): CheckEach | undefined =>
  expected.size === 0
    ? undefined
    : (streamId, streamVersion, _globalPosition, hash) => {
        const head = expected.get(streamId);
        if (head && head.version === streamVersion && head.hash !== hash) {
          return {
            kind: "HeadChanged",
            streamId,
            streamVersion,
            message: `${streamId}@${streamVersion}: hash differs from the signed checkpoint; history up to here was rewritten`,
          };
        }
        return undefined;
      };

/** A range of global positions: after (exclusive) up to (inclusive; no bound when absent). */
export interface PositionRange {
  readonly after: number;
  readonly upTo?: number;
}

export interface TextWalk {
  /** The first problem met, at `failedAt`; the walk stopped there. */
  readonly failure?: IntegrityFailure;
  readonly failedAt?: number;
  /** Global position of the last event verified. */
  readonly lastPosition: number;
}

/**
 * The fast path: hash the stored texts page by page (see `VerifiableAsText`). A row that does not hash
 * is read again through `eventAt` and checked the ordinary way.
 */
export const walkText = async (
  store: VerifiableAsText,
  verifier: ChainVerifier,
  extra: CheckEach | undefined,
  range: PositionRange,
  onPage?: () => void,
): Promise<TextWalk> => {
  let lastPosition = 0;
  let at = range.after;
  const upTo = range.upTo ?? Number.POSITIVE_INFINITY;
  try {
    for await (const page of store.readAllText(range)) {
      for (const row of page) {
        at = Number(row[0]);
        if (at > upTo) return { lastPosition }; // a store that does not bound its pages
        let verdict = verifier.checkText(row);
        if (verdict === "decode") {
          const decoded = await store.eventAt(at);
          if (!decoded) continue; // removed between the two reads: not part of this pass
          verdict =
            verifier.check(decoded) ??
            extra?.(decoded.streamId, decoded.streamVersion, decoded.globalPosition, decoded.hash);
        } else if (verdict === undefined && extra) {
          // checkText passed, so the row's fields have their types.
          verdict = extra(row[1] as string, row[2] as number, at, row[4] as string);
        }
        if (verdict) return { failure: verdict, failedAt: at, lastPosition };
        lastPosition = at;
      }
      onPage?.();
    }
    return { lastPosition };
  } catch (error) {
    return { failure: corruptEventFailure(error), failedAt: at, lastPosition };
  }
};

/** A row the store could not read is the verdict for that row; any other error is not ours to judge. */
export const corruptEventFailure = (error: unknown): IntegrityFailure => {
  if (!(error instanceof StoredEventCorruptedError)) throw error;
  return {
    kind: "CorruptEvent",
    streamId: error.streamId,
    streamVersion: error.streamVersion,
    message: error.message,
  };
};

/**
 * What verifying one range of the log found, without knowing the ranges before it: the first event of
 * each stream in the range is `open` (its link to the stream's previous event is checked by whoever
 * stitches the ranges in order); `heads` are the streams' last links in the range. Plain data, so a
 * worker thread can post it.
 */
export interface RangeOutcome {
  readonly events: number;
  readonly lastPosition: number;
  readonly open: readonly OpenLink[];
  readonly heads: ReadonlyArray<readonly [streamId: string, version: number, hash: string]>;
  readonly failure?: IntegrityFailure;
  readonly failedAt?: number;
}

export const verifyRange = async (
  store: VerifiableAsText,
  range: PositionRange,
  expected: ExpectedHeads,
): Promise<RangeOutcome> => {
  const open: OpenLink[] = [];
  const verifier = ChainVerifier.openStart(open);
  const walked = await walkText(store, verifier, againstHeads(expected), range);
  return walked.failure
    ? {
        events: verifier.events,
        lastPosition: walked.lastPosition,
        open,
        heads: [],
        failure: walked.failure,
        ...(walked.failedAt === undefined ? {} : { failedAt: walked.failedAt }),
      }
    : { events: verifier.events, lastPosition: walked.lastPosition, open, heads: verifier.heads() };
};

/**
 * Appends a range verified on its own to `verifier`, which has verified everything before it: the
 * range's open links are checked against the heads, in global order, up to its own first problem.
 * Returns what the sequential verifier would have reported first in this range, or undefined once the
 * range's heads have been taken over.
 */
export const stitchRange = (verifier: ChainVerifier, outcome: RangeOutcome): IntegrityFailure | undefined => {
  for (const open of outcome.open) {
    const failure = verifier.checkOpenLink(open);
    if (failure) return failure;
  }
  if (outcome.failure) return outcome.failure;
  verifier.adoptHeads(outcome.heads, outcome.events);
  return undefined;
};
