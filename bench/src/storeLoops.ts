import type { EventStore } from "@privacy-ledger/eventsourcing";
import { batchAt, streamIds } from "./fixture.js";
import { RssProbe, type ScenarioSpec, Stopwatch, timed, touch } from "./harness.js";

/**
 * The loops every privacy-ledger store runs the same way, through the `EventStore` port only: so the
 * SQLite, PostgreSQL and in-memory scenarios differ in the store they open, nothing else.
 */

/**
 * `spec.events` fixture events through `store.append`, `spec.batchSize` per call, batch b to stream
 * b mod `spec.streams`. With `spec.expectedVersions` each append names the stream's current version
 * (what a command handler does; Emmett's batched scenario does the same). Returns the time spent inside
 * the append calls, and RSS sampled at every tenth of the events (between calls, untimed).
 */
export const appendFixture = async (
  store: EventStore,
  spec: ScenarioSpec,
): Promise<{ seconds: number; probe: RssProbe }> => {
  const streams = streamIds(spec.streams);
  const versions = new Map<string, number>();
  const stopwatch = new Stopwatch();
  const probe = new RssProbe(spec.events);
  for (let first = 0, batch = 0; first < spec.events; first += spec.batchSize, batch += 1) {
    const streamId = streams[batch % streams.length] as string;
    const events = batchAt(first, Math.min(spec.batchSize, spec.events - first));
    const options = spec.expectedVersions ? { expectedVersion: versions.get(streamId) ?? 0 } : {};
    const outcome = await stopwatch.time(() => store.append(streamId, events, options));
    if (outcome._tag === "Left") throw new Error(`append failed: ${outcome.left.message}`);
    versions.set(streamId, outcome.right.nextExpectedVersion);
    probe.advanceTo(first + events.length);
  }
  const head = await store.headPosition();
  if (head !== spec.events) throw new Error(`expected ${spec.events} events, the store holds ${head}`);
  return { seconds: stopwatch.seconds, probe };
};

/** Every stream of the fixture read back with `readStream`, one after the other (the whole loop is timed). */
export const readEveryStream = async (
  store: EventStore,
  spec: ScenarioSpec,
): Promise<{ seconds: number; probe: RssProbe }> => {
  const streams = streamIds(spec.streams);
  const probe = new RssProbe(spec.events);
  let checksum = 0;
  const seconds = await timed(async () => {
    for (const streamId of streams)
      for await (const event of store.readStream(streamId)) {
        checksum += touch(event);
        probe.tick();
      }
  });
  if (probe.events !== spec.events || checksum === 0)
    throw new Error(`expected ${spec.events} events over ${streams.length} streams, read ${probe.events}`);
  return { seconds, probe };
};

/** Every event in global order through `readAll()` (the whole loop is timed). */
export const readEverything = async (
  store: EventStore,
  spec: ScenarioSpec,
): Promise<{ seconds: number; probe: RssProbe }> => {
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
  return { seconds, probe };
};
