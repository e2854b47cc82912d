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
    FROM ${schema.quoted}.append_planned($1::bigint, $2::integer, $3::text, $4::text[], $5::bigint[],
      $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[], $11::integer[], $12::text[],
      $13::text[], $14::text[], $15::text[], $16::text[], $17::bigint[], $18::text[])`;

/** The function's arguments as `pg_get_function_identity_arguments` lists them: the version this code calls. */
const IDENTITY_ARGUMENTS =
  "lock_key bigint, lock_timeout_ms integer, channel text, planned_streams text[], planned_versions bigint[], " +
  "planned_hashes text[], event_ids text[], stream_ids text[], stream_versions bigint[], types text[], " +
  "schema_versions integer[], datas text[], metadatas text[], prev_hashes text[], hashes text[], " +
  "head_streams text[], head_versions bigint[], head_hashes text[]";

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
 * Whether this store may send its appends through `append_planned`: the function is there with the
 * arguments this code passes (and no other version beside it), it names
 * this schema's own tables (a schema renamed after migration 2 keeps a function body that names the
 * old one, which would write elsewhere), and the role may execute it (an administrator may have
 * revoked EXECUTE from PUBLIC). If not, every append takes the ordinary transaction, as before.
 */
export const plannedAppendUsable = async (client: pg.ClientBase, schema: StoreSchema): Promise<boolean> => {
  const { rows } = await client.query<{ own_tables: boolean; executable: boolean; arguments: string }>(
    `SELECT pg_catalog.strpos(p.prosrc, $2) > 0 AND pg_catalog.strpos(p.prosrc, $3) > 0 AS own_tables,
            pg_catalog.has_function_privilege(p.oid, 'EXECUTE') AS executable,
            pg_catalog.pg_get_function_identity_arguments(p.oid) AS arguments
       FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.proname = 'append_planned'`,
    [schema.name, `${schema.quoted}.events`, `${schema.quoted}.streams`],
  );
  const [only] = rows;
  return (
    rows.length === 1 &&
    only?.own_tables === true &&
    only.executable === true &&
    only.arguments === IDENTITY_ARGUMENTS
  );
};

/** SQLSTATEs after which the function cannot work for this store (its rights, its schema, its tables). */
const UNUSABLE = new Set(["42501", "42883", "42P01", "3F000"]);

/**
 * SQLSTATE classes that may come after the statement's transaction committed, or that no one can
 * vouch for: connection exceptions (08, also what a pooler sends of its own), insufficient resources
 * (53), operator intervention (57: shutdowns, terminations), system and internal errors (58, XX).
 */
const UNSURE_CLASSES = new Set(["08", "53", "57", "58", "XX"]);

/**
 * What a failed call of `append_planned` leaves behind. A call the server answered with an ordinary
 * error (a SQLSTATE outside the classes above) was one statement in its own transaction, and that
 * transaction was rolled back: nothing was written, so the ordinary transaction may decide the
 * append, exactly as it did before this function existed (a trigger's error, for one, is then raised
 * there again). `unusable` also turns the function off for the store. Anything else (a timeout on the
 * client, a lost connection) leaves the outcome unknown: it is the caller's error, as a COMMIT whose
 * answer was lost is.
 */
export const plannedAppendFailure = (error: unknown): "retry-ordinary" | "unusable" | "unknown" => {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  if (typeof severity !== "string" || typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code))
    return "unknown";
  if (UNSURE_CLASSES.has(code.slice(0, 2))) return "unknown";
  return UNUSABLE.has(code) ? "unusable" : "retry-ordinary";
};
