import {
  type StoredEvent,
  StoredEventCorruptedError,
  verifyStore,
  verifyStream,
} from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isLeft } from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendOk, type FakeWorld, fakeWorld, fixtureEvent, SECRET } from "../test/fixtures.js";
import { GlobalPositionOutOfRangeError } from "./errors.js";
import type { EventStoreDbEventStore } from "./eventStoreDbStore.js";
import { ENVELOPE_KEY } from "./recordCodec.js";
import type { FakeRecord } from "./testing/index.js";

describe("eventstoredb store: bad data in the log", () => {
  let world: FakeWorld;
  let store: EventStoreDbEventStore;
  beforeEach(async () => {
    world = await fakeWorld();
    store = world.open();
    await appendOk(store, "ledger-1", [fixtureEvent("l1-1"), fixtureEvent("l1-2"), fixtureEvent("l1-3")]);
    await appendOk(store, "ledger-2", [fixtureEvent("l2-1")]);
  });
  afterEach(async () => {
    await world.dispose();
  });

  /** Replaces record ledger-1@version (revision version-1) with a changed copy. */
  const edit = (version: number, change: (record: FakeRecord) => Partial<FakeRecord>) =>
    world.fake.edit((log) => {
      const index = log.findIndex((r) => r.streamId === "ledger-1" && r.revision === BigInt(version - 1));
      const record = log[index] as FakeRecord;
      log[index] = { ...record, ...change(record) };
    });
  const envelopeOf = (record: FakeRecord) =>
    JSON.parse(Buffer.from(record.metadata).toString("utf8")) as Record<string, Record<string, unknown>>;
  const withEnvelope = (record: FakeRecord, change: Record<string, unknown>) => {
    const metadata = envelopeOf(record);
    return Buffer.from(
      JSON.stringify({ ...metadata, [ENVELOPE_KEY]: { ...metadata[ENVELOPE_KEY], ...change } }),
    );
  };

  const readUntilFailure = async (events: AsyncIterable<StoredEvent>) => {
    const before: string[] = [];
    try {
      for await (const event of events) before.push(`${event.streamId}@${event.streamVersion}`);
    } catch (error) {
      return { before, error };
    }
    throw new Error(`the read did not fail; it yielded ${before.join(", ")}`);
  };
  const expectCorrupt = (error: unknown, cause: RegExp) => {
    expect(error).toBeInstanceOf(StoredEventCorruptedError);
    const corrupt = error as StoredEventCorruptedError;
    expect(corrupt).toMatchObject({ streamId: "ledger-1", streamVersion: 2 });
    expect(corrupt.reason).toMatch(cause);
    expect(corrupt.message).toContain("ledger-1@2");
    expect(corrupt.message).not.toContain(SECRET);
  };

  it("metadata that is not JSON fails stream reads and $all reads, naming stream and version, not the content", async () => {
    edit(2, () => ({ metadata: Buffer.from(`{"email": "${SECRET}", `) }));
    const streamRead = await readUntilFailure(store.readStream("ledger-1"));
    expect(streamRead.before).toEqual(["ledger-1@1"]);
    expectCorrupt(streamRead.error, /metadata is not a JSON object/);
    // ledger-1 is known to be this store's once its first event was read, so $all fails on it too.
    const allRead = await readUntilFailure(store.readAll());
    expect(allRead.before).toEqual(["ledger-1@1"]);
    expectCorrupt(allRead.error, /metadata is not a JSON object/);
    expect(await verifyStream(store, "ledger-1")).toMatchObject({
      _tag: "Left",
      left: { kind: "CorruptEvent", streamId: "ledger-1", streamVersion: 2 },
    });
  });

  it("an event written into one of the store's streams by someone else is corrupt; so is appending after it", async () => {
    world.fake.writeRaw("ledger-2", [
      { type: "Noted", data: { email: SECRET }, metadata: { by: "other-app" } },
    ]);
    const read = await readUntilFailure(store.readStream("ledger-2"));
    expect(read.before).toEqual(["ledger-2@1"]);
    expect(read.error).toMatchObject({ streamId: "ledger-2", streamVersion: 2 });
    expect((read.error as Error).message).toMatch(/not written by privacy-ledger/);
    await expect(store.append("ledger-2", [fixtureEvent("l2-3")])).rejects.toBeInstanceOf(
      StoredEventCorruptedError,
    );
    expect(await verifyStore(store)).toMatchObject({
      _tag: "Left",
      left: { kind: "CorruptEvent", streamId: "ledger-2", streamVersion: 2 },
    });
  });

  it("an envelope whose fields fail the kernel's codec names the failing fields", async () => {
    edit(2, (record) => ({ metadata: withEnvelope(record, { hash: SECRET, schemaVersion: 0 }) }));
    const { error } = await readUntilFailure(store.readStream("ledger-1"));
    expectCorrupt(error, /invalid fields: .*schemaVersion.*hash|invalid fields: .*hash.*schemaVersion/);
  });

  it("an EventStoreDB event id that does not derive from the envelope's id is corrupt", async () => {
    edit(2, (record) => ({ metadata: withEnvelope(record, { id: "someone-else" }) }));
    expectCorrupt((await readUntilFailure(store.readStream("ledger-1"))).error, /event id does not match/);
  });

  it("an envelope format this release does not know is refused, not guessed at", async () => {
    edit(2, (record) => ({ metadata: withEnvelope(record, { format: 2 }) }));
    expectCorrupt(
      (await readUntilFailure(store.readStream("ledger-1"))).error,
      /format this release does not know/,
    );
  });

  it("data stored as binary instead of JSON is corrupt", async () => {
    edit(2, () => ({ contentType: "application/octet-stream" }));
    expectCorrupt((await readUntilFailure(store.readStream("ledger-1"))).error, /not stored as JSON/);
  });

  it("data bytes that are not JSON come back as a string from the client: the chain reports the change", async () => {
    edit(2, () => ({ data: Buffer.from(`{"email": "${SECRET}", `) }));
    const result = await verifyStore(store);
    expect(isLeft(result) && result.left).toMatchObject({
      kind: "HashMismatch",
      streamId: "ledger-1",
      streamVersion: 2,
    });
    expect(isLeft(result) && result.left.message).not.toContain(SECRET);
  });
});

describe("eventstoredb store: log positions beyond 2^53", () => {
  it("refuses loudly to hand out a global position that a number cannot hold", async () => {
    const world = await fakeWorld({
      positions: "dense",
      firstPosition: BigInt(Number.MAX_SAFE_INTEGER) - 1n,
    });
    try {
      const store = world.open();
      const first = await appendOk(store, "s", [fixtureEvent("a"), fixtureEvent("b")]);
      expect(first.globalPositions).toEqual([Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER]);
      const error = await store.append("s", [fixtureEvent("c")]).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(GlobalPositionOutOfRangeError);
      expect(error).toMatchObject({ position: BigInt(Number.MAX_SAFE_INTEGER) + 1n, retryable: false });
      await expect(collect(store.readAll())).rejects.toBeInstanceOf(GlobalPositionOutOfRangeError);
    } finally {
      await world.dispose();
    }
  });
});
