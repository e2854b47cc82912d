import { verifyStore } from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { describePg, usePostgres } from "../test/pg.js";

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
});
