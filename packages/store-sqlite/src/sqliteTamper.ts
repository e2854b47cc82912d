import {
  type Clock,
  chainBatch,
  GENESIS_HASH,
  type NewEvent,
  systemClock,
} from "@privacy-ledger/eventsourcing";
import type { StoreTamper } from "@privacy-ledger/eventsourcing/testing";
import Database from "better-sqlite3";

export interface SqliteTamperOptions {
  /** Stamps `recordedAt` on forged events. */
  readonly clock?: Clock;
}

/**
 * Changes a store file behind the library's back, with plain SQL on a connection of its own, as an
 * operator with a SQLite shell could. Each change also keeps the `streams` head table consistent with
 * the rows left behind (a careful attacker would), so only the hash chain can give it away. For
 * tests of tamper detection only.
 */
export const sqliteTamper = (path: string, options: SqliteTamperOptions = {}): StoreTamper => {
  const clock = options.clock ?? systemClock;
  return {
    rewriteData: async (streamId, version, data) =>
      tamper(path, (db) => {
        rowAt(db, streamId, version);
        db.prepare("UPDATE events SET data = ? WHERE stream_id = ? AND stream_version = ?").run(
          JSON.stringify(data),
          streamId,
          version,
        );
      }),

    removeEvent: async (streamId, version) =>
      tamper(path, (db) => {
        rowAt(db, streamId, version);
        db.prepare("DELETE FROM events WHERE stream_id = ? AND stream_version = ?").run(streamId, version);
        refreshHead(db, streamId);
      }),

    swapVersions: async (streamId, versionA, versionB) =>
      tamper(path, (db) => {
        rowAt(db, streamId, versionA);
        rowAt(db, streamId, versionB);
        // UNIQUE(stream_id, stream_version) is checked row by row, so A parks at -A (versions are >= 1,
        // a negative one is always free) while B takes A's place.
        const move = db.prepare(
          "UPDATE events SET stream_version = ? WHERE stream_id = ? AND stream_version = ?",
        );
        move.run(-versionA, streamId, versionA);
        move.run(versionA, streamId, versionB);
        move.run(versionB, streamId, -versionA);
        refreshHead(db, streamId);
      }),

    insertEvent: async (streamId, afterVersion, forged) =>
      tamper(path, (db) => {
        const prevHash = afterVersion === 0 ? GENESIS_HASH : rowAt(db, streamId, afterVersion).hash;
        const successor = findRow(db, streamId, afterVersion + 1);
        let position: number | null = null;
        if (successor) {
          // Slot the forgery in at its successor's global position, so even the global order looks
          // untouched. Everything after it moves up by one through negative values, for the
          // same UNIQUE reason as above (a plain +1 would collide with the next row).
          position = successor.global_position;
          db.prepare(
            "UPDATE events SET global_position = -(global_position + 1) WHERE global_position >= ?",
          ).run(position);
          db.prepare("UPDATE events SET global_position = -global_position WHERE global_position < 0").run();
          db.prepare(
            "UPDATE events SET stream_version = -(stream_version + 1) WHERE stream_id = ? AND stream_version > ?",
          ).run(streamId, afterVersion);
          db.prepare(
            "UPDATE events SET stream_version = -stream_version WHERE stream_id = ? AND stream_version < 0",
          ).run(streamId);
        }
        insertForged(db, streamId, afterVersion + 1, forged, prevHash, position, clock);
        refreshHead(db, streamId);
      }),
  };
};

interface LocatedRow {
  readonly global_position: number;
  readonly hash: string;
}

/** One short-lived connection per change, in one IMMEDIATE transaction: no handle outlives the test. */
const tamper = (path: string, change: (db: Database.Database) => void): void => {
  const db = new Database(path, { timeout: 5_000 });
  try {
    db.transaction(() => change(db)).immediate();
  } finally {
    db.close();
  }
};

const findRow = (db: Database.Database, streamId: string, version: number): LocatedRow | undefined =>
  db
    .prepare<[string, number], LocatedRow>(
      "SELECT global_position, hash FROM events WHERE stream_id = ? AND stream_version = ?",
    )
    .get(streamId, version);

const rowAt = (db: Database.Database, streamId: string, version: number): LocatedRow => {
  const row = findRow(db, streamId, version);
  if (!row) throw new Error(`no event ${streamId}@${version} to tamper with`);
  return row;
};

const insertForged = (
  db: Database.Database,
  streamId: string,
  streamVersion: number,
  forged: NewEvent,
  prevHash: string,
  position: number | null,
  clock: Clock,
): void => {
  // Chained exactly as an append would chain it after the event before it: a careful forger's hash.
  const [event] = chainBatch(
    streamId,
    { version: streamVersion - 1, hash: prevHash },
    [forged],
    clock.now().toISOString(),
  );
  if (!event) throw new Error("chainBatch returned nothing for one event");
  db.prepare(
    `INSERT INTO events (global_position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    position,
    event.id,
    streamId,
    streamVersion,
    event.type,
    event.schemaVersion,
    event.canonical.data,
    event.canonical.metadata,
    prevHash,
    event.hash,
  );
};

/** Points the head row at the stream's last remaining event, or drops it when none is left. */
const refreshHead = (db: Database.Database, streamId: string): void => {
  const last = db
    .prepare<[string], { stream_version: number; hash: string }>(
      "SELECT stream_version, hash FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1",
    )
    .get(streamId);
  if (!last) {
    db.prepare("DELETE FROM streams WHERE stream_id = ?").run(streamId);
    return;
  }
  db.prepare(
    `INSERT INTO streams (stream_id, version, hash) VALUES (?, ?, ?)
     ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash`,
  ).run(streamId, last.stream_version, last.hash);
};
