import { type AppendResult, type StoredEvent, verifyStore } from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { type Either, isRight } from "fp-ts/lib/Either.js";
import pgDriver from "pg";
import { expect, it } from "vitest";
import { recordQueries } from "../test/countingPool.js";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { database, describePg, sleep, usePostgres } from "../test/pg.js";
import { MIGRATIONS } from "./migrations.js";
import type { PostgresEventStore } from "./postgresEventStore.js";
import { storeSchema } from "./storeSchema.js";

/**
 * An append planned against the head the store last saw (a command's read of its stream, or its own
 * last append) goes to the server as one statement (`append_planned`), which checks that head under
 * the append lock; anything it cannot vouch for is decided by the ordinary transaction, as before.
 */
describePg("postgres store: an append planned against the head just read", () => {
  const pg = usePostgres("pl_planned");

  const planned = (sent: readonly string[]) => sent.filter((text) => text.includes("append_planned")).length;
  const transactions = (sent: readonly string[]) => sent.filter((text) => text.startsWith("BEGIN")).length;
  const readToEnd = async (store: PostgresEventStore, streamId: string): Promise<StoredEvent[]> =>
    collect(store.readStream(streamId));
  const right = <T>(outcome: Either<unknown, T> | undefined): T => {
    if (!outcome || !isRight(outcome)) throw new Error(`expected Right, got ${JSON.stringify(outcome)}`);
    return outcome.right;
  };

  it("a command's read then append: two round trips, the append one statement, the chain intact", async () => {
    const pool = pg.pool();
    const store = await pg.open({ pool });
    const sent = recordQueries(pool);
    for (let n = 1; n <= 3; n++) {
      const version = (await readToEnd(store, "record-1")).at(-1)?.streamVersion;
      right(
        await store.append("record-1", [fixtureEvent(`e-${n}`, "Noted", { n })], {
          expectedVersion: version ?? "no_stream",
        }),
      );
    }
    expect(sent).toHaveLength(6);
    expect(planned(sent)).toBe(3);
    expect(transactions(sent)).toBe(0);
    expect((await readToEnd(store, "record-1")).map((event) => [event.id, event.streamVersion])).toEqual([
      ["e-1", 1],
      ["e-2", 2],
      ["e-3", 3],
    ]);
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("a batch that expects a new stream needs no read first: one statement, planned against no head", async () => {
    const pool = pg.pool();
    const store = await pg.open({ pool });
    const sent = recordQueries(pool);
    right(await store.append("new-1", [fixtureEvent("n-1", "Noted", {})], { expectedVersion: "no_stream" }));
    right(await store.append("new-2", [fixtureEvent("n-2", "Noted", {})], { expectedVersion: 0 }));
    // The next batch of each stream is planned against the head its own append left.
    right(await store.append("new-1", [fixtureEvent("n-3", "Noted", {})], { expectedVersion: 1 }));
    expect(sent).toHaveLength(3);
    expect(planned(sent)).toBe(3);
    expect(transactions(sent)).toBe(0);
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("a stream another writer created, appended to as if new: refused by the ordinary transaction, nothing written; a retry of its own batch is a replay", async () => {
    const pool = pg.pool();
    const store = await pg.open({ pool });
    const other = await pg.open();
    const landed = right(await other.append("taken", [fixtureEvent("t-1", "Noted", {})]));
    const sent = recordQueries(pool);
    const refused = await store.append("taken", [fixtureEvent("t-2", "Noted", {})], {
      expectedVersion: "no_stream",
    });
    expect(refused).toMatchObject({ _tag: "Left", left: { kind: "WrongExpectedVersion", actual: 1 } });
    expect(planned(sent)).toBe(1);
    expect(transactions(sent)).toBe(1);
    // A caller that lost the answer to its own first append sends it again, expecting no stream, from a
    // store that knows nothing of the stream: planned as absent, found taken, replayed by the transaction.
    const freshPool = pg.pool();
    const fresh = await pg.open({ pool: freshPool });
    const resent = recordQueries(freshPool);
    const retried = right(
      await fresh.append("taken", [fixtureEvent("t-1", "Noted", {})], { expectedVersion: "no_stream" }),
    );
    expect(retried).toMatchObject({ idempotentReplay: true, globalPositions: landed.globalPositions });
    expect(planned(resent)).toBe(1);
    expect(transactions(resent)).toBe(1);
    expect((await readToEnd(store, "taken")).map((event) => event.id)).toEqual(["t-1"]);
  });

  it("a head another writer moved since the read: nothing is written by the planned statement, the expected version is refused", async () => {
    const pool = pg.pool();
    const reader = await pg.open({ pool });
    const other = await pg.open();
    right(await other.append("s", [fixtureEvent("a", "Noted", {})]));
    expect(await readToEnd(reader, "s")).toHaveLength(1);
    right(await other.append("s", [fixtureEvent("b", "Noted", {})], { expectedVersion: 1 }));
    const sent = recordQueries(pool);
    const stale = await reader.append("s", [fixtureEvent("c", "Stale", {})], { expectedVersion: 1 });
    expect(stale).toMatchObject({ _tag: "Left", left: { kind: "WrongExpectedVersion", actual: 2 } });
    // Planned against version 1, found stale under the lock, then decided by the ordinary transaction.
    expect(planned(sent)).toBe(1);
    expect(transactions(sent)).toBe(1);
    expect((await readToEnd(reader, "s")).map((event) => event.id)).toEqual(["a", "b"]);
  });

  it("a stale head with no expected version: appended after the other writer's event, chained to it", async () => {
    const pool = pg.pool();
    const reader = await pg.open({ pool });
    const other = await pg.open();
    await readToEnd(reader, "s"); // seen empty
    right(await other.append("s", [fixtureEvent("a", "Noted", {})]));
    const sent = recordQueries(pool);
    const result: AppendResult = right(await reader.append("s", [fixtureEvent("b", "Noted", {})]));
    expect(result.nextExpectedVersion).toBe(2);
    expect(planned(sent)).toBe(1);
    expect(transactions(sent)).toBe(1);
    const [first, second] = await readToEnd(reader, "s");
    expect(second?.prevHash).toBe(first?.hash);
    expect(isRight(await verifyStore(reader))).toBe(true);
    // The ordinary path read the real head: the next append is planned again, and lands.
    sent.length = 0;
    right(await reader.append("s", [fixtureEvent("c", "Noted", {})], { expectedVersion: 2 }));
    expect(planned(sent)).toBe(1);
    expect(transactions(sent)).toBe(0);
  });

  it("a batch sent again after it landed is an idempotent replay, decided under the lock", async () => {
    const pool = pg.pool();
    const store = await pg.open({ pool });
    await readToEnd(store, "r");
    const batch = [fixtureEvent("r-1", "Noted", {}), fixtureEvent("r-2", "Noted", {})];
    const first = right(await store.append("r", batch, { expectedVersion: "no_stream" }));
    const sent = recordQueries(pool);
    // The store's hint is now version 2: planned as versions 3-4, refused by the ids' check, replayed.
    const again = right(await store.append("r", batch));
    expect(again).toMatchObject({ idempotentReplay: true, globalPositions: first.globalPositions });
    expect(planned(sent)).toBe(1);
    expect(transactions(sent)).toBe(1);
    expect(await readToEnd(store, "r")).toHaveLength(2);
  });

  it("a read that stopped before the stream's end, or read it backwards, gives no head: the append reads it under the lock", async () => {
    const pool = pg.pool();
    const store = await pg.open({ pool, pageSize: 2 });
    right(
      await store.append(
        "s",
        [1, 2, 3].map((n) => fixtureEvent(`e-${n}`, "Noted", { n })),
      ),
    );
    const fresh = await pg.open({ pool, pageSize: 2 });
    expect(await collect(fresh.readStream("s", { maxCount: 2 }))).toHaveLength(2);
    expect(await collect(fresh.readStream("s", { direction: "backwards" }))).toHaveLength(3);
    const sent = recordQueries(pool);
    // No expected version: a head guessed from either read (version 2, or 1) would be tried, and found stale.
    right(await fresh.append("s", [fixtureEvent("e-4", "Noted", {})]));
    expect(planned(sent)).toBe(0);
    expect(transactions(sent)).toBe(1);
    // A forward read across pages to the end does give it.
    expect(await collect(fresh.readStream("s", { fromVersion: 2 }))).toHaveLength(3);
    sent.length = 0;
    right(await fresh.append("s", [fixtureEvent("e-5", "Noted", {})], { expectedVersion: 4 }));
    expect(planned(sent)).toBe(1);
    expect(transactions(sent)).toBe(0);
  });

  it("where transactions are not READ COMMITTED by default, appends take the ordinary path, and stay on it", async () => {
    const pool = pg.pool();
    pool.on("connect", (client) => {
      void client.query("SET default_transaction_isolation = 'repeatable read'");
    });
    const store = await pg.open({ pool });
    const sent = recordQueries(pool);
    for (let n = 1; n <= 3; n++) {
      await readToEnd(store, "s");
      right(
        await store.append("s", [fixtureEvent(`e-${n}`, "Noted", {})], {
          expectedVersion: n === 1 ? "no_stream" : n - 1,
        }),
      );
    }
    expect(planned(sent)).toBe(1);
    expect(transactions(sent)).toBe(3);
    expect((await readToEnd(store, "s")).map((event) => event.streamVersion)).toEqual([1, 2, 3]);
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("append_planned finds heads and ids by index, never by scanning the tables (its plans outlive the tables' size)", async () => {
    const store = await pg.open();
    right(await store.append("other", [fixtureEvent("o-1", "Noted", {})]));
    const client = await pg.admin.connect();
    try {
      await client.query("BEGIN");
      for (let n = 1; n <= 6; n++)
        await client.query(
          `SELECT * FROM "${pg.schema}".append_planned($1, 10000, 'test', ARRAY['s'], ARRAY[$2::bigint], ARRAY[$3],
             ARRAY[$4], ARRAY['s'], ARRAY[$5::bigint], ARRAY['Noted'], ARRAY[1], ARRAY['{}'], ARRAY['{}'], ARRAY[$3], ARRAY[$6],
             ARRAY['s'], ARRAY[$5::bigint], ARRAY[$6])`,
          [storeSchema(pg.schema).appendLockKey, n - 1, n === 1 ? "" : `h${n - 1}`, `id-${n}`, n, `h${n}`],
        );
      // This transaction's own counters: the six calls' look-ups in events and streams.
      const { rows } = await client.query<{ relname: string; seq_scan: string; idx_scan: string }>(
        "SELECT relname, seq_scan, idx_scan FROM pg_stat_xact_user_tables WHERE schemaname = $1 AND relname IN ('events', 'streams') ORDER BY relname",
        [pg.schema],
      );
      expect(rows.map((row) => [row.relname, Number(row.seq_scan), Number(row.idx_scan) > 0])).toEqual([
        ["events", 0, true],
        ["streams", 0, true],
      ]);
      expect((await client.query(`SELECT count(*)::int AS n FROM "${pg.schema}".events`)).rows[0]).toEqual({
        n: 7,
      });
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });

  it("never waits for the append lock: while another transaction holds it, the append waits in the ordinary transaction", async () => {
    const pool = pg.pool();
    const store = await pg.open({ pool });
    await readToEnd(store, "s");
    const sent = recordQueries(pool);
    const holder = await pg.admin.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock($1::bigint)", [storeSchema(pg.schema).appendLockKey]);
      let settled = false;
      const pending = store
        .append("s", [fixtureEvent("a", "Noted", {})], { expectedVersion: "no_stream" })
        .finally(() => {
          settled = true;
        });
      await sleep(150);
      expect(settled).toBe(false);
      expect(planned(sent)).toBe(1); // answered "lock busy" at once, then BEGIN … lock
      await holder.query("COMMIT");
      right(await pending);
    } finally {
      holder.release();
    }
    expect(transactions(sent)).toBe(1);
    expect((await readToEnd(store, "s")).map((event) => event.id)).toEqual(["a"]);
  });

  it("an append whose caller gave up while the lock was held leaves nothing behind once the lock is free", async () => {
    // Had the one statement waited for the lock, it would have committed after the caller's error.
    const pool = new pgDriver.Pool({ connectionString: database.url, max: 4, query_timeout: 200 });
    pool.on("error", () => undefined);
    try {
      const store = await pg.open({ pool });
      await readToEnd(store, "s");
      const holder = await pg.admin.connect();
      try {
        await holder.query("BEGIN");
        await holder.query("SELECT pg_advisory_xact_lock($1::bigint)", [
          storeSchema(pg.schema).appendLockKey,
        ]);
        await expect(
          store.append("s", [fixtureEvent("late", "Noted", {})], { expectedVersion: "no_stream" }),
        ).rejects.toThrow();
        await sleep(100);
        await holder.query("COMMIT");
      } finally {
        holder.release();
      }
      await sleep(300);
      expect(await pg.sql("SELECT event_id FROM $schema.events")).toEqual([]);
      expect(await pg.sql("SELECT stream_id FROM $schema.streams")).toEqual([]);
      await store.close();
    } finally {
      await pool.end();
    }
  });

  it("a write cut short by a trigger commits nothing, not even the head: the ordinary transaction reports it", async () => {
    const pool = pg.pool();
    const store = await pg.open({ pool });
    await pg.sql(`
      CREATE FUNCTION $schema.skip() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
      CREATE TRIGGER skip BEFORE INSERT ON $schema.events FOR EACH ROW WHEN (NEW.stream_id = 'p') EXECUTE FUNCTION $schema.skip();`);
    await readToEnd(store, "p");
    const sent = recordQueries(pool);
    await expect(
      store.append("p", [fixtureEvent("p-1", "Skipped", {})], { expectedVersion: "no_stream" }),
    ).rejects.toThrow("could not be read back");
    expect(planned(sent)).toBe(1);
    expect(transactions(sent)).toBe(1);
    expect(await store.streamHead("p")).toBeUndefined();
    expect(await readToEnd(store, "p")).toEqual([]);
  });

  it("a write a trigger changed (an id rewritten) commits nothing: the ordinary transaction reports it", async () => {
    const pool = pg.pool();
    const store = await pg.open({ pool });
    await pg.sql(`
      CREATE FUNCTION $schema.rename() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.event_id := NEW.event_id || '-x'; RETURN NEW; END $$;
      CREATE TRIGGER rename BEFORE INSERT ON $schema.events FOR EACH ROW EXECUTE FUNCTION $schema.rename();`);
    await readToEnd(store, "p");
    const sent = recordQueries(pool);
    await expect(
      store.append("p", [fixtureEvent("p-1", "Renamed", {})], { expectedVersion: "no_stream" }),
    ).rejects.toThrow("could not be read back");
    expect(planned(sent)).toBe(1);
    expect(await pg.sql("SELECT event_id FROM $schema.events")).toEqual([]);
    expect(await store.streamHead("p")).toBeUndefined();
  });

  it("waits for a table lock no longer than lockTimeoutMs, and then has written nothing", async () => {
    const pool = pg.pool();
    const store = await pg.open({ pool, lockTimeoutMs: 200 });
    await readToEnd(store, "s");
    const holder = await pg.admin.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`LOCK TABLE "${pg.schema}".events IN SHARE MODE`); // as CREATE INDEX takes it
      const outcome = await Promise.race([
        store.append("s", [fixtureEvent("late", "Noted", {})], { expectedVersion: "no_stream" }).then(
          () => "appended",
          (error: { code?: string }) => error.code,
        ),
        sleep(3_000).then(() => "still waiting"),
      ]);
      expect(outcome).toBe("55P03");
      await holder.query("COMMIT");
    } finally {
      holder.release();
    }
    await sleep(200);
    expect(await pg.sql("SELECT event_id FROM $schema.events")).toEqual([]);
  });

  it("stamps recordedAt once it holds a connection: an append that waited for one is not stamped before a later position", async () => {
    const busyPool = pg.pool(1);
    const waiting = await pg.open({ pool: busyPool });
    const other = await pg.open();
    await readToEnd(waiting, "a");
    const busy = busyPool.query("SELECT pg_sleep(0.3)"); // the store's only connection, for 300 ms
    const late = waiting.append("a", [fixtureEvent("a-1", "Noted", {})], { expectedVersion: "no_stream" });
    await sleep(100);
    right(await other.append("b", [fixtureEvent("b-1", "Noted", {})]));
    right(await late);
    await busy;
    const log = await collect(other.readAll());
    expect(log.map((event) => event.id)).toEqual(["b-1", "a-1"]);
    const [first, second] = log.map((event) => event.metadata.recordedAt);
    expect((second ?? "") >= (first ?? "~")).toBe(true);
  });

  it("triggers on the tables run with the caller's settings, as under the ordinary transaction", async () => {
    const audit = `${pg.schema}_audit`;
    await pg.sql(`CREATE TABLE public."${audit}" (search_path text, seqscan text)`);
    try {
      const pool = pg.pool();
      const store = await pg.open({ pool });
      // Names its table unqualified: found through the caller's search_path (public), as before.
      await pg.sql(`
        CREATE FUNCTION $schema.audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          INSERT INTO "${audit}" VALUES (current_setting('search_path'), current_setting('enable_seqscan'));
          RETURN NEW; END $$;
        CREATE TRIGGER audit AFTER INSERT ON $schema.events FOR EACH ROW EXECUTE FUNCTION $schema.audit();`);
      await readToEnd(store, "s");
      const sent = recordQueries(pool);
      for (let n = 1; n <= 2; n++)
        right(
          await store.append("s", [fixtureEvent(`a-${n}`, "Noted", {})], {
            expectedVersion: n === 1 ? "no_stream" : 1,
          }),
        );
      expect(planned(sent)).toBe(2);
      expect(transactions(sent)).toBe(0);
      expect(await pg.sql(`SELECT search_path, seqscan FROM public."${audit}"`)).toEqual([
        { search_path: '"$user", public', seqscan: "on" },
        { search_path: '"$user", public', seqscan: "on" },
      ]);
    } finally {
      await pg.sql(`DROP TABLE public."${audit}" CASCADE`);
    }
  });

  it("a schema renamed after migration keeps a function naming the old one: the store does not use it", async () => {
    const first = await pg.open();
    right(await first.append("s", [fixtureEvent("a", "Noted", {})]));
    await first.close();
    const renamed = `${pg.schema}_renamed`;
    await pg.sql(`ALTER SCHEMA "${pg.schema}" RENAME TO "${renamed}"`);
    try {
      const pool = pg.pool();
      const store = await pg.open({ pool, schema: renamed });
      expect(await readToEnd(store, "s")).toHaveLength(1);
      const sent = recordQueries(pool);
      right(await store.append("s", [fixtureEvent("b", "Noted", {})], { expectedVersion: 1 }));
      expect(planned(sent)).toBe(0);
      expect((await readToEnd(store, "s")).map((event) => event.id)).toEqual(["a", "b"]);
      await store.close();
    } finally {
      await pg.sql(`DROP SCHEMA IF EXISTS "${renamed}" CASCADE`);
    }
  });

  it("a role that may not execute the function appends through the ordinary transaction", async () => {
    await pg.open(); // migrated by the test's superuser
    const role = `${pg.schema}_app`;
    await pg.sql(`CREATE ROLE "${role}" LOGIN`);
    try {
      await pg.sql(`
        GRANT USAGE, CREATE ON SCHEMA $schema TO "${role}";
        GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA $schema TO "${role}";
        REVOKE EXECUTE ON FUNCTION $schema.append_planned FROM PUBLIC;`);
      const url = new URL(database.url);
      url.username = role;
      url.password = "";
      const pool = new pgDriver.Pool({ connectionString: url.toString(), max: 4 });
      pool.on("error", () => undefined);
      try {
        const store = await pg.open({ pool });
        const sent = recordQueries(pool);
        for (let n = 1; n <= 2; n++) {
          await readToEnd(store, "s");
          right(
            await store.append("s", [fixtureEvent(`r-${n}`, "Noted", {})], {
              expectedVersion: n === 1 ? "no_stream" : 1,
            }),
          );
        }
        expect(planned(sent)).toBe(0);
        expect(transactions(sent)).toBe(2);
        await store.close();
      } finally {
        await pool.end();
      }
    } finally {
      await pg.sql(`DROP OWNED BY "${role}"; DROP ROLE "${role}"`);
    }
  });

  it("a schema at version 1 is migrated to version 2 on open, and its appends are then planned", async () => {
    await pg.sql(`CREATE SCHEMA "${pg.schema}"`);
    await pg.sql(
      `CREATE TABLE $schema.schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    );
    await pg.sql((MIGRATIONS[0]?.sql ?? (() => ""))(`"${pg.schema}"`));
    await pg.sql(
      "INSERT INTO $schema.schema_migrations VALUES (1, 'events log and stream heads', '2026-11-01T00:00:00.000Z')",
    );
    const pool = pg.pool();
    const store = await pg.open({ pool });
    expect(
      (
        await pg.sql<{ version: number }>("SELECT version FROM $schema.schema_migrations ORDER BY version")
      ).map((row) => row.version),
    ).toEqual([1, 2]);
    await readToEnd(store, "s");
    const sent = recordQueries(pool);
    right(await store.append("s", [fixtureEvent("a", "Noted", {})], { expectedVersion: "no_stream" }));
    expect(planned(sent)).toBe(1);
    expect(transactions(sent)).toBe(0);
  });
});
