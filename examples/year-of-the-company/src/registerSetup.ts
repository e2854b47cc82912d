import type { ProcessingActivity, ProcessingRegisterCommand } from "@privacy-ledger/domain";
import { COMPANY_ACTIVITIES, HOSTING_PROCESSOR_ID } from "@privacy-ledger/domain/testing";
import type { Actor } from "@privacy-ledger/eventsourcing";

/** P1.F, D2: the newsletter activities the company registers beside those of the subscription and contacts. */
const marketingRetention = {
  retentionClass: "marketing",
  trigger: "consentWithdrawnOrObjection",
  period: { amount: 0, unit: "months" },
} as const;

export const NEWSLETTER_ACTIVITY = "act-newsletter";
export const PROSPECTS_ACTIVITY = "act-prospects";

const marketingActivities: readonly ProcessingActivity[] = [
  {
    activityId: NEWSLETTER_ACTIVITY,
    name: "Newsletters and e-mail tracking on consent",
    purposes: ["marketing.newsletter", "marketing.emailTracking"],
    legalBasis: { kind: "consent" },
    dataCategories: ["name", "email", "emailInteraction"],
    subjectCategories: ["newsletterSubscriber", "prospect", "customer", "businessContact"],
    recipientCategories: ["processor:hosting"],
    retention: marketingRetention,
    clauses: ["P1.F.1", "P1.F.2", "P1.F.3", "P1.F.4"],
  },
  {
    activityId: PROSPECTS_ACTIVITY,
    name: "Website interest of prospective users",
    purposes: ["prospect.interest"],
    legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2026-04" },
    dataCategories: ["name", "email", "interest"],
    subjectCategories: ["prospect"],
    recipientCategories: ["staff"],
    retention: marketingRetention,
    clauses: ["P1.F.5", "P1.F.7"],
  },
];

/** D1, Art. 30: the register the CTO keeps, as commands: every activity, the hosting processor, staff confidentiality. */
export const registerCommands = (cto: Actor): readonly ProcessingRegisterCommand[] => [
  ...[...Object.values(COMPANY_ACTIVITIES), ...marketingActivities].map(
    (activity): ProcessingRegisterCommand => ({ kind: "RegisterProcessingActivity", actor: cto, activity }),
  ),
  {
    kind: "RegisterProcessor",
    actor: cto,
    processorId: HOSTING_PROCESSOR_ID,
    name: "Hosting B.V.",
    service: "cloud hosting in Amsterdam",
    country: "NL",
    agreement: { reference: "DPA-HOST-2025", signedAt: "2025-03-01", confidentiality: true },
    activeForDisclosure: true,
    subProcessors: [],
  },
  {
    kind: "RecordConfidentialityCommitment",
    actor: cto,
    commitmentId: "cc-staff",
    party: "employees",
    partnerOrganisation: null,
    instrument: "employment contract, confidentiality clause",
    effectiveFrom: "2025-01-01",
  },
];
