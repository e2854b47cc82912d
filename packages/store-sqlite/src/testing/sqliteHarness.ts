import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HarnessFactory } from "@privacy-ledger/eventsourcing/testing";
import {
  openSqliteEventStore,
  type SqliteEventStore,
  type SqliteEventStoreOptions,
} from "../sqliteEventStore.js";
import { sqliteTamper } from "../sqliteTamper.js";

/**
 * A conformance harness over a fresh file in its own temporary directory; `dispose` closes every store
 * it opened and deletes the directory (with the -wal and -shm files).
 */
export const sqliteHarness =
  (options: Omit<SqliteEventStoreOptions, "path" | "clock"> = {}): HarnessFactory =>
  async ({ clock }) => {
    const directory = await mkdtemp(join(tmpdir(), "privacy-ledger-sqlite-"));
    const path = join(directory, "events.db");
    const opened: SqliteEventStore[] = [];
    const open = (): SqliteEventStore => {
      const store = openSqliteEventStore({ ...options, path, clock });
      opened.push(store);
      return store;
    };
    return {
      store: open(),
      tamper: sqliteTamper(path, { clock }),
      reopen: async () => open(),
      dispose: async () => {
        for (const store of opened) await store.close();
        await rm(directory, { recursive: true, force: true });
      },
    };
  };
