import * as t from "io-ts";
import { LegalBasisCodec } from "../shared/legalBasis.js";

/**
 * The shapes of the PrivacyPolicy register (P6, decision D1): the versions of the policy, their
 * announcements to the clients, the re-consent a new consent-based purpose needs, and the company's
 * choice of basis for e-mail tracking (decision D2). It speaks of versions, purposes and client ids,
 * never of persons: nothing here is personal data, so no field is marked `personal()`.
 */

/** One stream for the whole register. */
export const PRIVACY_POLICY_STREAM = "privacy-policy";

/**
 * A purpose a version adds (Art. 13(1)(c), 13(3)), with the basis it rests on (P2, Art. 6(1)). A purpose
 * on consent (Art. 6(1)(a)) is not covered by consents given for other purposes (INV-33, Art. 6(1)(a)
 * "for one or more specific purposes", Art. 7(2)).
 */
export const AddedPurposeCodec = t.type(
  { purpose: t.string, legalBasis: LegalBasisCodec, description: t.string },
  "AddedPurpose",
);
export type AddedPurpose = t.TypeOf<typeof AddedPurposeCodec>;

/**
 * How a policy change reaches the clients. P6.1 says "through our newsletter"; INV-32 requires a service
 * notice, which goes to every current client whatever their marketing preferences (gdpr-domain.md §1.4
 * point 2): the newsletter's audience leaves out whoever unsubscribed or objected.
 */
export const AnnouncementChannelCodec = t.keyof(
  { serviceNotice: null, newsletter: null },
  "AnnouncementChannel",
);
export type AnnouncementChannel = t.TypeOf<typeof AnnouncementChannelCodec>;

/**
 * A purpose that needs a consent of its own since a policy version added it (INV-33): consents for it
 * given before `since` (the version's publication) do not count.
 */
export interface RequiredConsent {
  readonly purpose: string;
  readonly versionId: string;
  readonly since: string;
}

/**
 * The basis on which opens and clicks of e-mails are recorded (INV-21, decision D2): consent by default
 * (EDPB Guidelines 2/2023: tracking pixels and links fall under Art. 5(3) ePD, Tw art. 11.7a), or the
 * policy's own reading, legitimate interest with its assessment (P1.F.4, P2.3), once the CTO or a DPO
 * recorded that override.
 */
export type TrackingBasis =
  | { readonly kind: "consent" }
  | { readonly kind: "legitimateInterest"; readonly liaRef: string; readonly since: string };

/** Purpose ids as the register names them ("marketing.newsletter"): lower camel words joined by dots. */
export const PURPOSE_ID = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/;
