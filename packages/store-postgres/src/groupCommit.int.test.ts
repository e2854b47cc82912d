import { InvalidAppendError, verifyStore } from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import { recordQueries } from "../test/countingPool.js";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { describePg, usePostgres } from "../test/pg.js";
import { storeSchema } from "./storeSchema.js";

describePg("postgres store: group commit (concurrent appends share one transaction)", () => {
  const pg = usePostgres("pl_group");

  /** How many transactions wrote the stored events (each row's xmin is its writer's transaction id). */
  const writingTransactions = async (): Promise<number> => {
    const { rows } = await pg.admin.query<{ n: string }>(
      `SELECT count(DISTINCT xmin::text) AS n FROM "${pg.schema}".events`,
    );
    return Number(rows[0]?.n);
  };

  it("commits appends made together in one transaction, each with its own outcome", async () => {
    const store = await pg.open();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        store.append(`s-${n}`, [fixtureEvent(`e-${n}`, "Noted", { n })], { expectedVersion: "no_stream" }),
      ),
    );
    expect(outcomes.every(isRight)).toBe(true);
    expect(await writingTransactions()).toBe(1);
    const positions = outcomes.flatMap((outcome) => (isRight(outcome) ? outcome.right.globalPositions : []));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect((await collect(store.readAll())).map((event) => event.id)).toEqual(
      Array.from({ length: 12 }, (_, n) => `e-${n}`),
    );
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("refuses a stale expected version alone, and applies appends of one stream in the order made", async () => {
    const store = await pg.open();
    const outcomes = await Promise.all([
      store.append("s", [fixtureEvent("a", "Noted", {})], { expectedVersion: "no_stream" }),
      store.append("s", [fixtureEvent("b", "Noted", {})], { expectedVersion: 1 }),
      store.append("s", [fixtureEvent("c", "Stale", {})], { expectedVersion: 1 }),
      store.append("s", [fixtureEvent("d", "Noted", {})], { expectedVersion: 2 }),
    ]);
    expect(outcomes.map((outcome) => outcome._tag)).toEqual(["Right", "Right", "Left", "Right"]);
    expect(outcomes[2]).toMatchObject({ left: { kind: "WrongExpectedVersion", actual: 2 } });
    expect((await collect(store.readStream("s"))).map((event) => event.id)).toEqual(["a", "b", "d"]);
    expect(isRight(await verifyStore(store))).toBe(true);
  });

  it("an append the server refuses fails alone: the rest of its group is committed", async () => {
    const store = await pg.open();
    await pg.admin.query(`
      CREATE FUNCTION "${pg.schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
      CREATE TRIGGER refuse BEFORE INSERT ON "${pg.schema}".events
        FOR EACH ROW WHEN (NEW.stream_id = 'poisoned') EXECUTE FUNCTION "${pg.schema}".refuse();`);
    const outcomes = await Promise.allSettled([
      store.append("before", [fixtureEvent("b-1", "Kept", {})]),
      store.append("poisoned", [fixtureEvent("p-1", "Refused", {})]),
      store.append("after", [fixtureEvent("a-1", "Kept", {})]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain("refused by the test");
    expect((await collect(store.readAll())).map((event) => event.id)).toEqual(["b-1", "a-1"]);
    expect(await store.streamHead("poisoned")).toBeUndefined();
  });

  it("an append repeated within one group is an idempotent replay of the first, not a duplicate", async () => {
    const store = await pg.open();
    const batch = [fixtureEvent("r-1", "Noted", {}), fixtureEvent("r-2", "Noted", {})];
    const [first, again] = await Promise.all([store.append("r", batch), store.append("r", batch)]);
    expect(first).toMatchObject({ _tag: "Right", right: { idempotentReplay: false } });
    expect(again).toMatchObject({ _tag: "Right", right: { idempotentReplay: true } });
    if (!first || !again || !isRight(first) || !isRight(again)) throw new Error("unreachable");
    expect(again.right.globalPositions).toEqual(first.right.globalPositions);
    expect(await collect(store.readAll())).toHaveLength(2);
  });

  it("commits appends made just before close() instead of dropping them", async () => {
    const store = await pg.open();
    const pending = store.append("c", [fixtureEvent("c-1", "Closing", {})]);
    await store.close();
    expect(isRight(await pending)).toBe(true);
    const reopened = await pg.open();
    expect((await collect(reopened.readAll())).map((event) => event.id)).toEqual(["c-1"]);
  });

  it("with groupCommit: false, every append is a transaction of its own", async () => {
    const store = await pg.open({ groupCommit: false });
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, (_, n) => store.append(`s-${n}`, [fixtureEvent(`e-${n}`, "Noted", {})])),
    );
    expect(outcomes.every(isRight)).toBe(true);
    expect(await writingTransactions()).toBe(5);
  });

  it("a group the append lock times out on is refused whole, at once, not retried append by append", async () => {
    const pool = pg.pool();
    // The transactions that ask for the append lock, through the pool the store borrows from.
    const sent = recordQueries(pool);
    const lockRequests = () => sent.filter((text) => text.includes("pg_advisory_xact_lock")).length;
    const store = await pg.open({ pool, lockTimeoutMs: 200 });
    sent.length = 0; // the migrations at open take a lock of their own
    const holder = await pg.admin.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock($1::bigint)", [storeSchema(pg.schema).appendLockKey]);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, n) => store.append(`s-${n}`, [fixtureEvent(`e-${n}`, "Noted", {})])),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(6).fill("rejected"));
      expect(outcomes.map((outcome) => (outcome as PromiseRejectedResult).reason?.code)).toEqual(
        Array(6).fill("55P03"),
      );
      expect(lockRequests()).toBe(1);
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
    expect(await collect(store.readAll())).toEqual([]);
  });

  it("a malformed expected version fails that append alone, before it joins a group", async () => {
    const store = await pg.open();
    const outcomes = await Promise.allSettled([
      store.append("a", [fixtureEvent("a-1", "Noted", {})]),
      store.append("b", [fixtureEvent("b-1", "Noted", {})], { expectedVersion: -1 as never }),
      store.append("c", [fixtureEvent("c-1", "Noted", {})]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidAppendError);
    expect((await collect(store.readAll())).map((event) => event.id)).toEqual(["a-1", "c-1"]);
  });

  it("refuses an append made while close() is committing the pending ones, saying the store is closed", async () => {
    const store = await pg.open();
    const pending = store.append("c", [fixtureEvent("c-1", "Pending", {})]);
    const closing = store.close();
    await expect(store.append("c", [fixtureEvent("c-2", "Late", {})])).rejects.toThrow(/is closed/);
    await closing;
    expect(isRight(await pending)).toBe(true);
  });
});
