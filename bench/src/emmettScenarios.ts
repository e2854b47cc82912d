import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  type Command,
  DeciderCommandHandler,
  EmmettError,
  type Event,
  type EventStore,
  type ReadEvent,
  STREAM_DOES_NOT_EXIST,
} from "@event-driven-io/emmett";
import {
  commandAt,
  evolveRecord,
  type FactMetadata,
  initialRecordState,
  mismatchingCommand,
  type ProcessingFact,
  type RecordProcessing,
  type RecordState,
  recordStreamIds,
  rejectionOf,
  runCommandLoops,
} from "./deciderWorkload.js";
import { batchAt, streamIds } from "./fixture.js";
import {
  BENCH_CHECK,
  peakRssBytes,
  RssProbe,
  type ScenarioResult,
  type ScenarioSpec,
  Stopwatch,
  timed,
} from "./harness.js";

/**
 * Emmett 0.42's side of the comparison, through its public API only, the way its documentation presents
 * it: `getSQLiteEventStore({ fileName })` (emmett-sqlite 0.42.4, node-sqlite3), `getPostgreSQLEventStore(url)`
 * (emmett-postgresql 0.42.0) and `getInMemoryEventStore()` (emmett 0.42.0); on SQLite also with one
 * connection shared by every operation (`spec.emmettSharedConnection`: its typed `connectionOptions`),
 * Emmett's fastest working configuration there, at 1 command in flight; commands through
 * `DeciderCommandHandler` (aggregateStream, decide, appendToStream with the version read as
 * `expectedStreamVersion`); batched appends through `appendToStream` with `expectedStreamVersion`; reads
 * through `readStream`, and in global order through the packages' exported `readMessagesBatch` (what
 * their consumers page with). The in-memory store exports no read in global order: that scenario is n/a.
 * Same events as privacy-ledger's side: the fixture's type, data and metadata (Emmett stores metadata
 * beside the data and adds its own message id, stream name and positions).
 */

type FactEvent = Event<string, ProcessingFact, FactMetadata>;
type RecordCommand = Command<"RecordProcessing", RecordProcessing>;

/** Emmett's convention: a decider throws on a rejected command (403, IllegalState). */
const REJECTED = EmmettError.Codes.IllegalStateError;

const handle = DeciderCommandHandler<RecordState, RecordCommand, FactEvent>({
  initialState: () => initialRecordState,
  evolve: (state, event) => evolveRecord(state, event.data),
  decide: (command, state) => {
    const why = rejectionOf(state, command.data);
    if (why !== undefined) throw new EmmettError({ errorCode: REJECTED, message: why });
    return { type: command.data.factType, data: command.data.fact, metadata: command.data.metadata };
  },
});

const recordCommand = (data: RecordProcessing): RecordCommand => ({ type: "RecordProcessing", data });

/** A store of the spec's side, and what closes it. The SQLite file or PostgreSQL database is the spec's. */
const openStore = async (spec: ScenarioSpec): Promise<{ store: EventStore; close: () => Promise<void> }> => {
  if (spec.side === "emmett-sqlite") {
    const { getSQLiteEventStore, sqliteConnection } = await import("@event-driven-io/emmett-sqlite");
    // Shared: one connection for every operation; otherwise Emmett's pool opens one per operation.
    const connection = spec.emmettSharedConnection ? sqliteConnection({ fileName: spec.path }) : undefined;
    const store = getSQLiteEventStore({
      fileName: spec.path,
      schema: { autoMigration: "CreateOrUpdate" },
      ...(connection ? { connectionOptions: { singleton: true, connection } } : {}),
    });
    await store.schema.migrate();
    return { store, close: async () => connection?.close() };
  }
  if (spec.side === "emmett-pg") {
    if (!spec.pgUrl) throw new Error("an Emmett PostgreSQL scenario needs pgUrl (its own database)");
    const { getPostgreSQLEventStore } = await import("@event-driven-io/emmett-postgresql");
    const store = getPostgreSQLEventStore(spec.pgUrl);
    await store.schema.migrate();
    return { store, close: () => store.close() };
  }
  if (spec.side === "emmett-memory") {
    const { getInMemoryEventStore } = await import("@event-driven-io/emmett");
    return { store: getInMemoryEventStore(), close: async () => undefined };
  }
  throw new Error(`${spec.side} is not an Emmett side`);
};

