import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { CEILING, type CounterCommand, counterCatalog, counterDecider } from "../../test/counter.js";
import { EventDecodingFailed } from "../codecs/decodeError.js";
import type { CommandEnvelope } from "../commandHandling/commandEnvelope.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { InMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { verifyStore } from "../integrity/verify.js";
import { fixedClock } from "../ports/clock.js";
import { deterministicIds } from "../ports/idGenerator.js";
import { collect, sampleEventFactory } from "../testing/sampleEvents.js";
import { commandHandler } from "./commandHandler.js";

const clock = fixedClock("2026-11-27T09:00:00.000Z");
const increment = (by: number, commandId = "cmd-1"): CommandEnvelope<CounterCommand> => ({
  command: { kind: "Increment", by },
  actor: { id: "user-1", roles: ["admin"] },
  commandId,
  correlationId: "conversation-1",
  clauses: ["P9.EXTRA"],
});

/** A store that lets a rival writer in just before each of our first `times` appends. */
const contendedStore = (inner: InMemoryEventStore, times: number): EventStore & { rivalAppends: number } => {
  const rival = sampleEventFactory(deterministicIds("rival"));
  const wrapper = Object.create(inner) as EventStore & { rivalAppends: number };
  wrapper.rivalAppends = 0;
  wrapper.append = async (streamId, events, options) => {
    if (wrapper.rivalAppends < times) {
      wrapper.rivalAppends += 1;
      await inner.append(streamId, [{ ...rival("Incremented", { by: 1 }) }]);
    }
    return inner.append(streamId, events, options);
  };
  return wrapper;
};

describe("command handler", () => {
  it("loads, decides and appends, carrying correlation, causation, actor and clause ids into the events", async () => {
    const store = new InMemoryEventStore({ clock });
    const handle = commandHandler({
      store,
      decider: counterDecider,
      catalog: counterCatalog,
      clock,
      ids: deterministicIds("t"),
    });
    const first = await handle("counter-1", increment(3));
    const second = await handle("counter-1", increment(4, "cmd-2"));
    expect(isRight(second) && second.right.state).toEqual({ total: 7 });
    expect(isRight(first) && first.right.stored.nextExpectedVersion).toBe(1);
    const [stored] = await collect(store.readStream("counter-1", { fromVersion: 2 }));
    expect(stored?.metadata).toEqual({
      actor: { id: "user-1", roles: ["admin"] },
      correlationId: "conversation-1",
      causationId: "cmd-2",
      occurredAt: "2026-11-27T09:00:00.000Z",
      recordedAt: "2026-11-27T09:00:00.000Z",
      clauses: ["P0.TEST", "P9.EXTRA"],
    });
  });

  it("a command sent again (a retry after a lost acknowledgement) appends nothing twice", async () => {
    const store = new InMemoryEventStore({ clock });
    const handle = commandHandler({ store, decider: counterDecider, catalog: counterCatalog, clock });
    const first = await handle("counter-1", increment(2, "cmd-once"));
    const again = await handle("counter-1", increment(2, "cmd-once"));
    expect(isRight(first) && first.right.stored.idempotentReplay).toBe(false);
    expect(isRight(again) && again.right).toMatchObject({
      stored: { idempotentReplay: true },
      state: { total: 2 },
    });
    expect(await collect(store.readStream("counter-1"))).toHaveLength(1);
    const other = await handle("counter-1", increment(2, "cmd-other"));
    expect(isRight(other) && other.right.state).toEqual({ total: 4 });
  });

  it("returns a rejection as data and writes nothing", async () => {
    const store = new InMemoryEventStore({ clock });
    const handle = commandHandler({ store, decider: counterDecider, catalog: counterCatalog });
    const result = await handle("counter-1", increment(CEILING + 1));
    expect(isLeft(result) && result.left).toMatchObject({
      kind: "Rejection",
      rule: "INV-TEST",
      clause: "P0.TEST",
    });
    expect(await store.headPosition()).toBe(0);
  });

  it("on a version conflict re-decides on fresh state, so a rule that now refuses is respected", async () => {
    const inner = new InMemoryEventStore({ clock });
    const store = contendedStore(inner, 1);
    const handle = commandHandler({ store, decider: counterDecider, catalog: counterCatalog });
    const retried = await handle("counter-1", increment(2));
    expect(isRight(retried) && retried.right).toMatchObject({ attempts: 2, state: { total: 3 } });

    // The rival's increment makes the second decision see 10 + 1 > CEILING: rejected, not forced in.
    const full = new InMemoryEventStore({ clock });
    await commandHandler({ store: full, decider: counterDecider, catalog: counterCatalog })(
      "c",
      increment(9),
    );
    const late = await commandHandler({
      store: contendedStore(full, 1),
      decider: counterDecider,
      catalog: counterCatalog,
    })("c", increment(1, "cmd-late"));
    expect(isLeft(late) && late.left.kind).toBe("Rejection");
    expect(isRight(await verifyStore(inner))).toBe(true);
  });

  it("gives up after the bounded number of attempts with a typed conflict", async () => {
    const store = contendedStore(new InMemoryEventStore({ clock }), 10);
    const handle = commandHandler({
      store,
      decider: counterDecider,
      catalog: counterCatalog,
      maxAttempts: 3,
    });
    const result = await handle("counter-1", increment(1));
    expect(isLeft(result) && result.left).toMatchObject({
      kind: "ConcurrencyConflict",
      streamId: "counter-1",
      attempts: 3,
      lastConflict: { kind: "WrongExpectedVersion" },
    });
    expect(store.rivalAppends).toBe(3);
  });

  it("history that fails its codec stops the handler with an error naming stream and version", async () => {
    const store = new InMemoryEventStore({ clock });
    await store.append("counter-1", [
      sampleEventFactory(deterministicIds("x"))("Incremented", { by: "two" }),
    ]);
    const handle = commandHandler({ store, decider: counterDecider, catalog: counterCatalog });
    const attempt = handle("counter-1", increment(1));
    await expect(attempt).rejects.toBeInstanceOf(EventDecodingFailed);
    await expect(attempt).rejects.toThrow(/counter-1@1.*data\.by/);
  });

  it("refuses an envelope whose actor is not the actor the command names (the one the decider checked)", async () => {
    const store = new InMemoryEventStore({ clock });
    const actor = { id: "user-1", roles: ["admin"] };
    const handle = commandHandler({
      store,
      decider: counterDecider,
      catalog: counterCatalog,
      clock,
      actorOf: () => actor,
    });
    const sameActor = await handle("counter-1", increment(1));
    expect(isRight(sameActor)).toBe(true);
    const otherActor = await handle("counter-1", {
      ...increment(1, "cmd-2"),
      actor: { id: "user-2", roles: ["admin"] },
    });
    expect(isLeft(otherActor) && otherActor.left).toMatchObject({
      kind: "Rejection",
      rule: "ACTOR-MISMATCH",
    });
    const moreRoles = await handle("counter-1", {
      ...increment(1, "cmd-3"),
      actor: { id: "user-1", roles: ["admin", "CTO"] },
    });
    expect(isLeft(moreRoles) && moreRoles.left).toMatchObject({ rule: "ACTOR-MISMATCH" });
    expect(await collect(store.readStream("counter-1"))).toHaveLength(1);
  });
});
