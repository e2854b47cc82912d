import { InMemoryEventStore, type StoredEvent, type SubscribeOptions } from "@privacy-ledger/eventsourcing";
import { expect } from "vitest";
import type { ReadModelStore } from "../src/readModelStore/readModelStore.js";
import { activeReader } from "../src/runner/activeReader.js";
import { ProjectionRunner } from "../src/runner/projectionRunner.js";
import { type RebuildProgress, rebuildProjection } from "../src/runner/rebuildProjection.js";
import {
  appendPolicyEvents,
  breachOpened,
  requestClosed,
  requestReceived,
} from "../src/testing/policyEventLog.js";
import { tallyProjection } from "../src/testing/tallyProjection.js";

const RECEIVED = "2026-01-30T09:00:00Z";

/** Version 2 of the tally counts received requests only: its answers differ from version 1's. */
export const v1 = tallyProjection();
export const v2 = { ...tallyProjection(), version: 2, handles: ["RightsRequestReceived"] as const };

/** A source whose subscriptions hold every event after `after` until `open()` is called. */
const gated = (events: InMemoryEventStore, after: number) => {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    open,
    source: {
      headPosition: () => events.headPosition(),
      subscribe: (options?: SubscribeOptions): AsyncIterable<StoredEvent> => ({
        async *[Symbol.asyncIterator]() {
          for await (const event of events.subscribe(options)) {
            if (event.globalPosition > after) await gate;
            yield event;
          }
        },
      }),
    },
  };
};

/** The rebuild scenario, for any store (the PostgreSQL int test runs it too). */
export const rebuildWithoutDowntime = async (store: ReadModelStore): Promise<void> => {
  const events = new InMemoryEventStore();
  for (const n of [1, 2, 3]) {
    await appendPolicyEvents(events, `data-subject-s${n}`, [requestReceived(`s${n}`, `r${n}`, RECEIVED)]);
    await appendPolicyEvents(events, `breach-b${n}`, breachOpened(`b${n}`, RECEIVED));
  }
  await appendPolicyEvents(events, "data-subject-s1", [requestClosed("s1", "r1", "2026-02-02T10:00:00Z")]);
  const live = new ProjectionRunner({ source: events, store, projection: v1 });
  void live.start();
  await live.caughtUp();
  const reader = activeReader(store, [v1, v2]);
  const s1 = async () => (await reader.get("tally", { streamId: "data-subject-s1" }))?.handled;
  expect(await s1()).toBe(2); // version 1: received and closed

  const { source, open } = gated(events, 4);
  const reported: RebuildProgress[] = [];
  const rebuild = rebuildProjection({
    source,
    store,
    projection: v2,
    batchSize: 1,
    replacing: live,
    onProgress: (progress) => reported.push(progress),
  });
  await expect.poll(async () => (await rebuild.progress()).position).toBe(4);
  expect(await rebuild.progress()).toMatchObject({
    projection: "tally@2",
    replaces: "tally@1",
    state: "building",
    eventsDone: 4,
    eventsHandled: 2,
    position: 4,
    head: 10,
    lag: 6,
  });

  // Until the swap, readers get version 1's answers, kept live by its runner.
  await appendPolicyEvents(events, "data-subject-s1", [requestClosed("s1", "r1", "2026-02-03T10:00:00Z")]);
  await live.caughtUp();
  expect(await s1()).toBe(3);
  expect(await store.activeVersion("tally")).toBe(1);

  open();
  const done = await rebuild.swapped();
  expect(done).toMatchObject({ state: "swapped", replaces: "tally@1", position: 11, head: 11, lag: 0 });
  expect(done.eventsDone).toBe(11);
  expect(done.eventsPerSecond).toBeGreaterThan(0);
  expect(reported.at(-1)).toEqual(done);
  expect(reported.map((p) => p.position)).toEqual([...reported.map((p) => p.position)].sort((a, b) => a - b));

  // Then version 2's: received requests only. The old runner is stopped and its tables are gone.
  expect(await store.activeVersion("tally")).toBe(2);
  expect(await s1()).toBe(1);
  expect(live.status().state).toBe("stopped");
  await expect(store.reader(v1).find("tally")).rejects.toThrow(/not prepared/);
  expect(await store.position(v1)).toBe(0);

  // The new version's runner is the live one now.
  await appendPolicyEvents(events, "data-subject-s4", [requestReceived("s4", "r4", RECEIVED)]);
  await rebuild.runner.caughtUp();
  expect((await reader.get("tally", { streamId: "data-subject-s4" }))?.handled).toBe(1);
  await rebuild.stop();
};
