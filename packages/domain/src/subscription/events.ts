import { defineEvent, type EventOf, eventCatalog, personal } from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";
import { LegitimateInterestBasisCodec } from "../shared/legalBasis.js";
import {
  ChannelCodec,
  CONTRACT_RETENTION,
  ContractBasisLiteral,
  FISCAL_RETENTION,
  RequiredDataItemCodec,
  SubscriptionDataCodec,
} from "./records.js";

/** One stream per subscription; the subscription id is opaque (never a name or an e-mail address). */
export const subscriptionStreamId = (subscriptionId: string): string => `subscription-${subscriptionId}`;

/** The purposes the subscription's events record (INV-01, INV-03), named by the clause that states them. */
export const SUBSCRIPTION_PURPOSE = "subscription.service"; // P1.A.3
export const TOOL_ACCESS_PURPOSE = "subscription.toolAccess"; // P1.B.4
export const USAGE_PURPOSE = "product.usageInsight"; // P2.3
export const INVOICING_PURPOSE = "billing.invoicing"; // P1.D.4
export const RECEIVABLES_PURPOSE = "billing.receivables"; // P1.D.4

/**
 * P1.A.1-P1.A.3, INV-30, Art. 6(1)(b), Art. 13(2)(e): the request, its channel, its receipt, its requester
 * and the data the service requires. `required: true` and the contract basis are fixed by the decider,
 * never by the command (INV-03: required data serve the contract purpose only).
 */
export const SubscriptionRequested = defineEvent({
  type: "SubscriptionRequested",
  codec: t.intersection([
    t.type({
      subscriptionId: t.string,
      channel: ChannelCodec,
      receivedAt: t.string,
      requesterSubjectId: t.string,
      clientOrganisationId: t.string,
      serviceType: t.string,
      requiredData: t.readonlyArray(RequiredDataItemCodec),
      /** Actor ids (opaque) of the client's administrators of this subscription (P1.B.3, INV-04). */
      clientAdministratorIds: t.readonlyArray(t.string),
      /** INV-01: the registered activity the requester's data are collected under. */
      activityId: t.string,
      purpose: t.literal(SUBSCRIPTION_PURPOSE),
      legalBasis: ContractBasisLiteral,
      required: t.literal(true),
    }),
    SubscriptionDataCodec,
  ]),
  clauses: ["P1.A.1", "P1.A.2", "P1.A.3", "P2.1"],
});

/** P1.A.2: the client completes the data the service requires (only items the service requires, INV-03). */
export const SubscriptionDataSupplied = defineEvent({
  type: "SubscriptionDataSupplied",
  codec: t.intersection([
    t.type({ subscriptionId: t.string, requesterSubjectId: t.string, suppliedAt: t.string }),
    SubscriptionDataCodec,
  ]),
  clauses: ["P1.A.2", "P2.1"],
});

/** INV-30, P1.A.2, Art. 13(2)(e): the service starts only with the required data set complete. */
export const SubscriptionActivated = defineEvent({
  type: "SubscriptionActivated",
  codec: t.type({ subscriptionId: t.string, activatedAt: t.string }),
  clauses: ["P1.A.2", "P1.A.3"],
});

const userData = { subject: "userSubjectId", retention: CONTRACT_RETENTION } as const;

/**
 * P1.B.1, P1.B.3, P1.B.4, INV-04, INV-05: a user account added by the client's administrator of this
 * subscription. No password or hash here: credentials live outside the event log (INV-05).
 */
export const UserAdded = defineEvent({
  type: "UserAdded",
  codec: t.type({
    subscriptionId: t.string,
    userSubjectId: t.string,
    /**
     * INV-06: the only id usage events may carry for this user. This event is the one link between the
     * pseudonym and the person (Art. 4(5): the "additional information" kept separately), so it is sealed
     * with the user's contract data: once that key is shredded, the usage logs under the pseudonym can no
     * longer be tied to anyone (INV-27, recital 26) and need no erasure of their own.
     */
    pseudonymousUserId: personal(t.string, userData),
    email: personal(t.string, { ...userData, lookup: "email" }),
    firstName: personal(t.string, userData),
    lastName: personal(t.string, userData),
    addedBy: t.string,
    activityId: t.string,
    purpose: t.literal(TOOL_ACCESS_PURPOSE),
    legalBasis: ContractBasisLiteral,
  }),
  clauses: ["P1.B.1", "P1.B.3", "P1.B.4", "P2.1"],
});

/**
 * P1.B.2, P2.3, INV-06, Art. 6(1)(f): a usage log line (maker, last edit, record type) and the module used,
 * under the pseudonymous user id only, with the legitimate-interest assessment it rests on.
 */
