import type { ProcessingRegisterState } from "../processingRegister/state.js";
import { reject } from "../shared/reject.js";
import type { EstablishSoftOptIn, RegisterWebsiteInterest } from "./commands.js";
import {
  INTEREST_CATEGORIES,
  INTEREST_PURPOSE,
  NEWSLETTER_CATEGORIES,
  NEWSLETTER_PURPOSE,
} from "./records.js";
import {
  activityBasis,
  actorHolds,
  before,
  type Check,
  type Decision,
  decided,
  firstFailure,
  instant,
  MARKETING_STAFF_ROLES,
  notBlank,
  objectionStands,
  opaqueId,
  registeredProcessing,
  selfOrStaff,
} from "./rules.js";
import type { ConsentState } from "./state.js";

/**
 * P1.F.5, P1.F.7, INV-01: a prospective user's interest from the website (name, address, the tools and
 * services they asked about) under the registered activity for that purpose. It is no consent to
 * newsletters: those need a `GiveConsent` of their own (INV-16, INV-22), e.g. a separate box on the form.
 */
export const registerWebsiteInterest = (
  command: RegisterWebsiteInterest,
  _state: ConsentState,
  register: ProcessingRegisterState,
): Decision => {
  const { subjectId, activityId, signedUpAt, name, email, interests } = command;
  return decided(
    firstFailure(
      () => selfOrStaff(command.actor, subjectId, "registering website interest", "P1.F.5"),
      () => opaqueId(activityId, "activityId", "P1.F.5"),
      () => instant(signedUpAt, "signedUpAt", "P1.F.5"),
      () => notBlank(name, "name", "P1.F.5"),
      () => notBlank(email, "email", "P1.F.5"),
      () =>
        interests.length === 0 || interests.some((interest) => interest.trim() === "")
          ? reject("CONSENT-FIELD", "P1.F.7", undefined, "a sign-up names the tools or services it is about")
          : undefined,
      () =>
        registeredProcessing(register, {
          activityId,
          purpose: INTEREST_PURPOSE,
          legalBasisKind: activityBasis(register, activityId) ?? "legitimateInterest",
          dataCategories: INTEREST_CATEGORIES,
          subjectCategory: "prospect",
        }),
    ),
    () => [
      {
        type: "WebsiteInterestRegistered",
        data: { subjectId, activityId, purpose: INTEREST_PURPOSE, signedUpAt, name, email, interests },
      },
    ],
  );
};

const softOptIn = (holds: boolean, condition: string): Check =>
  holds
    ? undefined
    : reject("INV-16", "P1.F.3", "Tw art. 11.7(3); Art. 13(2) ePD", `no soft opt-in: ${condition}`);

/**
 * P1.F.3, INV-16(B), Tw art. 11.7(3): the existing-customer exception, only with every condition shown:
 * (1) the address was obtained in a sale or contract for a product or service, (2) by the same legal entity
 * that sends, (3) for its own similar products or services, (4) the person was told at collection and
 * offered a clear, free opt-out then (not only in terms or the privacy statement) and did not use it;
 * (5) the opt-out in every message is INV-17, checked on every send. Not while an objection stands
 * (INV-19: only a new consent outweighs it). On legitimate interest (recital 47), under a registered activity.
 */
export const establishSoftOptIn = (
  command: EstablishSoftOptIn,
  state: ConsentState,
  register: ProcessingRegisterState,
  legalEntityId: string,
): Decision => {
  const { subjectId, activityId, recipientCategory, conditions, establishedAt, name, email } = command;
  return decided(
    firstFailure(
      () => actorHolds(command.actor, MARKETING_STAFF_ROLES, "establishing a soft opt-in", "P1.F.3"),
      () => opaqueId(activityId, "activityId", "P1.F.3"),
      () => instant(establishedAt, "establishedAt", "P1.F.3"),
      () => instant(conditions.obtainedAt, "conditions.obtainedAt", "P1.F.3"),
      () => notBlank(name, "name", "P1.F.1"),
      () => notBlank(email, "email", "P1.F.1"),
      () =>
        softOptIn(
          conditions.saleRef.trim() !== "" && opaqueId(conditions.saleRef, "saleRef", "P1.F.3") === undefined,
          "the address must be obtained in a sale or contract, named by its reference",
        ),
      () =>
        softOptIn(
          !before(establishedAt, conditions.obtainedAt),
          "the address cannot be obtained after the soft opt-in is established",
        ),
      () =>
        softOptIn(
          conditions.collectedByLegalEntityId === legalEntityId,
          `the address was collected by ${conditions.collectedByLegalEntityId}, not by the sender ${legalEntityId}`,
        ),
      () =>
        softOptIn(
          conditions.similarProducts.length > 0 && conditions.similarProducts.every((p) => p.trim() !== ""),
          "it covers the sender's own similar products or services; name them",
        ),
      () => softOptIn(conditions.informedAtCollection, "the person was not told at collection"),
      () =>
        softOptIn(
          conditions.optOutAtCollection === "offeredSeparately",
          conditions.optOutAtCollection === "onlyInTermsOrPrivacyStatement"
            ? "an opt-out only in the terms or the privacy statement is not offered clearly at collection"
            : "no opt-out was offered at collection",
        ),
      () => softOptIn(!conditions.optedOutAtCollection, "the person opted out at collection"),
      () =>
        objectionStands(state, undefined)
          ? reject(
              "INV-19",
              "P1.F.3",
              "Art. 21(3)",
              "the person objected to direct marketing; only a new consent can outweigh that",
            )
          : undefined,
      () =>
        registeredProcessing(register, {
          activityId,
          purpose: NEWSLETTER_PURPOSE,
          legalBasisKind: "legitimateInterest",
          dataCategories: NEWSLETTER_CATEGORIES,
          subjectCategory: recipientCategory,
        }),
    ),
    () => [
      {
        type: "SoftOptInEstablished",
        data: { subjectId, activityId, recipientCategory, conditions, establishedAt, name, email },
      },
    ],
  );
};
