import { createRequire } from "node:module";
import pg from "pg";

/** The server, or why there is none: a PostgreSQL bench that cannot connect is skipped, not failed. */
export type PgServer =
  | { readonly ok: true; readonly info: string }
  | { readonly ok: false; readonly reason: string };

export const probePg = async (url: string): Promise<PgServer> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const setting = async (name: string) =>
      (
        (await client.query<{ v: string }>(`SELECT current_setting('${name}') AS v`)).rows[0]?.v ?? "?"
      ).trim();
    const version = (await setting("server_version")).split(" ")[0];
    return {
      ok: true,
      info: `PostgreSQL ${version} at ${redact(url)} (synchronous_commit=${await setting("synchronous_commit")}, fsync=${await setting("fsync")}, shared_buffers=${await setting("shared_buffers")}), pg ${pgVersion()}`,
    };
  } catch (error) {
    return {
      ok: false,
      reason: `${redact(url)}: ${error instanceof Error ? error.message || error.name : String(error)}`,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
};

export const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");

export const pgVersion = (): string =>
  (createRequire(import.meta.url)("pg/package.json") as { version: string }).version;

/** Runs `statements` one after the other on a short-lived connection to `url`. */
const onServer = async (url: string, statements: readonly string[]): Promise<void> => {
  if (statements.length === 0) return;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end().catch(() => undefined);
  }
};

export const dropSchemas = (url: string, schemas: readonly string[]): Promise<void> =>
  onServer(
    url,
    schemas.map((schema) => `DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
  );

/**
 * Emmett's PostgreSQL store keeps its tables in the connection's default schema (no schema option), so
 * each Emmett scenario gets a database of its own, created here and dropped afterwards. Returns its URL.
 */
export const createDatabase = async (url: string, name: string): Promise<string> => {
  await onServer(url, [`CREATE DATABASE "${name}"`]);
  return databaseUrl(url, name);
};

export const dropDatabases = (url: string, names: readonly string[]): Promise<void> =>
  onServer(
    url,
    names.map((name) => `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );

/** The same server and credentials, another database. */
export const databaseUrl = (url: string, name: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};
