import type { Either } from "fp-ts/lib/Either.js";
import type { Rejection } from "./rejection.js";

/** A domain event as a decider sees it: a type tag and its data, no envelope. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * The decider of Equinox and Emmett: a pure state machine. `decide` never does I/O; time, ids and
 * randomness reach it through the command.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State) => Either<Rejection, readonly Event[]>;
}

/** Folds a history into state. */
export const fold = <Event, State>(
  decider: Pick<Decider<unknown, Event, State>, "initialState" | "evolve">,
  events: Iterable<Event>,
): State => {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
