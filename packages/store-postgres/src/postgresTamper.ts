import {
  type Clock,
  chainBatch,
  GENESIS_HASH,
  type NewEvent,
  systemClock,
} from "@privacy-ledger/eventsourcing";
import type { StoreTamper } from "@privacy-ledger/eventsourcing/testing";
import type pg from "pg";
import { toSafeInteger } from "./rowCodec.js";
import { type StoreSchema, storeSchema } from "./storeSchema.js";

export interface PostgresTamperOptions {
  /** The schema of the store to change. */
  readonly schema: string;
  /** Stamps `recordedAt` on forged events. */
  readonly clock?: Clock;
}

/**
 * Changes a store's tables behind the library's back, with plain SQL on a pool of the caller's, as an
 * operator with psql could. Each change runs in a transaction of its own that takes the store's append
 * lock (so it never interleaves with an append) and keeps the `streams` head table consistent with
 * the rows left behind (a careful attacker would), so only the hash chain can give it away. For tests
 * of tamper detection only.
 */
export const postgresTamper = (pool: pg.Pool, options: PostgresTamperOptions): StoreTamper => {
  const schema = storeSchema(options.schema);
  const s = schema.quoted;
  const clock = options.clock ?? systemClock;
  return {
    rewriteData: (streamId, version, data) =>
      tamper(pool, schema, async (client) => {
        await rowAt(client, s, streamId, version);
        await client.query(`UPDATE ${s}.events SET data = $1 WHERE stream_id = $2 AND stream_version = $3`, [
          JSON.stringify(data),
          streamId,
          version,
        ]);
      }),

    removeEvent: (streamId, version) =>
      tamper(pool, schema, async (client) => {
        await rowAt(client, s, streamId, version);
        await client.query(`DELETE FROM ${s}.events WHERE stream_id = $1 AND stream_version = $2`, [
          streamId,
          version,
        ]);
        await refreshHead(client, s, streamId);
      }),

    swapVersions: (streamId, versionA, versionB) =>
      tamper(pool, schema, async (client) => {
        await rowAt(client, s, streamId, versionA);
        await rowAt(client, s, streamId, versionB);
        // UNIQUE(stream_id, stream_version) is checked row by row, so A parks at -A (versions are >= 1,
        // a negative one is always free) while B takes A's place.
        const move = (from: number, to: number) =>
          client.query(
            `UPDATE ${s}.events SET stream_version = $1 WHERE stream_id = $2 AND stream_version = $3`,
            [to, streamId, from],
          );
        await move(versionA, -versionA);
        await move(versionB, versionA);
        await move(-versionA, versionB);
        await refreshHead(client, s, streamId);
      }),

    insertEvent: (streamId, afterVersion, forged) =>
      tamper(pool, schema, async (client) => {
        const prevHash =
          afterVersion === 0 ? GENESIS_HASH : (await rowAt(client, s, streamId, afterVersion)).hash;
        const successor = await findRow(client, s, streamId, afterVersion + 1);
        let position: number | undefined;
        if (successor) {
          // Slot the forgery in at its successor's global position, so even the global order looks
          // untouched. Everything after it moves up by one through negative values, for the same
          // UNIQUE reason as above (a plain +1 would collide with the next row).
          position = successor.globalPosition;
          await client.query(
            `UPDATE ${s}.events SET global_position = -(global_position + 1) WHERE global_position >= $1`,
            [position],
          );
          await client.query(
            `UPDATE ${s}.events SET global_position = -global_position WHERE global_position < 0`,
          );
          await client.query(
            `UPDATE ${s}.events SET stream_version = -(stream_version + 1) WHERE stream_id = $1 AND stream_version > $2`,
            [streamId, afterVersion],
          );
          await client.query(
            `UPDATE ${s}.events SET stream_version = -stream_version WHERE stream_id = $1 AND stream_version < 0`,
            [streamId],
          );
          // The sequence must not hand out the position the last row was just moved to.
          await client.query(
            `SELECT setval(seq::regclass, GREATEST((SELECT MAX(global_position) FROM ${s}.events),
                                                   pg_sequence_last_value(seq::regclass)))
             FROM (SELECT pg_get_serial_sequence('${s}.events', 'global_position') AS seq) AS identity`,
          );
        }
        await insertForged(client, s, streamId, afterVersion + 1, forged, prevHash, position, clock);
        await refreshHead(client, s, streamId);
      }),
  };
};

interface LocatedRow {
  readonly globalPosition: number;
  readonly hash: string;
}

/** One transaction per change, under the store's append lock. */
const tamper = async (
  pool: pg.Pool,
  schema: StoreSchema,
  change: (client: pg.PoolClient) => Promise<void>,
): Promise<void> => {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [schema.appendLockKey]);
    await change(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

const findRow = async (
  client: pg.PoolClient,
  s: string,
  streamId: string,
  version: number,
): Promise<LocatedRow | undefined> => {
  const { rows } = await client.query<{ global_position: string; hash: string }>(
    `SELECT global_position, hash FROM ${s}.events WHERE stream_id = $1 AND stream_version = $2`,
    [streamId, version],
  );
  const row = rows[0];
  return row
    ? { globalPosition: toSafeInteger(row.global_position) ?? Number.NaN, hash: row.hash }
    : undefined;
};

const rowAt = async (
  client: pg.PoolClient,
  s: string,
  streamId: string,
  version: number,
): Promise<LocatedRow> => {
  const row = await findRow(client, s, streamId, version);
  if (!row) throw new Error(`no event ${streamId}@${version} to tamper with`);
  return row;
};

const insertForged = async (
  client: pg.PoolClient,
  s: string,
  streamId: string,
  streamVersion: number,
  forged: NewEvent,
  prevHash: string,
  position: number | undefined,
  clock: Clock,
): Promise<void> => {
  // Chained exactly as an append would chain it after the event before it: a careful forger's hash.
  const [event] = chainBatch(
    streamId,
    { version: streamVersion - 1, hash: prevHash },
    [forged],
    clock.now().toISOString(),
  );
  if (!event) throw new Error("chainBatch returned nothing for one event");
  const values = [
    event.id,
    streamId,
    streamVersion,
    event.type,
    event.schemaVersion,
    event.canonical.data,
    event.canonical.metadata,
    prevHash,
    event.hash,
  ];
  const columns =
    "event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash";
  if (position === undefined)
    await client.query(
      `INSERT INTO ${s}.events (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      values,
    );
  else
    await client.query(
      `INSERT INTO ${s}.events (global_position, ${columns}) VALUES ($10, $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [...values, position],
    );
};

/** Points the head row at the stream's last remaining event, or drops it when none is left. */
const refreshHead = async (client: pg.PoolClient, s: string, streamId: string): Promise<void> => {
  const { rows } = await client.query<{ stream_version: string; hash: string }>(
    `SELECT stream_version, hash FROM ${s}.events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
    [streamId],
  );
  const last = rows[0];
  if (!last) {
    await client.query(`DELETE FROM ${s}.streams WHERE stream_id = $1`, [streamId]);
    return;
  }
  await client.query(
    `INSERT INTO ${s}.streams (stream_id, version, hash) VALUES ($1, $2, $3)
     ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash`,
    [streamId, last.stream_version, last.hash],
  );
};
