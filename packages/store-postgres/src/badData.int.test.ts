import {
  defineEvent,
  eventCatalog,
  type StoredEvent,
  StoredEventCorruptedError,
  verifyStore,
  verifyStream,
} from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { beforeEach, expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { describePg, usePostgres } from "../test/pg.js";
import type { PostgresEventStore } from "./postgresEventStore.js";

const AmountRecorded = defineEvent({ type: "AmountRecorded", codec: t.type({ amount: t.number }) });
const catalog = eventCatalog([AmountRecorded]);

/** Personal data planted in rows: no error message may ever repeat it. */
const SECRET = "jan.jansen@example.com";

describePg("postgres store: bad data in the tables", () => {
  const pg = usePostgres("pl_baddata");
  let store: PostgresEventStore;
  /** An UPDATE behind the library's back, on one row of ledger-1 (or another stream). */
  const edit = async (set: string, version: number, stream = "ledger-1") => {
    const rows = await pg.sql(
      `UPDATE $schema.events SET ${set} WHERE stream_id = $1 AND stream_version = $2 RETURNING 1`,
      [stream, version],
    );
    expect(rows).toHaveLength(1);
  };

  beforeEach(async () => {
    store = await pg.open({ pageSize: 2 });
    const recorded = [1, 2, 3].map((n) => fixtureEvent(`ledger-1-${n}`, "AmountRecorded", { amount: n }));
    expect(isRight(await store.append("ledger-1", recorded))).toBe(true);
    expect(
      isRight(await store.append("ledger-2", [fixtureEvent("ledger-2-1", "AmountRecorded", { amount: 9 })])),
    ).toBe(true);
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

  const expectCorrupt = (error: unknown, streamVersion: number | undefined, cause: RegExp) => {
    expect(error).toBeInstanceOf(StoredEventCorruptedError);
    const corrupt = error as StoredEventCorruptedError;
    expect(corrupt).toMatchObject({ streamId: "ledger-1", streamVersion });
    expect(corrupt.reason).toMatch(cause);
    if (streamVersion !== undefined) expect(corrupt.message).toContain(`ledger-1@${streamVersion}`);
    expect(corrupt.message).not.toContain(SECRET);
  };

  it("a row whose data is not JSON fails the read with StoredEventCorruptedError naming stream, version and cause, not the content", async () => {
    await edit(`data = '{"email": "${SECRET}", '`, 2);

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
      set: "metadata = (metadata::jsonb - 'actor')::text",
      cause: /metadata\.actor/,
    },
    {
      what: "metadata that is not JSON",
      set: `metadata = '${SECRET}'`,
      cause: /metadata column is not valid JSON/,
    },
    {
      what: "a hash that is not SHA-256 hex",
      set: `hash = '${SECRET}'`,
      cause: /hash \(expected Sha256Hex\)/,
    },
    { what: "a schema version of 0", set: "schema_version = 0", cause: /schemaVersion/ },
    { what: "an empty previous hash", set: "prev_hash = ''", cause: /prevHash/ },
  ])(
    "a row with $what fails the read with StoredEventCorruptedError naming the field",
    async ({ set, cause }) => {
      await edit(set, 3);
      const { before, error } = await readUntilFailure(store.readStream("ledger-1"));
      expect(before).toEqual(["ledger-1@1", "ledger-1@2"]);
      expectCorrupt(error, 3, cause);
    },
  );

  it("a stream version beyond 2^53 is reported (located by global position), never rounded to a number", async () => {
    await edit("stream_version = 9007199254740993", 3);
    const { before, error } = await readUntilFailure(store.readAll());
    expect(before).toEqual(["ledger-1@1", "ledger-1@2"]);
    expectCorrupt(error, undefined, /streamVersion/);
    expect((error as StoredEventCorruptedError).globalPosition).toBe(3);
    expect((error as StoredEventCorruptedError).message).toContain("ledger-1 at global position 3");
  });

  it("a corrupt head row is reported when heads are listed and when the stream is appended to", async () => {
    await pg.sql("UPDATE $schema.streams SET version = 0 WHERE stream_id = 'ledger-1'");
    await expect(store.streamHead("ledger-1")).rejects.toThrow("the head row of stream ledger-1 is corrupt");
    await expect(collect(store.streamHeads())).rejects.toThrow(/ledger-1 is corrupt/);
    await expect(
      store.append("ledger-1", [fixtureEvent("ledger-1-4", "AmountRecorded", { amount: 4 })]),
    ).rejects.toThrow(/ledger-1 is corrupt/);
    expect(await collect(store.readStream("ledger-1"))).toHaveLength(3);
  });

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
    await edit(`data = '{"amount":1000000}'`, 2);
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

  it("data rewritten with the same values in another key order or spacing still verifies (the hash covers canonical JSON)", async () => {
    await edit(`data = '{ "amount" : 2.0 }'`, 2);
    expect(isRight(await verifyStore(store))).toBe(true);
  });
});
