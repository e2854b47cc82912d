import type { DataSubjectEvent } from "../dataSubject/events.js";
import type { SubscriptionEvent } from "../subscription/events.js";

/*
 * Builders of the Subscription and DataSubject events the retention schedule folds, with fixed,
 * well-formed values: the domain's retention tests and the retention-schedule read model's tests build
 * their histories from the same events.
 */

export const requested = (subscriptionId: string, requesterSubjectId: string): SubscriptionEvent => ({
  type: "SubscriptionRequested",
  data: {
    subscriptionId,
    channel: "email",
    receivedAt: "2026-01-15T09:30:00Z",
    requesterSubjectId,
    clientOrganisationId: "org-1",
    serviceType: "tool-pro",
    requiredData: ["organisationName", "contactName"],
    clientAdministratorIds: ["actor-admin-1"],
    activityId: "act-subscription",
    purpose: "subscription.service",
    legalBasis: { kind: "contract" },
    required: true,
    organisationName: "Acme B.V.",
    contactName: "Jan Jansen",
  },
});
export const userAdded = (subscriptionId: string, userSubjectId: string): SubscriptionEvent => ({
  type: "UserAdded",
  data: {
    subscriptionId,
    userSubjectId,
    pseudonymousUserId: `pu-${userSubjectId}`,
    email: "piet@acme.example",
    firstName: "Piet",
    lastName: "Pietersen",
    addedBy: "actor-admin-1",
    activityId: "act-user-accounts",
    purpose: "subscription.toolAccess",
    legalBasis: { kind: "contract" },
  },
});
export const ended = (
  subscriptionId: string,
  endedAt: string,
  backupWindowEndsAt: string,
): SubscriptionEvent => ({
  type: "SubscriptionEnded",
  data: {
    subscriptionId,
    endedAt,
    backupWindowEndsAt,
    backupWindowEndDate: backupWindowEndsAt.slice(0, 10),
    backupWindowBasis: "P4.1",
  },
});
export const invoiced = (
  subscriptionId: string,
  invoiceId: string,
  issuedAt: string,
  billingContactSubjectId: string,
  amountCents = 120_000,
): SubscriptionEvent => ({
  type: "InvoiceIssued",
  data: {
    subscriptionId,
    invoiceId,
    issuedAt,
    amountCents,
    currency: "EUR",
    billingContactSubjectId,
    billingContactName: "Jan Jansen",
    billingContactEmail: "jan@acme.example",
    activityId: "act-invoicing",
    purpose: "billing.invoicing",
  },
});
export const paid = (
  subscriptionId: string,
  invoiceId: string,
  paidAt: string,
  amountCents = 120_000,
): SubscriptionEvent => ({
  type: "PaymentRecorded",
  data: {
    subscriptionId,
    invoiceId,
    paymentId: `pay-${invoiceId}-${paidAt}`,
    paidAt,
    amountCents,
    activityId: "act-invoicing",
  },
});
export const contactLogged = (
  subscriptionId: string,
  invoiceId: string,
  contactSubjectId: string,
  contactedAt: string,
): SubscriptionEvent => ({
  type: "BillingContactLogged",
  data: {
    subscriptionId,
    invoiceId,
    contactedAt,
    contactSubjectId,
    summary: "called about the reminder",
    activityId: "act-invoicing",
    purpose: "billing.receivables",
  },
});
export const trainee = (subjectId: string, trainingId: string, trainingDate: string): DataSubjectEvent => ({
  type: "TrainingParticipantRegistered",
  data: {
    subjectId,
    trainingId,
    trainingDate,
    activityId: "act-training",
    purpose: "training.organisation",
    legalBasis: { kind: "contract" },
    name: "Kees de Vries",
  },
});
export const contact = (subjectId: string): DataSubjectEvent => ({
  type: "BusinessContactRegistered",
  data: {
    subjectId,
    clientOrganisationId: "org-1",
    role: "it",
    companyName: "Acme B.V.",
    activityId: "act-relationship",
    purpose: "relationship.management",
    legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-02" },
    name: "Jan Jansen",
    jobTitle: "IT lead",
    businessEmail: "jan@acme.example",
  },
});
export const employmentEnded = (subjectId: string, endedAt: string): DataSubjectEvent => ({
  type: "ContactEmploymentEnded",
  data: { subjectId, clientOrganisationId: "org-1", endedAt },
});
export const rightsRequest = (subjectId: string, requestId: string): DataSubjectEvent => ({
  type: "RightsRequestReceived",
  data: {
    subjectId,
    requestId,
    right: "erasure",
    channel: "email",
    receivedAt: "2026-04-01T08:00:00Z",
    dueAt: "2026-05-01T21:59:59.999Z",
    dueDate: "2026-05-01",
    deadlineBasis: "Art. 17",
    activityId: "act-rights",
    description: "please delete everything about me",
  },
});
export const closed = (subjectId: string, requestId: string, closedAt: string): DataSubjectEvent => ({
  type: "RightsRequestClosed",
  data: {
    subjectId,
    requestId,
    outcome: "granted",
    communicatedAt: closedAt,
    communicatedBy: "email",
    closedAt,
  },
});
export const hold = (
  subjectId: string,
  holdId: string,
  retentionClass: "relationship" | "fiscal",
  reason = "case-2026-017 dispute",
): DataSubjectEvent => ({
  type: "LegalHoldPlaced",
  data: {
    subjectId,
    holdId,
    retentionClass,
    reason,
    placedAt: "2026-05-01T09:00:00Z",
  },
});
export const released = (subjectId: string, holdId: string): DataSubjectEvent => ({
  type: "LegalHoldReleased",
  data: { subjectId, holdId, releasedAt: "2026-08-01T09:00:00Z" },
});
