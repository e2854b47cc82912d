import { blindIndexToken, normaliseEmail } from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";

/**
 * The shapes the Consent aggregate's commands and events share (P1.F, P1.E.4; decisions D2, D4). One stream
 * per person (`consent-<subjectId>`), the subject id opaque; name and e-mail address sit in fields sealed
 * in the "marketing" retention class, so they go when the newsletter data go (D4), while the evidence of
 * consent (notice version, times, channel, actor id) stays readable for Art. 7(1).
 */

/** One stream per person; the id is opaque, so the stream id holds no personal data. */
export const consentStreamId = (subjectId: string): string => `consent-${subjectId}`;

/** P1.F.2, P1.F.3, INV-16: newsletters and other commercial e-mail (Tw art. 11.7 treats both alike). */
export const NEWSLETTER_PURPOSE = "marketing.newsletter";
/** P1.F.4, P1.F.7, INV-21: opens and clicks of e-mails, used inside the tool. */
export const TRACKING_PURPOSE = "marketing.emailTracking";
/** P1.F.5, P1.F.7: a prospective user's interest in the tools and services, from the website. */
export const INTEREST_PURPOSE = "prospect.interest";

/** The register's data categories these purposes process (Art. 30(1)(c)). */
export const NEWSLETTER_CATEGORIES = ["name", "email"] as const;
export const TRACKING_CATEGORIES = ["emailInteraction"] as const;
export const INTEREST_CATEGORIES = ["name", "email", "interest"] as const;

/** INV-23: how the consent request was shown and answered. */
export const ConsentChannelCodec = t.keyof(
  { webForm: null, inApp: null, email: null, phone: null, paper: null },
  "ConsentChannel",
);
export type ConsentChannel = t.TypeOf<typeof ConsentChannelCodec>;

/**
 * Whom a newsletter goes to, as the register's subject categories name them: someone who subscribed, a
 * prospect from the website (P1.F.5), a customer (soft opt-in), a business contact (P1.E.4, INV-13).
 */
export const RecipientCategoryCodec = t.keyof(
  { newsletterSubscriber: null, prospect: null, customer: null, businessContact: null },
  "RecipientCategory",
);
export type RecipientCategory = t.TypeOf<typeof RecipientCategoryCodec>;

/** INV-23, Art. 7(1): what the company can show of a consent. Nothing personal: ids, times, a channel. */
export const ConsentEvidenceCodec = t.type(
  {
    noticeVersionId: t.string,
    presentedAt: t.string,
    givenAt: t.string,
    channel: ConsentChannelCodec,
    /** The actor who gave it (the person acting for themself) or recorded it (staff, on the phone). */
    actorId: t.string,
    givenBySubject: t.boolean,
  },
  "ConsentEvidence",
);
export type ConsentEvidence = t.TypeOf<typeof ConsentEvidenceCodec>;

/**
 * INV-17, Tw art. 11.7(1)(b), ePD recital 34: who sends, identified in every message. Company data, not
 * personal data.
 */
export const SenderIdentityCodec = t.type(
  { name: t.string, legalEntityId: t.string, contactAddress: t.string },
  "SenderIdentity",
);
export type SenderIdentity = t.TypeOf<typeof SenderIdentityCodec>;

/**
 * Tw art. 11.7(3) (Art. 13(2) ePD), INV-16(B): the existing-customer exception. Every condition is a
 * field the company must be able to show; the decider refuses the soft opt-in when any one fails.
 */
export const SoftOptInConditionsCodec = t.type(
  {
    /** (1) The address was obtained in the sale of a product or service, or the contract for it. */
    saleRef: t.string,
    obtainedAt: t.string,
    /** (2) By the same legal entity that sends (the decider's `legalEntityId`). */
    collectedByLegalEntityId: t.string,
    /** (3) For the sender's own similar products or services: the product lines of the sale. */
    similarProducts: t.readonlyArray(t.string),
    /** (4a) The person was told at collection that the address would be used for such e-mail. */
    informedAtCollection: t.boolean,
    /**
     * (4b) The opt-out was offered clearly, free and easily at collection. A mention in the terms or the
     * privacy statement is not enough (ACM, as DDMA reports it).
     */
    optOutAtCollection: t.keyof({
      offeredSeparately: null,
      onlyInTermsOrPrivacyStatement: null,
      notOffered: null,
    }),
    /** Whether the person used that opt-out then; if so, there is no soft opt-in. */
    optedOutAtCollection: t.boolean,
  },
  "SoftOptInConditions",
);
export type SoftOptInConditions = t.TypeOf<typeof SoftOptInConditionsCodec>;

/** P1.F.4: what the e-mail service reports. */
export const InteractionCodec = t.keyof({ open: null, click: null }, "Interaction");
export type Interaction = t.TypeOf<typeof InteractionCodec>;

/** INV-20, D4: why the person's newsletter data were erased, leaving only the suppression token. */
export const SuppressionReasonCodec = t.keyof(
  { erasureRequest: null, retentionElapsed: null },
  "SuppressionReason",
);
export type SuppressionReason = t.TypeOf<typeof SuppressionReasonCodec>;

/**
 * INV-20: the kind under which suppression tokens are computed with the kernel's blind index. A kind of its
 * own, so the tokens of the suppression list cannot be matched against the kernel's lookup index of
 * e-mail addresses (which is deleted with the subject's keys).
 */
export const SUPPRESSION_TOKEN_KIND = "marketing-suppression";

/**
 * INV-20: the suppression token of an e-mail address: the kernel's keyed blind index (HMAC-SHA-256 under the
 * key store's blind-index secret, `keyStore.blindIndexKey()`), normalised as e-mail addresses are. The app
 * computes it, before the erasure for `RecordSuppression`, and for every `SendNewsletter`.
 */
export const suppressionToken = (blindIndexSecret: Buffer, email: string): string =>
  blindIndexToken(blindIndexSecret, SUPPRESSION_TOKEN_KIND, email, normaliseEmail);

/** The shape of a blind-index token: base64url of a SHA-256 HMAC (43 characters), never an address. */
export const isSuppressionToken = (text: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(text);
