import type { RestrictionsInForce } from "../shared/restrictions.js";
import type { DataSubjectState } from "./state.js";

/**
 * The restrictions in force of the given subjects (fold each DataSubject stream with
 * `evolveDataSubject`), as the value other aggregates' deciders take (INV-42). A restriction stays in
 * force until it is lifted, so a subject with none is left out.
 */
export const restrictionsInForce = (states: Iterable<DataSubjectState>): RestrictionsInForce => {
  const inForce = new Map<string, DataSubjectState["restrictions"]>();
  for (const state of states)
    if (state.restrictions.length > 0) inForce.set(state.subjectId, state.restrictions);
  return inForce;
};
