import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type VerifyStoreOptions, verifyStore } from "@privacy-ledger/eventsourcing";
import Database from "better-sqlite3";
import { isRight } from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { openSqliteEventStore, type SqliteEventStore } from "./sqliteEventStore.js";

// Ranges of 64 positions over 1,200 events (19 ranges), all verified by two workers: in the tests this
// thread would verify the whole log before a worker has loaded its TypeScript.
const PARALLEL = { threads: 2, minEvents: 0, rangeEvents: 64, inWorkersOnly: true } as const;
const STREAMS = 12;
const ROUNDS = 25;
const BATCH = 4;

describe("sqlite store: verify in worker threads", () => {
  let directory: string;
  let store: SqliteEventStore;
  /** Someone editing the file behind the library's back. */
  let raw: Database.Database;
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "privacy-ledger-parallel-verify-"));
    const path = join(directory, "events.db");
    store = openSqliteEventStore({ path, synchronous: "NORMAL" });
    // Batches of 4 over 12 streams, round robin: every range starts inside every stream's chain.
    for (let round = 0; round < ROUNDS; round++)
      for (let s = 0; s < STREAMS; s++) {
        const events = Array.from({ length: BATCH }, (_, k) =>
          fixtureEvent(`e-${round}-${s}-${k}`, "Noted", { round, s, k }),
        );
        expect(isRight(await store.append(`s-${s}`, events))).toBe(true);
      }
    raw = new Database(path);
    warnings.length = 0;
    process.on("warning", onWarning);
  });
  afterEach(async () => {
    process.off("warning", onWarning);
    raw.close();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** Both ways, same verdict; and the parallel pass really ran in a worker (no fallback warning). */
  const bothWays = async (options: VerifyStoreOptions = {}) => {
    const oneThread = await verifyStore(store, { ...options, parallel: false });
    const threads = await verifyStore(store, { ...options, parallel: PARALLEL });
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
    expect(warnings.map((warning) => warning.message)).toEqual([]);
    expect(threads).toEqual(oneThread);
    return threads;
  };
  const positionOf = (streamId: string, version: number): number =>
    (
      raw
        .prepare("SELECT global_position FROM events WHERE stream_id = ? AND stream_version = ?")
        .get(streamId, version) as { global_position: number }
    ).global_position;

  it("verifies an untouched log with the same summary, reporting progress in global order", async () => {
    const progress: number[] = [];
    const result = await bothWays();
    expect(result).toMatchObject({
      _tag: "Right",
      right: { events: ROUNDS * STREAMS * BATCH, streams: STREAMS, headPosition: ROUNDS * STREAMS * BATCH },
    });
    await verifyStore(store, { parallel: PARALLEL, onProgress: (events) => progress.push(events) });
    expect(progress.at(-1)).toBe(ROUNDS * STREAMS * BATCH);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("reports the earliest of several changes, whichever thread met it", async () => {
    // Changed bytes far apart: the later ones sit in ranges the worker may verify first.
    for (const [stream, version] of [
      ["s-9", 90],
      ["s-4", 61],
      ["s-7", 30],
    ] as const) {
      raw
        .prepare("UPDATE events SET data = ? WHERE stream_id = ? AND stream_version = ?")
        .run('{"forged":true}', stream, version);
      expect(await bothWays()).toMatchObject({
        _tag: "Left",
        left: { kind: "HashMismatch", streamId: stream, streamVersion: version },
      });
    }
  });

  it("finds a broken link at the first event of a stream in a range, against the range before", async () => {
    // The 19 ranges end at floor(1200 * i / 19): s-6@41 is the last event of range 7 (position 505),
    // s-6@42 the first of range 8. Only stitching the two ranges can tell that s-6@42's previous hash
    // is not the hash of s-6@41.
    expect([positionOf("s-6", 41), positionOf("s-6", 42)]).toEqual([505, 506]);
    raw
      .prepare("UPDATE events SET prev_hash = ? WHERE stream_id = ? AND stream_version = ?")
      .run("f".repeat(64), "s-6", 42);
    expect(await bothWays()).toMatchObject({
      _tag: "Left",
      left: { kind: "BrokenLink", streamId: "s-6", streamVersion: 42 },
    });
    raw.prepare("DELETE FROM events WHERE stream_id = ? AND stream_version = ?").run("s-1", 21);
    expect(await bothWays()).toMatchObject({
      _tag: "Left",
      left: { kind: "VersionGap", streamId: "s-1", streamVersion: 22 },
    });
  });

  it("reports a corrupt row as one thread does, before a later change", async () => {
    raw
      .prepare("UPDATE events SET data = ? WHERE stream_id = ? AND stream_version = ?")
      .run('{"forged":true}', "s-2", 80);
    raw
      .prepare("UPDATE events SET metadata = ? WHERE stream_id = ? AND stream_version = ?")
      .run("{", "s-5", 50);
    expect(await bothWays()).toMatchObject({
      _tag: "Left",
      left: { kind: "CorruptEvent", streamId: "s-5", streamVersion: 50 },
    });
  });

  it("accepts a row whose JSON was only reformatted, in any range", async () => {
    const row = raw
      .prepare("SELECT data FROM events WHERE stream_id = ? AND stream_version = ?")
      .get("s-6", 70) as { data: string };
    raw
      .prepare("UPDATE events SET data = ? WHERE stream_id = ? AND stream_version = ?")
      .run(JSON.stringify(JSON.parse(row.data), null, 2), "s-6", 70);
    expect(await bothWays()).toMatchObject({ _tag: "Right", right: { events: ROUNDS * STREAMS * BATCH } });
  });

  it("verifies on one thread, with a warning, when a worker cannot open the store's reader", async () => {
    const broken = new Proxy(store, {
      get(target, property, receiver) {
        if (property === "textReaderForWorkers")
          return () => ({ module: new URL("./no-such-reader.js", import.meta.url).href, options: {} });
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const result = await verifyStore(broken, { parallel: PARALLEL });
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
    expect(result).toEqual(await verifyStore(store, { parallel: false }));
    expect(warnings.map((warning) => (warning as { code?: string }).code)).toEqual([
      "PRIVACY_LEDGER_VERIFY_ONE_THREAD",
    ]);
  });
});
