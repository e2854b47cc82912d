/**
 * Child process of concurrency.int.test.ts. Opens `writers` stores (each with a pool, so connections,
 * of its own), prints "ready", waits for "go" on stdin (so that every process starts together), then
 * runs all its writers at once, each making `attempts` appends to the contended streams. Prints one
 * JSON line: a report per writer.
 *
 * mode "exact":   pick a stream, read its head, append a batch of 1-3 events with expectedVersion =
 *                 that head. After one in four successes, send the same batch again with the now
 *                 stale version: it must come back as the same idempotent result.
 * mode "command": run the kernel's commandHandler (load, decide, append, re-decide on conflict).
 *
 * Between reading and appending each writer pauses for up to 2 ms, as an application doing work would.
 *
 * usage: node --conditions=@privacy-ledger/source --import tsx test/racingAppender.ts
 *          <url> <schema> <streams,comma,separated> <mode> <attempts> <name> <writers>
 */
import { once } from "node:events";
import { commandHandler, deterministicIds, type EventStore } from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import { openPostgresEventStore, type PostgresEventStore } from "../src/index.js";
import { counterCatalog, counterDecider } from "./counter.js";
import { fixtureEvent, fixtureMetadata } from "./fixtureEvents.js";

/** One acknowledged append, as the writer was told it landed. */
export interface Acknowledged {
  readonly streamId: string;
  readonly ids: readonly string[];
  readonly nextExpectedVersion: number;
  readonly globalPositions: readonly number[];
}

export interface WriterReport {
  readonly name: string;
  readonly acknowledged: readonly Acknowledged[];
  /** Typed WrongExpectedVersion Lefts whose `expected` is the version read and `actual` is newer. */
  readonly conflicts: number;
  /** Re-sent batches that came back as the identical idempotent result. */
  readonly replays: number;
  /** Command mode: attempts beyond the first, i.e. decisions retaken on fresh state. */
  readonly retries: number;
  /** Anything else: other Lefts, inconsistent conflicts or replays, thrown errors. Must stay empty. */
  readonly unexpected: readonly string[];
}

const [url, schema, streamList, mode, attempts, name, writers] = process.argv.slice(2);
if (
  !url ||
  !schema ||
  !streamList ||
  (mode !== "exact" && mode !== "command") ||
  !attempts ||
  !name ||
  !writers
)
  throw new Error(
    "usage: racingAppender.ts <url> <schema> <streams> <exact|command> <attempts> <name> <writers>",
  );
const streams = streamList.split(",");

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 2));

const stores: PostgresEventStore[] = [];
for (let w = 0; w < Number(writers); w++)
  stores.push(await openPostgresEventStore({ connectionString: url, schema, listen: false }));

process.stdout.write("ready\n");
process.stdin.setEncoding("utf8");
await once(process.stdin, "data");

const write = async (store: PostgresEventStore, writer: string): Promise<WriterReport> => {
  const report = {
    name: writer,
    acknowledged: [] as Acknowledged[],
    conflicts: 0,
    replays: 0,
    retries: 0,
    unexpected: [] as string[],
  };
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
    ids: deterministicIds(`${writer}-${process.pid}`),
    maxAttempts: 10_000,
  });

  for (let i = 0; i < Number(attempts); i++) {
    const streamId = pick(streams);
    try {
      if (mode === "exact") {
        const version = (await store.streamHead(streamId))?.version ?? 0;
        const batch = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, (_, k) =>
          fixtureEvent(`${writer}-${i}-${k}`, "Raced", { writer, i, k }),
        );
        await pause();
        const result = await store.append(streamId, batch, { expectedVersion: version });
        if (isLeft(result)) {
          if (
            result.left.kind === "WrongExpectedVersion" &&
            result.left.expected === version &&
            result.left.actual > version
          )
            report.conflicts += 1;
          else report.unexpected.push(`attempt ${i}: ${result.left.kind} ${result.left.message}`);
          continue;
        }
        const acknowledged: Acknowledged = {
          streamId,
          ids: batch.map((e) => e.id),
          nextExpectedVersion: result.right.nextExpectedVersion,
          globalPositions: result.right.globalPositions,
        };
        report.acknowledged.push(acknowledged);
        if (result.right.nextExpectedVersion !== version + batch.length)
          report.unexpected.push(
            `attempt ${i}: landed at ${result.right.nextExpectedVersion}, read ${version}`,
          );
        if (Math.random() < 0.25) {
          const again = await store.append(streamId, batch, { expectedVersion: version });
          if (
            !isLeft(again) &&
            again.right.idempotentReplay &&
            again.right.nextExpectedVersion === acknowledged.nextExpectedVersion &&
            JSON.stringify(again.right.globalPositions) === JSON.stringify(acknowledged.globalPositions)
          )
            report.replays += 1;
          else
            report.unexpected.push(
              `attempt ${i}: the re-sent batch was not replayed: ${JSON.stringify(again)}`,
            );
        }
      } else {
        const result = await handle(streamId, {
          command: { kind: "Count" },
          actor: fixtureMetadata.actor,
          commandId: `${writer}-cmd-${i}`,
        });
        if (isLeft(result))
          report.unexpected.push(`command ${i}: ${result.left.kind} ${result.left.message}`);
        else {
          report.acknowledged.push({
            streamId,
            ids: [],
            nextExpectedVersion: result.right.stored.nextExpectedVersion,
            globalPositions: result.right.stored.globalPositions,
          });
          report.retries += result.right.attempts - 1;
        }
      }
    } catch (error) {
      report.unexpected.push(`attempt ${i} threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return report;
};

const reports = await Promise.all(stores.map((store, w) => write(store, `${name}.${w}`)));
for (const store of stores) await store.close();
process.stdout.write(`${JSON.stringify(reports satisfies WriterReport[])}\n`);
process.stdin.destroy();
