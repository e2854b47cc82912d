import { existsSync } from "node:fs";
import type { EventStore } from "@privacy-ledger/eventsourcing";
import { openEventStoreDbStore } from "@privacy-ledger/store-eventstoredb";
import { openPostgresEventStore } from "@privacy-ledger/store-postgres";
import { openSqliteEventStore } from "@privacy-ledger/store-sqlite";
import { UsageError } from "./args.js";

export interface OpenedStore {
  readonly store: EventStore;
  readonly close: () => Promise<void>;
}

/**
 * `sqlite:<path>`, `postgres://…` (or `postgresql://…`, with `?schema=<name>` for the store's schema) and
 * `esdb://…`. An auditor's tool must not create what it is asked to check: a missing SQLite file is an
 * error, not a new empty store that verifies.
 */
export const openStoreUrl = async (url: string): Promise<OpenedStore> => {
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length);
    if (path === "") throw new UsageError("sqlite: needs a file path, e.g. sqlite:./ledger.db");
    if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
    const store = openSqliteEventStore({ path });
    return { store, close: () => store.close() };
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get("schema") ?? undefined;
    parsed.searchParams.delete("schema");
    const store = await openPostgresEventStore({
      connectionString: parsed.toString(),
      ...(schema === undefined ? {} : { schema }),
    });
    return { store, close: () => store.close() };
  }
  if (url.startsWith("esdb://") || url.startsWith("esdb+discover://")) {
    const store = openEventStoreDbStore({ connectionString: url });
    return { store, close: () => store.close() };
  }
  throw new UsageError(
    `unknown store URL "${url.split(":")[0]}:…"; use sqlite:<path>, postgres://… or esdb://…`,
  );
};
