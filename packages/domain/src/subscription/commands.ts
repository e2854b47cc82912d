import type { Actor } from "@privacy-ledger/eventsourcing";
import type { Channel, LegitimateInterestBasis, RequiredDataItem, SubscriptionData } from "./records.js";

/** Each command carries its actor (id and roles): AddUser checks it (INV-04), every event records it. */
interface ByActor {
  readonly actor: Actor;
}

/** P1.A.1-P1.A.3, INV-30. */
export interface RequestSubscription extends ByActor {
  readonly kind: "RequestSubscription";
  readonly subscriptionId: string;
  readonly channel: Channel;
  /** ISO instant the request was received. */
  readonly receivedAt: string;
  readonly requesterSubjectId: string;
  readonly clientOrganisationId: string;
  /** P1.A.3: the type of service decides which data are required. */
  readonly serviceType: string;
  readonly requiredData: readonly RequiredDataItem[];
  readonly data: SubscriptionData;
  /** INV-01: the registered processing activity the requester's data are collected under. */
  readonly activityId: string;
  /** Actor ids of the client's administrators of this subscription (P1.B.3). */
  readonly clientAdministratorIds: readonly string[];
}

/** P1.A.2: data supplied after the request. */
export interface SupplySubscriptionData extends ByActor {
  readonly kind: "SupplySubscriptionData";
  readonly suppliedAt: string;
  readonly data: SubscriptionData;
}

/** INV-30, P1.A.2. */
export interface ActivateSubscription extends ByActor {
  readonly kind: "ActivateSubscription";
  readonly activatedAt: string;
}

/** P1.B.1, P1.B.3, INV-04, INV-05 (no password: credentials are not events). */
export interface AddUser extends ByActor {
  readonly kind: "AddUser";
  readonly userSubjectId: string;
  readonly pseudonymousUserId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** INV-01: the registered activity user accounts are kept under. */
  readonly activityId: string;
}

/** P7.b, Art. 16: corrected account data of a user (only the values given). */
export interface CorrectUserDetails extends ByActor {
  readonly kind: "CorrectUserDetails";
  readonly userSubjectId: string;
  readonly correctedAt: string;
  readonly email?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  /** INV-01: the registered activity user accounts are kept under. */
  readonly activityId: string;
}

/** P1.B.2, INV-06, INV-07, Art. 6(1)(f). */
export interface RecordUsage extends ByActor {
  readonly kind: "RecordUsage";
  readonly pseudonymousUserId: string;
  readonly makerRef: string;
  readonly lastEditAt: string;
  readonly recordType: string;
  readonly module: string;
  readonly legalBasis: LegitimateInterestBasis;
  /** INV-01: the registered usage-monitoring activity (legitimate interest). */
  readonly activityId: string;
}

/** INV-07, Art. 21(1). */
export interface ObjectToUsageMonitoring extends ByActor {
  readonly kind: "ObjectToUsageMonitoring";
  readonly pseudonymousUserId: string;
  readonly receivedAt: string;
}

/** P1.D.1, INV-10. */
export interface IssueInvoice extends ByActor {
  readonly kind: "IssueInvoice";
  readonly invoiceId: string;
  readonly issuedAt: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly billingContactSubjectId: string;
  readonly billingContactName: string;
  readonly billingContactEmail: string;
  /** INV-01: the registered invoicing activity. */
  readonly activityId: string;
}

/** P1.D.2, INV-12. */
export interface RecordPayment extends ByActor {
  readonly kind: "RecordPayment";
  readonly invoiceId: string;
  readonly paymentId: string;
  readonly paidAt: string;
  readonly amountCents: number;
  /** INV-01: the registered invoicing activity (payment history). */
  readonly activityId: string;
}

/** P1.D.2, INV-12. */
export interface LogBillingContact extends ByActor {
  readonly kind: "LogBillingContact";
  readonly invoiceId: string;
  readonly contactedAt: string;
  readonly contactSubjectId: string;
  readonly summary: string;
  /** INV-01: the registered activity contact about invoices and open items is kept under. */
  readonly activityId: string;
}

/** P4.1, P1.D.3: only the end instant; the decider computes the backup window. */
export interface EndSubscription extends ByActor {
  readonly kind: "EndSubscription";
  readonly endedAt: string;
}

export type SubscriptionCommand =
  | RequestSubscription
  | SupplySubscriptionData
  | CorrectUserDetails
  | ActivateSubscription
  | AddUser
  | RecordUsage
  | ObjectToUsageMonitoring
  | IssueInvoice
  | RecordPayment
  | LogBillingContact
  | EndSubscription;
