import {
  canonicalJson,
  fixedClock,
  InvalidAppendError,
  type JsonValue,
  verifyStore,
} from "@privacy-ledger/eventsourcing";
import {
  collect,
  protectionConformanceSuite,
  storeConformanceSuite,
} from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { database, describePg, usePostgres } from "../test/pg.js";
import { openPostgresEventStore, type PostgresEventStore } from "./postgresEventStore.js";
import { storeSchema } from "./storeSchema.js";
import { postgresHarness } from "./testing/index.js";

describePg("postgres", () => {
  storeConformanceSuite("postgres", postgresHarness({ connectionString: database.url }));
  // Group commit is the default; the same contract holds with one transaction per append.
  storeConformanceSuite(
    "postgres, group commit off",
    postgresHarness({ connectionString: database.url, groupCommit: false }),
  );
  protectionConformanceSuite("postgres", postgresHarness({ connectionString: database.url }));

  // Pages smaller than the suite's batches, so every read crosses page boundaries in both directions;
  // and no LISTEN, so live subscriptions rest on in-process signals and polling alone.
  storeConformanceSuite(
    "postgres, 7-row pages, polling only",
    postgresHarness({ connectionString: database.url, pageSize: 7, listen: false, pollMs: 20 }),
  );
});

describePg("postgres store", () => {
  const pg = usePostgres("pl_store");
  const appendTo = async (store: PostgresEventStore, streamId: string, ids: readonly string[]) => {
    const result = await store.append(
      streamId,
      ids.map((id) => fixtureEvent(id, "Noted", { id })),
    );
    if (!isRight(result)) throw new Error(result.left.message);
    return result.right;
  };

  it("keeps events, heads and positions across close and reopen, and continues the chain", async () => {
    const first = await pg.open();
    await appendTo(first, "s", ["a", "b"]);
    await first.close();

    const second = await pg.open();
    expect(await second.headPosition()).toBe(2);
    expect(await second.streamHead("s")).toMatchObject({ version: 2 });
    const more = await appendTo(second, "s", ["c"]);
    expect(more).toMatchObject({ nextExpectedVersion: 3, globalPositions: [3] });
    expect(isRight(await verifyStore(second))).toBe(true);
  });

  it("stores data and metadata as canonical JSON text, byte for byte what the hash covers", async () => {
    const store = await pg.open();
    // Values JSONB would not give back as written: key order, 1e21, -0.001, 2^52, U+2028, escapes.
    const data: JsonValue = {
      z: 1,
      a: [1e21, -0.001, 2 ** 52, 0.1 + 0.2, 5e-324, -1.5e-7, 123456789012345680000],
      "\u00e9": 'line\u2028separator \u0000 nul, lone \ud800 surrogate, "quotes" and \\ backslash',
      nested: { b: null, a: true },
    };
    const event = fixtureEvent("exact-1", "Exact", data);
    await store.append("exact", [event]);
    const rows = await pg.sql<{ data: string; metadata: string }>(
      "SELECT data, metadata FROM $schema.events WHERE stream_id = 'exact'",
    );
    expect(rows[0]?.data).toBe(canonicalJson(data));
    const [stored] = await collect(store.readStream("exact"));
    expect(stored?.data).toEqual(data);
    expect(canonicalJson(stored?.data ?? null)).toBe(canonicalJson(data));
    expect(rows[0]?.metadata).toBe(canonicalJson(stored?.metadata as unknown as JsonValue));
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("keeps event ids and types with quotes, braces, commas, backslashes and the word NULL exactly", async () => {
    const store = await pg.open();
    const ids = ['a"b', "c\\d", "{e,f}", "NULL", "g h", "ünï 🚀"];
    await store.append(
      "odd",
      ids.map((id) => ({ ...fixtureEvent(id, `T{${id}}`, {}) })),
    );
    const events = await collect(store.readStream("odd"));
    expect(events.map((e) => e.id)).toEqual(ids);
    expect(events.map((e) => e.type)).toEqual(ids.map((id) => `T{${id}}`));
    expect(isRight(await verifyStore(store))).toBe(true);
    // Found again by its id, not mistaken for SQL NULL: the retry is recognised as a replay.
    const again = await store.append("odd", [fixtureEvent("NULL", "T{NULL}", {})]);
    expect(isRight(again) && again.right).toMatchObject({ idempotentReplay: true, globalPositions: [4] });
  });

  it("refuses ids and types PostgreSQL text cannot hold exactly (NUL, lone surrogates) before any I/O", async () => {
    const store = await pg.open();
    await expect(store.append("bad", [fixtureEvent("a\u0000b", "T", {})])).rejects.toThrow(
      InvalidAppendError,
    );
    await expect(store.append("bad", [fixtureEvent("a\ud800", "T", {})])).rejects.toThrow(/lone surrogate/);
    await expect(store.append("bad", [fixtureEvent("ok", "T\u0000", {})])).rejects.toThrow(
      /type must not contain a NUL/,
    );
    // A well-formed surrogate pair is fine.
    expect(isRight(await store.append("bad", [fixtureEvent("ok-\ud83d\ude80", "T", {})]))).toBe(true);
    expect(await store.headPosition()).toBe(1);
  });

  it("an append is one transaction: a failure on its last insert leaves nothing of the batch and the head as it was", async () => {
    const store = await pg.open();
    await appendTo(store, "atomic", ["a"]);
    // A trigger that refuses one event type: an infrastructure failure in the middle of a batch.
    await pg.sql(`
      CREATE FUNCTION $schema.refuse() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'refused by test trigger'; END $$;
      CREATE TRIGGER refuse BEFORE INSERT ON $schema.events
        FOR EACH ROW WHEN (NEW.type = 'Explode') EXECUTE FUNCTION $schema.refuse();
    `);
    await expect(
      store.append("atomic", [
        fixtureEvent("b", "Noted", {}),
        fixtureEvent("c", "Noted", {}),
        fixtureEvent("d", "Explode", {}),
      ]),
    ).rejects.toThrow(/refused by test trigger/);
    expect((await collect(store.readStream("atomic"))).map((e) => e.id)).toEqual(["a"]);
    expect(await store.streamHead("atomic")).toMatchObject({ version: 1 });
    // The connection went back to the pool clean (not in an aborted transaction): appends go on.
    for (let i = 0; i < 12; i++) await appendTo(store, "atomic", [`after-${i}`]);
    expect(await store.streamHead("atomic")).toMatchObject({ version: 13 });
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("never hands out a global position again, even after the last event was deleted or an append rolled back", async () => {
    const store = await pg.open();
    await appendTo(store, "s", ["a", "b"]);
    await pg.sql("DELETE FROM $schema.events WHERE event_id = 'b'");
    await pg.sql(
      "UPDATE $schema.streams SET version = 1, hash = (SELECT hash FROM $schema.events WHERE event_id = 'a')",
    );
    expect(await store.headPosition()).toBe(1);
    const next = await appendTo(store, "t", ["c"]);
    expect(next.globalPositions).toEqual([3]);
  });

  it("reads positions and versions beyond 2^32 exactly (BIGINT columns, parsed safely)", async () => {
    const store = await pg.open();
    const big = 2 ** 40 + 7;
    await pg.sql(`SELECT setval(pg_get_serial_sequence('$schema.events', 'global_position'), ${big})`);
    const result = await appendTo(store, "big", ["a", "b"]);
    expect(result.globalPositions).toEqual([big + 1, big + 2]);
    expect((await collect(store.readAll({ after: big + 1 }))).map((e) => e.globalPosition)).toEqual([
      big + 2,
    ]);
    expect(await store.headPosition()).toBe(big + 2);
  });

  it("keeps stores in different schemas of one database apart", async () => {
    const here = await pg.open();
    const elsewhere = await pg.open({ schema: `${pg.schema}_b` });
    try {
      await appendTo(here, "s", ["a"]);
      await appendTo(elsewhere, "s", ["a", "b"]);
      expect((await collect(here.readAll())).map((e) => e.id)).toEqual(["a"]);
      expect((await collect(elsewhere.readAll())).map((e) => e.id)).toEqual(["a", "b"]);
      expect(here.channel).not.toBe(elsewhere.channel);
    } finally {
      await elsewhere.close();
      await pg.sql(`DROP SCHEMA "${pg.schema}_b" CASCADE`);
    }
  });

  it("two stores in different schemas on one pool of one connection: their prepared statements never mix", async () => {
    // One connection, so both stores' named statements live in the same server session.
    const pool = pg.pool(1);
    const here = await pg.open({ pool });
    const elsewhere = await pg.open({ pool, schema: `${pg.schema}_c` });
    try {
      for (const round of ["1", "2"]) {
        await appendTo(here, "s", [`here-${round}`]);
        await appendTo(elsewhere, "s", [`elsewhere-${round}`]);
      }
      expect((await collect(here.readStream("s"))).map((e) => e.id)).toEqual(["here-1", "here-2"]);
      expect((await collect(elsewhere.readAll())).map((e) => e.id)).toEqual(["elsewhere-1", "elsewhere-2"]);
    } finally {
      await elsewhere.close();
      await pg.sql(`DROP SCHEMA "${pg.schema}_c" CASCADE`);
    }
  });

  it("with preparedStatements: false, appends and reads the same (for poolers that cannot keep them)", async () => {
    const store = await pg.open({ preparedStatements: false });
    await appendTo(store, "s", ["a", "b"]);
    await appendTo(store, "s", ["c"]);
    expect((await collect(store.readStream("s"))).map((e) => e.id)).toEqual(["a", "b", "c"]);
    expect(isRight(await verifyStore(store))).toBe(true);
    await expect(pg.open({ preparedStatements: "yes" as never })).rejects.toThrow(TypeError);
  });

  it("accepts a mixed-case schema name, quoted everywhere", async () => {
    const schema = `${pg.schema}_Mixed`;
    const store = await pg.open({ schema });
    try {
      await appendTo(store, "s", ["a"]);
      const rows = await pg.sql<{ n: string }>(`SELECT COUNT(*) AS n FROM "${schema}".events`);
      expect(rows[0]?.n).toBe("1");
    } finally {
      await store.close();
      await pg.sql(`DROP SCHEMA "${schema}" CASCADE`);
    }
  });

  it("works on a pool of yours, which close() leaves open", async () => {
    const pool = pg.pool(3);
    const store = await pg.open({ pool });
    await appendTo(store, "s", ["a"]);
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const event of store.subscribe({ signal: controller.signal })) {
      seen.push(event.id);
      controller.abort();
    }
    expect(seen).toEqual(["a"]);
    await store.close();
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    expect(pool.ended).toBe(false);
  });

  it("close() ends the pool it created, ends live subscriptions normally; later calls fail saying the store is closed", async () => {
    const store = await pg.open();
    await appendTo(store, "s", ["a"]);
    const seen: string[] = [];
    for await (const event of store.subscribe()) {
      seen.push(event.id);
      if (seen.length === 1) void store.close();
    }
    expect(seen).toEqual(["a"]);
    await store.close();
    expect((store as unknown as { pool: { ending: boolean } }).pool.ending).toBe(true);
    await expect(appendTo(store, "s", ["b"])).rejects.toThrow(/schema .* is closed/);
    await expect(collect(store.readAll())).rejects.toThrow(/is closed/);
    await expect(store.headPosition()).rejects.toThrow(/is closed/);
    await expect(store.importEvents([])).rejects.toThrow(/is closed/);
  });

  it("stamps recordedAt from the injected clock", async () => {
    const store = await pg.open({ clock: fixedClock("2030-01-02T03:04:05.678Z") });
    await appendTo(store, "s", ["a"]);
    const [event] = await collect(store.readAll());
    expect(event?.metadata.recordedAt).toBe("2030-01-02T03:04:05.678Z");
  });

  it("an append waiting longer than lockTimeoutMs for the append lock fails with lock_not_available, writing nothing", async () => {
    const store = await pg.open({ lockTimeoutMs: 100 });
    await appendTo(store, "s", ["a"]);
    const holder = await pg.admin.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock($1)", [storeSchema(pg.schema).appendLockKey]);
      await expect(appendTo(store, "s", ["b"])).rejects.toMatchObject({ code: "55P03" });
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
    expect((await appendTo(store, "s", ["c"])).nextExpectedVersion).toBe(2);
  });
});

describe("postgres store: options", () => {
  const url = "postgres://nobody@127.0.0.1:1/nowhere";
  it.each([
    { what: "no connection", options: {}, error: /exactly one/ },
    {
      what: "both a string and a pool",
      options: { connectionString: url, pool: {} as never },
      error: /exactly one/,
    },
    {
      what: "a schema with a quote",
      options: { connectionString: url, schema: 'x"; DROP TABLE y; --' },
      error: RangeError,
    },
    {
      what: "a schema starting with a digit",
      options: { connectionString: url, schema: "1ledger" },
      error: RangeError,
    },
    { what: "a pg_ schema", options: { connectionString: url, schema: "pg_ledger" }, error: /reserved/ },
    {
      what: "a 64-character schema",
      options: { connectionString: url, schema: "s".repeat(64) },
      error: RangeError,
    },
    { what: "an empty schema", options: { connectionString: url, schema: "" }, error: RangeError },
    { what: "pageSize 0", options: { connectionString: url, pageSize: 0 }, error: /pageSize/ },
    { what: "pollMs 1.5", options: { connectionString: url, pollMs: 1.5 }, error: /pollMs/ },
    {
      what: "lockTimeoutMs -1",
      options: { connectionString: url, lockTimeoutMs: -1 },
      error: /lockTimeoutMs/,
    },
    { what: "a pool that is not one", options: { pool: { query: 1 } as never }, error: /pg.Pool/ },
  ])("refuses $what before connecting", async ({ options, error }) => {
    // The server in `url` does not exist: reaching it would fail differently (ECONNREFUSED).
    await expect(openPostgresEventStore(options)).rejects.toThrow(error);
  });
});
