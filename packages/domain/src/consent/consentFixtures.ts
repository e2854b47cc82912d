import type { Actor } from "@privacy-ledger/eventsourcing";
import type { ProcessingRegisterEvent } from "../processingRegister/events.js";
import type { ProcessingActivity } from "../processingRegister/records.js";
import { companyRegister } from "../testing/companyRegister.js";
import type { GiveConsent, PresentConsentRequest, SendNewsletter } from "./commands.js";
import { consentDecider } from "./decide.js";
import type { ConsentEvent } from "./events.js";
import { NEWSLETTER_PURPOSE, suppressionToken, TRACKING_PURPOSE } from "./records.js";

/**
 * Test support for the Consent aggregate: the register activities for newsletters, tracking and website
 * sign-ups (added to the company register by its events, as tests do), actors, and builders of commands and
 * their events. Not exported from the package.
 */

export const SUBJECT = "subj-9c2e";
export const LEGAL_ENTITY = "kvk-12345678";
export const OTHER_ENTITY = "kvk-87654321";

export const staff: Actor = { id: "actor-emp", roles: ["employee"] };
export const mailer: Actor = { id: "actor-mailer", roles: ["system"] };
export const cto: Actor = { id: "actor-cto", roles: ["CTO", "management"] };
/** The person acting for themself (web form, preference page): the actor id is the subject id. */
export const person: Actor = { id: SUBJECT, roles: [] };
export const clientAdmin: Actor = { id: "actor-client-admin", roles: ["clientAdministrator"] };
/** Whoever follows an unsubscribe link: no roles at all. */
export const linkFollower: Actor = { id: "actor-link", roles: [] };

const marketingRetention = {
  retentionClass: "marketing",
  trigger: "consentWithdrawnOrObjection",
  period: { amount: 0, unit: "months" },
} as const;

export const NEWSLETTER_ACTIVITIES = {
  /** P1.F.1-P1.F.4, Art. 6(1)(a): newsletters and tracking on consent. */
  newsletterConsent: {
    activityId: "act-newsletter",
    name: "Newsletters and e-mail tracking on consent",
    purposes: [NEWSLETTER_PURPOSE, TRACKING_PURPOSE],
    legalBasis: { kind: "consent" },
    dataCategories: ["name", "email", "emailInteraction"],
    subjectCategories: ["newsletterSubscriber", "prospect", "customer", "businessContact"],
    recipientCategories: ["processor:hosting"],
    retention: marketingRetention,
    clauses: ["P1.F.1", "P1.F.2", "P1.F.3", "P1.F.4"],
  },
  /** P1.F.3, Tw art. 11.7(3), recital 47: newsletters to customers on the soft opt-in. */
  newsletterCustomers: {
    activityId: "act-newsletter-customers",
    name: "Newsletters to existing customers (soft opt-in)",
    purposes: [NEWSLETTER_PURPOSE],
    legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2026-03" },
    dataCategories: ["name", "email"],
    subjectCategories: ["customer", "businessContact"],
    recipientCategories: ["processor:hosting"],
    retention: marketingRetention,
    clauses: ["P1.F.3"],
  },
  /** P1.F.5, P1.F.7: prospects' interest from the website. */
  prospects: {
    activityId: "act-prospects",
    name: "Website interest of prospective users",
    purposes: ["prospect.interest"],
    legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2026-04" },
    dataCategories: ["name", "email", "interest"],
    subjectCategories: ["prospect"],
    recipientCategories: ["staff"],
    retention: marketingRetention,
    clauses: ["P1.F.5", "P1.F.7"],
  },
  /** P1.F.4 read as the policy does (P2.3), for the D2 override. */
  trackingLegitimateInterest: {
    activityId: "act-tracking-li",
    name: "E-mail opens on legitimate interest (policy reading, D2 override)",
    purposes: [TRACKING_PURPOSE],
    legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2026-05" },
    dataCategories: ["emailInteraction"],
    subjectCategories: ["newsletterSubscriber", "prospect", "customer", "businessContact"],
    recipientCategories: ["processor:hosting"],
    retention: marketingRetention,
    clauses: ["P1.F.4", "P2.3"],
  },
} as const satisfies Record<string, ProcessingActivity>;

export const newsletterRegisterEvents: readonly ProcessingRegisterEvent[] = Object.values(
  NEWSLETTER_ACTIVITIES,
).map((activity): ProcessingRegisterEvent => ({ type: "ProcessingActivityRegistered", data: { activity } }));

export const register = companyRegister(newsletterRegisterEvents);

export const consent = consentDecider({ register, legalEntityId: LEGAL_ENTITY });

/** A blind-index secret as the key store would hold it (fixed, for tests). */
export const BLIND_INDEX_SECRET = Buffer.alloc(32, 7);
export const EMAIL = "anna@example.org";
export const TOKEN = suppressionToken(BLIND_INDEX_SECRET, EMAIL);

