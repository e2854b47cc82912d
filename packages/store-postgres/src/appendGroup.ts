import {
  type AppendError,
  type AppendResult,
  type ChainedEvent,
  canonicalTexts,
  type ExpectedVersion,
  type NewEvent,
  planAppend,
  type StoredEvent,
  type StoredEventLocation,
  type StreamHead,
} from "@privacy-ledger/eventsourcing";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import { toSafeInteger } from "./rowCodec.js";

/**
 * A group of appends (see `CommitGroup`) planned against stream heads: pure, so that both ways the store
 * writes a group (under the lock after reading the heads, or in one statement against the heads it last
 * saw) decide every append the same way.
 */

export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedVersion: ExpectedVersion | undefined;
}

export type AppendOutcome = Either<AppendError, AppendResult>;

export interface PlannedGroup {
  /** Each append's outcome, in order; undefined for the planned ones until their positions are known. */
  readonly decided: readonly (AppendOutcome | undefined)[];
  /** The appends that write, in order, with their chained events. */
  readonly planned: readonly {
    readonly index: number;
    readonly request: AppendRequest;
    readonly events: readonly ChainedEvent[];
  }[];
}

/**
 * Plans each append in order with the kernel's `planAppend`, against `heads` as the earlier appends of
 * the group leave them: `heads` is updated in place to the heads after the group.
 */
export const planGroup = (
  requests: readonly AppendRequest[],
  heads: Map<string, StreamHead>,
  known: ReadonlyMap<string, StoredEventLocation>,
  recordedAt: string,
): PlannedGroup => {
  const planned: { index: number; request: AppendRequest; events: readonly ChainedEvent[] }[] = [];
  const decided = requests.map((request, index): AppendOutcome | undefined => {
    const { streamId, events, expectedVersion } = request;
    const head = heads.get(streamId);
    const existing = new Map<string, StoredEventLocation>();
    for (const event of events) {
      const location = known.get(event.id);
      if (location) existing.set(event.id, location);
    }
    const plan = planAppend(
      {
        streamId,
        head,
        existing,
        expectedVersion,
        recordedAt,
      },
      events,
    );
    if (isLeft(plan)) return left(plan.left);
    if (plan.right.kind === "replay") return right(plan.right.result);
    const last = plan.right.events.at(-1);
    // An empty batch has nothing to write: it only checked the expected version.
    if (!last)
      return right({
        streamId,
        nextExpectedVersion: head?.version ?? 0,
        globalPositions: [],
        idempotentReplay: false,
      });
    heads.set(streamId, { streamId, version: last.streamVersion, hash: last.hash });
    planned.push({ index, request, events: plan.right.events });
    return undefined; // decided once its positions are known
  });
  return { decided, planned };
};

/**
 * The streams a group's appends name as absent: those whose first append in the group expects the
 * stream not to exist (`no_stream`, or version 0). That names the head exactly (there is none), so a
 * stream the store has no head hint for can still be planned, e.g. a batch writing a new stream with
 * no read before it. As with any hint, the server checks it and a wrong one costs only the planned
 * statement. One pass over the group, whatever its size.
 */
export const streamsExpectedAbsent = (requests: readonly AppendRequest[]): ReadonlySet<string> => {
  const seen = new Set<string>();
  const absent = new Set<string>();
  for (const { streamId, expectedVersion } of requests) {
    if (seen.has(streamId)) continue;
    seen.add(streamId);
    if (expectedVersion === "no_stream" || expectedVersion === 0) absent.add(streamId);
  }
  return absent;
};

/** Every append's outcome, once the planned events were written at `positions` (in their order). */
export const settle = (group: PlannedGroup, positions: readonly number[]): AppendOutcome[] => {
  const outcomes = [...group.decided];
  let next = 0;
  for (const { index, events } of group.planned) {
    const last = events.at(-1) as ChainedEvent;
    outcomes[index] = right({
      streamId: last.streamId,
      nextExpectedVersion: last.streamVersion,
      globalPositions: positions.slice(next, next + events.length),
      idempotentReplay: false,
    });
    next += events.length;
  }
  return outcomes.map((outcome) => {
    if (outcome === undefined) throw new Error("an append of the group was left undecided");
    return outcome;
  });
};

/**
 * The write's bind parameters: the events as unnest-able arrays, then the heads they move. Stored as
 * canonical JSON, the exact text the hash was computed over, so what is read back re-hashes
 * identically whatever the caller's objects looked like (key order, toJSON, ...).
 */
export const writeParameters = (
  events: readonly (ChainedEvent | StoredEvent)[],
  heads: readonly StreamHead[],
): unknown[] => {
  const texts = events.map(canonicalTexts);
  return [
    events.map((e) => e.id),
    events.map((e) => e.streamId),
    events.map((e) => e.streamVersion),
    events.map((e) => e.type),
    events.map((e) => e.schemaVersion),
    texts.map((t) => t.data),
    texts.map((t) => t.metadata),
    events.map((e) => e.prevHash),
    events.map((e) => e.hash),
    heads.map((head) => head.streamId),
    heads.map((head) => head.version),
    heads.map((head) => head.hash),
  ];
};

/** The written events' global positions in the events' order, from the rows the write returned. */
export const positionsInOrder = (
  events: readonly { readonly id: string; readonly streamId: string; readonly streamVersion: number }[],
  rows: readonly { readonly event_id: string | null; readonly global_position: unknown }[],
): number[] => {
  const positions = new Map(rows.map((row) => [row.event_id, toSafeInteger(row.global_position)]));
  return events.map((event) => {
    const position = positions.get(event.id);
    if (position === undefined)
      throw new Error(`the position of ${event.streamId}@${event.streamVersion} could not be read back`);
    return position;
  });
};
