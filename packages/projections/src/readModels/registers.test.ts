import { describe } from "vitest";
import { registersSuite } from "../../test/registersLog.js";
import { InMemoryReadModelStore } from "../readModelStore/inMemoryReadModelStore.js";
import type { ReadModelStore } from "../readModelStore/readModelStore.js";
import { openSqliteReadModelStore } from "../readModelStore/sqliteReadModelStore.js";

const stores: [string, () => Promise<ReadModelStore>][] = [
  ["in memory", async () => new InMemoryReadModelStore()],
  ["SQLite", async () => openSqliteReadModelStore({ path: ":memory:" })],
];

describe.each(stores)("the registers on a read-model store (%s)", (_, open) => {
  registersSuite(open);
});
