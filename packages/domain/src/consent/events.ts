import { defineEvent, type EventOf, eventCatalog, personal } from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";
import {
  ConsentChannelCodec,
  ConsentEvidenceCodec,
  InteractionCodec,
  RecipientCategoryCodec,
  SenderIdentityCodec,
  SoftOptInConditionsCodec,
  SuppressionReasonCodec,
} from "./records.js";

/** P1.F.1, D4: name and e-mail for newsletters, sealed in the marketing class. */
const marketing = { subject: "subjectId", retention: "marketing" } as const;

/**
 * P1.F.3, INV-23, Art. 7(2): a consent request on a versioned notice was shown to the person, for these
 * purposes, each to be answered on its own.
 */
export const ConsentRequestPresented = defineEvent({
  type: "ConsentRequestPresented",
  codec: t.type({
    subjectId: t.string,
    noticeVersionId: t.string,
    purposes: t.readonlyArray(t.string),
    presentedAt: t.string,
    channel: ConsentChannelCodec,
  }),
  clauses: ["P1.F.3"],
});

/**
 * P1.F.1, P1.F.3, INV-22, INV-23, Art. 6(1)(a), 7(1): consent for one purpose, with its evidence. For the
 * newsletter the address (and a name, if given) it is for.
 */
export const ConsentGiven = defineEvent({
  type: "ConsentGiven",
  codec: t.intersection([
    t.type({
      subjectId: t.string,
      consentId: t.string,
      purpose: t.string,
      activityId: t.string,
      evidence: ConsentEvidenceCodec,
    }),
    t.partial({
      name: personal(t.string, marketing),
      email: personal(t.string, { ...marketing, lookup: "email" }),
    }),
  ]),
  clauses: ["P1.F.1", "P1.F.3"],
});

/** P1.F.3, INV-18, Art. 7(3): withdrawn, in one step, effective for every later send. */
export const ConsentWithdrawn = defineEvent({
  type: "ConsentWithdrawn",
  codec: t.type({
    subjectId: t.string,
    consentId: t.string,
    purpose: t.string,
    withdrawnAt: t.string,
    channel: ConsentChannelCodec,
  }),
  clauses: ["P1.F.3"],
});

/**
 * P1.F.6, INV-18, Art. 7(3), 21(2), Tw art. 11.7(4)(c): the unsubscribe link of a message was used: the
 * person no longer wants those e-mails (newsletter consent and soft opt-in end).
 */
export const UnsubscribedViaLink = defineEvent({
  type: "UnsubscribedViaLink",
  codec: t.type({ subjectId: t.string, messageId: t.string, unsubscribedAt: t.string }),
  clauses: ["P1.F.6"],
});

/** P1.F.3, INV-19, Art. 21(2), 21(3): an objection to direct marketing; absolute. */
export const DirectMarketingObjectionRecorded = defineEvent({
  type: "DirectMarketingObjectionRecorded",
  codec: t.type({ subjectId: t.string, objectedAt: t.string, channel: ConsentChannelCodec }),
  clauses: ["P1.F.3"],
});

/** P1.F.5, P1.F.7: a prospective user expressed interest on the website, in these tools and services. */
export const WebsiteInterestRegistered = defineEvent({
  type: "WebsiteInterestRegistered",
  codec: t.type({
    subjectId: t.string,
    activityId: t.string,
    purpose: t.string,
    signedUpAt: t.string,
    name: personal(t.string, marketing),
    email: personal(t.string, { ...marketing, lookup: "email" }),
    interests: personal(t.readonlyArray(t.string), marketing),
  }),
  clauses: ["P1.F.5", "P1.F.7"],
});

