import type { StoredEvent } from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { afterEach, expect, it } from "vitest";
import { killStragglers, spawnScript, watch } from "../test/children.js";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { describePg, usePostgres, waitUntil } from "../test/pg.js";
import type { PostgresEventStore } from "./postgresEventStore.js";

/** Long enough that a test finishing in time proves the subscription was woken by NOTIFY, not a poll. */
const NO_POLL = 60_000;

describePg("postgres store: live subscriptions across connections and processes", () => {
  const pg = usePostgres("pl_subscribe");
  afterEach(() => killStragglers());

  const follow = (store: PostgresEventStore, after = 0) => {
    const controller = new AbortController();
    const seen: StoredEvent[] = [];
    const running = (async () => {
      for await (const event of store.subscribe({ after, signal: controller.signal })) seen.push(event);
    })();
    return {
      seen,
      ids: () => seen.map((e) => e.id),
      stop: async () => {
        controller.abort();
        await running;
      },
    };
  };
  const append = async (store: PostgresEventStore, streamId: string, id: string) => {
    const result = await store.append(streamId, [fixtureEvent(id, "Noted", {})]);
    expect(isRight(result)).toBe(true);
  };
  /** The backend holding LISTEN on the store's channel, if any. */
  const listenerPids = async (store: PostgresEventStore): Promise<number[]> =>
    (
      await pg.sql<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE query = $1", [
        `LISTEN "${store.channel}"`,
      ])
    ).map((row) => row.pid);

  it("LISTEN/NOTIFY: a subscription learns of another connection's append at once, not at the next poll", async () => {
    const reader = await pg.open({ pollMs: NO_POLL });
    const writer = await pg.open();
    await append(writer, "s", "before");
    const live = follow(reader);
    await waitUntil(() => live.seen.length === 1 && reader.listening, "the subscription is live");
    for (const id of ["a", "b", "c"]) {
      await append(writer, "s", id);
      await waitUntil(() => live.ids().includes(id), `${id} arrived`, 3_000);
    }
    await live.stop();
    expect(live.ids()).toEqual(["before", "a", "b", "c"]);
  });

  it("LISTEN/NOTIFY: appends from other processes reach a live subscription, every one in order", async () => {
    const reader = await pg.open({ pollMs: NO_POLL });
    const live = follow(reader);
    await waitUntil(() => reader.listening, "the subscription is listening");
    const children = ["p1", "p2"].map((stream) =>
      watch(spawnScript("appendEvents.ts", [pg.url, pg.schema, stream, "30"])),
    );
    for (const child of children) {
      const { code } = await child.exited;
      expect(code, child.stderr()).toBe(0);
    }
    await waitUntil(() => live.seen.length === 60, "all 60 events arrived", 5_000);
    await live.stop();
    const all = await collect(reader.readAll());
    expect(live.seen.map((e) => e.globalPosition)).toEqual(all.map((e) => e.globalPosition));
    for (const stream of ["p1", "p2"])
      expect(live.seen.filter((e) => e.streamId === stream).map((e) => e.data)).toEqual(
        Array.from({ length: 30 }, (_, i) => ({ i: i + 1 })),
      );
  }, 60_000);

  it("without LISTEN (listen: false) a subscription polls: it holds no LISTEN connection and still sees other connections' appends", async () => {
    const reader = await pg.open({ listen: false, pollMs: 20 });
    const writer = await pg.open();
    const live = follow(reader);
    await append(writer, "s", "a");
    await append(writer, "t", "b");
    await waitUntil(() => live.seen.length === 2, "both appends arrived");
    expect(reader.listening).toBe(false);
    expect(await listenerPids(reader)).toEqual([]);
    await live.stop();
    expect(live.ids()).toEqual(["a", "b"]);
  });

  it("the LISTEN connection comes back after the server drops it, and nothing appended meanwhile is missed", async () => {
    const reader = await pg.open({ pollMs: NO_POLL });
    const writer = await pg.open();
    const live = follow(reader);
    await waitUntil(() => reader.listening, "the subscription is listening");
    const [pid] = await listenerPids(reader);
    expect(pid).toBeDefined();

    await pg.sql("SELECT pg_terminate_backend($1)", [pid]);
    await append(writer, "s", "while-down");
    await waitUntil(() => !reader.listening, "the store noticed the dropped connection", 3_000);
    // Reconnected within the retry interval; on its return it rings, and the re-read finds the event.
    await waitUntil(() => live.ids().includes("while-down"), "the event appended while down arrived", 5_000);
    await waitUntil(() => reader.listening, "listening again", 5_000);
    expect(await listenerPids(reader)).not.toContain(pid);

    await append(writer, "s", "after");
    await waitUntil(() => live.ids().includes("after"), "the next append arrived by NOTIFY", 3_000);
    await live.stop();
    expect(live.ids()).toEqual(["while-down", "after"]);
  });

  it("a new store instance resumes a subscription from a checkpoint position", async () => {
    const writer = await pg.open();
    for (const id of ["a", "b", "c", "d"]) await append(writer, "s", id);
    const checkpoint = (await collect(writer.readAll({ maxCount: 2 }))).at(-1)?.globalPosition ?? 0;
    const resumed = await pg.open({ pollMs: NO_POLL });
    const live = follow(resumed, checkpoint);
    await waitUntil(() => live.seen.length === 2, "caught up");
    await append(writer, "s", "e");
    await waitUntil(() => live.seen.length === 3, "went live");
    await live.stop();
    expect(live.ids()).toEqual(["c", "d", "e"]);
  });

  it("with a pool of yours, LISTEN uses a connection of its own: a one-connection pool still serves reads and appends", async () => {
    const pool = pg.pool(1);
    const store = await pg.open({ pool, pollMs: NO_POLL });
    const writer = await pg.open();
    const live = follow(store);
    await waitUntil(() => store.listening, "the subscription is listening");
    expect(await listenerPids(store)).toHaveLength(1);
    await append(store, "mine", "own-append");
    expect((await collect(store.readAll())).map((e) => e.id)).toEqual(["own-append"]);
    await append(writer, "theirs", "their-append");
    await waitUntil(() => live.seen.length === 2, "both appends arrived");
    expect(pool.totalCount).toBe(1);

    await store.close();
    await live.stop();
    // close() ended the LISTEN connection, and left the pool (and its connection) to its owner.
    await waitUntil(async () => (await listenerPids(store)).length === 0, "the LISTEN connection is gone");
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("close() ends every live subscription of the store normally and releases the LISTEN connection", async () => {
    const store = await pg.open({ pollMs: NO_POLL });
    const subscriptions = [follow(store), follow(store), follow(store)];
    await waitUntil(() => store.listening, "listening");
    await append(store, "s", "a");
    await waitUntil(() => subscriptions.every((s) => s.seen.length === 1), "all have the event");
    await store.close();
    // Each ends by itself; stop() only awaits it (the abort is a no-op by now).
    for (const subscription of subscriptions) await subscription.stop();
    expect(store.listening).toBe(false);
    await waitUntil(async () => (await listenerPids(store)).length === 0, "the LISTEN connection is gone");
  });
});
