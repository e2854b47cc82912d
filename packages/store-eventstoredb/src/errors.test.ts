import type { StoredEvent } from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendOk, type FakeWorld, fakeWorld, fixtureEvent } from "../test/fixtures.js";
import {
  EventStoreDbDeadlineExceededError,
  EventStoreDbError,
  EventStoreDbNotLeaderError,
  EventStoreDbStreamDeletedError,
  EventStoreDbUnavailableError,
} from "./errors.js";
import type { FakeFault } from "./testing/index.js";

for (const batchAppend of [true, false]) {
  const rpc = batchAppend ? "BatchAppend" : "Append";

  describe(`eventstoredb errors: every failure reply to an append (${rpc})`, () => {
    let world: FakeWorld;
    beforeEach(async () => {
      world = await fakeWorld({ batchAppend });
    });
    afterEach(async () => {
      await world.dispose();
    });

    const failedAppend = async (fault: FakeFault, settings: Record<string, number> = {}) => {
      const store = world.open({ connectionString: world.fake.connectionString(settings) });
      await appendOk(store, "s", [fixtureEvent("a")]);
      world.fake.failNext({ rpc: "append", fault, stream: "s" });
      const error = await store.append("s", [fixtureEvent("b")]).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      return { store, error };
    };

    it("unavailable: EventStoreDbUnavailableError, retryable; the retry reconnects and succeeds", async () => {
      const { store, error } = await failedAppend("unavailable");
      expect(error).toBeInstanceOf(EventStoreDbUnavailableError);
      expect(error).toMatchObject({ failure: "unavailable", retryable: true });
      expect(isRight(await store.append("s", [fixtureEvent("b")]))).toBe(true);
      expect((await collect(store.readStream("s"))).map((e) => e.id)).toEqual(["a", "b"]);
    });

    it("not leader: EventStoreDbNotLeaderError naming the leader; the retry goes to the leader and succeeds", async () => {
      const { store, error } = await failedAppend("not-leader");
      expect(error).toBeInstanceOf(EventStoreDbNotLeaderError);
      expect(error).toMatchObject({
        retryable: true,
        leader: { address: "127.0.0.1", port: world.fake.port },
      });
      expect(isRight(await store.append("s", [fixtureEvent("b")]))).toBe(true);
    });

    it("deadline exceeded and the server's own timeout: EventStoreDbDeadlineExceededError, outcome unknown", async () => {
      for (const fault of ["deadline-exceeded", "timeout"] as const) {
        world.fake.clearRequests();
        const { error } = await failedAppend(fault);
        expect(error).toBeInstanceOf(EventStoreDbDeadlineExceededError);
        expect((error as Error).message).toMatch(/whether it was written is unknown/);
        await world.dispose();
        world = await fakeWorld({ batchAppend });
      }
    });

    it("no answer within the deadline: EventStoreDbDeadlineExceededError; retrying the same events is safe", async () => {
      const { store, error } = await failedAppend("stall", { defaultDeadline: 300 });
      expect(error).toBeInstanceOf(EventStoreDbDeadlineExceededError);
      const retried = await store.append("s", [fixtureEvent("b")]);
      expect(isRight(retried)).toBe(true);
      expect((await collect(store.readStream("s"))).map((e) => e.id)).toEqual(["a", "b"]);
    });

    it("a write the server committed but answered with a timeout: retrying the same events is an idempotent replay", async () => {
      const { store, error } = await failedAppend("timeout-after-write");
      expect(error).toBeInstanceOf(EventStoreDbDeadlineExceededError);
      const [, written] = await collect(store.readStream("s"));
      expect(written?.id).toBe("b");
      const retried = await store.append("s", [fixtureEvent("b")], { expectedVersion: 1 });
      expect(isRight(retried) && retried.right).toEqual({
        streamId: "s",
        nextExpectedVersion: 2,
        globalPositions: [written?.globalPosition],
        idempotentReplay: true,
      });
      expect(await collect(store.readStream("s"))).toHaveLength(2);
    });

    it("stream deleted: EventStoreDbStreamDeletedError naming the stream, not retryable", async () => {
      const { error } = await failedAppend("stream-deleted");
      expect(error).toBeInstanceOf(EventStoreDbStreamDeletedError);
      expect(error).toMatchObject({ streamId: "s", retryable: false, failure: "stream-deleted" });
    });

    it("access denied: EventStoreDbError with failure access-denied", async () => {
      const { error } = await failedAppend("access-denied");
      expect(error).toBeInstanceOf(EventStoreDbError);
      expect(error).toMatchObject({ failure: "access-denied", retryable: false });
    });

    it("a tombstoned stream fails appends, reads and its head with EventStoreDbStreamDeletedError", async () => {
      const store = world.open();
      await appendOk(store, "s", [fixtureEvent("a")]);
      const { EventStoreDBClient } = await import("@eventstore/db-client");
      const admin = EventStoreDBClient.connectionString(world.fake.connectionString());
      await admin.tombstoneStream("s");
      await admin.dispose();
      await expect(store.append("s", [fixtureEvent("b")])).rejects.toBeInstanceOf(
        EventStoreDbStreamDeletedError,
      );
      await expect(collect(store.readStream("s"))).rejects.toMatchObject({ streamId: "s" });
      await expect(store.streamHead("s")).rejects.toBeInstanceOf(EventStoreDbStreamDeletedError);
    });
  });
}

