import type { Decider } from "@privacy-ledger/eventsourcing";
import { left } from "fp-ts/lib/Either.js";
import { type PrivacyPolicyState, requiredConsentsOf, trackingBasisOf } from "../privacyPolicy/state.js";
import type { ProcessingRegisterState } from "../processingRegister/state.js";
import type { ConsentCommand } from "./commands.js";
import { giveConsent, presentConsentRequest, withdrawConsent } from "./decideConsent.js";
import { objectToDirectMarketing, recordSuppression, unsubscribeViaLink } from "./decideOptOut.js";
import { establishSoftOptIn, registerWebsiteInterest } from "./decideProspects.js";
import { recordEmailOpen, type SendingContext, sendNewsletter } from "./decideSending.js";
import type { ConsentEvent } from "./events.js";
import { type Decision, opaqueId, sameSubject } from "./rules.js";
import { type ConsentState, evolveConsent, initialConsentState, type SuppressionList } from "./state.js";

export interface ConsentOptions {
  /** The processing register as it stands (INV-01): newsletters, tracking and sign-ups under registered activities. */
  readonly register: ProcessingRegisterState;
  /**
   * The company's own legal entity (e.g. "kvk-12345678"): the sender every e-mail names (INV-17) and the
   * entity that must have collected an address for the soft opt-in (Tw art. 11.7(3)).
   */
  readonly legalEntityId: string;
  /**
   * The PrivacyPolicy register as it stands: which purposes need a consent given since a version added them
   * (INV-33) and the tracking basis (INV-21, D2: consent unless the override was recorded). Without it:
   * no re-consent requirement, tracking on consent.
   */
  readonly policy?: PrivacyPolicyState;
  /**
   * INV-20: the suppression tokens of every consent stream (`suppressionListOf`), so an address erased
   * under one subject id is not mailed under another. The person's own stream is always checked.
   */
  readonly suppressionList?: SuppressionList;
}

export type ConsentDecider = Decider<ConsentCommand, ConsentEvent, ConsentState>;

const decideFor =
  (options: ConsentOptions) =>
  (command: ConsentCommand, state: ConsentState): Decision => {
    const wrongSubject =
      sameSubject(state, command.subjectId) ?? opaqueId(command.subjectId, "subjectId", "P1.F");
    if (wrongSubject !== undefined) return left(wrongSubject);
    const { register, legalEntityId, policy } = options;
    const context: SendingContext = {
      register,
      legalEntityId,
      suppressionList: options.suppressionList,
      requiredConsents: policy === undefined ? [] : requiredConsentsOf(policy),
      trackingBasis: policy === undefined ? { kind: "consent" } : trackingBasisOf(policy),
    };
    switch (command.kind) {
      case "PresentConsentRequest":
        return presentConsentRequest(command, state);
      case "GiveConsent":
        return giveConsent(command, state, register);
      case "WithdrawConsent":
        return withdrawConsent(command, state);
      case "UnsubscribeViaLink":
        return unsubscribeViaLink(command, state);
      case "ObjectToDirectMarketing":
        return objectToDirectMarketing(command, state);
      case "RegisterWebsiteInterest":
        return registerWebsiteInterest(command, state, register);
      case "EstablishSoftOptIn":
        return establishSoftOptIn(command, state, register, legalEntityId);
      case "SendNewsletter":
        return sendNewsletter(command, state, context);
      case "RecordEmailOpen":
        return recordEmailOpen(command, state, context);
      case "RecordSuppression":
        return recordSuppression(command, state);
    }
  };

/**
 * The Consent aggregate (P1.F, P1.E.4; INV-13, INV-16…INV-23; D2, D4): consent per purpose on a shown
 * notice, withdrawal and unsubscribe in one step, the absolute objection, website sign-ups, the soft opt-in,
 * newsletters sent or blocked, tracked opens, and the suppression that outlives erasure. One stream per
 * person (`consentStreamId`).
 */
export const consentDecider = (options: ConsentOptions): ConsentDecider => ({
  initialState: initialConsentState,
  evolve: evolveConsent,
  decide: decideFor(options),
});
