import type { Migration } from "./migrations.js";

/** The key store's own schema: a separate file from the events, with its own backup schedule. */
export const KEY_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "data keys, their tombstones, blind index",
    // `material` is NULL once shredded: the row stays as a tombstone so that a reader can tell an
    // erased field (Erased) from a lost key (an error). Indexed by (subject, class) so that erasing one
    // subject among millions is an index lookup, not a scan.
    sql: `
      CREATE TABLE key_store_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
      CREATE TABLE data_keys (
        key_id TEXT PRIMARY KEY,
        subject_id TEXT NOT NULL,
        retention_class TEXT NOT NULL,
        material BLOB,
        created_at TEXT NOT NULL,
        shredded_at TEXT
      );
      CREATE INDEX data_keys_by_subject ON data_keys (subject_id, retention_class);
      CREATE UNIQUE INDEX data_keys_one_active ON data_keys (subject_id, retention_class) WHERE material IS NOT NULL;
      CREATE TABLE blind_index (
        token TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        retention_class TEXT NOT NULL,
        PRIMARY KEY (token, subject_id, retention_class)
      );
      CREATE INDEX blind_index_by_subject ON blind_index (subject_id, retention_class);
    `,
  },
  {
    version: 2,
    description: "shred generation: readers holding key material drop it when it moves",
    // One row, bumped in the transaction of every shred that destroyed a key. A reader (another
    // handle, another process) compares it once per page of events and drops its cached key
    // material when it moved: a shred takes effect everywhere at the next page, with no TTL.
    sql: `
      CREATE TABLE shred_generation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL
      );
      INSERT INTO shred_generation (id, generation) VALUES (1, 0);
    `,
  },
];
