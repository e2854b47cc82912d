import { left, right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { defineEvent, type EventOf, eventCatalog } from "../src/codecs/eventCatalog.js";
import type { Decider } from "../src/decider/decider.js";
import { rejection } from "../src/decider/rejection.js";
import { isErased } from "../src/protection/erased.js";
import { type Personal, personal } from "../src/protection/personal.js";

/** A small aggregate with personal data of two subjects, for the protection layer's tests (P1.F). */
export const Subscribed = defineEvent({
  type: "Subscribed",
  codec: t.type({
    subjectId: t.string,
    email: personal(t.string, { subject: "subjectId", retention: "marketing" }),
    name: personal(t.string, { subject: "subjectId", retention: "marketing" }),
    birthDate: personal(t.string, {
      subject: "subjectId",
      retention: "marketing",
      partial: (d) => d.slice(0, 4),
    }),
    referrer: t.partial({
      subjectId: t.string,
      email: personal(t.string, { subject: "subjectId", retention: "relationship" }),
    }),
    guests: t.readonlyArray(
      t.type({
        subjectId: t.string,
        name: personal(t.string, { subject: "subjectId", retention: "training" }),
      }),
    ),
  }),
  clauses: ["P1.F.1"],
});
export const Unsubscribed = defineEvent({
  type: "Unsubscribed",
  codec: t.type({ subjectId: t.string }),
  clauses: ["P1.F.6"],
});
export const newsletterCatalog = eventCatalog([Subscribed, Unsubscribed]);
export type NewsletterEvent = EventOf<typeof Subscribed> | EventOf<typeof Unsubscribed>;

export type NewsletterCommand =
  | { readonly kind: "Subscribe"; readonly data: EventOf<typeof Subscribed>["data"] }
  | { readonly kind: "Unsubscribe"; readonly subjectId: string };

export interface NewsletterState {
  readonly subscribed: boolean;
  readonly email: Personal<string> | undefined;
}

export const newsletterDecider: Decider<NewsletterCommand, NewsletterEvent, NewsletterState> = {
  initialState: { subscribed: false, email: undefined },
  evolve: (state, event) =>
    event.type === "Subscribed"
      ? { subscribed: true, email: event.data.email }
      : { ...state, subscribed: false },
  decide: (command, state) => {
    if (command.kind === "Subscribe")
      return state.subscribed ? right([]) : right([{ type: "Subscribed", data: command.data }]);
    if (!state.subscribed)
      return left(rejection({ rule: "TEST-NOT-SUBSCRIBED", clause: "P1.F.6", message: "not subscribed" }));
    return right([{ type: "Unsubscribed", data: { subjectId: command.subjectId } }]);
  },
};

export const emailOf = (state: NewsletterState): string =>
  state.email === undefined ? "(none)" : isErased(state.email) ? "(erased)" : state.email;
