import {
  type Actor,
  type Clock,
  type CommandFailure,
  commandHandler,
  type Decider,
  type DomainEvent,
  type EventCatalog,
  type EventStore,
  type Rejection,
  uuidFromName,
} from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";

/** The company's clock for the year: the scenario moves it forward; every event takes its time from it. */
export interface SteppingClock extends Clock {
  readonly set: (iso: string) => void;
}

export const steppingClock = (start: string): SteppingClock => {
  let current = new Date(start);
  return {
    now: () => current,
    set: (iso) => {
      const next = new Date(iso);
      if (next.getTime() < current.getTime()) throw new Error(`the clock does not go back: ${iso}`);
      current = next;
    },
  };
};

/** What happened, line by line, and the rules that stopped something (the demo prints both). */
export interface Journal {
  readonly lines: string[];
  readonly refusals: Rejection[];
}

/** A decider built for one command, from what holds right before it (see `aggregate`). */
type DeciderFor<Command, Event extends DomainEvent, State> = (
  streamId: string,
  command: Command,
) => Promise<Decider<Command, Event, State>>;

const describeFailure = (failure: CommandFailure): string =>
  failure.kind === "Rejection"
    ? `${failure.rule} (${failure.clause}${failure.article === undefined ? "" : `, ${failure.article}`}): ${failure.message}`
    : `${failure.kind}: ${failure.message}`;

/**
 * One aggregate's commands through the kernel's command handler: `ok` for what must be accepted (the
 * scenario stops on a surprise), `refused` for what the policy must stop (recorded in the journal).
 * Command ids are derived from a counter, so a rerun of the scenario is the same history. The decider
 * is given as it is, or as a function that builds it for each command from what holds at that moment
 * (the Subscription decider takes the restrictions in force, INV-42).
 */
export const aggregate = <
  Command extends { readonly kind: string; readonly actor: Actor },
  Event extends DomainEvent,
  State,
>(
  name: string,
  deps: {
    readonly store: EventStore;
    readonly clock: SteppingClock;
    readonly journal: Journal;
    readonly seq: { n: number };
  },
  decider: Decider<Command, Event, State> | DeciderFor<Command, Event, State>,
  catalog: EventCatalog<Event>,
) => {
  const handlerOf = (current: Decider<Command, Event, State>) =>
    commandHandler({
      store: deps.store,
      decider: current,
      catalog,
      clock: deps.clock,
      actorOf: (command) => command.actor,
    });
  const fixed = typeof decider === "function" ? undefined : handlerOf(decider);
  const handle: ReturnType<typeof handlerOf> = async (streamId, envelope) =>
    (fixed ?? handlerOf(await (decider as DeciderFor<Command, Event, State>)(streamId, envelope.command)))(
      streamId,
      envelope,
    );
  const day = () => deps.clock.now().toISOString().slice(0, 10);
  const send = (streamId: string, command: Command) => {
    deps.seq.n += 1;
    return handle(streamId, {
      command,
      actor: command.actor,
      commandId: uuidFromName(`year-of-the-company/${deps.seq.n}`),
    });
  };
  return {
    ok: async (streamId: string, command: Command): Promise<State> => {
      const result = await send(streamId, command);
      if (isLeft(result))
        throw new Error(`${name} ${command.kind} was refused: ${describeFailure(result.left)}`);
      const types = result.right.events.map((event) => event.type);
      deps.journal.lines.push(
        `${day()}  ${name.padEnd(16)} ${command.kind} → ${types.join(", ") || "(nothing new)"}`,
      );
      return result.right.state;
    },
    refused: async (streamId: string, command: Command, why: string): Promise<Rejection> => {
      const result = await send(streamId, command);
      if (!isLeft(result) || result.left.kind !== "Rejection")
        throw new Error(`${name} ${command.kind} should have been refused (${why})`);
      deps.journal.refusals.push(result.left);
      deps.journal.lines.push(
        `${day()}  ${name.padEnd(16)} ${command.kind} REFUSED ${describeFailure(result.left)}`,
      );
      return result.left;
    },
  };
};
