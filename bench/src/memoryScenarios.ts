import { createInMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { peakRssBytes, type ScenarioResult, type ScenarioSpec } from "./harness.js";
import { appendFixture, readEveryStream, readEverything } from "./storeLoops.js";

/**
 * The kernel's in-memory store (the reference adapter: validation, hash chaining, deep copies in and
 * out), the counterpart of Emmett's in-memory store. Nothing outlives the process, so each read
 * scenario first appends the fixture (untimed) and then times the read.
 */

export const memoryAppend = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const store = createInMemoryEventStore();
  const { seconds, probe } = await appendFixture(store, spec);
  await store.close();
  return { spec, events: spec.events, seconds, peakRssBytes: peakRssBytes(), rss: probe.trace() };
};

/** The fixture appended in batches of `spec.batchSize` (untimed), then every stream read back (timed). */
export const memoryReadStreams = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const store = createInMemoryEventStore();
  await appendFixture(store, spec);
  const { seconds, probe } = await readEveryStream(store, spec);
  await store.close();
  return { spec, events: probe.events, seconds, peakRssBytes: peakRssBytes(), rss: probe.trace() };
};

/** The fixture appended (untimed), then every event in global order through `readAll()` (timed). */
export const memoryReadAll = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const store = createInMemoryEventStore();
  await appendFixture(store, spec);
  const { seconds, probe } = await readEverything(store, spec);
  await store.close();
  return { spec, events: probe.events, seconds, peakRssBytes: peakRssBytes(), rss: probe.trace() };
};
