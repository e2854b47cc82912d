import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { tallyProjection } from "../testing/tallyProjection.js";
import { openSqliteReadModelStore } from "./sqliteReadModelStore.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it("a file of the first release gets the active versions: the version each projection was built as", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pl-rm-"));
  dirs.push(dir);
  const path = join(dir, "read-models.db");
  const old = new Database(path);
  old.exec(`
    CREATE TABLE rm_schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL);
    INSERT INTO rm_schema_migrations VALUES (1, 'projections and their checkpoints');
    CREATE TABLE rm_projections (
      projection TEXT NOT NULL, version INTEGER NOT NULL, tables TEXT NOT NULL, position INTEGER NOT NULL,
      PRIMARY KEY (projection, version)
    );
  `);
  old
    .prepare("INSERT INTO rm_projections VALUES ('tally', 1, ?, 7)")
    .run(JSON.stringify(tallyProjection().tables));
  old.close();

  const store = openSqliteReadModelStore({ path });
  expect(await store.activeVersion("tally")).toBe(1);
  expect(await store.prepare(tallyProjection())).toBe(7);
  await store.close();
  const file = new Database(path, { readonly: true });
  expect(file.prepare("SELECT version FROM rm_schema_migrations ORDER BY version").pluck().all()).toEqual([
    1, 2,
  ]);
  file.close();
});
