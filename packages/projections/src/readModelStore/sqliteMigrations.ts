import type BetterSqlite3 from "better-sqlite3";

/**
 * The SQLite read-model store's own tables, migrated in steps that are never edited once released. Its
 * names start with `rm_`, so the read models can live in the event store's own file beside its tables.
 * The projections' tables are not migrated: a projection that changes shape takes a new version, which
 * gets new tables (`rm_<name>_v<version>_<table>`) and is rebuilt from the log.
 */
interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "projections and their checkpoints",
    sql: `
      CREATE TABLE rm_projections (
        projection TEXT NOT NULL,
        version INTEGER NOT NULL,
        tables TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (projection, version)
      );
    `,
  },
  {
    version: 2,
    description: "the active version of each projection (rebuild beside the live one, then swap)",
    sql: `
      CREATE TABLE rm_active (
        projection TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      );
      INSERT INTO rm_active (projection, version)
        SELECT projection, MIN(version) FROM rm_projections GROUP BY projection;
    `,
  },
];

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

export class ReadModelSchemaTooNewError extends Error {
  override readonly name = "ReadModelSchemaTooNewError";
  constructor(path: string, fileVersion: number) {
    super(
      `the read models at ${path} have schema version ${fileVersion}, but this release of ` +
        `@privacy-ledger/projections only knows versions up to ${LATEST}; upgrade the package to open them`,
    );
  }
}

/** One IMMEDIATE transaction: two processes opening a fresh file are serialised; a failed step changes nothing. */
export const migrateReadModelStore = (db: BetterSqlite3.Database, path: string): void => {
  db.transaction(() => {
    db.exec(
      "CREATE TABLE IF NOT EXISTS rm_schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL)",
    );
    const { version } = db
      .prepare("SELECT COALESCE(MAX(version), 0) AS version FROM rm_schema_migrations")
      .get() as {
      version: number;
    };
    if (version > LATEST) throw new ReadModelSchemaTooNewError(path, version);
    const record = db.prepare("INSERT INTO rm_schema_migrations (version, description) VALUES (?, ?)");
    for (const migration of MIGRATIONS) {
      if (migration.version <= version) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.description);
    }
  }).immediate();
};
