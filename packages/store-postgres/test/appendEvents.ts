/**
 * Child process of subscriptions.int.test.ts: appends `count` single-event batches to one stream, one
 * after another, from a process (and connections) of its own, then prints "done".
 *
 * usage: node --conditions=@privacy-ledger/source --import tsx test/appendEvents.ts <url> <schema> <stream> <count>
 */
import { isLeft } from "fp-ts/lib/Either.js";
import { openPostgresEventStore } from "../src/index.js";
import { fixtureEvent } from "./fixtureEvents.js";

const [url, schema, streamId, count] = process.argv.slice(2);
if (!url || !schema || !streamId || !count)
  throw new Error("usage: appendEvents.ts <url> <schema> <stream> <count>");
const store = await openPostgresEventStore({ connectionString: url, schema, listen: false });
for (let i = 1; i <= Number(count); i++) {
  const result = await store.append(streamId, [
    fixtureEvent(`${streamId}-${process.pid}-${i}`, "Noted", { i }),
  ]);
  if (isLeft(result)) {
    process.stderr.write(`append refused: ${result.left.message}\n`);
    process.exit(2);
  }
}
await store.close();
process.stdout.write("done\n");
