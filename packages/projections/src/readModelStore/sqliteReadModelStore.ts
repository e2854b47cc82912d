import Database from "better-sqlite3";
import type { PolicyEventType } from "../projection/policyEvents.js";
import { type AnyProjection, type Projection, projectionId } from "../projection/projection.js";
import { ProjectionSchemaChanged } from "../projection/projectionErrors.js";
import type { ReadModelReader, ReadModelTx, Row, Schema, TableSpec } from "../projection/readModel.js";
import {
  ActiveVersionDropRefused,
  type ApplyResult,
  handleBatch,
  type ProjectionBatch,
  type ReadModelStore,
} from "./readModelStore.js";
import { migrateReadModelStore } from "./sqliteMigrations.js";
import { createTableSql, physicalTable, SqliteTable } from "./sqliteTables.js";

export interface SqliteReadModelStoreOptions {
  /**
   * The database file: a file of its own, or the event store's file (the read models' tables and
   * checkpoints are all named `rm_*`). Created when missing.
   */
  readonly path: string;
  /** As for the SQLite event store: FULL (default) fsyncs every commit, NORMAL only at WAL checkpoints. */
  readonly synchronous?: "FULL" | "NORMAL";
  /** How long a batch waits for another connection's write lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

interface Installed {
  readonly tables: Map<string, SqliteTable>;
}

/**
 * Read models in SQLite (better-sqlite3, WAL). A batch runs in one IMMEDIATE transaction that reads the
 * checkpoint, hands the events after it to the handler, writes the changes and the new checkpoint: the
 * read model and its checkpoint never disagree, whatever crashes when. `secure_delete` is on, so what a
 * projection deletes or overwrites (plaintext it was told to forget, P7.b) is zeroed in the file, and
 * after a batch that handled an erasure the WAL is checkpointed and truncated so no old page lingers there.
 * The truncation never waits for readers: while another connection holds a read snapshot the frames
 * must stay, so it is owed (`walTruncatePending`) and tried again after every later batch, at close, and
 * at the next open (which also covers a crash between an erasure's commit and its truncation).
 */
export class SqliteReadModelStore implements ReadModelStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly installed = new Map<string, Installed>();
  private walTruncateOwed = true;