/** P1.F.3, INV-16(B), Tw art. 11.7(3): the existing-customer exception holds, every condition shown. */
export const SoftOptInEstablished = defineEvent({
  type: "SoftOptInEstablished",
  codec: t.type({
    subjectId: t.string,
    activityId: t.string,
    recipientCategory: RecipientCategoryCodec,
    conditions: SoftOptInConditionsCodec,
    establishedAt: t.string,
    name: personal(t.string, marketing),
    email: personal(t.string, { ...marketing, lookup: "email" }),
  }),
  clauses: ["P1.F.3"],
});

/**
 * P1.F.2, P1.F.3, P1.F.6, INV-16, INV-17: a newsletter went out, on this basis, with the sender's identity
 * and a working unsubscribe link (its token accepted by `UnsubscribeViaLink`).
 */
export const NewsletterSent = defineEvent({
  type: "NewsletterSent",
  codec: t.type({
    subjectId: t.string,
    messageId: t.string,
    activityId: t.string,
    recipientCategory: RecipientCategoryCodec,
    basis: t.keyof({ consent: null, softOptIn: null }),
    consentId: t.union([t.string, t.null]),
    productLines: t.readonlyArray(t.string),
    sender: SenderIdentityCodec,
    unsubscribeUrl: t.string,
    unsubscribeToken: t.string,
    sentAt: t.string,
  }),
  clauses: ["P1.F.2", "P1.F.3", "P1.F.6"],
});

/**
 * P1.F.3, P1.E.4, INV-13, INV-16, INV-18, INV-19, INV-20: the newsletter was not sent to this person, and
 * the rule that stopped it (the send log shows who was left out and why).
 */
export const SendBlocked = defineEvent({
  type: "SendBlocked",
  codec: t.type({
    subjectId: t.string,
    messageId: t.string,
    rule: t.string,
    clause: t.string,
    article: t.string,
    blockedAt: t.string,
  }),
  clauses: ["P1.F.3", "P1.E.4"],
});

/**
 * P1.F.4, INV-21, D2: an open or click of a sent message, on consent for tracking or, where the company
 * recorded the override, on legitimate interest. The moment is sealed in the marketing class: behaviour
 * of a person that goes with the newsletter data.
 */
export const EmailOpenRecorded = defineEvent({
  type: "EmailOpenRecorded",
  codec: t.type({
    subjectId: t.string,
    messageId: t.string,
    activityId: t.string,
    interaction: InteractionCodec,
    basis: t.keyof({ consent: null, legitimateInterest: null }),
    liaRef: t.union([t.string, t.null]),
    at: personal(t.string, marketing),
  }),
  clauses: ["P1.F.4"],
});

/**
 * P1.F.6, INV-20, D4: the address, as a blind-index token only, stays on the suppression list after the
 * person's newsletter data are erased, so that it is never mailed again.
 */
export const SuppressionTokenRecorded = defineEvent({
  type: "SuppressionTokenRecorded",
  codec: t.type({
    subjectId: t.string,
    token: t.string,
    reason: SuppressionReasonCodec,
    recordedAt: t.string,
  }),
  clauses: ["P1.F.6"],
});

export const consentCatalog = eventCatalog([
  ConsentRequestPresented,
  ConsentGiven,
  ConsentWithdrawn,
  UnsubscribedViaLink,
  DirectMarketingObjectionRecorded,
  WebsiteInterestRegistered,
  SoftOptInEstablished,
  NewsletterSent,
  SendBlocked,
  EmailOpenRecorded,
  SuppressionTokenRecorded,
]);

export type ConsentEvent =
  | EventOf<typeof ConsentRequestPresented>
  | EventOf<typeof ConsentGiven>
  | EventOf<typeof ConsentWithdrawn>
  | EventOf<typeof UnsubscribedViaLink>
  | EventOf<typeof DirectMarketingObjectionRecorded>
  | EventOf<typeof WebsiteInterestRegistered>
  | EventOf<typeof SoftOptInEstablished>
  | EventOf<typeof NewsletterSent>
  | EventOf<typeof SendBlocked>
  | EventOf<typeof EmailOpenRecorded>
  | EventOf<typeof SuppressionTokenRecorded>;
