import { type StoredEvent, StoredEventCodec, type StreamHead } from "../envelope/envelope.js";
import { GENESIS_HASH, recomputeHash } from "../integrity/hashChain.js";
import { unstorableText } from "./appendPlan.js";
import type { EventStore } from "./eventStore.js";
import { assertValidStreamId } from "./streamId.js";

/**
 * A store that can take events exactly as another store holds them: same ids, versions, metadata
 * (recordedAt included) and hashes. It is how a history moves between stores without a single hash
 * changing; only global positions are assigned anew, and they are not part of the chain.
 */
export interface HistoryImport {
  /**
   * Writes the events in order, all or nothing. Each must extend its stream's chain in this store
   * (next version, previous hash = current head hash, hash recomputable); otherwise nothing is
   * written and `HistoryImportRejected` is thrown.
   */
  importEvents(events: readonly StoredEvent[]): Promise<void>;
}

export type ImportingEventStore = EventStore & HistoryImport;

/** An imported event that does not extend its chain: named by stream and version, never by content. */
export class HistoryImportRejected extends Error {
  override readonly name = "HistoryImportRejected";
  constructor(
    readonly streamId: string,
    readonly streamVersion: number,
    reason: string,
  ) {
    super(`cannot import ${streamId}@${streamVersion}: ${reason}`);
  }
}

/**
 * Checks that `event` extends the chain whose head is `head` (undefined = no stream yet). Adapters call
 * it inside their write transaction, after reading the head under their lock.
 */
export const assertExtendsChain = (
  head: Omit<StreamHead, "streamId"> | undefined,
  event: StoredEvent,
): void => {
  // Events come from another store, which may hold what this one cannot: checked as strictly as a read.
  if (!StoredEventCodec.is(event)) {
    const { streamId, streamVersion } = event as { streamId?: unknown; streamVersion?: unknown };
    throw new HistoryImportRejected(
      String(streamId),
      Number(streamVersion),
      "it is not a well-formed stored event",
    );
  }
  assertValidStreamId(event.streamId);
  const version = head?.version ?? 0;
  const reject = (why: string) => new HistoryImportRejected(event.streamId, event.streamVersion, why);
  const unstorable = unstorableText(event);
  if (unstorable) throw reject(unstorable);
  if (event.streamVersion !== version + 1) throw reject(`the stream is at version ${version} here`);
  if (event.prevHash !== (head?.hash ?? GENESIS_HASH))
    throw reject("its previous hash is not the hash of this store's head of the stream");
  if (recomputeHash(event) !== event.hash) throw reject("its hash does not match its content");
};

export interface CopyProgress {
  readonly events: number;
  readonly lastPosition: number;
}

/**
 * Copies the whole history of `source` into `target` in global order, in batches, keeping every hash.
 * Resumable: pass `after` = the last source position copied. Returns how far it got.
 */
export const copyHistory = async (
  source: EventStore,
  target: HistoryImport,
  options: { readonly after?: number; readonly batchSize?: number } = {},
): Promise<CopyProgress> => {
  const batchSize = options.batchSize ?? 500;
  let batch: StoredEvent[] = [];
  let events = 0;
  let lastPosition = options.after ?? 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await target.importEvents(batch);
    events += batch.length;
    lastPosition = batch[batch.length - 1]?.globalPosition ?? lastPosition;
    batch = [];
  };
  for await (const event of source.readAll({ after: lastPosition })) {
    batch.push(event);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { events, lastPosition };
};
