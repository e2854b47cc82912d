import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  defineEvent,
  eventCatalog,
  type StoredEvent,
  StoredEventCorruptedError,
  verifyStore,
  verifyStream,
} from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import Database from "better-sqlite3";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { openSqliteEventStore, type SqliteEventStore } from "./sqliteEventStore.js";

const AmountRecorded = defineEvent({ type: "AmountRecorded", codec: t.type({ amount: t.number }) });
const catalog = eventCatalog([AmountRecorded]);

/** Personal data planted in rows: no error message may ever repeat it. */
const SECRET = "jan.jansen@example.com";

describe("sqlite store: bad data in the file", () => {
  let directory: string;
  let store: SqliteEventStore;
  /** A second, raw connection: someone editing the file behind the library's back. */
  let raw: Database.Database;
  const edit = (sql: string, version: number, stream = "ledger-1") =>
    expect(raw.prepare(sql).run(stream, version).changes).toBe(1);

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "privacy-ledger-baddata-"));
    const path = join(directory, "events.db");
    store = openSqliteEventStore({ path });
    raw = new Database(path);
    const recorded = [1, 2, 3].map((n) => fixtureEvent(`ledger-1-${n}`, "AmountRecorded", { amount: n }));
    expect(isRight(await store.append("ledger-1", recorded))).toBe(true);
    expect(
      isRight(await store.append("ledger-2", [fixtureEvent("ledger-2-1", "AmountRecorded", { amount: 9 })])),
    ).toBe(true);
  });
  afterEach(async () => {
    raw.close();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** Reads until the read fails; returns what came before the failure and the failure. */
  const readUntilFailure = async (events: AsyncIterable<StoredEvent>) => {
    const before: string[] = [];
    try {
      for await (const event of events) before.push(`${event.streamId}@${event.streamVersion}`);
    } catch (error) {
      return { before, error };
    }
    throw new Error(`the read did not fail; it yielded ${before.join(", ")}`);
  };

  const expectCorrupt = (error: unknown, streamVersion: number, cause: RegExp) => {
    expect(error).toBeInstanceOf(StoredEventCorruptedError);
    const corrupt = error as StoredEventCorruptedError;
    expect(corrupt).toMatchObject({ streamId: "ledger-1", streamVersion });
    expect(corrupt.reason).toMatch(cause);
    expect(corrupt.message).toContain(`ledger-1@${streamVersion}`);
    expect(corrupt.message).not.toContain(SECRET);
  };

  it("a row whose data is not JSON fails the read with StoredEventCorruptedError naming stream, version and cause, not the content", async () => {
    edit(`UPDATE events SET data = '{"email": "${SECRET}", ' WHERE stream_id = ? AND stream_version = ?`, 2);

    const streamRead = await readUntilFailure(store.readStream("ledger-1"));
    expect(streamRead.before).toEqual(["ledger-1@1"]);
    expectCorrupt(streamRead.error, 2, /data column is not valid JSON/);

    const backwards = await readUntilFailure(store.readStream("ledger-1", { direction: "backwards" }));
    expect(backwards.before).toEqual(["ledger-1@3"]);
    expectCorrupt(backwards.error, 2, /data column is not valid JSON/);

    expectCorrupt((await readUntilFailure(store.readAll())).error, 2, /data column is not valid JSON/);

    const verified = await verifyStore(store);
    expect(isLeft(verified) && verified.left).toMatchObject({
      kind: "CorruptEvent",
      streamId: "ledger-1",
      streamVersion: 2,
    });
  });

  it.each([
    {
      what: "metadata without an actor",
      sql: "UPDATE events SET metadata = json_remove(metadata, '$.actor') WHERE stream_id = ? AND stream_version = ?",
      cause: /metadata\.actor/,
    },
    {
      what: "metadata that is not JSON",
      sql: `UPDATE events SET metadata = '${SECRET}' WHERE stream_id = ? AND stream_version = ?`,
      cause: /metadata column is not valid JSON/,
    },
    {
      what: "a hash that is not SHA-256 hex",
      sql: `UPDATE events SET hash = '${SECRET}' WHERE stream_id = ? AND stream_version = ?`,
      cause: /hash \(expected Sha256Hex\)/,
    },
    {
      what: "a schema version of 0",
      sql: "UPDATE events SET schema_version = 0 WHERE stream_id = ? AND stream_version = ?",
      cause: /schemaVersion/,
    },
  ])(
    "a row with $what fails the read with StoredEventCorruptedError naming the field",
    async ({ sql, cause }) => {
      edit(sql, 3);
      const { before, error } = await readUntilFailure(store.readStream("ledger-1"));
      expect(before).toEqual(["ledger-1@1", "ledger-1@2"]);
      expectCorrupt(error, 3, cause);
    },
  );

  it("an event of a type the catalog does not know gives an EventDecodeError naming stream, version and cause", async () => {
    await store.append("ledger-1", [fixtureEvent("ledger-1-4", "AmountForgotten", { amount: 4 })]);
    const [stored] = await collect(store.readStream("ledger-1", { fromVersion: 4 }));
    const decoded = catalog.decode(stored as StoredEvent);
    expect(isLeft(decoded) && decoded.left).toMatchObject({
      kind: "EventDecodeError",
      streamId: "ledger-1",
      streamVersion: 4,
      type: "AmountForgotten",
    });
    expect(isLeft(decoded) && decoded.left.message).toMatch(/ledger-1@4: unknown event type/);
  });

  it("an event whose data fails its codec gives an EventDecodeError naming the field, not the value", async () => {
    await store.append("ledger-1", [fixtureEvent("ledger-1-4", "AmountRecorded", { amount: SECRET })]);
    const events = await collect(store.readStream("ledger-1"));
    expect(events.slice(0, 3).map((e) => isRight(catalog.decode(e)))).toEqual([true, true, true]);
    const decoded = catalog.decode(events[3] as StoredEvent);
    expect(isLeft(decoded) && decoded.left).toMatchObject({
      kind: "EventDecodeError",
      streamId: "ledger-1",
      streamVersion: 4,
      paths: ["data.amount (expected number)"],
    });
    expect(isLeft(decoded) && decoded.left.message).toContain("ledger-1@4");
    expect(isLeft(decoded) && decoded.left.message).not.toContain(SECRET);
  });

  it("a well-formed row changed behind the library's back reads fine, and verify names its stream and version", async () => {
    edit("UPDATE events SET data = '{\"amount\":1000000}' WHERE stream_id = ? AND stream_version = ?", 2);
    const events = await collect(store.readStream("ledger-1"));
    expect(events.map((e) => isRight(catalog.decode(e)))).toEqual([true, true, true]);

    const verified = await verifyStore(store);
    expect(isLeft(verified) && verified.left).toMatchObject({
      kind: "HashMismatch",
      streamId: "ledger-1",
      streamVersion: 2,
    });
    expect(isRight(await verifyStream(store, "ledger-2"))).toBe(true);
  });

  it("verify hashes the stored text, but a row only reformatted (same JSON) still verifies, as it does from parsed events", async () => {
    edit("UPDATE events SET data = '{ \"amount\" : 2 }' WHERE stream_id = ? AND stream_version = ?", 2);
    expect(isRight(await verifyStore(store))).toBe(true);
    expect(isRight(await verifyStream(store, "ledger-1"))).toBe(true);
    edit("UPDATE events SET data = '{ \"amount\" : 3 }' WHERE stream_id = ? AND stream_version = ?", 2);
    expect(await verifyStore(store)).toMatchObject({
      _tag: "Left",
      left: { kind: "HashMismatch", streamVersion: 2 },
    });
  });

  it("verify reports a corrupt row as CorruptEvent with its stream and version", async () => {
    edit("UPDATE events SET metadata = '{not json' WHERE stream_id = ? AND stream_version = ?", 3);
    expect(await verifyStore(store)).toMatchObject({
      _tag: "Left",
      left: { kind: "CorruptEvent", streamId: "ledger-1", streamVersion: 3 },
    });
  });

  it("ids and types with quotes, backslashes, control and non-ASCII characters verify (SQL-assembled text or the fallback)", async () => {
    const odd = [fixtureEvent('odd-"id"\\\n\u0001', 'Type\t"é\u2028', { amount: 1 })];
    expect(isRight(await store.append("ledger-odd", odd))).toBe(true);
    expect(await verifyStore(store)).toMatchObject({ _tag: "Right", right: { events: 5 } });
  });

  it("a JSON column rewritten as a BLOB of the same bytes is a CorruptEvent for verify, as for every read", async () => {
    edit("UPDATE events SET data = CAST(data AS BLOB) WHERE stream_id = ? AND stream_version = ?", 2);
    expect(await verifyStore(store)).toMatchObject({
      _tag: "Left",
      left: { kind: "CorruptEvent", streamId: "ledger-1", streamVersion: 2 },
    });
  });
});
