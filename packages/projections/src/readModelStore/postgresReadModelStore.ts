import { createHash } from "node:crypto";
import pg from "pg";
import type { PolicyEventType } from "../projection/policyEvents.js";
import { type AnyProjection, type Projection, projectionId } from "../projection/projection.js";
import { ProjectionSchemaChanged } from "../projection/projectionErrors.js";
import type { ReadModelReader, Row, Schema, TableSpec } from "../projection/readModel.js";
import { migratePostgresReadModelStore } from "./postgresMigrations.js";
import { createPostgresTableSql, PostgresBatchTx, PostgresTable, postgresTable } from "./postgresTables.js";
import {
  ActiveVersionDropRefused,
  type ApplyResult,
  handleBatchFetching,
  type ProjectionBatch,
  type ReadModelStore,
} from "./readModelStore.js";

export interface PostgresReadModelStoreOptions {
  /** The server; the store makes a pool of its own and ends it on close(). Give this or `pool`. */
  readonly connectionString?: string;
  /** A pool of yours: the store borrows connections and leaves it open on close(). */
  readonly pool?: pg.Pool;
  /**
   * The schema that holds the read models, created (and migrated) when missing. It may be the event
   * store's own schema: the read models' tables and checkpoints are all named `rm_*`. Default
   * "privacy_ledger".
   */
  readonly schema?: string;
}

/** As for the event store's schema: letters, digits, `_`, at most 63 bytes, always quoted. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const lockKey = (purpose: string, schema: string): string =>
  BigInt.asIntN(
    64,
    BigInt(
      `0x${createHash("sha256").update(`@privacy-ledger/projections:${purpose}:${schema}`).digest("hex").slice(0, 16)}`,
    ),
  ).toString();

interface Installed {
  readonly tables: Map<string, PostgresTable>;
}

/**
 * Read models in PostgreSQL (the `pg` driver). A batch runs in one READ COMMITTED transaction that
 * locks the projection's checkpoint row (`FOR UPDATE`: batches of one projection from several processes
 * are serialised), hands the events after the checkpoint to the handler, writes the changes and the new
 * checkpoint, and commits: the read model and its checkpoint never disagree, so delivery is exactly once
 * in effect, as on SQLite.
 *
 * Handlers are synchronous and the database is not: a handler's read of rows the batch has not fetched
 * yet makes the store fetch them and hand the event to the handler again (a handler is pure, so that is
 * safe). The batch's writes are kept in memory and written, in a few multi-row statements, just before
 * the checkpoint.
 */
