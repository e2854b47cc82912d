import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyHistory, createInMemoryEventStore, verifyStore } from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import Database from "better-sqlite3";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { InsertWroteNothing, openSqliteEventStore, type SqliteEventStore } from "./sqliteEventStore.js";

/** Makes the database refuse inserts into one stream, as a failing disk or constraint would. */
const refuseInsertsInto = (path: string, streamId: string, raise: "ABORT" | "ROLLBACK") => {
  const db = new Database(path);
  db.exec(`CREATE TRIGGER refuse_${raise.toLowerCase()} BEFORE INSERT ON events
           WHEN NEW.stream_id = '${streamId}' BEGIN SELECT RAISE(${raise}, 'refused by the test'); END`);
  db.close();
};

describe("sqlite store: group commit (concurrent appends share one transaction)", () => {
  let directory: string;
  let path: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "privacy-ledger-group-"));
    path = join(directory, "events.db");
    store = openSqliteEventStore({ path });
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("gives each concurrent append its own outcome: a version conflict refuses that append alone", async () => {
    await store.append("s-1", [fixtureEvent("e-0", "Seeded", {})]);
    const outcomes = await Promise.all([
      store.append("s-1", [fixtureEvent("e-1", "Next", {})], { expectedVersion: 1 }),
      store.append("s-1", [fixtureEvent("e-2", "Stale", {})], { expectedVersion: 1 }),
      store.append("s-2", [fixtureEvent("e-3", "Other", {})], { expectedVersion: "no_stream" }),
    ]);
    expect(isRight(outcomes[0] as never)).toBe(true);
    expect(outcomes[1]).toMatchObject({ _tag: "Left", left: { kind: "WrongExpectedVersion", actual: 2 } });
    expect(isRight(outcomes[2] as never)).toBe(true);
    const ids = (await collect(store.readAll())).map((event) => event.id);
    expect(ids).toEqual(["e-0", "e-1", "e-3"]);
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("an append whose batch meets a stored id after new ones is refused alone and writes nothing; a retry in the same group is a replay", async () => {
    await store.append("s-1", [fixtureEvent("e-0", "Seeded", {})]);
    const outcomes = await Promise.all([
      store.append("s-2", [fixtureEvent("e-1", "Before", {})]),
      // e-new would be written first, then e-0 is found stored: the whole batch must go.
      store.append("s-1", [fixtureEvent("e-new", "Fresh", {}), fixtureEvent("e-0", "Seeded", {})]),
      // A retry of the first append with a stale expected version: its replay, not a conflict.
      store.append("s-1", [fixtureEvent("e-0", "Seeded", {})], { expectedVersion: "no_stream" }),
      store.append("s-3", [fixtureEvent("e-2", "After", {})]),
    ]);
    expect(outcomes[0]).toMatchObject({ _tag: "Right", right: { idempotentReplay: false } });
    expect(outcomes[1]).toMatchObject({ _tag: "Left", left: { kind: "EventIdConflict", eventId: "e-0" } });
    expect(outcomes[2]).toMatchObject({
      _tag: "Right",
      right: { idempotentReplay: true, nextExpectedVersion: 1, globalPositions: [1] },
    });
    expect(outcomes[3]).toMatchObject({ _tag: "Right", right: { idempotentReplay: false } });
    const ids = (await collect(store.readAll())).map((event) => event.id);
    expect(ids).toEqual(["e-0", "e-1", "e-2"]);
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("a trigger that silently skips an event's row fails that append with InsertWroteNothing and leaves nothing of it", async () => {
    const db = new Database(path);
    db.exec(`CREATE TRIGGER skip_rows BEFORE INSERT ON events
             WHEN NEW.event_id LIKE 'skip-%' BEGIN SELECT RAISE(IGNORE); END`);
    db.close();
    const outcomes = await Promise.allSettled([
      store.append("s-ok", [fixtureEvent("ok-1", "Kept", {})]),
      store.append("s-first", [fixtureEvent("skip-1", "Skipped", {})]),
      store.append("s-later", [fixtureEvent("kept-2", "Kept", {}), fixtureEvent("skip-2", "Skipped", {})]),
    ]);
    expect(outcomes[0]?.status).toBe("fulfilled");
    for (const [index, streamId] of [
      [1, "s-first"],
      [2, "s-later"],
    ] as const) {
      const outcome = outcomes[index];
      expect(outcome?.status).toBe("rejected");
      if (outcome?.status === "rejected") {
        expect(outcome.reason).toBeInstanceOf(InsertWroteNothing);
        expect((outcome.reason as Error).message).toContain(`insert of ${streamId} version`);
      }
    }
    const ids = (await collect(store.readAll())).map((event) => event.id);
    expect(ids).toEqual(["ok-1"]);
    // Alone (no group), the same.
    await expect(
      store.append("s-alone", [fixtureEvent("kept-3", "Kept", {}), fixtureEvent("skip-3", "Skipped", {})]),
    ).rejects.toBeInstanceOf(InsertWroteNothing);
    expect(await collect(store.readStream("s-alone"))).toHaveLength(0);
    expect(isRight(await verifyStore(store))).toBe(true);
    // An import (copyHistory) of a skipped event fails the same way, and moves no head.
    const source = createInMemoryEventStore();
    await source.append("s-import", [
      fixtureEvent("kept-4", "Kept", {}),
      fixtureEvent("skip-4", "Skipped", {}),
    ]);
    await expect(copyHistory(source, store)).rejects.toBeInstanceOf(InsertWroteNothing);
    expect(await collect(store.readStream("s-import"))).toHaveLength(0);
    expect((await collect(store.streamHeads())).map((head) => head.streamId)).not.toContain("s-import");
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("applies appends of one stream in the order they were made, each seeing the head the one before left", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        store.append("ordered", [fixtureEvent(`o-${n}`, "Step", { n })], {
          expectedVersion: n === 0 ? "no_stream" : n,
        }),
      ),
    );
    expect(outcomes.every(isRight)).toBe(true);
    const events = await collect(store.readStream("ordered"));
    expect(events.map((event) => event.data)).toEqual(Array.from({ length: 20 }, (_, n) => ({ n })));
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("refuses an append the database throws on and writes nothing of it, while the others of its group commit", async () => {
    refuseInsertsInto(path, "poisoned", "ABORT");
    const outcomes = await Promise.allSettled([
      store.append("before", [fixtureEvent("b-1", "Kept", {}), fixtureEvent("b-2", "Kept", {})]),
      store.append("poisoned", [fixtureEvent("p-1", "Refused", {})]),
      store.append("after", [fixtureEvent("a-1", "Kept", {})]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain("refused by the test");
    expect((await collect(store.readAll())).map((event) => event.id)).toEqual(["b-1", "b-2", "a-1"]);
    expect(await store.streamHead("poisoned")).toBeUndefined();
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("acknowledges none of a group whose transaction the database rolled back, and wrote none of it", async () => {
    refuseInsertsInto(path, "poisoned", "ROLLBACK");
    const outcomes = await Promise.allSettled([
      store.append("before", [fixtureEvent("b-1", "Lost", {})]),
      store.append("poisoned", [fixtureEvent("p-1", "Refused", {})]),
      store.append("after", [fixtureEvent("a-1", "Lost", {})]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(await collect(store.readAll())).toEqual([]);
    // The store is still usable afterwards.
    const later = await store.append("before", [fixtureEvent("b-2", "Kept", {})]);
    expect(isRight(later)).toBe(true);
  });

  it("commits appends made just before close() instead of dropping them", async () => {
    const pending = store.append("s", [fixtureEvent("c-1", "Closing", {})]);
    await store.close();
    expect(isRight(await pending)).toBe(true);
    const reopened = openSqliteEventStore({ path });
    try {
      expect((await collect(reopened.readAll())).map((event) => event.id)).toEqual(["c-1"]);
    } finally {
      await reopened.close();
    }
  });

  it("with groupCommit: false, appends commit one by one and behave the same", async () => {
    const single = openSqliteEventStore({ path: join(directory, "single.db"), groupCommit: false });
    try {
      const outcomes = await Promise.all([
        single.append("s", [fixtureEvent("x-1", "One", {})], { expectedVersion: "no_stream" }),
        single.append("s", [fixtureEvent("x-2", "Two", {})], { expectedVersion: "no_stream" }),
      ]);
      expect(isRight(outcomes[0] as never)).toBe(true);
      expect(isLeft(outcomes[1] as never)).toBe(true);
    } finally {
      await single.close();
    }
  });
});
