import type { JsonValue, NewEvent, NewEventMetadata } from "@privacy-ledger/eventsourcing";
import { type Clock, fixedClock } from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import {
  type EventStoreDbEventStore,
  type EventStoreDbStoreOptions,
  openEventStoreDbStore,
} from "../src/eventStoreDbStore.js";
import {
  type FakeEventStoreServer,
  type FakeEventStoreServerOptions,
  startFakeEventStoreServer,
} from "../src/testing/index.js";

/** Fixed, well-formed metadata; only ids, types and data vary between fixture events. */
export const fixtureMetadata: NewEventMetadata = {
  actor: { id: "actor-fixture", roles: ["tester"] },
  correlationId: "corr-fixture",
  causationId: "cmd-fixture",
  occurredAt: "2026-11-27T10:00:00.000Z",
  clauses: ["P0.TEST"],
};

export const fixtureEvent = (id: string, type = "Noted", data: JsonValue = { id }): NewEvent => ({
  id,
  type,
  schemaVersion: 1,
  data,
  metadata: fixtureMetadata,
});

/** Personal data planted in records: no error message may ever repeat it. */
export const SECRET = "jan.jansen@example.com";

/** A fake server and the stores opened on it; `dispose` closes them all. */
export interface FakeWorld {
  readonly fake: FakeEventStoreServer;
  readonly clock: ReturnType<typeof fixedClock>;
  open(options?: Partial<EventStoreDbStoreOptions> & { readonly clock?: Clock }): EventStoreDbEventStore;
  dispose(): Promise<void>;
}

export const fakeWorld = async (server: FakeEventStoreServerOptions = {}): Promise<FakeWorld> => {
  const fake = await startFakeEventStoreServer(server);
  const clock = fixedClock("2026-11-27T10:00:00.000Z");
  const opened: EventStoreDbEventStore[] = [];
  return {
    fake,
    clock,
    open: (options = {}) => {
      const store = openEventStoreDbStore({ connectionString: fake.connectionString(), clock, ...options });
      opened.push(store);
      return store;
    },
    dispose: async () => {
      for (const store of opened) await store.close();
      await fake.close();
    },
  };
};

/** Appends and fails the test on a Left. */
export const appendOk = async (
  store: EventStoreDbEventStore,
  streamId: string,
  events: readonly NewEvent[],
  expectedVersion?: Parameters<EventStoreDbEventStore["append"]>[2],
) => {
  const result = await store.append(streamId, events, expectedVersion);
  if (isLeft(result)) throw new Error(result.left.message);
  return result.right;
};
