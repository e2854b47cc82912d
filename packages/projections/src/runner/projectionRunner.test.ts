import { inspect } from "node:util";
import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { afterEach, describe, expect, it } from "vitest";
import { ProjectionDecodeFailed, ProjectionHandlerFailed } from "../projection/projectionErrors.js";
import { InMemoryReadModelStore } from "../readModelStore/inMemoryReadModelStore.js";
import type { ReadModelStore } from "../readModelStore/readModelStore.js";
import { openSqliteReadModelStore } from "../readModelStore/sqliteReadModelStore.js";
import {
  appendPolicyEvents,
  breachOpened,
  requestClosed,
  requestReceived,
} from "../testing/policyEventLog.js";
import { tallyProjection } from "../testing/tallyProjection.js";
import { ProjectionRunner } from "./projectionRunner.js";

const RECEIVED = "2026-01-30T09:00:00Z";

/** Requests on three streams, with breach events (not handled by the tally) in between. */
const history = async (events: InMemoryEventStore) => {
  for (const n of [1, 2, 3]) {
    await appendPolicyEvents(events, `data-subject-s${n}`, [requestReceived(`s${n}`, `r${n}`, RECEIVED)]);
    await appendPolicyEvents(events, `breach-b${n}`, breachOpened(`b${n}`, RECEIVED));
  }
  await appendPolicyEvents(events, "data-subject-s1", [requestClosed("s1", "r1", "2026-02-02T10:00:00Z")]);
};

const runners: ProjectionRunner[] = [];
const run = (options: ConstructorParameters<typeof ProjectionRunner>[0]) => {
  const runner = new ProjectionRunner(options);
  runners.push(runner);
  void runner.start();
  return runner;
};
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
});

const stores: [string, () => ReadModelStore][] = [
  ["in memory", () => new InMemoryReadModelStore()],
  ["SQLite", () => openSqliteReadModelStore({ path: ":memory:" })],
];

describe.each(stores)("projection runner (%s)", (_, open) => {
  it("catches up in global order, skips other types but moves past them, then follows live", async () => {
    const events = new InMemoryEventStore();
    await history(events);
    const store = open();
    const tally = tallyProjection();
    const runner = run({ source: events, store, projection: tally, batchSize: 2 });

    expect(await runner.caughtUp()).toBe(10);
    expect(await store.reader(tally).find("tally")).toEqual([
      { streamId: "data-subject-s1", handled: 2, lastPosition: 10 },
      { streamId: "data-subject-s2", handled: 1, lastPosition: 4 },
      { streamId: "data-subject-s3", handled: 1, lastPosition: 7 },
    ]);

    await appendPolicyEvents(events, "breach-b9", breachOpened("b9", RECEIVED));
    await appendPolicyEvents(events, "data-subject-s2", [requestClosed("s2", "r2", "2026-02-02T10:00:00Z")]);
    expect(await runner.caughtUp()).toBe(13);
    expect(await store.reader(tally).get("tally", { streamId: "data-subject-s2" })).toEqual({
      streamId: "data-subject-s2",
      handled: 2,
      lastPosition: 13,
    });
    expect(await runner.health()).toMatchObject({ state: "running", position: 13, head: 13, lag: 0 });
    await runner.stop();
    expect(runner.status()).toMatchObject({ state: "stopped", position: 13, lastError: undefined });
  });

  it("every event delivered twice (a replay from the start) leaves the read model as it was", async () => {
    const events = new InMemoryEventStore();
    await history(events);
    const store = open();
    const tally = tallyProjection();
    const first = run({ source: events, store, projection: tally });
    await first.caughtUp();
    await first.stop();
    const before = await store.reader(tally).find("tally");

    const replay = run({ source: events, store, projection: tally, from: 0, batchSize: 3 });
    expect(await replay.caughtUp()).toBe(10);
    await replay.stop();
    expect(await store.reader(tally).find("tally")).toEqual(before);
    expect(await store.position(tally)).toBe(10);
  });

  it("a restarted runner resumes from its checkpoint and handles only what is new", async () => {
    const events = new InMemoryEventStore();
    await history(events);
    const store = open();
    const tally = tallyProjection();
    const first = run({ source: events, store, projection: tally });
    await first.caughtUp();
    await first.stop();

    await appendPolicyEvents(events, "data-subject-s3", [requestClosed("s3", "r3", "2026-02-02T10:00:00Z")]);
    const second = run({ source: events, store, projection: tally });
    expect(await second.caughtUp()).toBe(11);
    expect((await store.reader(tally).find("tally")).map((row) => row.handled)).toEqual([2, 1, 2]);
  });

  it("a handler that throws stops its runner with the event named, no personal data, and the last good batch kept", async () => {
    const events = new InMemoryEventStore();
    await history(events);
    const store = open();
    const failing = tallyProjection({ failOnPosition: 7 });
    const runner = run({ source: events, store, projection: failing, batchSize: 1 });

    await expect(runner.caughtUp()).rejects.toBeInstanceOf(ProjectionHandlerFailed);
    const { state, position, lastError } = runner.status();
    expect(state).toBe("failed");
    expect(position).toBe(4); // the batch holding event 7 (events 5-7) was rolled back whole
    expect(lastError?.message).toBe(
      "projection tally@1 failed on RightsRequestReceived at data-subject-s3@1 (global position 7): the handler threw Error",
    );
    expect(lastError?.message).not.toContain('s3"');
    // What a logger prints of the error holds nothing of the event's data, nor the handler's message.
    expect(lastError).toBeInstanceOf(ProjectionHandlerFailed);
    const failure = lastError as ProjectionHandlerFailed;
    expect(failure.event).toEqual({
      streamId: "data-subject-s3",
      streamVersion: 1,
      globalPosition: 7,
      type: "RightsRequestReceived",
    });
    for (const printed of [inspect(failure, { depth: 10 }), JSON.stringify(failure), String(failure)]) {
      expect(printed).not.toContain("receivedAt");
      expect(printed).not.toContain("cannot handle");
    }
    expect(failure.handlerError).toBeInstanceOf(Error);

    // Other projections on the same log go on.
    const other = run({ source: events, store, projection: { ...tallyProjection(), name: "tally_other" } });
    expect(await other.caughtUp()).toBe(10);
  });

  it("an event the projection handles but whose data breaks its codec stops the runner, naming stream, version and path only", async () => {
    const events = new InMemoryEventStore();
    await events.append("data-subject-x", [
      {
        id: "00000000-0000-4000-8000-000000000001",
        type: "RightsRequestReceived",
        schemaVersion: 1,
        data: { subjectId: "x", requestId: "r", right: "access", receivedAt: "secret@example.nl" },
        metadata: {
          actor: { id: "a", roles: [] },
          correlationId: "c",
          causationId: "c",
          occurredAt: RECEIVED,
          clauses: [],
        },
      },
    ]);
    const runner = run({ source: events, store: open(), projection: tallyProjection() });
    await expect(runner.caughtUp()).rejects.toBeInstanceOf(ProjectionDecodeFailed);
    const message = runner.status().lastError?.message ?? "";
    expect(message).toContain("RightsRequestReceived at data-subject-x@1 (global position 1)");
    expect(message).toContain("channel (expected RequestChannel)");
    expect(message).not.toContain("secret@example.nl");
  });
});
