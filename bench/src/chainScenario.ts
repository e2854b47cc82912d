import { chainBatch, GENESIS_HASH } from "@privacy-ledger/eventsourcing";
import { batchAt, streamIds } from "./fixture.js";
import { peakRssBytes, type ScenarioResult, type ScenarioSpec, Stopwatch } from "./harness.js";

/**
 * The hash chain's cost, alone. The store cannot append without chaining (by design there is no switch),
 * so its cost is shown by timing the kernel's public `chainBatch` on the very events and batches the
 * append scenarios write: each stream's head carried from batch to batch as the store does, one
 * `recordedAt` per batch. `chainBatch` canonicalises data and metadata (the texts the store then stores
 * as they are), builds the hashed text and takes SHA-256 of it. The raw inserts serialise with
 * `JSON.stringify` instead, so that is timed too on the same events: chaining minus stringify is what the
 * chain adds over plain serialisation.
 */
export const chainAlone = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const streams = streamIds(spec.streams);
  const heads = new Map<string, { version: number; hash: string }>();
  const chaining = new Stopwatch();
  const stringify = new Stopwatch();
  let bytes = 0;
  globalThis.gc?.();
  for (let first = 0, batch = 0; first < spec.events; first += spec.batchSize, batch += 1) {
    const streamId = streams[batch % streams.length] as string;
    const events = batchAt(first, Math.min(spec.batchSize, spec.events - first));
    const recordedAt = new Date().toISOString();
    const head = heads.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
    const chained = chaining.timeSync(() => chainBatch(streamId, head, events, recordedAt));
    const last = chained.at(-1);
    if (last) heads.set(streamId, { version: last.streamVersion, hash: last.hash });
    stringify.timeSync(() => {
      for (const event of events)
        bytes += JSON.stringify(event.data).length + JSON.stringify({ ...event.metadata, recordedAt }).length;
    });
  }
  if (bytes === 0) throw new Error("nothing was serialised");
  return {
    spec,
    events: spec.events,
    seconds: chaining.seconds,
    stringifySeconds: stringify.seconds,
    peakRssBytes: peakRssBytes(),
  };
};
