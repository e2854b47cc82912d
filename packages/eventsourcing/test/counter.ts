import { left, right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { defineEvent, type EventOf, eventCatalog } from "../src/codecs/eventCatalog.js";
import type { Decider } from "../src/decider/decider.js";
import { rejection } from "../src/decider/rejection.js";

/** A tiny decider for kernel tests: a counter with a ceiling. */
export const Incremented = defineEvent({
  type: "Incremented",
  codec: t.type({ by: t.number }),
  clauses: ["P0.TEST"],
});
export const counterCatalog = eventCatalog([Incremented]);
export type CounterEvent = EventOf<typeof Incremented>;
export type CounterCommand = { readonly kind: "Increment"; readonly by: number };
export type CounterState = { readonly total: number };

export const CEILING = 10;

export const counterDecider: Decider<CounterCommand, CounterEvent, CounterState> = {
  initialState: { total: 0 },
  evolve: (state, event) => ({ total: state.total + event.data.by }),
  decide: (command, state) =>
    state.total + command.by > CEILING
      ? left(rejection({ rule: "INV-TEST", clause: "P0.TEST", message: `total may not pass ${CEILING}` }))
      : right([{ type: "Incremented", data: { by: command.by } }]),
};