export const UsageRecorded = defineEvent({
  type: "UsageRecorded",
  codec: t.type({
    subscriptionId: t.string,
    pseudonymousUserId: t.string,
    /** P1.B.2 "name of the maker", as the maker's pseudonymous id (INV-06). */
    makerRef: t.string,
    lastEditAt: t.string,
    recordType: t.string,
    module: t.string,
    activityId: t.string,
    purpose: t.literal(USAGE_PURPOSE),
    legalBasis: LegitimateInterestBasisCodec,
  }),
  clauses: ["P1.B.2", "P2.3"],
});

/**
 * P7.b, Art. 16, P1.B.3: a user's account data corrected (only the values given), sealed in the contract
 * class like the originals; the DataSubject's rectification request records it was done.
 */
export const UserDetailsCorrected = defineEvent({
  type: "UserDetailsCorrected",
  codec: t.intersection([
    t.type({
      subscriptionId: t.string,
      userSubjectId: t.string,
      correctedAt: t.string,
      activityId: t.string,
    }),
    t.partial({
      email: personal(t.string, { ...userData, lookup: "email" }),
      firstName: personal(t.string, userData),
      lastName: personal(t.string, userData),
    }),
  ]),
  clauses: ["P1.B.3", "P7.b"],
});

/** INV-07, Art. 21(1), P7.c: the user objects to usage monitoring; no new UsageRecorded for them. */
export const UsageMonitoringObjected = defineEvent({
  type: "UsageMonitoringObjected",
  codec: t.type({ subscriptionId: t.string, pseudonymousUserId: t.string, receivedAt: t.string }),
  clauses: ["P1.B.2", "P2.3", "P7.c"],
});

const billingContact = { subject: "billingContactSubjectId", retention: FISCAL_RETENTION } as const;

/** P1.D.1, P1.D.4, INV-10: an invoice, with the billing contact's data in the fiscal retention class. */
export const InvoiceIssued = defineEvent({
  type: "InvoiceIssued",
  codec: t.type({
    subscriptionId: t.string,
    invoiceId: t.string,
    issuedAt: t.string,
    /** In the currency's minor unit (cents). */
    amountCents: t.number,
    currency: t.string,
    billingContactSubjectId: t.string,
    billingContactName: personal(t.string, billingContact),
    billingContactEmail: personal(t.string, { ...billingContact, lookup: "email" }),
    activityId: t.string,
    purpose: t.literal(INVOICING_PURPOSE),
  }),
  clauses: ["P1.D.1", "P1.D.3", "P1.D.4"],
});

/** P1.D.2, P1.D.4, INV-12: a payment, always against an invoice of this subscription (payment history). */
export const PaymentRecorded = defineEvent({
  type: "PaymentRecorded",
  codec: t.type({
    subscriptionId: t.string,
    invoiceId: t.string,
    paymentId: t.string,
    paidAt: t.string,
    amountCents: t.number,
    activityId: t.string,
  }),
  clauses: ["P1.D.2", "P1.D.3", "P1.D.4"],
});

const contactNote = { subject: "contactSubjectId", retention: FISCAL_RETENTION } as const;

/** P1.D.2, INV-12: what was recorded in contact about an invoice or open item, linked to that invoice. */
export const BillingContactLogged = defineEvent({
  type: "BillingContactLogged",
  codec: t.type({
    subscriptionId: t.string,
    invoiceId: t.string,
    contactedAt: t.string,
    contactSubjectId: t.string,
    summary: personal(t.string, contactNote),
    activityId: t.string,
    purpose: t.literal(RECEIVABLES_PURPOSE),
  }),
  clauses: ["P1.D.2", "P1.D.3"],
});

/**
 * P4.1, P1.D.3, INV-28: the subscription ends; the end of the backup window is computed by the legal
 * calendar (never typed in). Contract data go by then; fiscal data stay (P1.D.3).
 */
export const SubscriptionEnded = defineEvent({
  type: "SubscriptionEnded",
  codec: t.type({
    subscriptionId: t.string,
    endedAt: t.string,
    backupWindowEndsAt: t.string,
    backupWindowEndDate: t.string,
    backupWindowBasis: t.string,
  }),
  clauses: ["P4.1", "P1.D.3"],
});

export const subscriptionCatalog = eventCatalog([
  SubscriptionRequested,
  SubscriptionDataSupplied,
  SubscriptionActivated,
  UserAdded,
  UsageRecorded,
  UsageMonitoringObjected,
  InvoiceIssued,
  PaymentRecorded,
  BillingContactLogged,
  SubscriptionEnded,
  UserDetailsCorrected,
]);

export type SubscriptionEvent =
  | EventOf<typeof SubscriptionRequested>
  | EventOf<typeof SubscriptionDataSupplied>
  | EventOf<typeof SubscriptionActivated>
  | EventOf<typeof UserAdded>
  | EventOf<typeof UsageRecorded>
  | EventOf<typeof UsageMonitoringObjected>
  | EventOf<typeof InvoiceIssued>
  | EventOf<typeof PaymentRecorded>
  | EventOf<typeof BillingContactLogged>
  | EventOf<typeof SubscriptionEnded>
  | EventOf<typeof UserDetailsCorrected>;
