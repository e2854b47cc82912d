import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import { EventDecodingFailed } from "../codecs/decodeError.js";
import type { EventCatalog } from "../codecs/eventCatalog.js";
import type { Decider, DomainEvent } from "../decider/decider.js";
import { type Rejection, rejection } from "../decider/rejection.js";
import type { NewEvent, StoredEvent } from "../envelope/envelope.js";
import type { Actor } from "../envelope/metadata.js";
import type { WrongExpectedVersion } from "../eventStore/errors.js";
import type { AppendResult, EventStore } from "../eventStore/eventStore.js";
import { type Clock, systemClock } from "../ports/clock.js";
import { type IdGenerator, uuidFromName } from "../ports/idGenerator.js";
import type { CommandEnvelope } from "./commandEnvelope.js";

/** Every attempt lost the race for the stream: the caller may retry later or report a busy stream. */
export interface ConcurrencyConflict {
  readonly kind: "ConcurrencyConflict";
  readonly streamId: string;
  readonly attempts: number;
  readonly lastConflict: WrongExpectedVersion;
  readonly message: string;
}

/** A stream id that was reused by other event ids, e.g. a command id used twice for different commands. */
export interface DuplicateCommand {
  readonly kind: "DuplicateCommand";
  readonly streamId: string;
  readonly message: string;
}

export type CommandFailure = Rejection | ConcurrencyConflict | DuplicateCommand;

export interface HandledCommand<Event, State> {
  readonly events: readonly Event[];
  readonly stored: AppendResult;
  readonly state: State;
  readonly attempts: number;
}

export interface CommandHandlerDeps<Command, Event extends DomainEvent, State> {
  readonly store: EventStore;
  readonly decider: Decider<Command, Event, State>;
  readonly catalog: EventCatalog<Event>;
  readonly clock?: Clock;
  /**
   * Event ids. By default each is derived from the command id and the event's index, so a command sent
   * again (a retry after a lost acknowledgement) appends nothing twice: the store recognises the ids
   * and returns the original result. Pass a generator only to opt out of that.
   */
  readonly ids?: IdGenerator;
  /** Attempts before a version conflict becomes a `ConcurrencyConflict`; default 3. */
  readonly maxAttempts?: number;
  /**
   * Where commands carry their own actor (the decider checks its roles), the actor named in the command.
   * The handler then refuses an envelope whose actor differs, so the actor recorded in every event's
   * metadata is always the one the decider checked.
   */
  readonly actorOf?: (command: Command) => Actor | undefined;
}

export type CommandHandler<Command, Event, State> = (
  streamId: string,
  envelope: CommandEnvelope<Command>,
) => Promise<Either<CommandFailure, HandledCommand<Event, State>>>;

/**
 * Load, fold, decide, append with the exact version that was folded. On a version conflict the whole
 * decision is taken again on fresh state (Equinox's optimistic loop), because the rule that allowed
 * the command may no longer allow it. Rejections are returned as they are, never retried.
 */
export const commandHandler = <Command, Event extends DomainEvent, State>(
  deps: CommandHandlerDeps<Command, Event, State>,
): CommandHandler<Command, Event, State> => {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids;
  const maxAttempts = deps.maxAttempts ?? 3;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) throw new RangeError("maxAttempts must be >= 1");

  return async (streamId, envelope) => {
    const checked = deps.actorOf?.(envelope.command);
    if (checked !== undefined && !sameActor(checked, envelope.actor))
      return left(
        rejection({
          rule: "ACTOR-MISMATCH",
          message: `the command names actor ${checked.id} but is sent by ${envelope.actor.id} (or with other roles); the events would record someone other than who was checked`,
        }),
      );
    let lastConflict: WrongExpectedVersion | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const { state, version } = await load(deps, streamId);
      const decision = deps.decider.decide(envelope.command, state);
      if (isLeft(decision)) return decision;
      const events = decision.right;
      const newEvents = events.map((event, index) =>
        toNewEvent(
          deps.catalog,
          envelope,
          event,
          ids?.next() ?? commandEventId(envelope.commandId, index),
          clock,
        ),
      );
      const appended = await deps.store.append(streamId, newEvents, { expectedVersion: version });
      if (isLeft(appended)) {
        if (appended.left.kind === "EventIdConflict")
          return left({ kind: "DuplicateCommand", streamId, message: appended.left.message });
        lastConflict = appended.left;
        continue;
      }
      // A replay means the command was applied before: the state loaded already holds its events.
      const newState = appended.right.idempotentReplay ? state : events.reduce(deps.decider.evolve, state);
      return right({ events, stored: appended.right, state: newState, attempts: attempt });
    }
    const conflict = lastConflict as WrongExpectedVersion;
    return left({
      kind: "ConcurrencyConflict",
      streamId,
      attempts: maxAttempts,
      lastConflict: conflict,
      message: `stream ${streamId} changed under ${maxAttempts} attempts in a row; the command was not applied`,
    });
  };
};

const sameActor = (a: Actor, b: Actor): boolean =>
  a.id === b.id && a.roles.length === b.roles.length && a.roles.every((role) => b.roles.includes(role));

/** Folds a stream into state, decoding every event through the catalog. */
export const load = async <Event extends DomainEvent, State>(
  deps: {
    readonly store: EventStore;
    readonly decider: Pick<Decider<never, Event, State>, "initialState" | "evolve">;
    readonly catalog: EventCatalog<Event>;
  },
  streamId: string,
): Promise<{ state: State; version: number }> => {
  let state = deps.decider.initialState;
  let version = 0;
  for await (const stored of deps.store.readStream(streamId)) {
    state = deps.decider.evolve(state, decodeOrThrow(deps.catalog, stored));
    version = stored.streamVersion;
  }
  return { state, version };
};

const decodeOrThrow = <Event extends DomainEvent>(
  catalog: EventCatalog<Event>,
  stored: StoredEvent,
): Event => {
  const decoded = catalog.decode(stored);
  if (isLeft(decoded)) throw new EventDecodingFailed(decoded.left);
  return decoded.right;
};

/** The id of the index-th event a command produces: the same command always yields the same ids. */
export const commandEventId = (commandId: string, index: number): string =>
  uuidFromName(JSON.stringify(["privacy-ledger/command-event", commandId, index]));

const toNewEvent = <Command, Event extends DomainEvent>(
  catalog: EventCatalog<Event>,
  envelope: CommandEnvelope<Command>,
  event: Event,
  id: string,
  clock: Clock,
): NewEvent => {
  const encoded = catalog.encode(event);
  const clauses = [...new Set([...encoded.clauses, ...(envelope.clauses ?? [])])];
  return {
    id,
    type: encoded.type,
    schemaVersion: encoded.schemaVersion,
    data: encoded.data,
    metadata: {
      actor: envelope.actor,
      correlationId: envelope.correlationId ?? envelope.commandId,
      causationId: envelope.commandId,
      occurredAt: (envelope.occurredAt ?? clock.now()).toISOString(),
      clauses,
    },
  };
};