/**
 * emmett-sqlite logs every error inside a transaction with `console.log(err)` before rethrowing it
 * (e.g. each SQLITE_BUSY under concurrency): counted and kept off the bench's output; the error itself
 * still fails the scenario.
 */
const muteConsoleLog = (): { restore: () => number } => {
  const original = console.log;
  let muted = 0;
  console.log = (...logged: unknown[]) => {
    muted += 1;
    if (muted === 1) firstLoggedError.message = logged.map(String).join(" ");
  };
  return {
    restore: () => {
      console.log = original;
      return muted;
    },
  };
};

/** The first error Emmett logged: a failure's real cause (its rollback error comes after it). */
export const firstLoggedError: { message?: string } = {};

const noteOf = (muted: number): { note?: string } =>
  muted > 0 ? { note: `Emmett logged ${muted} error(s) it then handled` } : {};

/** What a consumer might look at; keeps a read from being optimised away (Emmett's `touch`). */
const touchEmmett = (event: ReadEvent<Event>): number => {
  const metadata = event.metadata as { globalPosition?: bigint; streamPosition: bigint; messageId: string };
  return Number(metadata.globalPosition ?? 0n) + Number(metadata.streamPosition) + metadata.messageId.length;
};

/** Single-event commands through `DeciderCommandHandler`, `spec.concurrency` loops (runCommandLoops). */
export const emmettCommands = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const { store, close } = await openStore(spec);
  const mute = muteConsoleLog();
  try {
    const streams = recordStreamIds(spec.streams);
    const seconds = await runCommandLoops(
      spec.events,
      streams.length,
      spec.concurrency ?? 1,
      async (i, s) => {
        await handle(store, streams[s] as string, recordCommand(commandAt(i, s)));
      },
    );
    let stored = 0;
    for (const streamId of streams) stored += (await store.readStream(streamId)).events.length;
    if (stored !== spec.events) throw new Error(`expected ${spec.events} events, the store holds ${stored}`);
    // Untimed: the invariant is checked on the folded state, so a command naming another subject is refused.
    const refused = await handle(
      store,
      streams[0] as string,
      recordCommand(mismatchingCommand(spec.events, 0)),
    )
      .then(() => false)
      .catch((error: unknown) => EmmettError.isInstanceOf(error, REJECTED));
    // Our shared workload's own check: fatal for the bench, never reported as Emmett's failure.
    if (!refused)
      throw new Error(`${BENCH_CHECK} Emmett's decider accepted a command that breaks its invariant`);
    return { spec, events: spec.events, seconds, peakRssBytes: peakRssBytes(), ...noteOf(mute.restore()) };
  } finally {
    mute.restore();
    await close();
  }
};

/**
 * `spec.events` fixture events through `appendToStream`, `spec.batchSize` per call, batch b to stream
 * b mod `spec.streams`, each with the stream's current version as `expectedStreamVersion`.
 */
const appendFixtureToEmmett = async (store: EventStore, spec: ScenarioSpec): Promise<number> => {
  const streams = streamIds(spec.streams);
  const versions = new Map<string, bigint>();
  const stopwatch = new Stopwatch();
  globalThis.gc?.();
  for (let first = 0, batch = 0; first < spec.events; first += spec.batchSize, batch += 1) {
    const streamId = streams[batch % streams.length] as string;
    const events: FactEvent[] = batchAt(first, Math.min(spec.batchSize, spec.events - first)).map(
      (event) => ({
        type: event.type,
        data: event.data as unknown as ProcessingFact,
        metadata: event.metadata,
      }),
    );
    const version = versions.get(streamId);
    const result = await stopwatch.time(() =>
      store.appendToStream(streamId, events, {
        expectedStreamVersion: version === undefined ? STREAM_DOES_NOT_EXIST : version,
      }),
    );
    versions.set(streamId, result.nextExpectedStreamVersion as bigint);
  }
  return stopwatch.seconds;
};