describe("eventstoredb errors: failure replies to reads and subscriptions", () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld({ positions: "dense" });
  });
  afterEach(async () => {
    await world.dispose();
  });

  it("maps each failure of a stream read, a $all read and headPosition to its typed error", async () => {
    const store = world.open({ pageSize: 2 });
    await appendOk(store, "s", [fixtureEvent("a"), fixtureEvent("b"), fixtureEvent("c")]);
    const cases: [FakeFault, new (...args: never[]) => Error][] = [
      ["unavailable", EventStoreDbUnavailableError],
      ["not-leader", EventStoreDbNotLeaderError],
      ["deadline-exceeded", EventStoreDbDeadlineExceededError],
      ["timeout", EventStoreDbDeadlineExceededError],
      ["access-denied", EventStoreDbError],
    ];
    for (const [fault, type] of cases) {
      world.fake.failNext({ rpc: "read", fault, stream: "s" });
      await expect(collect(store.readStream("s")), fault).rejects.toBeInstanceOf(type);
      world.fake.failNext({ rpc: "read", fault, stream: "$all", afterEvents: 1 });
      await expect(collect(store.readAll()), fault).rejects.toBeInstanceOf(type);
      world.fake.failNext({ rpc: "read", fault, stream: "$all" });
      await expect(store.headPosition(), fault).rejects.toBeInstanceOf(type);
    }
    // A failure on the second page: the first page's events were yielded before it.
    world.fake.failNext({ rpc: "read", fault: "unavailable", stream: "s", skipCalls: 1 });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of store.readStream("s")) seen.push(event.id);
      })(),
    ).rejects.toBeInstanceOf(EventStoreDbUnavailableError);
    expect(seen).toEqual(["a", "b"]);
  });

  it("a subscription dropped mid-stream resumes after the last event it delivered: no gap, no duplicate", async () => {
    const store = world.open({ retryDelayMs: 1 });
    await appendOk(store, "s", [fixtureEvent("a"), fixtureEvent("b"), fixtureEvent("c")]);
    world.fake.failNext({ rpc: "subscribe", fault: "unavailable", afterEvents: 2 });
    world.fake.failNext({ rpc: "subscribe", fault: "not-leader", afterEvents: 0 });
    const seen: StoredEvent[] = [];
    const controller = new AbortController();
    const running = (async () => {
      for await (const event of store.subscribe({ signal: controller.signal })) {
        seen.push(event);
        if (seen.length === 3) await appendOk(store, "t", [fixtureEvent("d")]);
        if (seen.length === 4) controller.abort();
      }
    })();
    await running;
    expect(seen.map((e) => e.id)).toEqual(["a", "b", "c", "d"]);
    const subscriptions = world.fake.reads().filter((r) => r.subscription);
    expect(subscriptions.map((r) => r.from)).toEqual([
      "start",
      { commit: BigInt(seen[1]?.globalPosition ?? 0), prepare: BigInt(seen[1]?.globalPosition ?? 0) },
      { commit: BigInt(seen[1]?.globalPosition ?? 0), prepare: BigInt(seen[1]?.globalPosition ?? 0) },
    ]);
  });

  it("a subscription that keeps failing throws the typed error after subscriptionRetries; a permanent failure at once", async () => {
    const store = world.open({ retryDelayMs: 1, subscriptionRetries: 2 });
    await appendOk(store, "s", [fixtureEvent("a")]);
    world.fake.failNext({ rpc: "subscribe", fault: "unavailable", times: 3 });
    await expect(collect(store.subscribe())).rejects.toBeInstanceOf(EventStoreDbUnavailableError);
    expect(world.fake.reads().filter((r) => r.subscription)).toHaveLength(3);

    world.fake.clearRequests();
    world.fake.failNext({ rpc: "subscribe", fault: "access-denied" });
    await expect(collect(store.subscribe())).rejects.toMatchObject({ failure: "access-denied" });
    expect(world.fake.reads().filter((r) => r.subscription)).toHaveLength(1);
  });

  it("close ends live subscriptions normally; later calls fail saying the store is closed", async () => {
    const store = world.open();
    await appendOk(store, "s", [fixtureEvent("a")]);
    const seen: string[] = [];
    for await (const event of store.subscribe()) {
      seen.push(event.id);
      void store.close();
    }
    expect(seen).toEqual(["a"]);
    await expect(store.append("s", [fixtureEvent("b")])).rejects.toThrow(/is closed/);
    expect(() => store.readAll()).toThrow(/is closed/);
    await expect(store.headPosition()).rejects.toThrow(/is closed/);
  });

  it("rejects nonsensical options before connecting", () => {
    expect(() => world.open({ pageSize: 0 })).toThrow(RangeError);
    expect(() => world.open({ idempotencyWindow: -1 })).toThrow(RangeError);
    expect(() => world.open({ maxAppendAttempts: 0 })).toThrow(RangeError);
    expect(() => world.open({ retryDelayMs: 1.5 })).toThrow(RangeError);
    expect(world.fake.requests).toEqual([]);
  });
});
