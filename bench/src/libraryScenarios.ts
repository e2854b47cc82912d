import { verifyStore } from "@privacy-ledger/eventsourcing";
import { openSqliteEventStore } from "@privacy-ledger/store-sqlite";
import { peakRssBytes, RssProbe, type ScenarioResult, type ScenarioSpec, timed } from "./harness.js";
import { appendFixture, readEveryStream, readEverything } from "./storeLoops.js";

/** The store as an application opens it: systemClock, its default busy timeout, the bench's page size. */
export const openSqlite = (spec: ScenarioSpec) =>
  openSqliteEventStore({ path: spec.path, synchronous: spec.synchronous, pageSize: spec.pageSize });

/** `events` events through `store.append`, `batchSize` per call (one transaction per call). */
export const libraryAppend = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const store = openSqlite(spec);
  try {
    const { seconds, probe } = await appendFixture(store, spec);
    return { spec, events: spec.events, seconds, peakRssBytes: peakRssBytes(), rss: probe.trace() };
  } finally {
    await store.close();
  }
};

/** Every event through `store.readAll()`: keyset pages, row decoding and validation, an async iterator. */
export const libraryReadAll = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const store = openSqlite(spec);
  try {
    const { seconds, probe } = await readEverything(store, spec);
    return { spec, events: probe.events, seconds, peakRssBytes: peakRssBytes(), rss: probe.trace() };
  } finally {
    await store.close();
  }
};

/** Every stream through `store.readStream(id)`, one stream after the other. */
export const libraryReadStreams = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const store = openSqlite(spec);
  try {
    const { seconds, probe } = await readEveryStream(store, spec);
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
  const store = openSqlite(spec);
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