export class PostgresReadModelStore implements ReadModelStore {
  readonly schema: string;
  private readonly quoted: string;
  private readonly installed = new Map<string, Installed>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool: boolean,
    schema: string,
  ) {
    this.schema = schema;
    this.quoted = `"${schema}"`;
  }

  /** Validates the options, connects, creates or migrates the schema, and returns the open store. */
  static async open(options: PostgresReadModelStoreOptions): Promise<PostgresReadModelStore> {
    const { connectionString, pool: userPool } = options;
    if ((connectionString === undefined) === (userPool === undefined))
      throw new TypeError("give either connectionString or pool");
    const schema = options.schema ?? "privacy_ledger";
    if (!SCHEMA_NAME.test(schema) || /^pg_/i.test(schema))
      throw new RangeError(
        "schema must be 1-63 characters from [A-Za-z0-9_], not starting with a digit or pg_",
      );
    const pool =
      userPool ?? new pg.Pool({ connectionString, application_name: "privacy-ledger read models" });
    const ownsPool = userPool === undefined;
    if (ownsPool) pool.on("error", () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migratePostgresReadModelStore(client, {
          name: schema,
          quoted: `"${schema}"`,
          lockKey: lockKey("migrate", schema),
        });
      } finally {
        client.release();
      }
    } catch (error) {
      if (ownsPool) await pool.end();
      throw error;
    }
    return new PostgresReadModelStore(pool, ownsPool, schema);
  }

  async prepare(projection: AnyProjection): Promise<number> {
    const id = projectionId(projection);
    const specsJson = JSON.stringify(projection.tables);
    const s = this.quoted;
    const position = await this.transaction(async (client) => {
      // Serialises prepares of this schema: CREATE TABLE IF NOT EXISTS is not safe against itself.
      await client.query("SELECT pg_advisory_xact_lock($1)", [lockKey("prepare", this.schema)]);
      const { rows } = await client.query<{ tables: string; position: string }>(
        `SELECT tables, position FROM ${s}.rm_projections WHERE projection = $1 AND version = $2`,
        [projection.name, projection.version],
      );
      const row = rows[0];
      if (row && row.tables !== specsJson) throw new ProjectionSchemaChanged(id);
      for (const [table, spec] of Object.entries(projection.tables))
        await client.query(
          createPostgresTableSql(
            s,
            postgresTable(projection.name, projection.version, table),
            spec as TableSpec<Row>,
          ),
        );
      if (row) return Number(row.position);
      await client.query(
        `INSERT INTO ${s}.rm_projections (projection, version, tables, position) VALUES ($1, $2, $3, 0)`,
        [projection.name, projection.version, specsJson],
      );
      await client.query(
        `INSERT INTO ${s}.rm_active (projection, version) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [projection.name, projection.version],
      );
      return 0;
    });
    const tables = new Map<string, PostgresTable>();
    for (const [table, spec] of Object.entries(projection.tables))
      tables.set(
        table,
        new PostgresTable(
          s,
          postgresTable(projection.name, projection.version, table),
          `${id}.${table}`,
          spec as TableSpec<Row>,
        ),
      );
    this.installed.set(id, { tables });
    return position;
  }

  async apply(projection: AnyProjection, batch: ProjectionBatch): Promise<ApplyResult> {
    const { tables } = this.install(projection);
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ position: string }>(
        `SELECT position FROM ${this.quoted}.rm_projections WHERE projection = $1 AND version = $2 FOR UPDATE`,
        [projection.name, projection.version],
      );
      if (!rows[0]) throw new Error(`projection ${projectionId(projection)} is not prepared in this store`);
      const checkpoint = Number(rows[0].position);
      const tx = new PostgresBatchTx(tables, client);
      const outcome = await handleBatchFetching(projection, batch, checkpoint, tx);
      await tx.write();
      if (outcome.position !== checkpoint)
        await client.query(
          `UPDATE ${this.quoted}.rm_projections SET position = $1 WHERE projection = $2 AND version = $3`,
          [outcome.position, projection.name, projection.version],
        );
      return outcome;
    });
  }

  reader<S extends Schema>(projection: Projection<S, PolicyEventType>): ReadModelReader<S> {
    const table = (name: string) => {
      const found = this.install(projection).tables.get(name);
      if (!found) throw new TypeError(`no table ${name} in ${projectionId(projection)}`);
      return found;
    };
    return {
      get: async (name, key) => (await table(name).get(this.pool, key)) as never,
      find: async (name, where, options) =>
        (await table(name).find(this.pool, where, options as never)) as never,
      position: async () => this.checkpointOf(projection),
    };
  }

  async position(projection: AnyProjection): Promise<number> {
    return this.checkpointOf(projection);
  }

  async activeVersion(name: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ version: number }>(
      `SELECT version FROM ${this.quoted}.rm_active WHERE projection = $1`,
      [name],
    );
    return rows[0]?.version;
  }

  async activate(projection: AnyProjection): Promise<boolean> {
    this.install(projection);
    const s = this.quoted;
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ version: number }>(
        `SELECT version FROM ${s}.rm_active WHERE projection = $1 FOR UPDATE`,
        [projection.name],
      );
      const active = rows[0];
      // The active version's checkpoint row is locked too: a batch of its runner in flight is waited for
      // and its position compared (READ COMMITTED re-reads the row once the lock is granted), and none
      // can commit between this comparison and the swap, so the version activated is never behind what
      // readers were shown.
      const current =
        active === undefined
          ? undefined
          : (
              await client.query<{ position: string }>(
                `SELECT position FROM ${s}.rm_projections WHERE projection = $1 AND version = $2 FOR UPDATE`,
                [projection.name, active.version],
              )
            ).rows[0];
      const mine = await client.query<{ position: string }>(
        `SELECT position FROM ${s}.rm_projections WHERE projection = $1 AND version = $2`,
        [projection.name, projection.version],
      );
      if (current?.position != null && Number(current.position) > Number(mine.rows[0]?.position ?? 0))
        return false;
      await client.query(
        `INSERT INTO ${s}.rm_active (projection, version) VALUES ($1, $2)
           ON CONFLICT (projection) DO UPDATE SET version = EXCLUDED.version`,
        [projection.name, projection.version],
      );
      return true;
    });
  }

  async dropVersion(name: string, version: number): Promise<void> {
    const id = projectionId({ name, version });
    const s = this.quoted;
    await this.transaction(async (client) => {
      const active = await client.query<{ version: number }>(
        `SELECT version FROM ${s}.rm_active WHERE projection = $1 FOR UPDATE`,
        [name],
      );
      if (active.rows[0]?.version === version) throw new ActiveVersionDropRefused(id);
      const { rows } = await client.query<{ tables: string }>(
        `SELECT tables FROM ${s}.rm_projections WHERE projection = $1 AND version = $2 FOR UPDATE`,
        [name, version],
      );
      if (!rows[0]) return;
      for (const table of Object.keys(JSON.parse(rows[0].tables) as object))
        await client.query(`DROP TABLE IF EXISTS ${s}."${postgresTable(name, version, table)}"`);
      await client.query(`DELETE FROM ${s}.rm_projections WHERE projection = $1 AND version = $2`, [
        name,
        version,
      ]);
    });
    this.installed.delete(id);
  }

  /** Ends the pool if the store created it (a pool passed in stays open: it is yours). */
  async close(): Promise<void> {
    this.installed.clear();
    if (this.ownsPool && !this.pool.ended) await this.pool.end();
  }

  private async checkpointOf(projection: AnyProjection): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.quoted}.rm_projections WHERE projection = $1 AND version = $2`,
      [projection.name, projection.version],
    );
    return Number(rows[0]?.position ?? 0);
  }

  private install(projection: AnyProjection): Installed {
    const installed = this.installed.get(projectionId(projection));
    if (!installed) throw new Error(`projection ${projectionId(projection)} is not prepared in this store`);
    return installed;
  }

  /**
   * Runs `work` in a READ COMMITTED transaction and commits; anything thrown rolls it back. A connection
   * whose rollback failed is destroyed instead of going back to the pool.
   */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN ISOLATION LEVEL READ COMMITTED");
      const value = await work(client);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackFailed) {
        broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/** Opens (creating and migrating the schema when needed) a PostgreSQL read-model store. */
export const openPostgresReadModelStore = (
  options: PostgresReadModelStoreOptions,
): Promise<PostgresReadModelStore> => PostgresReadModelStore.open(options);
