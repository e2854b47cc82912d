import { randomUUID } from "node:crypto";
import type { HarnessFactory } from "@privacy-ledger/eventsourcing/testing";
import {
  type EventStoreDbEventStore,
  type EventStoreDbStoreOptions,
  openEventStoreDbStore,
} from "../eventStoreDbStore.js";
import { type FakeEventStoreServerOptions, startFakeEventStoreServer } from "./fakeEventStoreServer.js";
import { fakeTamper } from "./fakeTamper.js";

type StoreOptions = Omit<EventStoreDbStoreOptions, "connectionString" | "client" | "clock">;

/**
 * A conformance harness on a fresh in-process fake server per test: `tamper` edits the fake's log,
 * `reopen` connects a second client to the same fake, `dispose` closes both and stops the fake.
 */
export const fakeServerHarness =
  (
    options: { readonly server?: FakeEventStoreServerOptions; readonly store?: StoreOptions } = {},
  ): HarnessFactory =>
  async ({ clock }) => {
    const fake = await startFakeEventStoreServer(options.server);
    const opened: EventStoreDbEventStore[] = [];
    const open = (): EventStoreDbEventStore => {
      const store = openEventStoreDbStore({
        ...options.store,
        connectionString: fake.connectionString(),
        clock,
      });
      opened.push(store);
      return store;
    };
    return {
      store: open(),
      tamper: fakeTamper(fake, { clock, streamPrefix: options.store?.streamPrefix }),
      reopen: async () => open(),
      dispose: async () => {
        for (const store of opened) await store.close();
        await fake.close();
      },
    };
  };

/**
 * A conformance harness on a real server. A server cannot be emptied between tests, so each test gets
 * a stream prefix of its own (`conformance-<uuid>-`) and sees only its own streams; nothing offers
 * `tamper` (the log is append-only through the API).
 */
export const realServerHarness =
  (connectionString: string, options: StoreOptions = {}): HarnessFactory =>
  async ({ clock }) => {
    const streamPrefix = `${options.streamPrefix ?? "conformance-"}${randomUUID()}-`;
    const opened: EventStoreDbEventStore[] = [];
    const open = (): EventStoreDbEventStore => {
      const store = openEventStoreDbStore({ ...options, streamPrefix, connectionString, clock });
      opened.push(store);
      return store;
    };
    return {
      store: open(),
      reopen: async () => open(),
      dispose: async () => {
        for (const store of opened) await store.close();
      },
    };
  };
