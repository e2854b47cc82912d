import type { ProcessingRegisterEvent } from "../processingRegister/events.js";
import type { ProcessingActivity } from "../processingRegister/records.js";
import {
  evolveProcessingRegister,
  initialProcessingRegisterState,
  type ProcessingRegisterState,
} from "../processingRegister/state.js";

/**
 * A register of processing activities as the policy describes them (D1, Art. 30): one activity per
 * purpose and basis, a hosting processor under a signed agreement in the Netherlands, and the staff
 * confidentiality clause. Tests and examples fold it instead of each building their own.
 */
export const COMPANY_ACTIVITIES = {
  /** P1.A.1-P1.A.3, P2.1: the requester's data the service requires; kept for the term and the backup window. */
  subscriptionService: {
    activityId: "act-subscription",
    name: "Subscriptions: requests and the data the service requires",
    purposes: ["subscription.service"],
    legalBasis: { kind: "contract" },
    dataCategories: ["contactName", "contactEmail", "contactPhone"],
    subjectCategories: ["clientContact"],
    recipientCategories: ["processor:hosting"],
    retention: {
      retentionClass: "contract",
      trigger: "subscriptionEnded",
      period: { amount: 6, unit: "months" },
    },
    clauses: ["P1.A.1", "P1.A.2", "P1.A.3", "P2.1", "P4.1"],
  },
  /** P1.B.2, P2.3: usage logs under a pseudonymous id, on legitimate interest with its assessment. */
  usage: {
    activityId: "act-usage",
    name: "Usage of the tool",
    purposes: ["product.usageInsight"],
    legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-01" },
    dataCategories: ["usageLog"],
    subjectCategories: ["user"],
    recipientCategories: ["processor:hosting"],
    retention: {
      retentionClass: "contract",
      trigger: "subscriptionEnded",
      period: { amount: 6, unit: "months" },
    },
    clauses: ["P1.B.2", "P2.3", "P4.1"],
  },
  /** P1.D.1, P1.D.2, P1.D.4: invoices, payments and contact about open items, to perform the contract. */
  invoicing: {
    activityId: "act-invoicing",
    name: "Invoicing, payments and receivables",
    purposes: ["billing.invoicing", "billing.receivables"],
    legalBasis: { kind: "contract" },
    dataCategories: ["billingContactName", "billingContactEmail", "contactNotes", "paymentHistory"],
    subjectCategories: ["billingContact"],
    recipientCategories: ["processor:hosting"],
    retention: {
      retentionClass: "fiscal",
      trigger: "leftCurrentAdministration",
      period: { amount: 7, unit: "years" },
    },
    clauses: ["P1.D.1", "P1.D.2", "P1.D.4"],
  },
  /** P1.D.3, P2.2: the same records kept for the tax duty after the subscription. */
  fiscalRetention: {
    activityId: "act-fiscal-retention",
    name: "Fiscal record keeping",
    purposes: ["fiscal.retention"],
    legalBasis: { kind: "legalObligation", provision: "AWR art. 52(4)" },
    dataCategories: ["billingContactName", "billingContactEmail", "contactNotes", "paymentHistory"],
    subjectCategories: ["billingContact"],
    recipientCategories: ["taxAuthority"],
    retention: {
      retentionClass: "fiscal",
      trigger: "leftCurrentAdministration",
      period: { amount: 7, unit: "years" },
    },
    clauses: ["P1.D.3", "P2.2"],
  },
  /** P1.C.1, P1.C.2: trainings and user meetings; contract with the client whose staff attend. */
  training: {
    activityId: "act-training",
    name: "Trainings and user meetings",
    purposes: ["training.organisation"],
    legalBasis: { kind: "contract" },
    dataCategories: ["name", "email"],
    subjectCategories: ["trainingParticipant"],
    recipientCategories: ["staff"],
    retention: {
      retentionClass: "training",
      trigger: "trainingHeld",
      period: { amount: 12, unit: "months" },
    },
    clauses: ["P1.C.1", "P1.C.2"],
  },
  /** P1.E.1-P1.E.3, P4.2: business contacts on legitimate interest, kept while employed at the client. */
  relationship: {
    activityId: "act-relationship",
    name: "Business relationship contacts",
    purposes: ["relationship.management"],
    legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-02" },
    dataCategories: ["name", "jobTitle", "businessEmail", "businessPhone"],
    subjectCategories: ["businessContact"],
    recipientCategories: ["staff", "processor:hosting"],
    retention: {
      retentionClass: "relationship",
      trigger: "contactEmploymentEnded",
      condition: "as long as the contact is employed at the business relation",
    },
    clauses: ["P1.E.1", "P1.E.2", "P1.E.3", "P4.2"],
  },
  /** P7, Art. 12: the record of each rights request, kept for accountability (D4: 5 years after closing). */
  rightsHandling: {
    activityId: "act-rights",
    name: "Handling data subjects' requests",
    purposes: ["rights.handling"],
    legalBasis: { kind: "legalObligation", provision: "GDPR art. 12-22" },
    dataCategories: ["requestRecord"],
    subjectCategories: ["dataSubject"],
    recipientCategories: [],
    retention: {
      retentionClass: "accountability",
      trigger: "caseClosed",
      period: { amount: 5, unit: "years" },
    },
    clauses: ["P7.1", "P7.2", "P7.3"],
  },
  /** P1.B.1, P1.B.4: user accounts of a subscription. */
  userAccounts: {
    activityId: "act-user-accounts",
    name: "User accounts of subscriptions",
    purposes: ["subscription.toolAccess"],
    legalBasis: { kind: "contract" },
    dataCategories: ["businessEmail", "firstName", "lastName"],
    subjectCategories: ["user"],
    recipientCategories: ["processor:hosting"],
    retention: {
      retentionClass: "contract",
      trigger: "subscriptionEnded",
      period: { amount: 6, unit: "months" },
    },
    clauses: ["P1.B.1", "P1.B.3", "P1.B.4", "P2.1", "P4.1"],
  },
} as const satisfies Record<string, ProcessingActivity>;

export const HOSTING_PROCESSOR_ID = "proc-hosting";

export const companyRegisterEvents: readonly ProcessingRegisterEvent[] = [
  ...Object.values(COMPANY_ACTIVITIES).map(
    (activity): ProcessingRegisterEvent => ({ type: "ProcessingActivityRegistered", data: { activity } }),
  ),
  {
    type: "ProcessorRegistered",
    data: {
      processorId: HOSTING_PROCESSOR_ID,
      name: "Hosting B.V.",
      service: "cloud hosting",
      country: "NL",
      agreement: { reference: "DPA-HOST-2025", signedAt: "2025-03-01", confidentiality: true },
      activeForDisclosure: true,
      subProcessors: [],
    },
  },
  {
    type: "ConfidentialityCommitmentRecorded",
    data: {
      commitmentId: "cc-staff",
      party: "employees",
      partnerOrganisation: null,
      instrument: "employment contract, confidentiality clause",
      effectiveFrom: "2025-01-01",
    },
  },
];

/** The register state after `companyRegisterEvents` (plus any events given). */
export const companyRegister = (more: readonly ProcessingRegisterEvent[] = []): ProcessingRegisterState =>
  [...companyRegisterEvents, ...more].reduce(evolveProcessingRegister, initialProcessingRegisterState);
