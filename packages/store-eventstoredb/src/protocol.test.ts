import {
  chainHash,
  fixedClock,
  GENESIS_HASH,
  NO_STREAM,
  recomputeHash,
  STREAM_EXISTS,
  type StoredEvent,
  verifyStore,
} from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendOk, type FakeWorld, fakeWorld, fixtureEvent, fixtureMetadata } from "../test/fixtures.js";
import { esdbEventId } from "./mapping.js";
import { ENVELOPE_KEY } from "./recordCodec.js";
import type { RecordedAppend, RecordedRead } from "./testing/index.js";

const UUID_A = "0b7c1f9e-2a44-4c1d-9f0e-8d6a5b4c3d2e";

for (const batchAppend of [true, false]) {
  const rpc = batchAppend ? "batchAppend" : "append";

  describe(`eventstoredb protocol: what the store sends (${rpc})`, () => {
    let world: FakeWorld;
    beforeEach(async () => {
      world = await fakeWorld({ batchAppend });
    });
    afterEach(async () => {
      await world.dispose();
    });
    const appendsTo = (stream: string): RecordedAppend[] =>
      world.fake.appends().filter((a) => a.stream === stream);

    it(`appends over ${rpc} with the exact revision of the head it chained onto, never any or stream_exists`, async () => {
      const store = world.open();
      await appendOk(store, "s", [fixtureEvent("a"), fixtureEvent("b")]);
      await appendOk(store, "s", [fixtureEvent("c")], { expectedVersion: STREAM_EXISTS });
      await appendOk(store, "s", [fixtureEvent("d")]);
      await appendOk(store, "t", [fixtureEvent("e")], { expectedVersion: NO_STREAM });
      expect(appendsTo("s").map((a) => [a.rpc, a.expected])).toEqual([
        [rpc, { kind: "no_stream" }],
        [rpc, { kind: "revision", revision: 1n }],
        [rpc, { kind: "revision", revision: 2n }],
      ]);
      expect(appendsTo("t").map((a) => a.expected)).toEqual([{ kind: "no_stream" }]);
      expect(world.fake.appends().every((a) => a.requiresLeader)).toBe(true);
    });

    it("reads the head from the leader, backwards from the end, before each append", async () => {
      const store = world.open({ idempotencyWindow: 10 });
      await appendOk(store, "s", [fixtureEvent("a")]);
      world.fake.clearRequests();
      await appendOk(store, "s", [fixtureEvent("b"), fixtureEvent("c")]);
      const [headRead, append, readBack] = world.fake.requests.filter((r) => r.rpc !== "serverFeatures");
      expect(headRead).toMatchObject({
        rpc: "read",
        target: "stream",
        stream: "s",
        from: "end",
        direction: "backwards",
        count: 12n,
        requiresLeader: true,
      } satisfies Partial<RecordedRead>);
      expect(append).toMatchObject({ rpc, expected: { kind: "revision", revision: 0n } });
      // The append reply has one position per batch: each event's own log position is read back.
      expect(readBack).toMatchObject({
        rpc: "read",
        stream: "s",
        from: 1n,
        direction: "forwards",
        count: 2n,
      });
    });

    it("sends ids, type, JSON content type, data and the envelope with $correlationId/$causationId", async () => {
      const store = world.open();
      world.clock.set("2026-11-27T11:22:33.444Z");
      await appendOk(store, "s", [
        fixtureEvent(UUID_A, "ProcessorAdded", { processorId: "hosting-eu-1", eu: true }),
        fixtureEvent("order-17-created", "OrderCreated", [1, "two", null]),
      ]);
      const [append] = appendsTo("s");
      const [first, second] = append?.events ?? [];
      expect(first).toMatchObject({
        id: UUID_A,
        type: "ProcessorAdded",
        contentType: "application/json",
        data: { processorId: "hosting-eu-1", eu: true },
      });
      expect(second).toMatchObject({
        id: esdbEventId("order-17-created"),
        type: "OrderCreated",
        contentType: "application/json",
        data: [1, "two", null],
      });
      const metadata = { ...fixtureMetadata, recordedAt: "2026-11-27T11:22:33.444Z" };
      const firstHash = chainHash(GENESIS_HASH, {
        id: UUID_A,
        streamId: "s",
        streamVersion: 1,
        type: "ProcessorAdded",
        schemaVersion: 1,
        data: { processorId: "hosting-eu-1", eu: true },
        metadata,
      });
      expect(first?.metadata).toEqual({
        $correlationId: "corr-fixture",
        $causationId: "cmd-fixture",
        [ENVELOPE_KEY]: { format: 1, schemaVersion: 1, metadata, prevHash: GENESIS_HASH, hash: firstHash },
      });
      // A kernel id that is not a UUID travels in the envelope; the second event chains onto the first.
      expect(second?.metadata).toMatchObject({
        [ENVELOPE_KEY]: { format: 1, id: "order-17-created", prevHash: firstHash },
      });
      const stored = await collect(store.readStream("s"));
      expect(stored.map((e) => e.id)).toEqual([UUID_A, "order-17-created"]);
      for (const event of stored) expect(recomputeHash(event)).toBe(event.hash);
    });

    it("chains onto the stream's last event: the next append's first prevHash is the stored head's hash", async () => {
      const store = world.open();
      await appendOk(store, "s", [fixtureEvent("a"), fixtureEvent("b")]);
      const other = world.open();
      await appendOk(other, "s", [fixtureEvent("c")]);
      const [, second] = await collect(store.readStream("s"));
      const last = appendsTo("s").at(-1);
      expect(last?.expected).toEqual({ kind: "revision", revision: 1n });
      expect(last?.events[0]?.metadata).toMatchObject({ [ENVELOPE_KEY]: { prevHash: second?.hash } });
    });

    it("a writer that gets in between the head read and the append makes the server refuse; the store re-reads and re-chains", async () => {
      const store = world.open();
      const other = world.open();
      await appendOk(store, "s", [fixtureEvent("a")]);
      let raced = false;
      world.fake.beforeAppend = async (append) => {
        if (raced || append.events[0]?.id !== esdbEventId("mine")) return;
        raced = true;
        await appendOk(other, "s", [fixtureEvent("theirs")]);
      };
      const result = await appendOk(store, "s", [fixtureEvent("mine")]);
      expect(result.nextExpectedVersion).toBe(3);
      const mine = appendsTo("s").filter((a) => a.events[0]?.id === esdbEventId("mine"));
      expect(mine.map((a) => a.expected)).toEqual([
        { kind: "revision", revision: 0n },
        { kind: "revision", revision: 1n },
      ]);
      const events = await collect(store.readStream("s"));
      expect(events.map((e) => e.id)).toEqual(["a", "theirs", "mine"]);
      expect(events[2]?.prevHash).toBe(events[1]?.hash);
      expect(await verifyStore(store)).toMatchObject({ _tag: "Right", right: { events: 3 } });
    });

    it("with an exact expected version, losing that race is WrongExpectedVersion with the actual version", async () => {
      const store = world.open();
      const other = world.open();
      await appendOk(store, "s", [fixtureEvent("a")]);
      world.fake.beforeAppend = async (append) => {
        if (append.events[0]?.id !== esdbEventId("mine")) return;
        world.fake.beforeAppend = undefined;
        await appendOk(other, "s", [fixtureEvent("theirs")]);
      };
      const result = await store.append("s", [fixtureEvent("mine")], { expectedVersion: 1 });
      expect(isLeft(result) && result.left).toMatchObject({
        kind: "WrongExpectedVersion",
        expected: 1,
        actual: 2,
      });
      expect((await collect(store.readStream("s"))).map((e) => e.id)).toEqual(["a", "theirs"]);
    });

    it("under constant contention an `any` append gives up after maxAppendAttempts with WrongExpectedVersion", async () => {
      const store = world.open({ maxAppendAttempts: 3 });
      await appendOk(store, "s", [fixtureEvent("a")]);
      world.fake.failNext({ rpc: "append", fault: "wrong-expected-version", stream: "s", times: 3 });
      const result = await store.append("s", [fixtureEvent("b")]);
      expect(isLeft(result) && result.left).toMatchObject({
        kind: "WrongExpectedVersion",
        expected: "any",
        actual: 1,
      });
      expect(isLeft(result) && result.left.message).toMatch(/3 append attempts/);
      expect(appendsTo("s")).toHaveLength(4);
      expect(await collect(store.readStream("s"))).toHaveLength(1);
    });

    it("a re-sent batch is answered from the stream without sending anything, wherever an exact version puts it", async () => {
      const store = world.open({ idempotencyWindow: 2 });
      const batch = [fixtureEvent("a"), fixtureEvent("b")];
      const first = await appendOk(store, "s", batch, { expectedVersion: NO_STREAM });
      for (let i = 0; i < 5; i++) await appendOk(store, "s", [fixtureEvent(`later-${i}`)]);
      world.fake.clearRequests();
      const again = await appendOk(store, "s", batch, { expectedVersion: NO_STREAM });
      expect(again).toEqual({ ...first, idempotentReplay: true });
      expect(world.fake.appends()).toEqual([]);
      // The tail scan (window 2 + batch 2) does not reach the batch; the read at the expected version does.
      expect(world.fake.reads().map((r) => [r.from, r.direction, r.count])).toEqual([
        ["end", "backwards", 4n],
        [0n, "forwards", 2n],
      ]);
    });

    it("a retry the server answers as idempotent (the same batch got in first) is reported as a replay", async () => {
      const store = world.open();
      const other = world.open({ clock: fixedClock("2030-01-01T00:00:00.000Z") });
      await appendOk(store, "s", [fixtureEvent("a")]);
      const batch = [fixtureEvent("b"), fixtureEvent("c")];
      world.fake.beforeAppend = async (append) => {
        if (append.events[0]?.id !== esdbEventId("b")) return;
        world.fake.beforeAppend = undefined;
        await appendOk(other, "s", batch);
      };
      const result = await appendOk(store, "s", batch);
      expect(result).toMatchObject({ nextExpectedVersion: 3, idempotentReplay: true });
      const events = await collect(store.readStream("s"));
      expect(events.map((e) => e.metadata.recordedAt)).toEqual([
        "2026-11-27T10:00:00.000Z",
        "2030-01-01T00:00:00.000Z",
        "2030-01-01T00:00:00.000Z",
      ]);
      expect(result.globalPositions).toEqual(events.slice(1).map((e) => e.globalPosition));
    });

    it("pages stream reads with maxCount and 0-based revisions, both ways", async () => {
      const store = world.open({ pageSize: 3 });
      await appendOk(
        store,
        "s",
        Array.from({ length: 7 }, (_, i) => fixtureEvent(`e${i}`)),
      );
      world.fake.clearRequests();
      expect((await collect(store.readStream("s", { fromVersion: 2 }))).map((e) => e.streamVersion)).toEqual([
        2, 3, 4, 5, 6, 7,
      ]);
      expect(
        (await collect(store.readStream("s", { direction: "backwards", fromVersion: 6, maxCount: 4 }))).map(
          (e) => e.streamVersion,
        ),
      ).toEqual([6, 5, 4, 3]);
      expect(world.fake.reads().map((r) => [r.from, r.direction, r.count, r.requiresLeader])).toEqual([
        [1n, "forwards", 3n, false],
        [4n, "forwards", 3n, false],
        [7n, "forwards", 3n, false],
        [5n, "backwards", 3n, false],
        [2n, "backwards", 1n, false],
      ]);
    });
  });
}

