import pgDriver from "pg";
import { expect, it } from "vitest";
import { database, describePg, usePostgresReadModels } from "../../test/pg.js";
import { at, readModelStoreSuite } from "../../test/readModelStoreSuite.js";
import { rebuildWithoutDowntime } from "../../test/rebuildScenario.js";
import { registersSuite } from "../../test/registersLog.js";
import { tallyProjection } from "../testing/tallyProjection.js";
import { PostgresReadModelSchemaTooNewError } from "./postgresMigrations.js";
import { openPostgresReadModelStore } from "./postgresReadModelStore.js";

describePg("read-model store (PostgreSQL)", () => {
  const pg = usePostgresReadModels("pl_read_models");

  readModelStoreSuite(() => pg.open());
  registersSuite(() => pg.open());

  it("rebuild without downtime: readers get the old version's answers until the swap, then the new one's", async () => {
    await rebuildWithoutDowntime(await pg.open());
  });

  it("a swap waits for the active version's batch in flight and compares with what it committed: never activates a version behind what readers saw", async () => {
    const store = await pg.open();
    const v1 = tallyProjection();
    const v2 = { ...tallyProjection(), version: 2 };
    await store.prepare(v1);
    await store.prepare(v2);
    await store.apply(v1, { events: [at(1, "a")], through: 2 });
    await store.apply(v2, { events: [at(1, "a")], through: 2 });
    // The active version's runner is committing a batch that moves it to position 5 (another process).
    const runner = new pgDriver.Client({ connectionString: database.url });
    await runner.connect();
    try {
      await runner.query("BEGIN");
      await runner.query(
        `UPDATE "${pg.schema}".rm_projections SET position = 5 WHERE projection = 'tally' AND version = 1`,
      );
      const swap = store.activate(v2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await runner.query("COMMIT");
      // Activating v2 (at 2) now would show readers the read model going back from 5.
      expect(await swap).toBe(false);
      expect(await store.activeVersion("tally")).toBe(1);
    } finally {
      await runner.end();
    }
  });

  it("creates the schema and its own tables on first open, migrating once however many open it at once", async () => {
    await Promise.all(Array.from({ length: 6 }, () => pg.open()));
    const tables = await pg.sql<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
      [pg.schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(["rm_active", "rm_projections", "rm_schema_migrations"]);
    expect(await pg.sql("SELECT version FROM $schema.rm_schema_migrations")).toEqual([{ version: 1 }]);
  });

  it("refuses a schema migrated by a newer release", async () => {
    await pg.open();
    await pg.sql("INSERT INTO $schema.rm_schema_migrations (version, description) VALUES (99, 'future')");
    await expect(pg.open()).rejects.toBeInstanceOf(PostgresReadModelSchemaTooNewError);
  });

  it("batches of one projection from two stores (two processes) are serialised on the checkpoint: each event once", async () => {
    const [one, two] = [await pg.open(), await pg.open()];
    const tally = tallyProjection();
    await one.prepare(tally);
    await two.prepare(tally);
    const batch = { events: [at(1, "a"), at(2, "a"), at(3, "b")], through: 3 };
    const results = await Promise.all([one.apply(tally, batch), two.apply(tally, batch)]);
    expect(results.map((r) => r.applied).sort()).toEqual([0, 3]);
    expect(await one.reader(tally).find("tally")).toEqual([
      { streamId: "a", handled: 2, lastPosition: 2 },
      { streamId: "b", handled: 1, lastPosition: 3 },
    ]);
  });

  it("names longer than PostgreSQL's 63 bytes are shortened with a digest, never truncated into each other", async () => {
    const store = await pg.open();
    const long = { ...tallyProjection(), name: "a_projection_with_a_rather_long_name_xx" };
    const longer = { ...long, name: "a_projection_with_a_rather_long_name_xy" };
    for (const p of [long, longer]) {
      await store.prepare(p);
      await store.apply(p, { events: [at(1, p.name)], through: 1 });
    }
    expect(await store.reader(long).find("tally")).toEqual([
      { streamId: long.name, handled: 1, lastPosition: 1 },
    ]);
  });

  it("takes a pool of the caller's and leaves it open on close", async () => {
    const pool = new pgDriver.Pool({ connectionString: database.url, max: 2 });
    try {
      const store = await openPostgresReadModelStore({ pool, schema: pg.schema });
      await store.prepare(tallyProjection());
      await store.close();
      expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
