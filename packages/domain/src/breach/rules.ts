import type { Actor, Rejection } from "@privacy-ledger/eventsourcing";
import type { Either } from "fp-ts/lib/Either.js";
import { type Check, firstFailure } from "../shared/checks.js";
import type { ClauseId } from "../shared/clauses.js";
import { decidedWith } from "../shared/eventShape.js";
import { reject } from "../shared/reject.js";
import { roleRule } from "../shared/roleCheck.js";
import { hasRole } from "../shared/roles.js";
import { blank, instantRule } from "../shared/values.js";
import type { BreachEvent } from "./events.js";
import * as breachEvents from "./events.js";
import type { DecisionSubject } from "./records.js";
import type { BreachState } from "./state.js";

export { type Check, firstFailure };

export type Decision = Either<Rejection, readonly BreachEvent[]>;

/** The events when every rule holds and they match their codecs (the io-ts boundary for commands). */
export const decided = decidedWith<BreachEvent>("BR-INPUT", "P8.8", breachEvents);

export const instant = instantRule("BR-INSTANT");
export const actorHolds = roleRule("BR-ROLE");

/** P8.1, P8.2, D6: the CTO leads the investigation, or the delegate the CTO recorded. */
export const leadsInvestigation = (
  actor: Actor,
  state: BreachState,
  what: string,
  clause: ClauseId,
): Check =>
  hasRole(actor, "CTO") || (state.delegateActorId !== undefined && actor.id === state.delegateActorId)
    ? undefined
    : reject(
        "BR-ROLE",
        clause,
        undefined,
        `${what} is the CTO's, or the delegate's the CTO recorded; actor ${actor.id} is neither`,
      );

/**
 * The checks every step of the investigation starts with: the incident is open, the CTO or the recorded
 * delegate acts (P8.1, D6), and the step has a valid instant.
 */
export const investigationStep = (
  command: { readonly actor: Actor; readonly at: string },
  state: BreachState,
  what: string,
  clause: ClauseId,
): Check =>
  firstFailure(
    () => open(state, clause),
    () => leadsInvestigation(command.actor, state, what, clause),
    () => instant(command.at, "at", clause),
  );

/** The incident exists and is not closed. */
export const open = (state: BreachState, clause: ClauseId): Check =>
  state.status === "reported"
    ? undefined
    : reject(
        "BR-STATUS",
        clause,
        undefined,
        state.status === "none"
          ? "no possible breach was reported under this incident id"
          : `incident ${state.incidentId} is closed`,
      );

const E_MAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const PHONE = /(?:\+?\d[\s-]?){8,}/;

/**
 * INV-56, P8.8, Art. 5(1)(c): the breach record describes systems, causes and measures; who is affected
 * is counted, never named. A text with an e-mail address or a telephone number is refused, so the
 * register (kept for accountability, never erased) does not become a store of contact details.
 */
export const noContactDetails = (text: string, what: string): Check =>
  E_MAIL.test(text) || PHONE.test(text)
    ? reject(
        "INV-56",
        "P8.8",
        "Art. 5(1)(c)",
        `${what} must not hold an e-mail address or a telephone number; count the people concerned, do not name them`,
      )
    : undefined;

export const required = (
  text: string,
  rule: string,
  clause: ClauseId,
  article: string | undefined,
  what: string,
): Check => (blank(text) ? reject(rule, clause, article, `${what} is required`) : undefined);

/** P8.7: a notification is made on a decision taken about it (INV-49, INV-50 are checked when it is taken). */
export const takenDecision = (
  state: BreachState,
  decisionId: string,
  about: readonly DecisionSubject[],
  clause: ClauseId,
): Check => {
  const decision = state.decisions.get(decisionId);
  if (decision === undefined)
    return reject("INV-50", clause, undefined, `no decision ${decisionId} was proposed for this incident`);
  if (!about.includes(decision.about))
    return reject(
      "INV-50",
      clause,
      undefined,
      `decision ${decisionId} is about ${decision.about}, not ${about.join(" or ")}`,
    );
  return decision.taken
    ? undefined
    : reject("INV-50", clause, undefined, `decision ${decisionId} is not taken yet (approvals missing)`);
};
