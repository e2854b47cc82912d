import {
  canonicalJson,
  chainBatch,
  GENESIS_HASH,
  type JsonValue,
  type StoredEvent,
} from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import type pg from "pg";
import { expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { type CommitGate, gatedPool } from "../test/gatedPool.js";
import { describePg, sleep, usePostgres, waitUntil } from "../test/pg.js";
import type { PostgresEventStore } from "./postgresEventStore.js";
import { storeSchema } from "./storeSchema.js";

/**
 * The classic sequence-gap problem of reading an event log by position: positions are drawn when a row
 * is inserted, but rows become visible when their transaction commits. If a fast transaction commits
 * position 3 while a slow one still holds position 2, a reader sees 3, moves its checkpoint past it,
 * and never sees 2. These tests first show that the problem is real on this very table when writers
 * skip the store's append lock, then that the store's own appends cannot produce it.
 */
describePg("postgres store: reading by position never skips a slower concurrent commit", () => {
  const pg = usePostgres("pl_gap");

  /** Subscribes in the background; `seen` fills as events arrive. */
  const follow = (store: PostgresEventStore) => {
    const controller = new AbortController();
    const seen: StoredEvent[] = [];
    const running = (async () => {
      for await (const event of store.subscribe({ signal: controller.signal })) seen.push(event);
    })();
    return {
      seen,
      stop: async () => {
        controller.abort();
        await running;
      },
    };
  };

  it("control: writers that bypass the append lock DO make a position reader skip an event (the problem is real)", async () => {
    const store = await pg.open();
    const [slow, fast] = ["slow", "fast"].map(
      (streamId) =>
        chainBatch(
          streamId,
          { version: 0, hash: GENESIS_HASH },
          [fixtureEvent(`${streamId}-1`, "Raced", {})],
          new Date().toISOString(),
        )[0]!,
    );
    const insert = async (client: pg.PoolClient, event: typeof slow) =>
      (
        await client.query<{ global_position: string }>(
          `INSERT INTO "${pg.schema}".events (event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING global_position`,
          [
            event!.id,
            event!.streamId,
            event!.streamVersion,
            event!.type,
            event!.schemaVersion,
            canonicalJson(event!.data),
            canonicalJson(event!.metadata as unknown as JsonValue),
            event!.prevHash,
            event!.hash,
          ],
        )
      ).rows[0]?.global_position;

    const slowClient = await pg.admin.connect();
    const fastClient = await pg.admin.connect();
    try {
      await slowClient.query("BEGIN");
      const slowPosition = Number(await insert(slowClient, slow));
      await fastClient.query("BEGIN");
      const fastPosition = Number(await insert(fastClient, fast));
      await fastClient.query("COMMIT");
      expect(slowPosition).toBeLessThan(fastPosition);

      // A reader at this moment sees the fast event only, and its checkpoint moves past the slow one.
      const firstRead = await collect(store.readAll());
      expect(firstRead.map((e) => e.id)).toEqual(["fast-1"]);
      const checkpoint = firstRead.at(-1)?.globalPosition ?? 0;

      await slowClient.query("COMMIT");
      // Resuming from its checkpoint, it never sees the slow event: skipped for good.
      expect(await collect(store.readAll({ after: checkpoint }))).toEqual([]);
      expect((await collect(store.readAll())).map((e) => e.id)).toEqual(["slow-1", "fast-1"]);
    } finally {
      await slowClient.query("ROLLBACK").catch(() => undefined);
      slowClient.release();
      fastClient.release();
    }
  });

  it("the store's appends: a fast append waits for a slow one's commit, and a live subscription and a reader in between skip nothing", async () => {
    const gated = gatedPool(pg.url);
    let gate: CommitGate | undefined;
    let slowAppend: Promise<unknown> | undefined;
    try {
      const slowStore = await pg.open({ pool: gated.pool });
      const fastStore = await pg.open();
      // pollMs of a minute: the subscription can only learn of the appends through LISTEN/NOTIFY.
      const reader = await pg.open({ pollMs: 60_000 });
      expect(isRight(await fastStore.append("warm", [fixtureEvent("warm-1", "Raced", {})]))).toBe(true);
      const live = follow(reader);
      await waitUntil(() => live.seen.length === 1 && reader.listening, "the subscription is live");

      gate = gated.holdNextCommit();
      const slowAppending = slowStore.append("slow", [fixtureEvent("slow-1", "Raced", {})]);
      slowAppend = slowAppending;
      // The slow append holds the append lock and has inserted its row (position drawn), uncommitted.
      await gate.arrived;
      let fastDone = false;
      const fastAppend = fastStore.append("fast", [fixtureEvent("fast-1", "Raced", {})]).finally(() => {
        fastDone = true;
      });
      // The fast append is blocked on the lock: it has drawn no position and cannot commit ahead.
      await waitUntil(
        async () => fastDone || (await waitingForAppendLock()) === 1,
        "the fast append waits for the append lock",
      );
      await sleep(100);
      expect(fastDone, "the fast append committed while the slow one was still open").toBe(false);
      // A reader in between sees neither event, so no checkpoint can move past the slow one.
      expect(await reader.headPosition()).toBe(1);
      expect(await collect(reader.readAll({ after: 1 }))).toEqual([]);
      expect(live.seen.map((e) => e.id)).toEqual(["warm-1"]);

      gate.release();
      const [slowResult, fastResult] = await Promise.all([slowAppending, fastAppend]);
      const slowPosition = isRight(slowResult) ? slowResult.right.globalPositions[0] : undefined;
      const fastPosition = isRight(fastResult) ? fastResult.right.globalPositions[0] : undefined;
      expect(slowPosition).toBe(2);
      expect(fastPosition).toBe(3);

      await waitUntil(() => live.seen.length === 3, "the subscription has both appends", 5_000);
      await live.stop();
      expect(live.seen.map((e) => [e.id, e.globalPosition])).toEqual([
        ["warm-1", 1],
        ["slow-1", 2],
        ["fast-1", 3],
      ]);
      expect((await collect(reader.readAll({ after: 1 }))).map((e) => e.id)).toEqual(["slow-1", "fast-1"]);
    } finally {
      // Even when an assertion failed: let the held transaction finish, or the pool never ends.
      gate?.release();
      await slowAppend?.catch(() => undefined);
      await gated.pool.end();
    }
  });

  it("under load: subscriptions that poll every millisecond or LISTEN see every event of 8 concurrent writers, in order, once", async () => {
    const writers = await Promise.all(Array.from({ length: 8 }, () => pg.open({ listen: false })));
    const polling = follow(await pg.open({ listen: false, pollMs: 1, pageSize: 3 }));
    const listening = follow(await pg.open({ pageSize: 5 }));
    await Promise.all(
      writers.map(async (store, w) => {
        for (let i = 0; i < 25; i++) {
          const batch = Array.from({ length: 1 + (i % 3) }, (_, k) =>
            fixtureEvent(`w${w}-${i}-${k}`, "Raced", {}),
          );
          expect(isRight(await store.append(`stream-${(w + i) % 4}`, batch))).toBe(true);
          await sleep(Math.random() * 2);
        }
      }),
    );
    const all = await collect((writers[0] as PostgresEventStore).readAll());
    expect(all).toHaveLength(8 * (9 * 1 + 8 * 2 + 8 * 3));
    for (const subscription of [polling, listening]) {
      await waitUntil(() => subscription.seen.length >= all.length, "the subscription has caught up");
      await subscription.stop();
      expect(subscription.seen.map((e) => e.globalPosition)).toEqual(all.map((e) => e.globalPosition));
    }
  });

  /** Appends (of this test's schema) blocked on the schema's append lock right now. */
  const waitingForAppendLock = async (): Promise<number> => {
    const key = storeSchema(pg.schema).appendLockKey;
    const rows = await pg.sql<{ n: number }>(
      `SELECT count(*)::integer AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid)
       WHERE l.locktype = 'advisory' AND NOT l.granted AND position($1 IN a.query) > 0`,
      [`pg_advisory_xact_lock('${key}'::bigint)`],
    );
    return rows[0]?.n ?? 0;
  };
});
