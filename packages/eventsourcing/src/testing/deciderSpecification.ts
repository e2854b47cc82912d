import { AssertionError, deepStrictEqual } from "node:assert";
import { isLeft } from "fp-ts/lib/Either.js";
import type { Decider } from "../decider/decider.js";
import type { Rejection } from "../decider/rejection.js";

export interface DeciderThen<Event> {
  /** The command is accepted and produces exactly these events. */
  readonly thenEvents: (expected: readonly Event[]) => void;
  /** The command is refused by this rule (any fields given must match). */
  readonly thenRejects: (expected: Partial<Omit<Rejection, "kind">>) => Rejection;
  /** The command is accepted and changes nothing (an idempotent repeat). */
  readonly thenNothingHappens: () => void;
}

/**
 * Given/when/then for deciders, in the style of Emmett's DeciderSpecification. Pure: no store, no
 * clock. Throws node's AssertionError, so it works under any test runner.
 */
export const deciderSpecification = <Command, Event, State>(decider: Decider<Command, Event, State>) => ({
  given: (history: readonly Event[]) => ({
    when: (command: Command): DeciderThen<Event> => {
      const state = history.reduce(decider.evolve, decider.initialState);
      const decision = decider.decide(command, state);
      const accepted = (): readonly Event[] => {
        if (isLeft(decision))
          throw new AssertionError({
            message: `expected the command to be accepted, but ${decision.left.rule} (${decision.left.clause ?? "no clause"}) rejected it: ${decision.left.message}`,
          });
        return decision.right;
      };
      return {
        thenEvents: (expected) => deepStrictEqual(accepted(), expected),
        thenNothingHappens: () => deepStrictEqual(accepted(), []),
        thenRejects: (expected) => {
          if (!isLeft(decision))
            throw new AssertionError({
              message: `expected a rejection by ${expected.rule ?? "a rule"}, but the command was accepted with ${decision.right.length} event(s)`,
            });
          const actual: Record<string, unknown> = { ...decision.left };
          for (const [key, value] of Object.entries(expected))
            deepStrictEqual(actual[key], value, `rejection.${key}`);
          return decision.left;
        },
      };
    },
  }),
});
