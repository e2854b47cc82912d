import { type PersonalFieldSpec, ProtectedEventStore } from "@privacy-ledger/eventsourcing";
import {
  openSqliteEventStore,
  type SqliteEventStore,
  type SqliteEventStoreOptions,
} from "./sqliteEventStore.js";
import { openSqliteKeyStore, type SqliteKeyStore, type SqliteKeyStoreOptions } from "./sqliteKeyStore.js";

export interface ProtectedSqliteStoreOptions extends SqliteEventStoreOptions {
  /** The personal fields of each event type: `catalog.personalFields` of your event catalog. */
  readonly personalFields: (type: string, schemaVersion: number) => readonly PersonalFieldSpec[];
  /** The key file; by default beside the event file, `ledger.db` → `ledger.keys.db`. */
  readonly keyPath?: string;
  readonly masterKey?: SqliteKeyStoreOptions["masterKey"];
  readonly warn?: SqliteKeyStoreOptions["warn"];
  readonly keyCacheMs?: number;
  /** Worker threads that open the sealed fields of large read pages (see ProtectionOptions). */
  readonly cipherThreads?: number;
}

export interface ProtectedSqliteStore {
  /** Use this one: appends seal personal fields, reads open them (or give Erased). */
  readonly store: ProtectedEventStore;
  /** The raw event store (ciphertext only): what an auditor verifies. */
  readonly events: SqliteEventStore;
  readonly keys: SqliteKeyStore;
  readonly close: () => Promise<void>;
}

export const defaultKeyPath = (eventPath: string): string =>
  eventPath.endsWith(".db") ? `${eventPath.slice(0, -3)}.keys.db` : `${eventPath}.keys`;

/** Opens an event file and its separate key file, with the protection layer in front. */
export const openProtectedSqliteStore = (options: ProtectedSqliteStoreOptions): ProtectedSqliteStore => {
  const { personalFields, keyPath, masterKey, warn, keyCacheMs, cipherThreads, ...eventOptions } = options;
  if (options.path === ":memory:" && keyPath === undefined)
    throw new RangeError(
      'an in-memory event store needs an explicit keyPath (":memory:" for keys that vanish with it)',
    );
  if (keyPath !== undefined && keyPath === options.path && keyPath !== ":memory:")
    throw new RangeError(
      "the key file must be another file than the event file: its backups follow a shorter schedule",
    );
  const keys = openSqliteKeyStore({
    path: keyPath ?? defaultKeyPath(options.path),
    ...(masterKey ? { masterKey } : {}),
    ...(warn ? { warn } : {}),
    ...(eventOptions.clock ? { clock: eventOptions.clock } : {}),
  });
  let events: SqliteEventStore;
  try {
    events = openSqliteEventStore(eventOptions);
  } catch (error) {
    void keys.close();
    throw error;
  }
  const store = new ProtectedEventStore(events, {
    keyStore: keys,
    personalFields,
    ...(keyCacheMs === undefined ? {} : { keyCacheMs }),
    ...(cipherThreads === undefined ? {} : { cipherThreads }),
  });
  return {
    store,
    events,
    keys,
    close: async () => {
      await store.close(); // its cipher threads, and the event file
      await keys.close();
    },
  };
};
