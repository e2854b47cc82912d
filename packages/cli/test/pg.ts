import { systemClock } from "@privacy-ledger/eventsourcing";
import type { StoreTamper } from "@privacy-ledger/eventsourcing/testing";
import type { PostgresEventStore } from "@privacy-ledger/store-postgres";
import { findTestDatabase, postgresHarness, skipMessage } from "@privacy-ledger/store-postgres/testing";
import { describe } from "vitest";

/**
 * The PostgreSQL test server, probed once per test file as in @privacy-ledger/store-postgres
 * (PRIVACY_LEDGER_PG_URL, or postgres://postgres@127.0.0.1:5432/test). With PRIVACY_LEDGER_REQUIRE_PG=1
 * and no server this throws, and so fails the test file instead of skipping it.
 */
export const database = await findTestDatabase();

/** A describe block that needs the server: skipped, saying why, when there is none. */
export const describePg = (name: string, body: () => void): void => {
  if (database.available) {
    describe(name, body);
    return;
  }
  console.warn(`[@privacy-ledger/cli] ${skipMessage(database, `"${name}"`)}`);
  describe.skip(`${name} [skipped: no PostgreSQL server]`, body);
};

export interface FreshPostgresStore {
  readonly store: PostgresEventStore;
  /** The store URL the CLI takes: the server's URL with `?schema=` naming the fresh schema. */
  readonly url: string;
  /** Changes stored rows behind the store's back (the store conformance suite's tamper). */
  readonly tamper: StoreTamper;
  /** Closes the store and drops the schema. */
  readonly dispose: () => Promise<void>;
}

/** A store in a schema of its own (a unique name), as the store's conformance harness makes it. */
export const freshPostgresStore = async (): Promise<FreshPostgresStore> => {
  const harness = await postgresHarness({ connectionString: database.url })({ clock: systemClock });
  const store = harness.store as PostgresEventStore;
  const url = new URL(database.url);
  url.searchParams.set("schema", store.schema);
  if (harness.tamper === undefined) throw new Error("the PostgreSQL harness offers no tamper");
  return { store, url: url.toString(), tamper: harness.tamper, dispose: harness.dispose };
};
