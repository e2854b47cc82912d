import type pg from "pg";
import type { StoreSchema } from "./storeSchema.js";

/**
 * The client's side of `append_planned` (schema migration 2, see migrations.ts): the statement, what
 * its status rows mean, whether this store may use it, and which of its failures leave the append to
 * the ordinary transaction.
 */

/** The statement: migration 2's function, its output columns named as the write statement's. */
export const appendPlannedSql = (schema: StoreSchema): string => `
  SELECT written_event_id AS event_id, written_position AS global_position
    FROM ${schema.quoted}.append_planned($1::bigint, $2::text, $3::text[], $4::bigint[], $5::text[],
      $6::text[], $7::text[], $8::bigint[], $9::text[], $10::integer[], $11::text[], $12::text[],
      $13::text[], $14::text[], $15::text[], $16::bigint[], $17::text[])`;

/** A status row's second column: nothing was written, and why. */
export const PlannedStatus = {
  /** A head moved since it was seen, or an event id is stored already. */
  stale: 0,
  /** The transaction is not READ COMMITTED: the function cannot be used on this server's sessions. */
  notReadCommitted: -1,
  /** Another transaction holds the append lock; the function does not wait for it. */
  lockBusy: -2,
} as const;

/**
 * Whether this store may send its appends through `append_planned`: the function is there, it names
 * this schema's own tables (a schema renamed after migration 2 keeps a function body that names the
 * old one, which would write elsewhere), and the role may execute it (an administrator may have
 * revoked EXECUTE from PUBLIC). If not, every append takes the ordinary transaction, as before.
 */
export const plannedAppendUsable = async (client: pg.ClientBase, schema: StoreSchema): Promise<boolean> => {
  const { rows } = await client.query<{ own_tables: boolean; executable: boolean }>(
    `SELECT pg_catalog.strpos(p.prosrc, $2) > 0 AND pg_catalog.strpos(p.prosrc, $3) > 0 AS own_tables,
            pg_catalog.has_function_privilege(p.oid, 'EXECUTE') AS executable
       FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.proname = 'append_planned'`,
    [schema.name, `${schema.quoted}.events`, `${schema.quoted}.streams`],
  );
  return rows.length === 1 && rows[0]?.own_tables === true && rows[0].executable === true;
};

/** SQLSTATEs after which the function cannot work for this store (its rights, its schema, its tables). */
const UNUSABLE = new Set(["42501", "42883", "42P01", "3F000"]);

/**
 * What a failed call of `append_planned` leaves behind. A call the server answered with an error
 * (an error response carries a SQLSTATE and a severity) was one statement in its own transaction, and
 * that transaction was rolled back: nothing was written, so the ordinary transaction may decide the
 * append, exactly as it did before this function existed (a trigger's error, for one, is then raised
 * there again). `unusable` also turns the function off for the store. Anything else (a timeout on the
 * client, a lost connection) leaves the outcome unknown: it is the caller's error, as a COMMIT whose
 * answer was lost is.
 */
export const plannedAppendFailure = (error: unknown): "retry-ordinary" | "unusable" | "unknown" => {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  if (typeof severity !== "string" || typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code))
    return "unknown";
  return UNUSABLE.has(code) ? "unusable" : "retry-ordinary";
};
