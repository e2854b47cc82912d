import {
  type ConsentCommand,
  type ConsentEvent,
  type ConsentState,
  consentDecider,
  consentStreamId,
  NEWSLETTER_PURPOSE,
  type ProcessingActivity,
  type ProcessingRegisterEvent,
  suppressionToken,
  TRACKING_PURPOSE,
} from "@privacy-ledger/domain";
import { companyRegister } from "@privacy-ledger/domain/testing";
import type { Actor, EventStore } from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import { appendPolicyEvents } from "./policyEventLog.js";

/**
 * Test support: consent events made by the domain's Consent decider (so every event is one the policy
 * allows), appended to a store with the command's instant as `occurredAt`. The register holds the company's
 * activities plus the newsletter activities (on consent, and on the soft opt-in for customers).
 */
export const LEGAL_ENTITY = "kvk-12345678";
export const mailer: Actor = { id: "actor-mailer", roles: ["system"] };
export const marketingStaff: Actor = { id: "actor-emp", roles: ["employee"] };
/** The person acting for themself: the actor id is the subject id (Art. 7(3), INV-18). */
export const personActor = (subjectId: string): Actor => ({ id: subjectId, roles: [] });

const marketingRetention = {
  retentionClass: "marketing",
  trigger: "consentWithdrawnOrObjection",
  period: { amount: 0, unit: "months" },
} as const;

const NEWSLETTER_ACTIVITIES = [
  {
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
  {
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
] as const satisfies readonly ProcessingActivity[];

const registerEvents: readonly ProcessingRegisterEvent[] = NEWSLETTER_ACTIVITIES.map((activity) => ({
  type: "ProcessingActivityRegistered",
  data: { activity },
}));

export const NOTICE = "notice-newsletter-v3";
export const emailOf = (subjectId: string) => `${subjectId}@example.org`;
/** INV-20: the suppression token of a subject's address under a fixed blind-index secret. */
export const tokenOf = (subjectId: string) => suppressionToken(Buffer.alloc(32, 7), emailOf(subjectId));

/** The commands a test writes, with the fields the tests vary; the rest are sound defaults. */
export const consentCommands = {
  present: (subjectId: string, presentedAt: string): ConsentCommand => ({
    kind: "PresentConsentRequest",
    actor: mailer,
    subjectId,
    noticeVersionId: NOTICE,
    purposes: [NEWSLETTER_PURPOSE],
    presentedAt,
    channel: "webForm",
  }),
  give: (subjectId: string, consentId: string, givenAt: string): ConsentCommand => ({
    kind: "GiveConsent",
    actor: personActor(subjectId),
    subjectId,
    consentId,
    purpose: NEWSLETTER_PURPOSE,
    activityId: "act-newsletter",
    subjectCategory: "newsletterSubscriber",
    noticeVersionId: NOTICE,
    givenAt,
    channel: "webForm",
    preTicked: false,
    bundledWithContract: false,
    name: "Anna de Vries",
    email: emailOf(subjectId),
  }),
  withdraw: (subjectId: string, withdrawnAt: string): ConsentCommand => ({
    kind: "WithdrawConsent",
    actor: personActor(subjectId),
    subjectId,
    purpose: NEWSLETTER_PURPOSE,
    withdrawnAt,
    channel: "email",
  }),
  send: (subjectId: string, messageId: string, sentAt: string, softOptIn = false): ConsentCommand => ({
    kind: "SendNewsletter",
    actor: mailer,
    subjectId,
    messageId,
    activityId: softOptIn ? "act-newsletter-customers" : "act-newsletter",
    recipientCategory: softOptIn ? "customer" : "newsletterSubscriber",
    recipientToken: tokenOf(subjectId),
    productLines: ["process-management-tool"],
    sender: {
      name: "Basewise B.V.",
      legalEntityId: LEGAL_ENTITY,
      contactAddress: "Postbus 1, 1000 AA Amsterdam",
    },
    unsubscribeUrl: `https://mail.basewise.example/unsubscribe/unsub-${subjectId}-${messageId}`,
    unsubscribeToken: `unsub-${subjectId}-${messageId}`,
    sentAt,
  }),
  unsubscribe: (subjectId: string, messageId: string, unsubscribedAt: string): ConsentCommand => ({
    kind: "UnsubscribeViaLink",
    actor: { id: "actor-link", roles: [] },
    subjectId,
    linkToken: `unsub-${subjectId}-${messageId}`,
    unsubscribedAt,
  }),
  object: (subjectId: string, objectedAt: string): ConsentCommand => ({
    kind: "ObjectToDirectMarketing",
    actor: personActor(subjectId),
    subjectId,
    objectedAt,
    channel: "email",
  }),
  softOptIn: (subjectId: string, establishedAt: string): ConsentCommand => ({
    kind: "EstablishSoftOptIn",
    actor: marketingStaff,
    subjectId,
    activityId: "act-newsletter-customers",
    recipientCategory: "customer",
    conditions: {
      saleRef: "sale-2026-017",
      obtainedAt: establishedAt,
      collectedByLegalEntityId: LEGAL_ENTITY,
      similarProducts: ["process-management-tool"],
      informedAtCollection: true,
      optOutAtCollection: "offeredSeparately",
      optedOutAtCollection: false,
    },
    establishedAt,
    name: "Bram Bakker",
    email: emailOf(subjectId),
  }),
  suppress: (subjectId: string, at: string): ConsentCommand => ({
    kind: "RecordSuppression",
    actor: marketingStaff,
    subjectId,
    token: tokenOf(subjectId),
    reason: "erasureRequest",
    at,
  }),
};

/**
 * Decides each command with the Consent decider on the subject's state so far and appends what it decides,
 * `occurredAt` set to `at`; a rejection throws with its rule. Returns the events.
 */
export const consentLog = (store: EventStore) => {
  const decider = consentDecider({ register: companyRegister(registerEvents), legalEntityId: LEGAL_ENTITY });
  const states = new Map<string, ConsentState>();
  return async (command: ConsentCommand, at: string): Promise<readonly ConsentEvent[]> => {
    const state = states.get(command.subjectId) ?? decider.initialState;
    const decision = decider.decide(command, state);
    if (isLeft(decision))
      throw new Error(`${command.kind} rejected by ${decision.left.rule}: ${decision.left.message}`);
    states.set(command.subjectId, decision.right.reduce(decider.evolve, state));
    if (decision.right.length > 0)
      await appendPolicyEvents(store, consentStreamId(command.subjectId), decision.right, {
        actor: command.actor,
        occurredAt: at,
      });
    return decision.right;
  };
};
