import { describe } from "vitest";
import { readModelStoreSuite } from "../../test/readModelStoreSuite.js";
import { InMemoryReadModelStore } from "./inMemoryReadModelStore.js";
import type { ReadModelStore } from "./readModelStore.js";
import { openSqliteReadModelStore } from "./sqliteReadModelStore.js";

const stores: [string, () => Promise<ReadModelStore>][] = [
  ["in memory", async () => new InMemoryReadModelStore()],
  ["SQLite", async () => openSqliteReadModelStore({ path: ":memory:" })],
];

describe.each(stores)("read-model store (%s)", (_, open) => {
  readModelStoreSuite(open);
});
