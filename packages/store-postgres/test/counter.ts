import { type Decider, defineEvent, eventCatalog } from "@privacy-ledger/eventsourcing";
import { right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";

/**
 * A counter whose every event carries the value it moves to. A decision taken on stale state repeats a
 * value, so "values are 1..n in version order" proves that no decision was lost or taken twice.
 */
export const Counted = defineEvent({ type: "Counted", codec: t.type({ value: t.number }) });
export const counterCatalog = eventCatalog([Counted]);
type CounterEvent = { readonly type: "Counted"; readonly data: { readonly value: number } };

export const counterDecider: Decider<{ readonly kind: "Count" }, CounterEvent, number> = {
  initialState: 0,
  evolve: (_, event) => event.data.value,
  decide: (_, state) => right([{ type: "Counted", data: { value: state + 1 } }]),
};
