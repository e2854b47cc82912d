import { verifyStore } from "@privacy-ledger/eventsourcing";
import { openSqliteEventStore } from "@privacy-ledger/store-sqlite";
import { batchAt, streamIds } from "./fixture.js";
import {
  peakRssBytes,
  RssProbe,
  type ScenarioResult,
  type ScenarioSpec,
  Stopwatch,
  timed,
  touch,
} from "./harness.js";

/** The store as an application opens it: systemClock, its default busy timeout, the bench's page size. */
const open = (spec: ScenarioSpec) =>
  openSqliteEventStore({ path: spec.path, synchronous: spec.synchronous, pageSize: spec.pageSize });

/** `events` events through `store.append`, `batchSize` per call (one transaction per call). */
export const libraryAppend = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const store = open(spec);
  try {
    const streams = streamIds(spec.streams);
    const stopwatch = new Stopwatch();
    globalThis.gc?.();
    for (let first = 0, batch = 0; first < spec.events; first += spec.batchSize, batch += 1) {
      const streamId = streams[batch % streams.length] as string;
      const events = batchAt(first, Math.min(spec.batchSize, spec.events - first));
      const outcome = await stopwatch.time(() => store.append(streamId, events));
      if (outcome._tag === "Left") throw new Error(`append failed: ${outcome.left.message}`);
    }
    const seconds = stopwatch.seconds;
    const head = await store.headPosition();
    if (head !== spec.events) throw new Error(`expected ${spec.events} events, the store holds ${head}`);
    return { spec, events: spec.events, seconds, peakRssBytes: peakRssBytes() };
  } finally {
    await store.close();
  }
};

/** Every event through `store.readAll()`: keyset pages, row decoding and validation, an async iterator. */
export const libraryReadAll = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const store = open(spec);
  try {
    const probe = new RssProbe(spec.events);
    let checksum = 0;
    const seconds = await timed(async () => {
      for await (const event of store.readAll()) {
        checksum += touch(event);
        probe.tick();
      }
    });
    if (probe.events !== spec.events || checksum === 0)
      throw new Error(`expected ${spec.events} events, read ${probe.events}`);
    return { spec, events: probe.events, seconds, peakRssBytes: peakRssBytes(), rss: probe.trace() };
  } finally {
    await store.close();
  }
};

/**
 * `verifyStore(store)`: reads the whole log and recomputes every hash (in worker threads where the
 * store allows it, as by default). Timed on the bare call; with `probe` (a separate, untimed run) RSS is
 * sampled as verifyStore reports its progress: the process's RSS, the workers' included.
 */
export const libraryVerify = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const store = open(spec);
  try {
    const probe = new RssProbe(spec.events);
    let verified = 0;
    const seconds = await timed(async () => {
      const outcome = await verifyStore(
        store,
        spec.probe ? { onProgress: (events) => probe.advanceTo(events) } : {},
      );
      if (outcome._tag === "Left") throw new Error(`verification failed: ${outcome.left.message}`);
      verified = outcome.right.events;
    });
    if (verified !== spec.events) throw new Error(`expected ${spec.events} verified events, got ${verified}`);
    return {
      spec,
      events: verified,
      seconds,
      peakRssBytes: peakRssBytes(),
      ...(spec.probe ? { rss: probe.trace() } : {}),
    };
  } finally {
    await store.close();
  }
};
