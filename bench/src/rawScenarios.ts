import type { NewEvent, StoredEvent } from "@privacy-ledger/eventsourcing";
import Database from "better-sqlite3";
import { batchAt, streamIds } from "./fixture.js";
import {
  peakRssBytes,
  RssProbe,
  type ScenarioResult,
  type ScenarioSpec,
  Stopwatch,
  timed,
  touch,
} from "./harness.js";

/**
 * The floor the library is measured against: the same table shape as the store's `events` (same
 * columns, AUTOINCREMENT position, both UNIQUE indexes), the same WAL journal and synchronous setting,
 * JSON.stringify on the way in and JSON.parse on the way out, the same keyset pages on reads, and the
 * same objects handed to the consumer. What it leaves out is exactly the library's work: validation,
 * the head and idempotency look-ups, the streams table, canonical JSON, hashing, codec checks and the
 * async iterator. Its hashes are constant strings.
 */
const SCHEMA = `
  CREATE TABLE events (
    global_position INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    stream_id TEXT NOT NULL,
    stream_version INTEGER NOT NULL,
    type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (stream_id, stream_version)
  );
`;

const RAW_PREV_HASH = "0".repeat(64);
const RAW_HASH = "f".repeat(64);

interface Row {
  readonly global_position: number;
  readonly event_id: string;
  readonly stream_id: string;
  readonly stream_version: number;
  readonly type: string;
  readonly schema_version: number;
  readonly data: string;
  readonly metadata: string;
  readonly prev_hash: string;
  readonly hash: string;
}

const open = (spec: ScenarioSpec): Database.Database => {
  const db = new Database(spec.path);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${spec.synchronous}`);
  return db;
};

/** `events` inserts, `batchSize` per BEGIN IMMEDIATE transaction, stream versions counted in memory. */
export const rawAppend = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const db = open(spec);
  try {
    db.exec(SCHEMA);
    const insert = db.prepare<[string, string, number, string, number, string, string, string, string]>(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const versions = new Map<string, number>();
    const appendBatch = db.transaction((streamId: string, events: readonly NewEvent[]) => {
      const recordedAt = new Date().toISOString();
      let version = versions.get(streamId) ?? 0;
      for (const event of events) {
        version += 1;
        insert.run(
          event.id,
          streamId,
          version,
          event.type,
          event.schemaVersion,
          JSON.stringify(event.data),
          JSON.stringify({ ...event.metadata, recordedAt }),
          RAW_PREV_HASH,
          RAW_HASH,
        );
      }
      versions.set(streamId, version);
    });
    const streams = streamIds(spec.streams);
    const stopwatch = new Stopwatch();
    globalThis.gc?.();
    for (let first = 0, batch = 0; first < spec.events; first += spec.batchSize, batch += 1) {
      const streamId = streams[batch % streams.length] as string;
      const events = batchAt(first, Math.min(spec.batchSize, spec.events - first));
      stopwatch.timeSync(() => appendBatch.immediate(streamId, events));
    }
    const seconds = stopwatch.seconds;
    const { count } = db.prepare("SELECT COUNT(*) AS count FROM events").get() as { count: number };
    if (count !== spec.events) throw new Error(`expected ${spec.events} rows, the table holds ${count}`);
    return { spec, events: spec.events, seconds, peakRssBytes: peakRssBytes() };
  } finally {
    db.close();
  }
};

const COLUMNS =
  "global_position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash";

/** A row into the store's event shape, both JSON columns parsed. */
const toEvent = (row: Row): StoredEvent => ({
  id: row.event_id,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  globalPosition: row.global_position,
  type: row.type,
  schemaVersion: row.schema_version,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
  prevHash: row.prev_hash,
  hash: row.hash,
});

/** Every row, in keyset pages of `pageSize` like the store, JSON-parsed into the store's event shape. */
export const rawReadAll = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const db = open(spec);
  try {
    const page = db.prepare<[number, number], Row>(
      `SELECT ${COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
    );
    const probe = new RssProbe(spec.events);
    let checksum = 0;
    const seconds = await timed(() => {
      let after = 0;
      for (;;) {
        const rows = page.all(after, spec.pageSize);
        for (const row of rows) {
          const event = toEvent(row);
          after = event.globalPosition;
          checksum += touch(event);
          probe.tick();
        }
        if (rows.length < spec.pageSize) break;
      }
    });
    if (probe.events !== spec.events || checksum === 0)
      throw new Error(`expected ${spec.events} rows, read ${probe.events}`);
    return { spec, events: probe.events, seconds, peakRssBytes: peakRssBytes(), rss: probe.trace() };
  } finally {
    db.close();
  }
};

/**
 * Every stream read back, one after the other: per stream, keyset pages of `pageSize` in version order
 * (`WHERE stream_id = ? AND stream_version >= ?`, the UNIQUE index), as the store's readStream pages.
 */
export const rawReadStreams = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const db = open(spec);
  try {
    const page = db.prepare<[string, number, number], Row>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?`,
    );
    const probe = new RssProbe(spec.events);
    let checksum = 0;
    const seconds = await timed(() => {
      for (const streamId of streamIds(spec.streams)) {
        let next = 1;
        for (;;) {
          const rows = page.all(streamId, next, spec.pageSize);
          for (const row of rows) {
            const event = toEvent(row);
            next = event.streamVersion + 1;
            checksum += touch(event);
            probe.tick();
          }
          if (rows.length < spec.pageSize) break;
        }
      }
    });
    if (probe.events !== spec.events || checksum === 0)
      throw new Error(`expected ${spec.events} rows, read ${probe.events}`);
    return { spec, events: probe.events, seconds, peakRssBytes: peakRssBytes(), rss: probe.trace() };
  } finally {
    db.close();
  }
};
