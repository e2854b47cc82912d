/**
 * Child process of concurrency.int.test.ts. Prints "ready", waits for "go" on stdin (so that both
 * racers start together), makes `attempts` appends to one stream, and prints one JSON line of counts.
 *
 * mode "exact":   read the head, append one event with expectedVersion = that head.
 * mode "command": run the kernel's commandHandler (load, decide, append, re-decide on conflict).
 *
 * Between reading and appending each racer pauses for up to 2 ms, as an application doing work would.
 * Without it, one racer tends to run alone: SQLite's busy handler sleeps a blocked writer for 1 ms and
 * more, and a writer in a tight loop takes the lock again first each time, so the two would barely
 * interleave and hardly any conflict would occur.
 *
 * usage: node --conditions=@privacy-ledger/source --import tsx test/racingAppender.ts <file> <stream> <mode> <attempts> <name>
 */
import { once } from "node:events";
import { commandHandler, deterministicIds, type EventStore } from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import { openSqliteEventStore } from "../src/index.js";
import { counterCatalog, counterDecider } from "./counter.js";
import { fixtureEvent, fixtureMetadata } from "./fixtureEvents.js";

export interface RacerReport {
  readonly name: string;
  readonly successes: number;
  /** Typed WrongExpectedVersion Lefts whose `expected` is the version read and `actual` is newer. */
  readonly conflicts: number;
  /** Command mode: attempts beyond the first, i.e. decisions retaken on fresh state. */
  readonly retries: number;
  /** Anything else: other Lefts, inconsistent conflicts, thrown errors. Must stay empty. */
  readonly unexpected: readonly string[];
}

const [path, streamId, mode, attempts, name] = process.argv.slice(2);
if (!path || !streamId || (mode !== "exact" && mode !== "command") || !attempts || !name) {
  throw new Error("usage: racingAppender.ts <file> <stream> <exact|command> <attempts> <name>");
}
const store = openSqliteEventStore({ path });
const report = { name, successes: 0, conflicts: 0, retries: 0, unexpected: [] as string[] };

process.stdout.write("ready\n");
process.stdin.setEncoding("utf8");
await once(process.stdin, "data");

const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
/** The store as the command handler sees it: every append comes a moment after its load. */
const slowStore: EventStore = {
  append: async (...args) => {
    await pause();
    return store.append(...args);
  },
  readStream: (...args) => store.readStream(...args),
  readAll: (...args) => store.readAll(...args),
  subscribe: (...args) => store.subscribe(...args),
  streamHead: (...args) => store.streamHead(...args),
  streamHeads: () => store.streamHeads(),
  headPosition: () => store.headPosition(),
  close: () => store.close(),
};

const handle = commandHandler({
  store: slowStore,
  decider: counterDecider,
  catalog: counterCatalog,
  ids: deterministicIds(`${name}-${process.pid}`),
  maxAttempts: 1_000,
});

for (let i = 0; i < Number(attempts); i++) {
  try {
    if (mode === "exact") {
      const version = (await store.streamHead(streamId))?.version ?? 0;
      const event = fixtureEvent(`${name}-${i}`, "Raced", { writer: name, i });
      await pause();
      const result = await store.append(streamId, [event], { expectedVersion: version });
      if (!isLeft(result)) report.successes += 1;
      else if (
        result.left.kind === "WrongExpectedVersion" &&
        result.left.expected === version &&
        result.left.actual > version
      )
        report.conflicts += 1;
      else report.unexpected.push(`attempt ${i}: ${result.left.kind} ${result.left.message}`);
    } else {
      const result = await handle(streamId, {
        command: { kind: "Count" },
        actor: fixtureMetadata.actor,
        commandId: `${name}-cmd-${i}`,
      });
      if (isLeft(result)) report.unexpected.push(`command ${i}: ${result.left.kind} ${result.left.message}`);
      else {
        report.successes += 1;
        report.retries += result.right.attempts - 1;
      }
    }
  } catch (error) {
    report.unexpected.push(`attempt ${i} threw: ${error instanceof Error ? error.message : String(error)}`);
  }
}
await store.close();
process.stdout.write(`${JSON.stringify(report satisfies RacerReport)}\n`);
process.stdin.destroy();
