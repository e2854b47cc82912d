import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  copyHistory,
  createCheckpoint,
  fixedClock,
  generateCheckpointKeys,
  HistoryImportRejected,
  type JsonValue,
  type StoredEvent,
  verifyStore,
} from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { openSqliteEventStore, type SqliteEventStore } from "@privacy-ledger/store-sqlite";
import { isRight } from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { describePg, usePostgres } from "../test/pg.js";

/** Data that a careless copy would change: key order, number forms, escapes, non-ASCII. */
const trickyData = (n: number): JsonValue => ({
  n,
  z: "last key first",
  big: 2 ** 52 + n,
  tiny: -0.001,
  huge: 1e21,
  text: `Zoë 🚀 \u2028 "quoted" \\ ${n}`,
  nested: { list: [1, 2.5, true, null, { b: 1, a: 2 }], empty: {} },
});

describePg("copying a history from SQLite to PostgreSQL (and back) keeps every hash", () => {
  const pg = usePostgres("pl_copy");
  let directory: string;
  const sqliteStores: SqliteEventStore[] = [];
  const openSqlite = (name: string, clock = fixedClock("2024-02-29T12:00:00.000Z")) => {
    const store = openSqliteEventStore({ path: join(directory, name), clock });
    sqliteStores.push(store);
    return store;
  };
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "privacy-ledger-copy-"));
  });
  afterEach(async () => {
    for (const store of sqliteStores.splice(0)) await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** Writes `rounds` rounds of appends over three streams, the clock moving between them. */
  const writeHistory = async (
    store: SqliteEventStore,
    clock: ReturnType<typeof fixedClock>,
    from: number,
    rounds: number,
  ) => {
    for (let round = from; round < from + rounds; round++) {
      clock.advance(1_234);
      for (const stream of ["subject-1", "subject-2", "processor-register"]) {
        const size = 1 + (round % 3);
        const batch = Array.from({ length: size }, (_, k) =>
          fixtureEvent(`${stream}-${round}-${k}`, "Recorded", trickyData(round * 10 + k)),
        );
        expect(isRight(await store.append(stream, batch))).toBe(true);
      }
    }
  };
  const withoutPosition = ({ globalPosition: _, ...rest }: StoredEvent) => rest;

  it("every id, version, type, data, metadata (recordedAt included) and hash arrives intact, and the copy verifies", async () => {
    const clock = fixedClock("2024-02-29T12:00:00.000Z");
    const source = openSqlite("source.db", clock);
    await writeHistory(source, clock, 0, 12);
    const target = await pg.open({ clock: fixedClock("2099-01-01T00:00:00.000Z") });

    const progress = await copyHistory(source, target, { batchSize: 7 });
    const sourceEvents = await collect(source.readAll());
    expect(progress).toEqual({
      events: sourceEvents.length,
      lastPosition: sourceEvents.at(-1)?.globalPosition,
    });

    const targetEvents = await collect(target.readAll());
    expect(targetEvents.map(withoutPosition)).toEqual(sourceEvents.map(withoutPosition));
    // Field by field for the ones that matter most, so a failure names the event.
    targetEvents.forEach((event, i) => {
      const original = sourceEvents[i] as StoredEvent;
      expect([event.id, event.streamVersion, event.prevHash, event.hash], original.id).toEqual([
        original.id,
        original.streamVersion,
        original.prevHash,
        original.hash,
      ]);
    });
    expect(await collect(target.streamHeads())).toEqual(await collect(source.streamHeads()));
    expect(await verifyStore(target)).toMatchObject({
      _tag: "Right",
      right: { events: sourceEvents.length, streams: 3 },
    });

    // An auditor's checkpoint of the SQLite history verifies against the PostgreSQL copy.
    const { privateKey, publicKey } = generateCheckpointKeys();
    const checkpoint = await createCheckpoint(source, { privateKey });
    expect(await verifyStore(target, { checkpoint: { checkpoint, publicKey } })).toMatchObject({
      _tag: "Right",
      right: { checkpointVerified: true },
    });

    // The copy is a live store: the chain continues from the copied heads.
    const head = await target.streamHead("subject-1");
    const next = await target.append("subject-1", [fixtureEvent("after-copy", "Recorded", {})], {
      expectedVersion: head?.version ?? -1,
    });
    expect(isRight(next)).toBe(true);
    const [appended] = await collect(target.readStream("subject-1", { direction: "backwards", maxCount: 1 }));
    expect(appended?.prevHash).toBe(head?.hash);
    expect(isRight(await verifyStore(target))).toBe(true);
  });

  it("resumes from the last position copied, and refuses to copy the same history twice", async () => {
    const clock = fixedClock("2024-02-29T12:00:00.000Z");
    const source = openSqlite("source.db", clock);
    await writeHistory(source, clock, 0, 4);
    const target = await pg.open();
    const first = await copyHistory(source, target, { batchSize: 5 });

    await writeHistory(source, clock, 4, 3);
    const second = await copyHistory(source, target, { after: first.lastPosition, batchSize: 5 });
    expect(first.events + second.events).toBe((await collect(source.readAll())).length);
    expect((await collect(target.readAll())).map(withoutPosition)).toEqual(
      (await collect(source.readAll())).map(withoutPosition),
    );

    // From the start again: the first event no longer extends its chain here; nothing is written.
    const before = await target.headPosition();
    const again = copyHistory(source, target, { batchSize: 5 });
    await expect(again).rejects.toBeInstanceOf(HistoryImportRejected);
    await expect(again).rejects.toMatchObject({ streamId: "subject-1", streamVersion: 1 });
    expect(await target.headPosition()).toBe(before);
    expect(isRight(await verifyStore(target))).toBe(true);
  });

  it("an import batch with a broken link is refused whole: none of its events, even the good ones before it, is written", async () => {
    const clock = fixedClock("2024-02-29T12:00:00.000Z");
    const source = openSqlite("source.db", clock);
    await writeHistory(source, clock, 0, 2);
    const events = await collect(source.readAll());
    const target = await pg.open();
    const forged = { ...(events[3] as StoredEvent), data: { forged: true } };
    await expect(target.importEvents([...events.slice(0, 3), forged])).rejects.toThrow(/hash does not match/);
    expect(await target.headPosition()).toBe(0);
    await expect(target.importEvents([{ ...(events[0] as StoredEvent), id: "nul\u0000id" }])).rejects.toThrow(
      HistoryImportRejected,
    );
  });

  it("the copy goes back from PostgreSQL to a fresh SQLite file just as intact", async () => {
    const clock = fixedClock("2024-02-29T12:00:00.000Z");
    const source = openSqlite("source.db", clock);
    await writeHistory(source, clock, 0, 5);
    const middle = await pg.open();
    await copyHistory(source, middle, { batchSize: 4 });
    const back = openSqlite("back.db");
    await copyHistory(middle, back, { batchSize: 6 });
    expect(await collect(back.readAll())).toEqual(await collect(source.readAll()));
    expect(isRight(await verifyStore(back))).toBe(true);
  });
});
