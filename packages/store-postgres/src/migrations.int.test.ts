import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import { fixtureEvent } from "../test/fixtureEvents.js";
import { describePg, usePostgres } from "../test/pg.js";
import { LATEST_SCHEMA_VERSION, MIGRATIONS, SchemaTooNewError } from "./migrations.js";
import { openPostgresEventStore } from "./postgresEventStore.js";

describePg("postgres store: schema and migrations", () => {
  const pg = usePostgres("pl_migrations");
  const migrations = () =>
    pg.sql<{ version: number; description: string; applied_at: string }>(
      "SELECT version, description, applied_at FROM $schema.schema_migrations ORDER BY version",
    );

  it("creates the schema and its tables on first open, recording every migration once", async () => {
    expect(await pg.sql("SELECT 1 FROM pg_namespace WHERE nspname = $1", [pg.schema])).toEqual([]);
    await pg.open();
    const tables = await pg.sql<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
      [pg.schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(["events", "schema_migrations", "streams"]);
    expect((await migrations()).map(({ version, description }) => ({ version, description }))).toEqual(
      MIGRATIONS.map(({ version, description }) => ({ version, description })),
    );
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it("re-opening an up-to-date schema changes nothing", async () => {
    const first = await pg.open();
    expect(isRight(await first.append("s", [fixtureEvent("a", "Noted", {})]))).toBe(true);
    const before = await migrations();
    await first.close();
    await pg.open();
    await pg.open();
    expect(await migrations()).toEqual(before);
    expect((await collect((await pg.open()).readAll())).map((e) => e.id)).toEqual(["a"]);
  });

  it("many processes' worth of stores opening a fresh schema at once migrate it exactly once", async () => {
    const stores = await Promise.all(Array.from({ length: 8 }, () => pg.open()));
    expect(stores).toHaveLength(8);
    expect((await migrations()).map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it("opens a schema an administrator created beforehand (the store only creates a missing one)", async () => {
    await pg.sql(`CREATE SCHEMA "${pg.schema}"`);
    const store = await pg.open();
    expect(isRight(await store.append("s", [fixtureEvent("a", "Noted", {})]))).toBe(true);
  });

  it("refuses a schema migrated by a newer release, and leaves it untouched", async () => {
    const store = await pg.open();
    await store.append("s", [fixtureEvent("a", "Noted", {})]);
    await store.close();
    await pg.sql(
      "INSERT INTO $schema.schema_migrations (version, description, applied_at) VALUES ($1, 'from the future', $2)",
      [LATEST_SCHEMA_VERSION + 1, new Date().toISOString()],
    );

    const opening = openPostgresEventStore({ connectionString: pg.url, schema: pg.schema });
    await expect(opening).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(opening).rejects.toThrow(
      `schema ${pg.schema} has schema version ${LATEST_SCHEMA_VERSION + 1}, but this release of @privacy-ledger/store-postgres only knows versions up to ${LATEST_SCHEMA_VERSION}`,
    );
    expect(await pg.sql("SELECT event_id FROM $schema.events")).toEqual([{ event_id: "a" }]);
    expect((await migrations()).map((m) => m.version)).toEqual([
      ...MIGRATIONS.map((m) => m.version),
      LATEST_SCHEMA_VERSION + 1,
    ]);
  });

  it("a failed open ends the pool it made, and leaves a pool of yours open", async () => {
    await pg.open();
    await pg.sql(
      "INSERT INTO $schema.schema_migrations (version, description, applied_at) VALUES ($1, 'from the future', 'x')",
      [LATEST_SCHEMA_VERSION + 1],
    );
    const pool = pg.pool(2);
    await expect(openPostgresEventStore({ pool, schema: pg.schema })).rejects.toBeInstanceOf(
      SchemaTooNewError,
    );
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    // The connection the failed migration used was discarded, not handed back mid-transaction.
    expect(pool.totalCount).toBeLessThanOrEqual(1);
  });

  it("a migration step that fails leaves the database exactly as it was", async () => {
    // A table already standing where migration 1 wants to create one: the step fails, and the schema
    // (created in the same transaction) is rolled back with it.
    await pg.sql(`CREATE SCHEMA "${pg.schema}"; CREATE TABLE "${pg.schema}".streams (x int)`);
    await expect(openPostgresEventStore({ connectionString: pg.url, schema: pg.schema })).rejects.toThrow(
      /relation "streams" already exists/,
    );
    const tables = await pg.sql<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
      [pg.schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(["streams"]);
  });
});
