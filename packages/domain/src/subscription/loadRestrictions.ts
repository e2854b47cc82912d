import { EventDecodingFailed, type EventStore } from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import { loadRestrictionsInForce } from "../dataSubject/loadRestrictions.js";
import type { RestrictionsInForce } from "../shared/restrictions.js";
import type { SubscriptionCommand } from "./commands.js";
import { subscriptionCatalog } from "./events.js";
import { evolveSubscription, initialSubscriptionState, type SubscriptionState } from "./state.js";

/**
 * The restrictions in force (INV-42, P7.d, GDPR Art. 18) that a Subscription command may run into: of
 * every person the command names (its `…SubjectId` fields) and of the subscription's requester and
 * users, read from the subscription's stream. The stream matters: a usage record names its user by
 * pseudonym only, and supplied data are the requester's without naming them. Load it right before
 * handling the command and pass it as the Subscription decider's `restrictions`.
 */
export const loadSubscriptionRestrictions = async (
  store: EventStore,
  streamId: string,
  command: SubscriptionCommand,
): Promise<RestrictionsInForce> => {
  let state: SubscriptionState = initialSubscriptionState;
  for await (const stored of store.readStream(streamId)) {
    const decoded = subscriptionCatalog.decode(stored);
    if (isLeft(decoded)) throw new EventDecodingFailed(decoded.left);
    state = evolveSubscription(state, decoded.right);
  }
  return loadRestrictionsInForce(store, [
    ...subjectsNamedBy(command),
    ...(state.requesterSubjectId === "" ? [] : [state.requesterSubjectId]),
    ...state.users.keys(),
  ]);
};

/** The subject ids a command names: its fields whose name ends in `SubjectId`. */
const subjectsNamedBy = (command: SubscriptionCommand): string[] =>
  Object.entries(command)
    .filter(([field, value]) => field.endsWith("SubjectId") && typeof value === "string" && value !== "")
    .map(([, value]) => value as string);
