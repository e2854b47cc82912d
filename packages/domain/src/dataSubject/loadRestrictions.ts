import { EventDecodingFailed, type EventStore } from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import type { RestrictionsInForce } from "../shared/restrictions.js";
import { dataSubjectCatalog } from "./events.js";
import { dataSubjectStreamId } from "./records.js";
import { type DataSubjectState, evolveDataSubject, initialDataSubjectState } from "./state.js";

/**
 * The restrictions of processing in force (INV-42, P7.d, GDPR Art. 18) of these subjects, read from
 * their DataSubject streams: the value the Subscription decider's `restrictions` option takes. For a
 * Subscription command, `loadSubscriptionRestrictions` finds the subjects (the command's and the
 * subscription's own) and calls this. A subject without a DataSubject stream has none.
 */
export const loadRestrictionsInForce = async (
  store: EventStore,
  subjectIds: Iterable<string>,
): Promise<RestrictionsInForce> => {
  const inForce = new Map<string, DataSubjectState["restrictions"]>();
  for (const subjectId of new Set(subjectIds)) {
    let state = initialDataSubjectState;
    for await (const stored of store.readStream(dataSubjectStreamId(subjectId))) {
      const decoded = dataSubjectCatalog.decode(stored);
      if (isLeft(decoded)) throw new EventDecodingFailed(decoded.left);
      state = evolveDataSubject(state, decoded.right);
    }
    // Under the id the decider will look up: the one whose stream was read.
    if (state.restrictions.length > 0) inForce.set(subjectId, state.restrictions);
  }
  return inForce;
};
