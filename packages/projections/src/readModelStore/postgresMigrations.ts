import type pg from "pg";

/**
 * The PostgreSQL read-model store's own tables, in the schema the store is given, migrated in steps that
 * are never edited once released. As in SQLite their names start with `rm_`, so the read models can share
 * the event store's schema. The projections' tables are not migrated: a changed projection takes a new
 * version, which gets new tables and is rebuilt from the log.
 */
interface Migration {
  readonly version: number;
  readonly description: string;
  /** The step's SQL for a given (quoted) schema name. */
  readonly sql: (schema: string) => string;
}

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "projections, their checkpoints and active versions",
    sql: (s) => `
      CREATE TABLE ${s}.rm_projections (
        projection TEXT NOT NULL,
        version INTEGER NOT NULL,
        tables TEXT NOT NULL,
        position BIGINT NOT NULL,
        PRIMARY KEY (projection, version)
      );
      CREATE TABLE ${s}.rm_active (
        projection TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      );
    `,
  },
];

const LATEST = Math.max(...POSTGRES_MIGRATIONS.map((m) => m.version));

export class PostgresReadModelSchemaTooNewError extends Error {
  override readonly name = "PostgresReadModelSchemaTooNewError";
  constructor(schema: string, databaseVersion: number) {
    super(
      `the read models in schema ${schema} have schema version ${databaseVersion}, but this release of ` +
        `@privacy-ledger/projections only knows versions up to ${LATEST}; upgrade the package to open them`,
    );
  }
}

/**
 * One transaction under an advisory lock of the schema's own: processes opening a fresh schema at once
 * are serialised, and a failing step changes nothing (PostgreSQL's DDL is transactional). The schema is
 * created only when missing.
 */
export const migratePostgresReadModelStore = async (
  client: pg.ClientBase,
  schema: { readonly name: string; readonly quoted: string; readonly lockKey: string },
): Promise<void> => {
  const s = schema.quoted;
  await client.query("BEGIN ISOLATION LEVEL READ COMMITTED");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [schema.lockKey]);
    const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema.name]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.rm_schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL)`,
    );
    const { rows } = await client.query<{ version: number }>(
      `SELECT COALESCE(MAX(version), 0)::integer AS version FROM ${s}.rm_schema_migrations`,
    );
    const current = rows[0]?.version ?? 0;
    if (current > LATEST) throw new PostgresReadModelSchemaTooNewError(schema.name, current);
    for (const migration of POSTGRES_MIGRATIONS) {
      if (migration.version <= current) continue;
      await client.query(migration.sql(s));
      await client.query(`INSERT INTO ${s}.rm_schema_migrations (version, description) VALUES ($1, $2)`, [
        migration.version,
        migration.description,
      ]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
};
