import { eventAt } from "./fixture.js";

/**
 * The one workload both libraries run in the side-by-side scenarios: a per-subject processing record.
 * Each stream is one subject's record; a command asks to record one processing fact (the bench
 * fixture's event: same type, data and metadata, so the payload is the fixture's ~475 bytes); the
 * decider folds the stream into state and either records one event or rejects the command. The
 * invariant: every fact in a subject's record names that subject. It never fires in the timed loop
 * (each command names its stream's subject) but every command pays the fold that checks it, and each
 * scenario sends one mismatching command afterwards to prove the rejection path runs on both sides.
 *
 * Only the pure parts live here: the adapters (the kernel's `Decider` + event catalog, Emmett's
 * `Decider` for `DeciderCommandHandler`) are thin wrappers in the scenario modules of each library.
 */

/** The data of a processing fact: the fixture's event data, its subject being the stream's subject. */
export type ProcessingFact = {
  readonly subjectRef: string;
  readonly purpose: string;
  readonly lawfulBasis: string;
  readonly categories: readonly string[];
  readonly retentionDays: number;
  readonly channel: string;
  readonly sealed: string;
};

/** Who sent the command and why, as the fixture's metadata (the kernel's command envelope carries it). */
export type FactMetadata = {
  readonly actor: { readonly id: string; readonly roles: readonly string[] };
  readonly correlationId: string;
  readonly causationId: string;
  readonly occurredAt: string;
  readonly clauses: readonly string[];
};

/** "Record this processing fact, as an event of this type, in the subject's record." */
export type RecordProcessing = {
  /** The event type to record (one of the fixture's five). */
  readonly factType: string;
  readonly fact: ProcessingFact;
  readonly metadata: FactMetadata;
};

export interface RecordState {
  /** The subject of the record, set by its first fact. */
  readonly subjectRef: string | undefined;
  readonly facts: number;
}

export const initialRecordState: RecordState = { subjectRef: undefined, facts: 0 };

export const evolveRecord = (state: RecordState, fact: ProcessingFact): RecordState => ({
  subjectRef: state.subjectRef ?? fact.subjectRef,
  facts: state.facts + 1,
});

/** The rule the decider enforces, by name, as both libraries report it. */
export const SUBJECT_RULE = "RECORD-NAMES-ITS-SUBJECT";

/** undefined: accepted (one event); otherwise why the command is rejected. */
export const rejectionOf = (state: RecordState, command: RecordProcessing): string | undefined =>
  state.subjectRef !== undefined && state.subjectRef !== command.fact.subjectRef
    ? `${SUBJECT_RULE}: the record of ${state.subjectRef} cannot hold a fact about ${command.fact.subjectRef}`
    : undefined;

/**
 * The subject of stream s: the fixture's subject reference generator applied to the stream index, so
 * the references have the fixture's length and every stream's facts name one subject.
 */
export const subjectOfStream = (s: number): string => `subject-${(s * 2654435761) >>> 0}`;

/** Command i, for the record (stream) s: the fixture's event i with its subject set to the stream's. */
export const commandAt = (i: number, s: number): RecordProcessing => {
  const event = eventAt(i);
  return {
    factType: event.type,
    fact: { ...(event.data as unknown as ProcessingFact), subjectRef: subjectOfStream(s) },
    metadata: event.metadata,
  };
};

/** A command that breaks the invariant on stream s (names another subject): must be rejected. */
export const mismatchingCommand = (i: number, s: number): RecordProcessing => {
  const command = commandAt(i, s);
  return { ...command, fact: { ...command.fact, subjectRef: subjectOfStream(s + 1) } };
};

/** Record (stream) names of the command scenarios: `record-000042`, one per subject. */
export const recordStreamIds = (streams: number): string[] =>
  Array.from({ length: streams }, (_, s) => `record-${String(s).padStart(6, "0")}`);

/**
 * Streams for `commands` commands at `perStream` commands per stream, rounded up to a multiple of
 * `concurrency` so that every command loop owns whole streams (no two loops ever write one stream:
 * the figures measure throughput, not conflicts). Sizes may differ between the two libraries (Emmett's
 * SQLite store is ~20× slower), so the per-stream count, not the stream count, is what is kept equal:
 * every command folds a stream of the same length distribution (0 … perStream − 1 events) on both sides.
 */
export const commandStreams = (commands: number, perStream: number, concurrency: number): number => {
  const streams = Math.max(1, Math.ceil(commands / perStream));
  return Math.ceil(streams / concurrency) * concurrency;
};

/**
 * Runs `commands` commands in `concurrency` loops, each awaiting its own commands one after the other:
 * loop k sends commands k, k + concurrency, … and command i goes to stream i mod streams (a stream
 * belongs to one loop because streams is a multiple of concurrency). Returns the wall time of the
 * whole, from the first command sent to the last one answered.
 */
export const runCommandLoops = async (
  commands: number,
  streams: number,
  concurrency: number,
  send: (i: number, stream: number) => Promise<void>,
): Promise<number> => {
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, k) => {
      for (let i = k; i < commands; i += concurrency) await send(i, i % streams);
    }),
  );
  return Number(process.hrtime.bigint() - start) / 1e9;
};