describe("eventstoredb protocol: $all, system events, other writers, positions", () => {
  let world: FakeWorld;
  beforeEach(async () => {
    // Log positions (byte offsets after seeded $settings and $stats records), as on a fresh node.
    world = await fakeWorld();
  });
  afterEach(async () => {
    await world.dispose();
  });

  const foreign = () =>
    world.fake.writeRaw("orders-1", [
      { type: "OrderPlaced", data: { total: 3 }, metadata: { by: "other-app" } },
    ]);
  const system = () => world.fake.writeRaw("$stats-127.0.0.1:2113", [{ type: "$statsCollected", data: {} }]);

  it("global positions are the events' log positions; $all reads skip system records and other writers' events", async () => {
    const store = world.open({ pageSize: 2 });
    foreign();
    await appendOk(store, "x", [fixtureEvent("x1"), fixtureEvent("x2")]);
    system();
    foreign();
    const y = await appendOk(store, "y", [fixtureEvent("y1")]);
    system();
    const all = await collect(store.readAll());
    expect(all.map((e) => e.id)).toEqual(["x1", "x2", "y1"]);
    const logPositions = world.fake.records().map((r) => Number(r.position));
    for (const event of all) expect(logPositions).toContain(event.globalPosition);
    expect(all[0]?.globalPosition).toBeGreaterThan(4096);
    expect(y.globalPositions).toEqual([all[2]?.globalPosition]);
    // after is exclusive, although EventStoreDB reads $all from a position inclusively.
    world.fake.clearRequests();
    expect((await collect(store.readAll({ after: all[0]?.globalPosition }))).map((e) => e.id)).toEqual([
      "x2",
      "y1",
    ]);
    expect(
      (await collect(store.readAll({ after: all[1]?.globalPosition, maxCount: 1 }))).map((e) => e.id),
    ).toEqual(["y1"]);
    expect(await store.headPosition()).toBe(all[2]?.globalPosition);
    const fromRead = world.fake.reads().find((r) => r.target === "$all" && typeof r.from === "object");
    expect(fromRead?.from).toEqual({
      commit: BigInt(all[0]?.globalPosition ?? 0),
      prepare: BigInt(all[0]?.globalPosition ?? 0),
    });
  });

  it("headPosition is 0 when $all holds only system records and other writers' events", async () => {
    const store = world.open();
    foreign();
    system();
    expect(await store.headPosition()).toBe(0);
    expect(await collect(store.streamHeads())).toEqual([]);
  });

  it("subscribes to $all with a server-side filter, catches up, goes live, skips others, resumes after a position", async () => {
    const store = world.open();
    await appendOk(store, "s", [fixtureEvent("a"), fixtureEvent("b")]);
    foreign();
    const seen: StoredEvent[] = [];
    const controller = new AbortController();
    const running = (async () => {
      for await (const event of store.subscribe({ signal: controller.signal })) {
        seen.push(event);
        if (seen.length === 4) controller.abort();
      }
    })();
    await waitUntil(() => seen.length === 2);
    system();
    foreign();
    await appendOk(store, "t", [fixtureEvent("c"), fixtureEvent("d")]);
    await running;
    expect(seen.map((e) => e.id)).toEqual(["a", "b", "c", "d"]);
    const [subscription] = world.fake.reads().filter((r) => r.subscription);
    expect(subscription).toMatchObject({
      target: "$all",
      from: "start",
      filter: { on: "eventType", regex: "^[^$].*", prefixes: [] },
    });

    const resumed: string[] = [];
    const again = new AbortController();
    const after = seen[1]?.globalPosition ?? 0;
    const resuming = (async () => {
      for await (const event of store.subscribe({ after, signal: again.signal })) {
        resumed.push(event.id);
        if (resumed.length === 2) again.abort();
      }
    })();
    await resuming;
    expect(resumed).toEqual(["c", "d"]);
    expect(world.fake.reads().filter((r) => r.subscription)[1]?.from).toEqual({
      commit: BigInt(after),
      prepare: BigInt(after),
    });
  });

  it("a stream prefix keeps stores apart on one database; kernel ids and hashes never include it", async () => {
    const tenantA = world.open({ streamPrefix: "tenant-a." });
    const tenantB = world.open({ streamPrefix: "tenant-b." });
    const plain = world.open();
    await appendOk(tenantA, "ledger", [fixtureEvent("a1"), fixtureEvent("a2")]);
    await appendOk(tenantB, "ledger", [fixtureEvent("b1")]);
    await appendOk(plain, "ledger", [fixtureEvent("p1")]);
    expect(
      world.fake
        .records()
        .map((r) => r.streamId)
        .filter((s) => !s.startsWith("$")),
    ).toEqual(["tenant-a.ledger", "tenant-a.ledger", "tenant-b.ledger", "ledger"]);
    expect((await collect(tenantA.readAll())).map((e) => `${e.streamId}:${e.id}`)).toEqual([
      "ledger:a1",
      "ledger:a2",
    ]);
    expect((await collect(tenantB.streamHeads())).map((h) => [h.streamId, h.version])).toEqual([
      ["ledger", 1],
    ]);
    // Without a prefix a store sees every stream of this library, other tenants' included.
    expect((await collect(plain.readAll())).map((e) => e.streamId)).toEqual([
      "tenant-a.ledger",
      "tenant-a.ledger",
      "tenant-b.ledger",
      "ledger",
    ]);
    expect(await verifyStore(tenantA)).toMatchObject({ _tag: "Right", right: { events: 2 } });
    const seen: string[] = [];
    const controller = new AbortController();
    for await (const event of tenantB.subscribe({ signal: controller.signal })) {
      seen.push(event.id);
      controller.abort();
    }
    expect(seen).toEqual(["b1"]);
    expect(world.fake.reads().find((r) => r.subscription)?.filter).toEqual({
      on: "streamName",
      regex: "",
      prefixes: ["tenant-b."],
    });
    expect(() => world.open({ streamPrefix: "$system" })).toThrow(RangeError);
  });

  it("refuses $-prefixed event types, which EventStoreDB reserves for system events", async () => {
    const store = world.open();
    await expect(store.append("s", [fixtureEvent("a", "$metadata")])).rejects.toThrow(/system types/);
    expect(world.fake.appends()).toEqual([]);
  });

  it("a store on a client the caller owns leaves it open on close", async () => {
    const { EventStoreDBClient } = await import("@eventstore/db-client");
    const client = EventStoreDBClient.connectionString(world.fake.connectionString());
    const first = world.open({ connectionString: undefined, client });
    await appendOk(first, "s", [fixtureEvent("a")]);
    await first.close();
    const second = world.open({ connectionString: undefined, client });
    expect(isRight(await second.append("s", [fixtureEvent("b")]))).toBe(true);
    await client.dispose();
    expect(() => world.open({ connectionString: undefined })).toThrow(TypeError);
  });

  it("stream reads without a commit position (2^64-1) take the prepare position, the same number $all reports", async () => {
    const store = world.open();
    await appendOk(store, "s", [fixtureEvent("a"), fixtureEvent("b")]);
    const fromStream = await collect(store.readStream("s"));
    const fromAll = await collect(store.readAll());
    expect(fromStream.map((e) => e.globalPosition)).toEqual(fromAll.map((e) => e.globalPosition));
  });
});

const waitUntil = async (condition: () => boolean, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