  constructor(options: SqliteReadModelStoreOptions) {
    this.path = options.path;
    const synchronous = options.synchronous ?? "FULL";
    if (synchronous !== "FULL" && synchronous !== "NORMAL")
      throw new RangeError('synchronous must be "FULL" or "NORMAL"');
    this.db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5_000 });
    try {
      const mode = this.db.pragma("journal_mode = WAL", { simple: true });
      if (mode !== "wal" && options.path !== ":memory:")
        throw new Error(`could not put ${options.path} in WAL mode (got ${String(mode)})`);
      this.db.pragma(`synchronous = ${synchronous}`);
      this.db.pragma("secure_delete = ON");
      migrateReadModelStore(this.db, options.path);
      this.truncateWal();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  async prepare(projection: AnyProjection): Promise<number> {
    const id = projectionId(projection);
    const specsJson = JSON.stringify(projection.tables);
    const position = this.db
      .transaction((): number => {
        const row = this.db
          .prepare("SELECT tables, position FROM rm_projections WHERE projection = ? AND version = ?")
          .get(projection.name, projection.version) as { tables: string; position: number } | undefined;
        if (row && row.tables !== specsJson) throw new ProjectionSchemaChanged(id);
        for (const [table, spec] of Object.entries(projection.tables))
          this.db.exec(
            createTableSql(physicalTable(projection.name, projection.version, table), spec as TableSpec<Row>),
          );
        if (row) return row.position;
        this.db
          .prepare("INSERT INTO rm_projections (projection, version, tables, position) VALUES (?, ?, ?, 0)")
          .run(projection.name, projection.version, specsJson);
        this.db
          .prepare("INSERT OR IGNORE INTO rm_active (projection, version) VALUES (?, ?)")
          .run(projection.name, projection.version);
        return 0;
      })
      .immediate();
    const tables = new Map<string, SqliteTable>();
    for (const [table, spec] of Object.entries(projection.tables))
      tables.set(
        table,
        new SqliteTable(
          this.db,
          physicalTable(projection.name, projection.version, table),
          `${id}.${table}`,
          spec as TableSpec<Row>,
        ),
      );
    this.installed.set(id, { tables });
    return position;
  }

  async apply(projection: AnyProjection, batch: ProjectionBatch): Promise<ApplyResult> {
    const { tables } = this.install(projection);
    const tx = txOver(tables);
    const result = this.db
      .transaction((): ApplyResult => {
        const checkpoint = this.checkpointOf(projection);
        const outcome = handleBatch(projection, batch, checkpoint, tx);
        if (outcome.position !== checkpoint)
          this.db
            .prepare("UPDATE rm_projections SET position = ? WHERE projection = ? AND version = ?")
            .run(outcome.position, projection.name, projection.version);
        return outcome;
      })
      .immediate();
    // Forgetting reaches the WAL too: the frames that still hold the old pages are written back and cut.
    if (result.applied > 0 && batch.events.some((event) => event.type === "PersonalDataErased"))
      this.walTruncateOwed = true;
    if (this.walTruncateOwed) this.truncateWal();
    return result;
  }

  reader<S extends Schema>(projection: Projection<S, PolicyEventType>): ReadModelReader<S> {
    const table = (name: string) => {
      const found = this.install(projection).tables.get(name);
      if (!found) throw new TypeError(`no table ${name} in ${projectionId(projection)}`);
      return found;
    };
    return {
      get: async (name, key) => table(name).get(key) as never,
      find: async (name, where, options) => table(name).find(where, options as never) as never,
      position: async () => this.checkpointOf(projection),
    };
  }

  async position(projection: AnyProjection): Promise<number> {
    return this.checkpointOf(projection);
  }

  async activeVersion(name: string): Promise<number | undefined> {
    const row = this.db.prepare("SELECT version FROM rm_active WHERE projection = ?").get(name) as
      | { version: number }
      | undefined;
    return row?.version;
  }

  async activate(projection: AnyProjection): Promise<boolean> {
    this.install(projection);
    return this.db
      .transaction((): boolean => {
        const current = this.db
          .prepare(
            `SELECT p.position FROM rm_active a
               JOIN rm_projections p ON p.projection = a.projection AND p.version = a.version
             WHERE a.projection = ?`,
          )
          .get(projection.name) as { position: number } | undefined;
        if (current && current.position > this.checkpointOf(projection)) return false;
        this.db
          .prepare("INSERT OR REPLACE INTO rm_active (projection, version) VALUES (?, ?)")
          .run(projection.name, projection.version);
        return true;
      })
      .immediate();
  }

  async dropVersion(name: string, version: number): Promise<void> {
    const id = projectionId({ name, version });
    this.db
      .transaction(() => {
        const active = this.db.prepare("SELECT version FROM rm_active WHERE projection = ?").get(name) as
          | { version: number }
          | undefined;
        if (active?.version === version) throw new ActiveVersionDropRefused(id);
        const row = this.db
          .prepare("SELECT tables FROM rm_projections WHERE projection = ? AND version = ?")
          .get(name, version) as { tables: string } | undefined;
        if (!row) return;
        for (const table of Object.keys(JSON.parse(row.tables) as object))
          this.db.exec(`DROP TABLE IF EXISTS "${physicalTable(name, version, table)}"`);
        this.db.prepare("DELETE FROM rm_projections WHERE projection = ? AND version = ?").run(name, version);
      })
      .immediate();
    this.installed.delete(id);
  }

  /**
   * Whether the WAL may still hold pages from before an erasure: another connection held a read snapshot
   * when the truncation was tried. It is tried again after the next batch, at close and at the next open.
   */
  get walTruncatePending(): boolean {
    return this.walTruncateOwed;
  }

  /** Checkpoints and truncates the WAL, without waiting for readers: if one holds a snapshot, it stays owed. */
  private truncateWal(): void {
    const timeout = this.db.pragma("busy_timeout", { simple: true }) as number;
    this.db.pragma("busy_timeout = 0");
    try {
      const [outcome] = this.db.pragma("wal_checkpoint(TRUNCATE)") as {
        busy: number;
        log: number;
        checkpointed: number;
      }[];
      this.walTruncateOwed =
        outcome === undefined || outcome.busy !== 0 || outcome.log !== outcome.checkpointed;
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    if (this.walTruncateOwed) this.truncateWal();
    this.db.close();
  }

  private checkpointOf(projection: AnyProjection): number {
    const row = this.db
      .prepare("SELECT position FROM rm_projections WHERE projection = ? AND version = ?")
      .get(projection.name, projection.version) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  private install(projection: AnyProjection): Installed {
    const installed = this.installed.get(projectionId(projection));
    if (!installed) throw new Error(`projection ${projectionId(projection)} is not prepared in this store`);
    return installed;
  }
}

export const openSqliteReadModelStore = (options: SqliteReadModelStoreOptions): SqliteReadModelStore =>
  new SqliteReadModelStore(options);

const txOver = (tables: Map<string, SqliteTable>): ReadModelTx<Schema> => {
  const table = (name: string) => {
    const found = tables.get(name);
    if (!found) throw new TypeError(`no table ${name} in this read model`);
    return found;
  };
  return {
    get: (name, key) => table(name).get(key),
    find: (name, where, options) => table(name).find(where, options),
    upsert: (name, row) => table(name).upsert(row),
    update: (name, where, set) => table(name).update(where, set),
    delete: (name, where) => table(name).delete(where),
  };
};
