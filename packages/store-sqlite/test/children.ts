import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { childScripts, watchChild } from "@privacy-ledger/eventsourcing/testing";

/** Scripts of this package's test/ folder, run in their own Node processes (see childScripts). */
export const { spawnScript, killStragglers } = childScripts(
  join(dirname(fileURLToPath(import.meta.url)), ".."),
);
export const watch = watchChild;
