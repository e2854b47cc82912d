import type { HarnessFactory } from "@privacy-ledger/eventsourcing/testing";
import pg from "pg";
import {
  openPostgresEventStore,
  type PostgresEventStore,
  type PostgresEventStoreOptions,
} from "../postgresEventStore.js";
import { postgresTamper } from "../postgresTamper.js";
import { dropSchema, uniqueSchemaName } from "./testDatabase.js";

export type PostgresHarnessOptions = Omit<
  PostgresEventStoreOptions,
  "connectionString" | "pool" | "schema" | "clock"
> & {
  /** The server to test against. */
  readonly connectionString: string;
};

/**
 * A conformance harness over a fresh schema of its own (a unique name per harness); `dispose` closes
 * every store it opened and drops the schema. `tamper` works through a small pool of its own.
 */
export const postgresHarness =
  ({ connectionString, ...options }: PostgresHarnessOptions): HarnessFactory =>
  async ({ clock }) => {
    const schema = uniqueSchemaName("pl_conformance");
    const admin = new pg.Pool({ connectionString, max: 2 });
    admin.on("error", () => undefined);
    const opened: PostgresEventStore[] = [];
    const open = async (): Promise<PostgresEventStore> => {
      const store = await openPostgresEventStore({ ...options, connectionString, schema, clock });
      opened.push(store);
      return store;
    };
    try {
      return {
        store: await open(),
        tamper: postgresTamper(admin, { schema, clock }),
        reopen: open,
        dispose: async () => {
          try {
            for (const store of opened) await store.close();
            await dropSchema(admin, schema);
          } finally {
            await admin.end();
          }
        },
      };
    } catch (error) {
      await admin.end();
      throw error;
    }
  };