export const emmettAppend = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const { store, close } = await openStore(spec);
  const mute = muteConsoleLog();
  try {
    const seconds = await appendFixtureToEmmett(store, spec);
    return { spec, events: spec.events, seconds, peakRssBytes: peakRssBytes(), ...noteOf(mute.restore()) };
  } finally {
    mute.restore();
    await close();
  }
};

/** Every stream through `store.readStream(id)`; in memory, the fixture is appended first (untimed). */
export const emmettReadStreams = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const { store, close } = await openStore(spec);
  try {
    if (spec.side === "emmett-memory") await appendFixtureToEmmett(store, spec);
    const probe = new RssProbe(spec.events);
    let checksum = 0;
    const seconds = await timed(async () => {
      for (const streamId of streamIds(spec.streams)) {
        const { events } = await store.readStream(streamId);
        for (const event of events) {
          checksum += touchEmmett(event);
          probe.tick();
        }
      }
    });
    if (probe.events !== spec.events || checksum === 0)
      throw new Error(`expected ${spec.events} events, read ${probe.events}`);
    return { spec, events: probe.events, seconds, peakRssBytes: peakRssBytes(), rss: probe.trace() };
  } finally {
    await close();
  }
};

/** One page of the log in global order: Emmett's `readMessagesBatch` of the store's package. */
type ReadPage = (after: bigint) => Promise<{ messages: ReadEvent<Event>[]; last: bigint; more: boolean }>;

const pageReader = async (spec: ScenarioSpec): Promise<{ page: ReadPage; close: () => Promise<void> }> => {
  const batchSize = spec.pageSize;
  if (spec.side === "emmett-sqlite") {
    const { readMessagesBatch, sqliteConnection } = await import("@event-driven-io/emmett-sqlite");
    const connection = sqliteConnection({ fileName: spec.path });
    return {
      page: async (after) => {
        const batch = await readMessagesBatch(connection, { after, batchSize });
        return { messages: batch.messages, last: batch.currentGlobalPosition, more: batch.areEventsLeft };
      },
      close: async () => connection.close(),
    };
  }
  if (spec.side === "emmett-pg" && spec.pgUrl) {
    const { readMessagesBatch } = await import("@event-driven-io/emmett-postgresql");
    // The pool Emmett's own store and consumers run their queries through.
    const { dumbo } = await import("@event-driven-io/dumbo");
    const pool = dumbo({ connectionString: spec.pgUrl });
    return {
      page: async (after) => {
        const batch = await readMessagesBatch(pool.execute, { after, batchSize });
        return {
          messages: batch.messages as ReadEvent<Event>[],
          last: batch.currentGlobalPosition,
          more: batch.areMessagesLeft,
        };
      },
      close: () => pool.close(),
    };
  }
  throw new Error(`n/a: Emmett 0.42 has no public read-all for the ${spec.side} store`);
};

/** Every event in global order, `spec.pageSize` per `readMessagesBatch` call. */
export const emmettReadAll = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const { page, close } = await pageReader(spec);
  try {
    const probe = new RssProbe(spec.events);
    let checksum = 0;
    const seconds = await timed(async () => {
      let after = 0n;
      for (let more = true; more; ) {
        const batch = await page(after);
        for (const message of batch.messages) {
          checksum += touchEmmett(message);
          probe.tick();
        }
        after = batch.last;
        more = batch.more;
      }
    });
    if (probe.events !== spec.events || checksum === 0)
      throw new Error(`expected ${spec.events} events, read ${probe.events}`);
    return { spec, events: probe.events, seconds, peakRssBytes: peakRssBytes(), rss: probe.trace() };
  } finally {
    await close();
  }
};

/**
 * Emmett's package versions, as installed (printed in the header). Their export maps do not export
 * package.json, so it is read beside the resolved entry point.
 */
export const emmettVersions = (): string => {
  const require = createRequire(import.meta.url);
  const version = (name: string) => {
    const entry = require.resolve(name);
    const root = entry.slice(0, entry.lastIndexOf(`/${name}/`) + name.length + 1);
    return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  };
  return ["emmett", "emmett-sqlite", "emmett-postgresql"]
    .map((name) => `${name} ${version(`@event-driven-io/${name}`)}`)
    .join(", ");
};
