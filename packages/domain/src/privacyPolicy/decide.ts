import type { Decider } from "@privacy-ledger/eventsourcing";
import type { PrivacyPolicyCommand } from "./commands.js";
import { announcePolicyChange } from "./decideAnnouncement.js";
import { publishPolicyVersion, putPolicyVersionIntoEffect, requestReconsent } from "./decidePublication.js";
import { overrideTrackingBasis, revokeTrackingBasisOverride } from "./decideTracking.js";
import type { PrivacyPolicyEvent } from "./events.js";
import type { Decision } from "./rules.js";
import { evolvePrivacyPolicy, initialPrivacyPolicyState, type PrivacyPolicyState } from "./state.js";

export interface PrivacyPolicyOptions {
  /**
   * The ids of the current clients (client organisations with a running subscription), as the Subscription
   * streams stand when deciding: the audience an announcement must reach (INV-32). A value, not a lookup,
   * so the decider stays pure; the event records whom the notice reached and how many clients were current.
   */
  readonly currentClients: ReadonlySet<string>;
}

export type PrivacyPolicyDecider = Decider<PrivacyPolicyCommand, PrivacyPolicyEvent, PrivacyPolicyState>;

const decideFor =
  (currentClients: ReadonlySet<string>) =>
  (command: PrivacyPolicyCommand, state: PrivacyPolicyState): Decision => {
    switch (command.kind) {
      case "PublishPolicyVersion":
        return publishPolicyVersion(command, state);
      case "AnnouncePolicyChange":
        return announcePolicyChange(command, state, currentClients);
      case "RequestReconsent":
        return requestReconsent(command, state);
      case "PutPolicyVersionIntoEffect":
        return putPolicyVersionIntoEffect(command, state);
      case "OverrideTrackingBasis":
        return overrideTrackingBasis(command, state);
      case "RevokeTrackingBasisOverride":
        return revokeTrackingBasisOverride(command, state);
    }
  };

/**
 * The PrivacyPolicy register (P6, decision D1; the tracking basis of D2): one stream
 * (`PRIVACY_POLICY_STREAM`).
 */
export const privacyPolicyDecider = (options: PrivacyPolicyOptions): PrivacyPolicyDecider => ({
  initialState: initialPrivacyPolicyState,
  evolve: evolvePrivacyPolicy,
  decide: decideFor(options.currentClients),
});
