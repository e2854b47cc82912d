/**
 * Child process of durability.int.test.ts: appends batches of LOOP_BATCH_SIZE events, round-robin over
 * three streams, and prints "ack <batch>" only once an append has been acknowledged. It stops by
 * itself after `maxBatches`, so an orphan (parent gone) cannot run forever.
 *
 * usage: node --conditions=@privacy-ledger/source --import tsx test/appendLoop.ts <file> <round> <maxBatches>
 */
import { isLeft } from "fp-ts/lib/Either.js";
import { openSqliteEventStore } from "../src/index.js";
import { fixtureEvent, LOOP_BATCH_SIZE, loopStream } from "./fixtureEvents.js";

const [path, round, maxBatches] = process.argv.slice(2);
if (path === undefined || round === undefined || maxBatches === undefined) {
  throw new Error("usage: appendLoop.ts <file> <round> <maxBatches>");
}
const store = openSqliteEventStore({ path });
for (let batch = 1; batch <= Number(maxBatches); batch++) {
  const batchId = `r${round}-b${batch}`;
  const events = Array.from({ length: LOOP_BATCH_SIZE }, (_, k) =>
    fixtureEvent(`${batchId}-e${k}`, "LoopAppended", { batchId, k }),
  );
  const result = await store.append(loopStream(batch), events);
  if (isLeft(result)) {
    process.stderr.write(`append refused: ${result.left.message}\n`);
    process.exit(2);
  }
  // A pipe write is synchronous on Linux: once the parent reads this line, the commit came before it.
  process.stdout.write(`ack ${batchId}\n`);
}
await store.close();
