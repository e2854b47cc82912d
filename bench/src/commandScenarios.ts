import {
  type CommandEnvelope,
  commandHandler,
  type Decider,
  type DomainEvent,
  defineEvent,
  type EventStore,
  eventCatalog,
  type Rejection,
  rejection,
} from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";
import {
  commandAt,
  evolveRecord,
  initialRecordState,
  mismatchingCommand,
  type ProcessingFact,
  type RecordProcessing,
  type RecordState,
  recordStreamIds,
  rejectionOf,
  runCommandLoops,
  SUBJECT_RULE,
} from "./deciderWorkload.js";
import { EVENT_TYPES } from "./fixture.js";
import { peakRssBytes, type ScenarioResult, type ScenarioSpec } from "./harness.js";

/**
 * privacy-ledger's side of the single-event commands: the kernel's public `commandHandler` (load =
 * readStream folded through the catalog's io-ts codecs, decide, append with the exact version folded,
 * event ids derived from the command id) on the SQLite store (`library`, durable by default), the
 * PostgreSQL store (`pg`) or the kernel's in-memory store (`memory`).
 */

const FactCodec = t.type({
  subjectRef: t.string,
  purpose: t.string,
  lawfulBasis: t.string,
  categories: t.readonlyArray(t.string),
  retentionDays: t.number,
  channel: t.string,
  sealed: t.string,
});

/** The fixture's five event types, each carrying a processing fact; no clauses of their own (the command brings them). */
const catalog = eventCatalog(EVENT_TYPES.map((type) => defineEvent({ type, codec: FactCodec })));

type FactEvent = DomainEvent<string, ProcessingFact>;

const decider: Decider<RecordProcessing, FactEvent, RecordState> = {
  initialState: initialRecordState,
  evolve: (state, event) => evolveRecord(state, event.data),
  decide: (command, state) => {
    const why = rejectionOf(state, command);
    return why === undefined
      ? { _tag: "Right", right: [{ type: command.factType, data: command.fact }] }
      : { _tag: "Left", left: rejection({ rule: SUBJECT_RULE, message: why }) };
  },
};

/** The command with what the kernel's envelope carries: the fixture's actor, ids, time and clauses. */
const envelopeOf = (command: RecordProcessing): CommandEnvelope<RecordProcessing> => ({
  command,
  actor: command.metadata.actor,
  commandId: command.metadata.causationId,
  correlationId: command.metadata.correlationId,
  occurredAt: new Date(command.metadata.occurredAt),
  clauses: command.metadata.clauses,
});

const openStore = async (spec: ScenarioSpec): Promise<EventStore> => {
  if (spec.side === "library") return (await import("./libraryScenarios.js")).openSqlite(spec);
  if (spec.side === "pg") return (await import("./pgScenarios.js")).openPgStore(spec);
  if (spec.side === "memory")
    return (await import("@privacy-ledger/eventsourcing")).createInMemoryEventStore();
  throw new Error(`no privacy-ledger command scenario on the ${spec.side} side`);
};

/** `spec.events` commands over `spec.streams` records, `spec.concurrency` loops in flight (runCommandLoops). */
export const ourCommands = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const store = await openStore(spec);
  try {
    const handle = commandHandler({ store, decider, catalog });
    const streams = recordStreamIds(spec.streams);
    const concurrency = spec.concurrency ?? 1;
    const seconds = await runCommandLoops(spec.events, streams.length, concurrency, async (i, s) => {
      const outcome = await handle(streams[s] as string, envelopeOf(commandAt(i, s)));
      if (outcome._tag === "Left") throw new Error(`command ${i} failed: ${outcome.left.message}`);
    });
    const head = await store.headPosition();
    if (head !== spec.events) throw new Error(`expected ${spec.events} events, the store holds ${head}`);
    // Untimed: the invariant is checked on the folded state, so a command naming another subject is refused.
    const refused = await handle(streams[0] as string, envelopeOf(mismatchingCommand(spec.events, 0)));
    if (refused._tag !== "Left" || (refused.left as Rejection).rule !== SUBJECT_RULE)
      throw new Error("the decider accepted a command that breaks its invariant");
    return { spec, events: spec.events, seconds, peakRssBytes: peakRssBytes() };
  } finally {
    await store.close();
  }
};
