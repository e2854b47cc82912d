import type { KeyObject } from "node:crypto";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import type { StoredEvent } from "../envelope/envelope.js";
import { StoredEventCorruptedError } from "../eventStore/errors.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { ChainVerifier } from "./chainVerifier.js";
import { checkpointSignatureValid, type SignedCheckpoint } from "./checkpoint.js";
import type { IntegrityFailure, VerificationSummary } from "./integrityFailure.js";
import { isVerifiableAsText, type VerifiableAsText } from "./storedText.js";
import { verificationSourceOf } from "./verificationSource.js";

export type VerificationResult = Either<IntegrityFailure, VerificationSummary>;

export interface CheckpointToVerify {
  readonly checkpoint: SignedCheckpoint;
  /** The key the auditor trusts, obtained out of band; never the one embedded in the checkpoint. */
  readonly publicKey: KeyObject;
}

/** Verifies one stream's chain from its first event to its head. */
export const verifyStream = async (given: EventStore, streamId: string): Promise<VerificationResult> => {
  const store = verificationSourceOf(given);
  const verifier = new ChainVerifier();
  let headPosition = 0;
  const failure = await walk(store.readStream(streamId), verifier, (_id, _version, globalPosition) => {
    headPosition = Math.max(headPosition, globalPosition);
    return undefined;
  });
  if (failure) return left(failure);
  const link = verifier.link(streamId);
  return right({
    streams: link ? 1 : 0,
    events: verifier.events,
    headPosition,
    checkpointVerified: false,
  });
};

/**
 * Verifies every stream's chain in one pass over the global log, reporting the first broken link. With
 * a signed checkpoint it also proves that every stream the checkpoint saw still reaches at least the
 * head it had then, with the same hash: a truncated or removed stream, or a rewritten history whose
 * hashes were all recomputed, no longer matches what was signed.
 */
export const verifyStore = async (
  given: EventStore,
  options: { readonly checkpoint?: CheckpointToVerify } = {},
): Promise<VerificationResult> => {
  const store = verificationSourceOf(given);
  const signed = options.checkpoint;
  if (signed && !checkpointSignatureValid(signed.checkpoint, signed.publicKey)) {
    return left({
      kind: "CheckpointSignatureInvalid",
      message:
        "the checkpoint's signature does not verify with the trusted public key; it was altered or signed by another key",
    });
  }
  const expected = new Map(signed?.checkpoint.body.streams.map((head) => [head.streamId, head]));
  const verifier = new ChainVerifier();
  let headPosition = 0;
  const againstCheckpoint: CheckEach = (streamId, streamVersion, globalPosition, hash) => {
    headPosition = globalPosition;
    if (expected.size === 0) return undefined;
    const head = expected.get(streamId);
    if (head && head.version === streamVersion && head.hash !== hash) {
      return {
        kind: "HeadChanged",
        streamId,
        streamVersion,
        message: `${streamId}@${streamVersion}: hash differs from the signed checkpoint; history up to here was rewritten`,
      } as const;
    }
    return undefined;
  };
  const failure = isVerifiableAsText(store)
    ? await walkText(store, verifier, againstCheckpoint)
    : await walk(store.readAll(), verifier, againstCheckpoint);
  if (failure) return left(failure);

  if (signed) {
    const position = signed.checkpoint.body.globalPosition;
    for (const head of signed.checkpoint.body.streams) {
      const link = verifier.link(head.streamId);
      if (!link)
        return left({
          kind: "StreamMissing",
          streamId: head.streamId,
          streamVersion: head.version,
          message: `${head.streamId}: the checkpoint saw it at version ${head.version}, but it is gone`,
        });
      if (link.version < head.version)
        return left({
          kind: "StreamTruncated",
          streamId: head.streamId,
          streamVersion: link.version,
          message: `${head.streamId}: ends at version ${link.version}, but the checkpoint saw version ${head.version}`,
        });
    }
    if (headPosition < position)
      return left({
        kind: "PositionRegressed",
        message: `the log ends at global position ${headPosition}, but the checkpoint saw position ${position}`,
      });
  }
  return right({
    streams: verifier.streams,
    events: verifier.events,
    headPosition,
    checkpointVerified: signed !== undefined,
  });
};

/** A check made of every event once its chain link is sound (here: against the signed checkpoint). */
type CheckEach = (
  streamId: string,
  streamVersion: number,
  globalPosition: number,
  hash: string,
) => IntegrityFailure | undefined;

/** The fast path: hash the stored texts page by page (see `VerifiableAsText`). */
const walkText = async (
  store: VerifiableAsText,
  verifier: ChainVerifier,
  extra: CheckEach,
): Promise<IntegrityFailure | undefined> => {
  try {
    for await (const page of store.readAllText({})) {
      for (const row of page) {
        let verdict = verifier.checkText(row);
        if (verdict === "decode") {
          const decoded = await store.eventAt(Number(row[0]));
          if (!decoded) continue; // removed between the two reads: not part of this pass
          verdict =
            verifier.check(decoded) ??
            extra(decoded.streamId, decoded.streamVersion, decoded.globalPosition, decoded.hash);
          if (verdict) return verdict;
          continue;
        }
        // checkText passed, so the row's fields have their types.
        const failure =
          verdict ?? extra(row[1] as string, row[2] as number, row[0] as number, row[4] as string);
        if (failure) return failure;
      }
    }
    return undefined;
  } catch (error) {
    return corruptEventFailure(error);
  }
};

const walk = async (
  events: AsyncIterable<StoredEvent>,
  verifier: ChainVerifier,
  extra: CheckEach | undefined,
): Promise<IntegrityFailure | undefined> => {
  try {
    for await (const event of events) {
      const failure =
        verifier.check(event) ??
        extra?.(event.streamId, event.streamVersion, event.globalPosition, event.hash);
      if (failure) return failure;
    }
    return undefined;
  } catch (error) {
    return corruptEventFailure(error);
  }
};

/** A row the store could not read is the verdict for that row; any other error is not ours to judge. */
const corruptEventFailure = (error: unknown): IntegrityFailure => {
  if (!(error instanceof StoredEventCorruptedError)) throw error;
  return {
    kind: "CorruptEvent",
    streamId: error.streamId,
    streamVersion: error.streamVersion,
    message: error.message,
  };
};
