import { failingPaths, type Rejection } from "@privacy-ledger/eventsourcing";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import type { Check } from "./checks.js";
import type { ClauseId } from "./clauses.js";
import { reject } from "./reject.js";

export interface Definition {
  readonly type: string;
  readonly codec: t.Mixed;
}

/**
 * The io-ts boundary for commands: the events a decider is about to record are checked against their
 * codecs before they leave it, so a value outside a closed set (a contact role, a channel, a right) that
 * the compiler could not stop, e.g. from JSON, is refused with the failing path, never stored (a stored
 * event its codec refuses would make the whole stream unreadable). The rejection names paths, never values.
 */
export const eventShapeRule = (rule: string, clause: ClauseId, definitions: readonly Definition[]) => {
  const codecs = new Map(definitions.map((definition) => [definition.type, definition.codec]));
  return (events: readonly { readonly type: string; readonly data: unknown }[]): Check => {
    for (const event of events) {
      const codec = codecs.get(event.type);
      if (codec === undefined)
        return reject(rule, clause, undefined, `${event.type} is not an event of this aggregate`);
      const decoded = codec.decode(event.data);
      if (isLeft(decoded))
        return reject(
          rule,
          clause,
          undefined,
          `invalid input for ${event.type}: ${failingPaths(decoded.left).join(", ")}`,
        );
    }
    return undefined;
  };
};

/** Picks the event definitions (`defineEvent` results) out of a module's exports. */
export const isDefinition = (value: unknown): value is Definition =>
  typeof value === "object" &&
  value !== null &&
  "type" in value &&
  "codec" in value &&
  typeof (value as { type: unknown }).type === "string";

/**
 * An aggregate's `decided`: the events when the rules held (`check` undefined) and the events match their
 * codecs; otherwise the first rejection. One per aggregate, with its input rule id.
 */
export const decidedWith = <E extends { readonly type: string; readonly data: unknown }>(
  rule: string,
  clause: ClauseId,
  module: Record<string, unknown>,
) => {
  const wellFormed = eventShapeRule(rule, clause, (Object.values(module) as unknown[]).filter(isDefinition));
  return (check: Check, events: () => readonly E[]): Either<Rejection, readonly E[]> => {
    if (check !== undefined) return left(check);
    const recorded = events();
    const malformed = wellFormed(recorded);
    return malformed === undefined ? right(recorded) : left(malformed);
  };
};
