import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock, type StoredEvent, verifyStore } from "@privacy-ledger/eventsourcing";
import {
  collect,
  protectionConformanceSuite,
  storeConformanceSuite,
} from "@privacy-ledger/eventsourcing/testing";
import Database from "better-sqlite3";
import { isRight } from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { LATEST_SCHEMA_VERSION, SchemaTooNewError } from "./migrations.js";
import { openSqliteEventStore, type SqliteEventStore } from "./sqliteEventStore.js";
import { sqliteHarness, sqliteTamper } from "./testing/index.js";

storeConformanceSuite("sqlite", sqliteHarness());

// Pages smaller than the suite's batches, so every read crosses page boundaries in both directions.
storeConformanceSuite("sqlite, 7-row pages", sqliteHarness({ pageSize: 7 }));
// Group commit is the default; the same contract holds with one transaction per append.
storeConformanceSuite("sqlite, group commit off", sqliteHarness({ groupCommit: false }));

protectionConformanceSuite("sqlite", sqliteHarness());

describe("sqlite store: the file", () => {
  let directory: string;
  let path: string;
  const opened: SqliteEventStore[] = [];
  const open = (options: { pollMs?: number; pageSize?: number } = {}): SqliteEventStore => {
    const store = openSqliteEventStore({ path, ...options });
    opened.push(store);
    return store;
  };
  const appendTo = async (store: SqliteEventStore, streamId: string, ids: readonly string[]) => {
    const result = await store.append(
      streamId,
      ids.map((id) => fixtureEvent(id, "Noted", { id })),
    );
    if (!isRight(result)) throw new Error(result.left.message);
    return result.right;
  };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "privacy-ledger-sqlite-file-"));
    path = join(directory, "events.db");
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("keeps events, heads and positions across close and reopen, and continues the chain", async () => {
    const first = open();
    await appendTo(first, "s", ["a", "b"]);
    await first.close();

    const second = open();
    expect(await second.headPosition()).toBe(2);
    expect(await second.streamHead("s")).toMatchObject({ version: 2 });
    const more = await appendTo(second, "s", ["c"]);
    expect(more).toMatchObject({ nextExpectedVersion: 3, globalPositions: [3] });
    expect(isRight(await verifyStore(second))).toBe(true);
  });

  it("runs in WAL journal mode, synchronous FULL by default and NORMAL when asked", async () => {
    open();
    const normal = openSqliteEventStore({ path: join(directory, "normal.db"), synchronous: "NORMAL" });
    opened.push(normal);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      raw.close();
    }
    // synchronous is per connection, so it is only observable through the store's own handle.
    expect(readPragma(opened[0] as SqliteEventStore, "synchronous")).toBe(2);
    expect(readPragma(normal, "synchronous")).toBe(1);
  });

  it("never hands out a global position again, even after the last event was deleted", async () => {
    const store = open();
    await appendTo(store, "s", ["a", "b"]);
    await sqliteTamper(path).removeEvent("s", 2);
    expect(await store.headPosition()).toBe(1);
    const next = await appendTo(store, "t", ["c"]);
    expect(next.globalPositions).toEqual([3]);
  });

  it("refuses a file whose schema is newer than this code, and leaves it untouched", async () => {
    const store = open();
    await appendTo(store, "s", ["a"]);
    await store.close();
    const raw = new Database(path);
    raw
      .prepare(
        "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, 'from the future', ?)",
      )
      .run(LATEST_SCHEMA_VERSION + 1, new Date().toISOString());
    raw.close();

    expect(() => openSqliteEventStore({ path })).toThrow(SchemaTooNewError);
    expect(() => openSqliteEventStore({ path })).toThrow(
      `has schema version ${LATEST_SCHEMA_VERSION + 1}, but this release of @privacy-ledger/store-sqlite only knows versions up to ${LATEST_SCHEMA_VERSION}`,
    );
    const check = new Database(path, { readonly: true });
    try {
      expect(check.prepare("SELECT COUNT(*) AS n FROM events").get()).toEqual({ n: 1 });
    } finally {
      check.close();
    }
  });

  it("records each applied migration once, however often the file is opened", async () => {
    open();
    open();
    const raw = new Database(path, { readonly: true });
    try {
      const versions = raw.prepare("SELECT version FROM schema_migrations ORDER BY version").all();
      expect(versions).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => ({ version: i + 1 })));
    } finally {
      raw.close();
    }
  });

  it("a subscription picks up appends made through another connection by polling", async () => {
    const reader = open({ pollMs: 10 });
    const writer = open();
    const controller = new AbortController();
    const seen: StoredEvent[] = [];
    const running = (async () => {
      for await (const event of reader.subscribe({ signal: controller.signal })) {
        seen.push(event);
        if (seen.length === 3) controller.abort();
      }
    })();
    await appendTo(writer, "s", ["a"]);
    await appendTo(writer, "t", ["b", "c"]);
    await running;
    expect(seen.map((e) => e.id)).toEqual(["a", "b", "c"]);
  });

  it("close ends live subscriptions normally; later calls fail saying the store is closed", async () => {
    const store = open();
    await appendTo(store, "s", ["a"]);
    const seen: string[] = [];
    const running = (async () => {
      for await (const event of store.subscribe()) {
        seen.push(event.id);
        if (seen.length === 1) void store.close();
      }
    })();
    await running;
    expect(seen).toEqual(["a"]);
    await store.close();
    await expect(appendTo(store, "s", ["b"])).rejects.toThrow(/is closed/);
    await expect(collect(store.readAll())).rejects.toThrow(/is closed/);
    await expect(store.headPosition()).rejects.toThrow(/is closed/);
    await expect(verifyStore(store, { parallel: false })).rejects.toThrow(/is closed/);
    await expect(verifyStore(store)).rejects.toThrow(/is closed/);
  });

  it("stamps recordedAt from the injected clock", async () => {
    const clock = fixedClock("2030-01-02T03:04:05.678Z");
    const store = openSqliteEventStore({ path, clock });
    opened.push(store);
    await appendTo(store, "s", ["a"]);
    const [event] = await collect(store.readAll());
    expect(event?.metadata.recordedAt).toBe("2030-01-02T03:04:05.678Z");
  });

  it("rejects nonsensical options before touching the file", () => {
    expect(() => openSqliteEventStore({ path, pageSize: 0 })).toThrow(RangeError);
    expect(() => openSqliteEventStore({ path, pollMs: 1.5 })).toThrow(RangeError);
    expect(() => openSqliteEventStore({ path, synchronous: "OFF" as "FULL" })).toThrow(RangeError);
    expect(existsSync(path)).toBe(false);
  });
});

/** Reads a pragma through the store's private connection (what the store configured, not a default). */
const readPragma = (store: SqliteEventStore, name: string): unknown =>
  (store as unknown as { db: Database.Database }).db.pragma(name, { simple: true });