export const NOTICE = "notice-newsletter-v3";
export const PRESENTED_AT = "2026-02-02T09:00:00Z";
export const GIVEN_AT = "2026-02-02T09:01:00Z";

export const present = (fields: Partial<PresentConsentRequest> = {}): PresentConsentRequest => ({
  kind: "PresentConsentRequest",
  actor: mailer,
  subjectId: SUBJECT,
  noticeVersionId: NOTICE,
  purposes: [NEWSLETTER_PURPOSE, TRACKING_PURPOSE],
  presentedAt: PRESENTED_AT,
  channel: "webForm",
  ...fields,
});

export const presented = (command: PresentConsentRequest = present()): ConsentEvent => ({
  type: "ConsentRequestPresented",
  data: {
    subjectId: command.subjectId,
    noticeVersionId: command.noticeVersionId,
    purposes: command.purposes,
    presentedAt: command.presentedAt,
    channel: command.channel,
  },
});

export const give = (fields: Partial<GiveConsent> = {}): GiveConsent => ({
  kind: "GiveConsent",
  actor: person,
  subjectId: SUBJECT,
  consentId: "cons-1",
  purpose: NEWSLETTER_PURPOSE,
  activityId: "act-newsletter",
  subjectCategory: "newsletterSubscriber",
  noticeVersionId: NOTICE,
  givenAt: GIVEN_AT,
  channel: "webForm",
  preTicked: false,
  bundledWithContract: false,
  name: "Anna de Vries",
  email: EMAIL,
  ...fields,
});

export const given = (command: GiveConsent = give(), presentedAt = PRESENTED_AT): ConsentEvent => ({
  type: "ConsentGiven",
  data: {
    subjectId: command.subjectId,
    consentId: command.consentId,
    purpose: command.purpose,
    activityId: command.activityId,
    evidence: {
      noticeVersionId: command.noticeVersionId,
      presentedAt,
      givenAt: command.givenAt,
      channel: command.channel,
      actorId: command.actor.id,
      givenBySubject: command.actor.id === command.subjectId,
    },
    ...(command.name === undefined ? {} : { name: command.name }),
    ...(command.email === undefined ? {} : { email: command.email }),
  },
});

export const givenTracking = (at = GIVEN_AT): ConsentEvent =>
  given(
    give({
      consentId: "cons-track",
      purpose: TRACKING_PURPOSE,
      givenAt: at,
      name: undefined,
      email: undefined,
    }),
  );

export const SENDER = {
  name: "Basewise B.V.",
  legalEntityId: LEGAL_ENTITY,
  contactAddress: "Postbus 1, 1000 AA Amsterdam",
};

export const send = (fields: Partial<SendNewsletter> = {}): SendNewsletter => {
  const messageId = fields.messageId ?? "msg-2026-03";
  const unsubscribeToken = fields.unsubscribeToken ?? `unsub-${messageId}`;
  return {
    kind: "SendNewsletter",
    actor: mailer,
    subjectId: SUBJECT,
    messageId,
    activityId: "act-newsletter",
    recipientCategory: "newsletterSubscriber",
    recipientToken: TOKEN,
    productLines: ["process-management-tool"],
    sender: SENDER,
    unsubscribeUrl: `https://mail.basewise.example/unsubscribe/${unsubscribeToken}`,
    unsubscribeToken,
    sentAt: "2026-03-02T08:00:00Z",
    ...fields,
  };
};

export const sent = (
  command: SendNewsletter = send(),
  consentId: string | null = "cons-1",
): ConsentEvent => ({
  type: "NewsletterSent",
  data: {
    subjectId: command.subjectId,
    messageId: command.messageId,
    activityId: command.activityId,
    recipientCategory: command.recipientCategory,
    basis: consentId === null ? "softOptIn" : "consent",
    consentId,
    productLines: command.productLines,
    sender: command.sender,
    unsubscribeUrl: command.unsubscribeUrl,
    unsubscribeToken: command.unsubscribeToken,
    sentAt: command.sentAt,
  },
});

export const blocked = (
  rule: string,
  clause: string,
  article: string,
  command: SendNewsletter = send(),
): ConsentEvent => ({
  type: "SendBlocked",
  data: {
    subjectId: command.subjectId,
    messageId: command.messageId,
    rule,
    clause,
    article,
    blockedAt: command.sentAt,
  },
});

export const objected = (at = "2026-04-01T10:00:00Z"): ConsentEvent => ({
  type: "DirectMarketingObjectionRecorded",
  data: { subjectId: SUBJECT, objectedAt: at, channel: "email" },
});

export const unsubscribed = (messageId = "msg-2026-03", at = "2026-03-03T10:00:00Z"): ConsentEvent => ({
  type: "UnsubscribedViaLink",
  data: { subjectId: SUBJECT, messageId, unsubscribedAt: at },
});
