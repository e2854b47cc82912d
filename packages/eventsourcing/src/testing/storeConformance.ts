import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoredEvent } from "../envelope/envelope.js";
import { InvalidAppendError } from "../eventStore/errors.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { ANY, NO_STREAM, STREAM_EXISTS } from "../eventStore/expectedVersion.js";
import { copyHistory, type HistoryImport, HistoryImportRejected } from "../eventStore/historyImport.js";
import { InMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { createCheckpoint, generateCheckpointKeys } from "../integrity/checkpoint.js";
import { GENESIS_HASH, recomputeHash } from "../integrity/hashChain.js";
import { verifyStore, verifyStream } from "../integrity/verify.js";
import { fixedClock } from "../ports/clock.js";
import { deterministicIds } from "../ports/idGenerator.js";
import type {
  ConformanceCapabilities,
  ConformanceHarness,
  HarnessFactory,
  StoreTamper,
} from "./conformanceHarness.js";
import { collect, sampleEventFactory } from "./sampleEvents.js";

/**
 * The contract every store adapter must meet: the store port (expected versions, idempotent appends,
 * paged reads both ways, global order, catch-up-then-live subscriptions) and the integrity chain
 * (verify finds every kind of tampering; a signed checkpoint finds truncation and removal).
 */
export const storeConformanceSuite = (
  name: string,
  factory: HarnessFactory,
  capabilities: ConformanceCapabilities = {},
): void => {
  const uniqueIdsAcrossStreams = capabilities.uniqueEventIdsAcrossStreams ?? true;
  const canTamper = capabilities.tamper ?? true;
  const canImport = capabilities.historyImport ?? true;
  describe(`${name}: event store conformance`, () => {
    let harness: ConformanceHarness;
    let store: EventStore;
    const clock = fixedClock("2026-11-27T10:00:00.000Z");
    let newEvent: ReturnType<typeof sampleEventFactory>;

    beforeEach(async () => {
      harness = await factory({ clock });
      store = harness.store;
      newEvent = sampleEventFactory(deterministicIds(`${name}-${Math.random()}`));
    });
    afterEach(async () => {
      await harness.dispose();
    });

    const appendOk = async (
      streamId: string,
      count: number,
      expectedVersion: Parameters<EventStore["append"]>[2] = {},
    ) => {
      const events = Array.from({ length: count }, (_, i) => newEvent("SampleRecorded", { n: i }));
      const result = await store.append(streamId, events, expectedVersion);
      if (isLeft(result)) throw new Error(result.left.message);
      return { events, result: result.right };
    };

    describe("append and expected versions", () => {
      it("no_stream creates a stream and refuses once it exists, saying the actual version", async () => {
        const first = await store.append("s-1", [newEvent()], { expectedVersion: NO_STREAM });
        expect(isRight(first) && first.right.nextExpectedVersion).toBe(1);
        const second = await store.append("s-1", [newEvent()], { expectedVersion: NO_STREAM });
        expect(isLeft(second) && second.left).toMatchObject({
          kind: "WrongExpectedVersion",
          streamId: "s-1",
          actual: 1,
        });
      });

      it("stream_exists refuses a missing stream and accepts an existing one", async () => {
        const missing = await store.append("s-2", [newEvent()], { expectedVersion: STREAM_EXISTS });
        expect(isLeft(missing) && missing.left).toMatchObject({ kind: "WrongExpectedVersion", actual: 0 });
        await appendOk("s-2", 1);
        const existing = await store.append("s-2", [newEvent()], { expectedVersion: STREAM_EXISTS });
        expect(isRight(existing) && existing.right.nextExpectedVersion).toBe(2);
      });

      it("an exact version is accepted only when it is the stream's version (0 = absent)", async () => {
        const created = await store.append("s-3", [newEvent(), newEvent()], { expectedVersion: 0 });
        expect(isRight(created) && created.right.nextExpectedVersion).toBe(2);
        const stale = await store.append("s-3", [newEvent()], { expectedVersion: 1 });
        expect(isLeft(stale) && stale.left).toMatchObject({
          kind: "WrongExpectedVersion",
          expected: 1,
          actual: 2,
        });
        const exact = await store.append("s-3", [newEvent()], { expectedVersion: 2 });
        expect(isRight(exact) && exact.right.nextExpectedVersion).toBe(3);
      });

      it("any appends whatever the version; a refused append writes nothing", async () => {
        await appendOk("s-4", 2, { expectedVersion: ANY });
        await appendOk("s-4", 1);
        await store.append("s-4", [newEvent(), newEvent()], { expectedVersion: 1 });
        expect((await collect(store.readStream("s-4"))).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
      });

      it("of two concurrent appends with the same exact version, exactly one wins", async () => {
        await appendOk("race", 1);
        const results = await Promise.all([
          store.append("race", [newEvent()], { expectedVersion: 1 }),
          store.append("race", [newEvent()], { expectedVersion: 1 }),
        ]);
        expect(results.filter(isRight)).toHaveLength(1);
        expect(results.filter(isLeft)).toHaveLength(1);
        expect((await store.streamHead("race"))?.version).toBe(2);
      });

      it("re-appending the same event ids returns the same result and stores nothing twice, even with a stale expected version", async () => {
        const events = [newEvent(), newEvent(), newEvent()];
        const first = await store.append("idem", events, { expectedVersion: NO_STREAM });
        await appendOk("idem", 1);
        const again = await store.append("idem", events, { expectedVersion: NO_STREAM });
        expect(isRight(first) && isRight(again)).toBe(true);
        if (isRight(first) && isRight(again)) {
          expect(again.right.globalPositions).toEqual(first.right.globalPositions);
          expect(again.right.nextExpectedVersion).toBe(3);
          expect(again.right.idempotentReplay).toBe(true);
          expect(first.right.idempotentReplay).toBe(false);
        }
        expect(await collect(store.readStream("idem"))).toHaveLength(4);
        expect(await collect(store.readAll())).toHaveLength(4);
      });

      it.skipIf(!uniqueIdsAcrossStreams)(
        "reusing event ids in another stream is an EventIdConflict",
        async () => {
          const events = [newEvent(), newEvent()];
          await store.append("a", events);
          const elsewhere = await store.append("b", events);
          expect(isLeft(elsewhere) && elsewhere.left).toMatchObject({
            kind: "EventIdConflict",
            streamId: "b",
          });
          expect(await collect(store.readAll())).toHaveLength(2);
        },
      );

      it("reusing event ids of a stream in another batch shape is an EventIdConflict", async () => {
        const events = [newEvent(), newEvent()];
        await store.append("a", events);
        const partial = await store.append("a", [events[1]!, newEvent()]);
        expect(isLeft(partial) && partial.left.kind).toBe("EventIdConflict");
        const mixed = await store.append("a", [newEvent(), events[0]!]);
        expect(isLeft(mixed) && mixed.left.kind).toBe("EventIdConflict");
        expect(await collect(store.readAll())).toHaveLength(2);
      });

      it("a malformed batch throws InvalidAppendError and writes nothing", async () => {
        const event = newEvent();
        await expect(store.append("person-jan@example.com", [newEvent()])).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        await expect(store.append("dup", [event, event])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(
          store.append("bad-version", [{ ...newEvent(), schemaVersion: 0 }]),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(
          store.append("bad-meta", [{ ...newEvent(), metadata: {} as never }]),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.headPosition()).toBe(0);
      });

      it("an id or type with a NUL or a lone surrogate throws InvalidAppendError and writes nothing; paired surrogates are stored as given", async () => {
        const refused = async (change: { readonly id?: string; readonly type?: string }, why: RegExp) => {
          const error = await store
            .append("odd-text", [{ ...newEvent(), ...change }])
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(InvalidAppendError);
          expect((error as Error).message).toMatch(why);
        };
        await refused({ id: "id-with-\u0000-nul" }, /id must not contain a NUL character/);
        await refused({ type: "Type\u0000" }, /type must not contain a NUL character/);
        await refused({ id: "lone-\ud800-high" }, /id must be well-formed Unicode/);
        await refused({ type: "Lone\udc00Low" }, /type must be well-formed Unicode/);
        expect(await store.headPosition()).toBe(0);
        const paired = { ...newEvent(), id: "rocket-🚀-id", type: "Launched🚀" };
        await store.append("odd-text", [paired]);
        const [stored] = await collect(store.readStream("odd-text"));
        expect(stored).toMatchObject({ id: "rocket-🚀-id", type: "Launched🚀" });
      });

      it("stores data and metadata exactly, and stamps recordedAt from the store's clock", async () => {
        clock.set("2026-11-27T11:22:33.444Z");
        const data = {
          text: "Zoë 🚀 \u2028",
          nested: { list: [1, 2.5, -0.001, true, null], empty: {} },
          big: 2 ** 52,
        };
        const event = newEvent("DataKept", data);
        await store.append("exact", [event]);
        const [stored] = await collect(store.readStream("exact"));
        expect(stored).toMatchObject({
          id: event.id,
          type: "DataKept",
          schemaVersion: 1,
          streamVersion: 1,
          data,
        });
        expect(stored?.metadata).toEqual({ ...event.metadata, recordedAt: "2026-11-27T11:22:33.444Z" });
      });

      it("an empty append checks the expected version and writes nothing", async () => {
        await appendOk("empty", 2);
        const ok = await store.append("empty", [], { expectedVersion: 2 });
        expect(isRight(ok) && ok.right).toMatchObject({ nextExpectedVersion: 2, globalPositions: [] });
        const stale = await store.append("empty", [], { expectedVersion: 1 });
        expect(isLeft(stale)).toBe(true);
      });
    });

    describe("reading", () => {
      it("reads a stream forwards and backwards, from a version, with a maximum count", async () => {
        await appendOk("r", 5);
        await appendOk("other", 2);
        const versions = async (o: Parameters<EventStore["readStream"]>[1]) =>
          (await collect(store.readStream("r", o))).map((e) => e.streamVersion);
        expect(await versions({})).toEqual([1, 2, 3, 4, 5]);
        expect(await versions({ fromVersion: 3 })).toEqual([3, 4, 5]);
        expect(await versions({ fromVersion: 2, maxCount: 2 })).toEqual([2, 3]);
        expect(await versions({ direction: "backwards" })).toEqual([5, 4, 3, 2, 1]);
        expect(await versions({ direction: "backwards", fromVersion: 3, maxCount: 2 })).toEqual([3, 2]);
        expect(await versions({ maxCount: 0 })).toEqual([]);
      });

      it("every read yields fresh objects: changing what was read changes nothing stored", async () => {
        await appendOk("fresh", 1);
        const [first] = await collect(store.readStream("fresh"));
        (first?.data as { n: number }).n = 999;
        const [all] = await collect(store.readAll());
        expect(all?.data).toEqual({ n: 0 });
        expect((await collect(store.readStream("fresh")))[0]?.data).toEqual({ n: 0 });
      });

      it("reading a stream that does not exist yields nothing and has no head", async () => {
        expect(await collect(store.readStream("nowhere"))).toEqual([]);
        expect(await store.streamHead("nowhere")).toBeUndefined();
      });

      it("reads all streams in global order from a position, with a maximum count", async () => {
        await appendOk("x", 2);
        await appendOk("y", 1);
        await appendOk("x", 1);
        const all = await collect(store.readAll());
        expect(all.map((e) => `${e.streamId}@${e.streamVersion}`)).toEqual(["x@1", "x@2", "y@1", "x@3"]);
        const positions = all.map((e) => e.globalPosition);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        expect(new Set(positions).size).toBe(4);
        const after = await collect(store.readAll({ after: positions[1]!, maxCount: 1 }));
        expect(after.map((e) => `${e.streamId}@${e.streamVersion}`)).toEqual(["y@1"]);
        expect(await store.headPosition()).toBe(positions[3]);
      });

      it("pages through more events than fit in one page", async () => {
        for (let i = 0; i < 6; i++) await appendOk("big", 250);
        const all = await collect(store.readAll());
        expect(all).toHaveLength(1500);
        expect(all.at(-1)?.streamVersion).toBe(1500);
        const backwards = await collect(store.readStream("big", { direction: "backwards" }));
        expect(backwards.map((e) => e.streamVersion)).toEqual(
          Array.from({ length: 1500 }, (_, i) => 1500 - i),
        );
      });

      it("lists every stream head ordered by stream id", async () => {
        await appendOk("b-stream", 2);
        await appendOk("a-stream", 1);
        const heads = await collect(store.streamHeads());
        expect(heads.map((h) => [h.streamId, h.version])).toEqual([
          ["a-stream", 1],
          ["b-stream", 2],
        ]);
        const [bLast] = await collect(store.readStream("b-stream", { direction: "backwards", maxCount: 1 }));
        expect(heads[1]?.hash).toBe(bLast?.hash);
      });

      it("a second instance on the same storage sees the same events", async () => {
        if (!harness.reopen) return;
        await appendOk("shared", 3);
        const second = await harness.reopen();
        try {
          expect((await collect(second.readStream("shared"))).map((e) => e.id)).toEqual(
            (await collect(store.readStream("shared"))).map((e) => e.id),
          );
        } finally {
          await second.close();
        }
      });
    });

    describe("subscriptions", () => {
      it("catch up from a position, then deliver live appends, and resume from the last position seen", async () => {
        await appendOk("sub", 3);
        // Positions are opaque and need not be dense (EventStoreDB's are log offsets): start after the first.
        const [first] = await collect(store.readAll({ maxCount: 1 }));
        const controller = new AbortController();
        const seen: StoredEvent[] = [];
        const running = (async () => {
          for await (const event of store.subscribe({
            after: first?.globalPosition ?? 0,
            signal: controller.signal,
          })) {
            seen.push(event);
            if (seen.length === 4) controller.abort();
          }
        })();
        await waitUntil(() => seen.length >= 2);
        await appendOk("sub", 2);
        await running;
        expect(seen.map((e) => e.streamVersion)).toEqual([2, 3, 4, 5]);

        const resumed: StoredEvent[] = [];
        const again = new AbortController();
        setTimeout(() => again.abort(), 150);
        for await (const event of store.subscribe({
          after: seen.at(-1)?.globalPosition ?? 0,
          signal: again.signal,
        })) {
          resumed.push(event);
          again.abort();
        }
        expect(resumed).toEqual([]);
      });

      it("ends when the consumer stops iterating", async () => {
        await appendOk("stop", 2);
        for await (const event of store.subscribe()) {
          expect(event.streamVersion).toBe(1);
          break;
        }
      });
    });

    describe("history import", () => {
      const importer = (): HistoryImport => {
        const { importEvents } = harness.store;
        if (!importEvents)
          throw new Error(`${name}: the store has no importEvents; pass { historyImport: false }`);
        return { importEvents: importEvents.bind(harness.store) };
      };

      it.skipIf(!canImport)(
        "copies a history from another store keeping every id, version, metadata and hash",
        async () => {
          const source = new InMemoryEventStore({ clock: fixedClock("2020-02-29T23:59:59.999Z") });
          const events = sampleEventFactory(deterministicIds(`${name}-source`));
          await source.append("copy-a", [events("A", { n: 1 }), events("A", { n: 2 })]);
          await source.append("copy-b", [events("B", { text: "Zoë" })]);
          await source.append("copy-a", [events("A", { n: 3 })]);
          const progress = await copyHistory(source, importer(), { batchSize: 2 });
          expect(progress.events).toBe(4);
          const strip = ({ globalPosition: _, ...rest }: StoredEvent) => rest;
          expect((await collect(store.readAll())).map(strip)).toEqual(
            (await collect(source.readAll())).map(strip),
          );
          expect(await verifyStore(store)).toMatchObject({ _tag: "Right", right: { events: 4, streams: 2 } });
          const appended = await store.append("copy-a", [newEvent()], { expectedVersion: 3 });
          expect(isRight(appended)).toBe(true);
          expect(isRight(await verifyStream(store, "copy-a"))).toBe(true);
        },
      );

      it.skipIf(!canImport)("refuses, all or nothing, an import that does not extend the chain", async () => {
        const source = new InMemoryEventStore({ clock });
        const events = sampleEventFactory(deterministicIds(`${name}-bad-source`));
        await source.append("imp", [events(), events(), events()]);
        const [first, second, third] = await collect(source.readAll());
        const skip = importer().importEvents([first!, third!]);
        await expect(skip).rejects.toBeInstanceOf(HistoryImportRejected);
        await expect(skip).rejects.toMatchObject({ streamId: "imp", streamVersion: 3 });
        const forged = importer().importEvents([first!, { ...second!, data: { n: "forged" } }]);
        await expect(forged).rejects.toThrow(/hash does not match/);
        expect(await store.headPosition()).toBe(0);
      });
    });

    describe("integrity", () => {
      const tamper = (): StoreTamper => {
        if (!harness.tamper) throw new Error(`${name}: the harness offers no tamper; pass { tamper: false }`);
        return harness.tamper;
      };
      const itTampers = it.skipIf(!canTamper);

      it("chains every stream from the genesis hash, each hash recomputable from what is stored", async () => {
        await appendOk("chain", 3);
        const events = await collect(store.readStream("chain"));
        expect(events[0]?.prevHash).toBe(GENESIS_HASH);
        expect(events[1]?.prevHash).toBe(events[0]?.hash);
        expect(events[2]?.prevHash).toBe(events[1]?.hash);
        for (const event of events) expect(recomputeHash(event)).toBe(event.hash);
        expect(await verifyStore(store)).toMatchObject({ _tag: "Right", right: { streams: 1, events: 3 } });
        expect(await verifyStream(store, "chain")).toMatchObject({
          _tag: "Right",
          right: { events: 3, streams: 1, headPosition: events[2]?.globalPosition },
        });
      });

      itTampers("verify names the stream and version of a changed event", async () => {
        await appendOk("t", 3);
        await appendOk("u", 2);
        await tamper().rewriteData("t", 2, { n: 999 });
        const result = await verifyStore(store);
        expect(isLeft(result) && result.left).toMatchObject({
          kind: "HashMismatch",
          streamId: "t",
          streamVersion: 2,
        });
        expect(await verifyStream(store, "u")).toMatchObject({ _tag: "Right" });
      });

      itTampers("verify finds a removed event", async () => {
        await appendOk("t", 4);
        await tamper().removeEvent("t", 2);
        const result = await verifyStore(store);
        expect(isLeft(result) && result.left).toMatchObject({
          kind: "VersionGap",
          streamId: "t",
          streamVersion: 3,
        });
      });

      itTampers("verify finds reordered events", async () => {
        await appendOk("t", 4);
        await tamper().swapVersions("t", 2, 3);
        const result = await verifyStream(store, "t");
        expect(isLeft(result) && result.left).toMatchObject({ streamId: "t", streamVersion: 2 });
      });

      itTampers("verify finds an inserted event", async () => {
        await appendOk("t", 3);
        await tamper().insertEvent("t", 1, newEvent("Forged", { n: -1 }));
        const result = await verifyStore(store);
        expect(isLeft(result) && result.left).toMatchObject({ streamId: "t", streamVersion: 3 });
      });

      itTampers(
        "without a checkpoint a cut-off tail is invisible; with one, verify finds the truncated stream",
        async () => {
          const { privateKey, publicKey } = generateCheckpointKeys();
          await appendOk("t", 3);
          await appendOk("v", 1);
          const checkpoint = await createCheckpoint(store, { privateKey, clock });
          await tamper().removeEvent("t", 3);
          expect(isRight(await verifyStore(store))).toBe(true);
          const result = await verifyStore(store, { checkpoint: { checkpoint, publicKey } });
          expect(isLeft(result) && result.left).toMatchObject({
            kind: "StreamTruncated",
            streamId: "t",
            streamVersion: 2,
          });
        },
      );

      itTampers("with a checkpoint, verify finds a removed stream", async () => {
        const { privateKey, publicKey } = generateCheckpointKeys();
        await appendOk("gone", 2);
        await appendOk("kept", 1);
        const checkpoint = await createCheckpoint(store, { privateKey, clock });
        await tamper().removeEvent("gone", 2);
        await tamper().removeEvent("gone", 1);
        const result = await verifyStore(store, { checkpoint: { checkpoint, publicKey } });
        expect(isLeft(result) && result.left).toMatchObject({ kind: "StreamMissing", streamId: "gone" });
      });

      itTampers(
        "verify in worker threads reports the first broken link in global order, as one thread does",
        async () => {
          // Three interleaved streams (a1 b1 c1 a2 b2 c2 ...) cut into ranges of two positions, so every
          // range starts inside every stream's chain and each tampering sits in a range of its own;
          // each new tampering lies before the last, so each verdict moves to an earlier range. A store
          // whose log other threads cannot read verifies on one thread: the verdicts must agree anyway.
          for (let round = 0; round < 6; round++)
            for (const streamId of ["a", "b", "c"]) await appendOk(streamId, 1);
          const { privateKey, publicKey } = generateCheckpointKeys();
          const checkpoint = await createCheckpoint(store, { privateKey, clock });
          // In workers only: a worker loads far slower than this thread verifies 18 events.
          const parallel = { threads: 2, minEvents: 0, rangeEvents: 2, inWorkersOnly: true } as const;
          const bothWays = async (expected: object) => {
            const options = { checkpoint: { checkpoint, publicKey } };
            const oneThread = await verifyStore(store, { ...options, parallel: false });
            const threads = await verifyStore(store, { ...options, parallel });
            expect(threads).toEqual(oneThread);
            expect(isLeft(threads) ? threads.left : threads.right).toMatchObject(expected);
            // This thread and a worker side by side, ranges of one position.
            const mixed = { threads: 2, minEvents: 0, rangeEvents: 1 } as const;
            expect(await verifyStore(store, { ...options, parallel: mixed })).toEqual(oneThread);
          };
          await bothWays({ events: 18, streams: 3, checkpointVerified: true });
          await tamper().rewriteData("c", 5, { n: 999 });
          await bothWays({ kind: "HashMismatch", streamId: "c", streamVersion: 5 });
          await tamper().swapVersions("b", 3, 4);
          await bothWays({ kind: "VersionGap", streamId: "b", streamVersion: 4 });
          await tamper().removeEvent("a", 2);
          await bothWays({ kind: "VersionGap", streamId: "a", streamVersion: 3 });
          await tamper().insertEvent("c", 1, newEvent("Forged", { n: -1 }));
          await bothWays({ streamId: "c", streamVersion: 3 });
          await tamper().removeEvent("b", 1);
          await bothWays({ kind: "VersionGap", streamId: "b", streamVersion: 2 });
        },
      );

      it("a checkpoint passes on an untouched store that has grown since, and fails with another key or an edited body", async () => {
        const { privateKey, publicKey } = generateCheckpointKeys();
        await appendOk("t", 2);
        const checkpoint = await createCheckpoint(store, { privateKey, clock });
        await appendOk("t", 1);
        await appendOk("new", 1);
        expect(await verifyStore(store, { checkpoint: { checkpoint, publicKey } })).toMatchObject({
          _tag: "Right",
          right: { checkpointVerified: true, events: 4 },
        });
        const other = generateCheckpointKeys().publicKey;
        const wrongKey = await verifyStore(store, { checkpoint: { checkpoint, publicKey: other } });
        expect(isLeft(wrongKey) && wrongKey.left.kind).toBe("CheckpointSignatureInvalid");
        const edited = { ...checkpoint, body: { ...checkpoint.body, streams: [] } };
        const editedResult = await verifyStore(store, { checkpoint: { checkpoint: edited, publicKey } });
        expect(isLeft(editedResult) && editedResult.left.kind).toBe("CheckpointSignatureInvalid");
      });
    });
  });
};

const waitUntil = async (condition: () => boolean, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
