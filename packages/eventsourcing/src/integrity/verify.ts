import type { KeyObject } from "node:crypto";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import type { StoredEvent } from "../envelope/envelope.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { ChainVerifier } from "./chainVerifier.js";
import { checkpointSignatureValid, type SignedCheckpoint } from "./checkpoint.js";
import type { IntegrityFailure, VerificationSummary } from "./integrityFailure.js";
import { type ParallelVerification, parallelPlan, verifyInParallel } from "./parallelVerify.js";
import {
  isVerifiableAsText,
  type OpenTextReader,
  type TextReader,
  type VerifiableAsText,
} from "./storedText.js";
import {
  againstHeads,
  type CheckEach,
  corruptEventFailure,
  type ExpectedHeads,
  walkText,
} from "./textWalk.js";
import { verificationSourceOf } from "./verificationSource.js";

export type VerificationResult = Either<IntegrityFailure, VerificationSummary>;

export interface CheckpointToVerify {
  readonly checkpoint: SignedCheckpoint;
  /** The key the auditor trusts, obtained out of band; never the one embedded in the checkpoint. */
  readonly publicKey: KeyObject;
}

export interface VerifyStoreOptions {
  /** A signed checkpoint to check the log against as well (see `createCheckpoint`). */
  readonly checkpoint?: CheckpointToVerify;
  /**
   * Whether ranges of the log are verified side by side in worker threads, over a store that lets
   * other threads read its log (SQLite; see `VerifiableAsText.textReaderForWorkers`). On by default,
   * for logs of 50,000 events or more on a machine with more than one core free (see
   * `ParallelVerification.threads`); `false` verifies on this thread alone. The verdict is the same
   * either way, the first broken link in global order included.
   */
  readonly parallel?: boolean | ParallelVerification;
  /** Called now and then with the number of events verified so far, in global order. */
  readonly onProgress?: (events: number) => void;
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
  options: VerifyStoreOptions = {},
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
  const expected: ExpectedHeads = new Map(
    signed?.checkpoint.body.streams.map((head) => [head.streamId, head]),
  );
  const pass = await verifyLog(store, expected, options);
  if (pass.failure) return left(pass.failure);
  const { verifier, headPosition } = pass;

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

interface LogPass {
  /** The first broken link in global order, if any. */
  readonly failure?: IntegrityFailure;
  /** Every stream's head as verified. */
  readonly verifier: ChainVerifier;
  /** Global position of the last event verified. */
  readonly headPosition: number;
}

const PROGRESS_EVERY = 500;

/**
 * One pass over the whole log: from the stored texts where the store offers them, in worker threads
 * where it also lets them read and the log is large enough, else from `readAll`.
 */
const verifyLog = async (
  store: EventStore,
  expected: ExpectedHeads,
  options: VerifyStoreOptions,
): Promise<LogPass> => {
  const { onProgress } = options;
  const verifier = new ChainVerifier();
  if (!isVerifiableAsText(store)) {
    let headPosition = 0;
    const heads = againstHeads(expected);
    const failure = await walk(store.readAll(), verifier, (streamId, streamVersion, globalPosition, hash) => {
      headPosition = globalPosition;
      if (onProgress && verifier.events % PROGRESS_EVERY === 0) onProgress(verifier.events);
      return heads?.(streamId, streamVersion, globalPosition, hash);
    });
    if (failure) return { failure, verifier, headPosition };
    onProgress?.(verifier.events);
    return { verifier, headPosition };
  }

  // This thread reads through a reader of its own where the store offers one (as the workers do): a
  // read-only connection sized for one scan, leaving the store's own connection and its cache alone.
  const own = await openOwnReader(store);
  const reader = own ?? store;
  try {
    if (options.parallel !== false) {
      const plan = await parallelPlan(store, typeof options.parallel === "object" ? options.parallel : {});
      if (plan) {
        const pass = await verifyInParallel(reader, plan, expected, onProgress);
        if (pass !== "unavailable") return pass;
        process.emitWarning(
          "a verification worker could not do its part; the log is verified on one thread",
          {
            code: "PRIVACY_LEDGER_VERIFY_ONE_THREAD",
          },
        );
      }
    }
    const walked = await walkText(
      reader,
      verifier,
      againstHeads(expected),
      { after: 0 },
      onProgress && (() => onProgress(verifier.events)),
    );
    return walked.failure
      ? { failure: walked.failure, verifier, headPosition: walked.lastPosition }
      : { verifier, headPosition: walked.lastPosition };
  } finally {
    await own?.close();
  }
};

/** The store's worker reader, opened on this thread; undefined when it has none or it cannot be opened here. */
const openOwnReader = async (store: VerifiableAsText): Promise<TextReader | undefined> => {
  const spec = store.textReaderForWorkers?.();
  if (!spec) return undefined;
  try {
    const { openTextReader } = (await import(spec.module)) as { openTextReader: OpenTextReader };
    return await openTextReader(spec.options);
  } catch {
    return undefined; // the store's own reads will do
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
