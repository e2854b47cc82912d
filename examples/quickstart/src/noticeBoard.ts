import {
  type Decider,
  defineEvent,
  type EventOf,
  eventCatalog,
  rejection,
} from "@privacy-ledger/eventsourcing";
import { left, right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";

/**
 * A deliberately small aggregate for the quickstart: the register of processors (P5.2) that the
 * company announces to its clients. The real policy aggregates live in @privacy-ledger/domain.
 */
export const ProcessorAdded = defineEvent({
  type: "ProcessorAdded",
  codec: t.type({ processorId: t.string, purpose: t.string, euLocation: t.boolean }),
  clauses: ["P5.2"],
});
export const ProcessorRemoved = defineEvent({
  type: "ProcessorRemoved",
  codec: t.type({ processorId: t.string }),
  clauses: ["P5.2"],
});
export const processorCatalog = eventCatalog([ProcessorAdded, ProcessorRemoved]);
export type ProcessorEvent = EventOf<typeof ProcessorAdded> | EventOf<typeof ProcessorRemoved>;

export type ProcessorCommand =
  | {
      readonly kind: "AddProcessor";
      readonly processorId: string;
      readonly purpose: string;
      readonly euLocation: boolean;
    }
  | { readonly kind: "RemoveProcessor"; readonly processorId: string };

export type ProcessorRegister = ReadonlyMap<string, { readonly purpose: string }>;

export const processorRegister: Decider<ProcessorCommand, ProcessorEvent, ProcessorRegister> = {
  initialState: new Map(),
  evolve: (state, event) => {
    const next = new Map(state);
    if (event.type === "ProcessorAdded") next.set(event.data.processorId, { purpose: event.data.purpose });
    else next.delete(event.data.processorId);
    return next;
  },
  decide: (command, state) => {
    switch (command.kind) {
      case "AddProcessor":
        // P5.1: personal data stays inside the EU/EEA.
        if (!command.euLocation)
          return left(
            rejection({
              rule: "EXAMPLE-EU",
              clause: "P5.1",
              article: "Art. 44",
              message: "processors must process data in the EU/EEA",
            }),
          );
        if (state.has(command.processorId)) return right([]);
        return right([
          {
            type: "ProcessorAdded",
            data: {
              processorId: command.processorId,
              purpose: command.purpose,
              euLocation: command.euLocation,
            },
          },
        ]);
      case "RemoveProcessor":
        return state.has(command.processorId)
          ? right([{ type: "ProcessorRemoved", data: { processorId: command.processorId } }])
          : right([]);
    }
  },
};
