import type BetterSqlite3 from "better-sqlite3";

/** One step of the schema. Steps are never edited once released: a change is a new step. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "events log and stream heads",
    // AUTOINCREMENT (not a plain rowid alias) so that a deleted position is never handed out again:
    // a reused position would let a removed event's place be taken silently, and a subscriber's
    // checkpoint ("after position n") would skip the newcomer.
    // The streams table is the write lock's read set: append reads one row to learn the head instead of
    // scanning the stream, and it lists stream heads for checkpoints without a GROUP BY over the log.
    sql: `
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
      CREATE TABLE streams (
        stream_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        hash TEXT NOT NULL
      );
    `,
  },
];

export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** The file was migrated by a newer release; this code would misread or damage it. */
export class SchemaTooNewError extends Error {
  override readonly name = "SchemaTooNewError";
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `the database at ${path} has schema version ${fileVersion}, but this release of ` +
        `@privacy-ledger/store-sqlite only knows versions up to ${codeVersion}; upgrade the package to open it`,
    );
  }
}

/**
 * Brings the file's schema up to date. Everything runs in one IMMEDIATE transaction: two processes
 * opening a fresh file at once are serialised by the write lock, the second sees the first's work and
 * applies nothing, and a failing step leaves the file exactly as it was.
 */
export const migrate = (
  db: BetterSqlite3.Database,
  path: string,
  now: () => Date,
  migrations: readonly Migration[] = MIGRATIONS,
): number => {
  const latest = Math.max(...migrations.map((m) => m.version));
  const run = db.transaction((): number => {
    db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)",
    );
    const row = db.prepare("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations").get() as {
      version: number;
    };
    if (row.version > latest) throw new SchemaTooNewError(path, row.version, latest);
    const record = db.prepare(
      "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
    );
    for (const migration of migrations) {
      if (migration.version <= row.version) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.description, now().toISOString());
    }
    return latest;
  });
  return run.immediate();
};
