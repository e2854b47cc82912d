import type { Actor } from "@privacy-ledger/eventsourcing";
import { legalCalendar } from "../calendar/legalCalendar.js";
import type { ReceiveRightsRequest } from "../dataSubject/commands.js";
import { dataSubjectDecider } from "../dataSubject/decide.js";
import type { DataSubjectEvent } from "../dataSubject/events.js";
import { RIGHT_ARTICLE, type Right } from "../dataSubject/records.js";
import type { RetentionClass } from "../shared/retentionClasses.js";
import { companyRegister } from "./companyRegister.js";

/** Actors of the DataSubject tests: the company's people by role (D6). */
export const staff: Actor = { id: "actor-emp", roles: ["employee"] };
export const cto: Actor = { id: "actor-cto", roles: ["CTO", "management"] };
export const ceo: Actor = { id: "actor-ceo", roles: ["CEO", "generalDirector", "management"] };
export const clientAdmin: Actor = { id: "actor-client-admin", roles: ["clientAdministrator"] };

export const SUBJECT = "subj-7f3a";

export const calendar = legalCalendar();
export const dataSubject = dataSubjectDecider({ register: companyRegister(), calendar });

/** A request received on Friday 30 January 2026 at 10:00 Amsterdam time (09:00Z). */
export const RECEIVED_AT = "2026-01-30T09:00:00Z";

export const receive = (right: Right, fields: Partial<ReceiveRightsRequest> = {}): ReceiveRightsRequest => ({
  kind: "ReceiveRightsRequest",
  actor: staff,
  subjectId: SUBJECT,
  requestId: `req-${right}`,
  right,
  channel: "email",
  receivedAt: RECEIVED_AT,
  ...fields,
});

/** The event the decider records for `receive(right, fields)`, its deadline computed by the calendar. */
export const received = (right: Right, fields: Partial<ReceiveRightsRequest> = {}): DataSubjectEvent => {
  const command = receive(right, fields);
  const deadline = calendar.oneMonthDeadline(new Date(command.receivedAt));
  return {
    type: "RightsRequestReceived",
    data: {
      subjectId: command.subjectId,
      requestId: command.requestId,
      right: command.right,
      channel: command.channel,
      receivedAt: command.receivedAt,
      dueAt: deadline.dueAt.toISOString(),
      dueDate: deadline.date,
      deadlineBasis: `${RIGHT_ARTICLE[right]}; ${deadline.basis}`,
      activityId: "act-rights",
      ...(command.description === undefined ? {} : { description: command.description }),
    },
  };
};

export const verified = (requestId: string): DataSubjectEvent => ({
  type: "IdentityVerified",
  data: {
    subjectId: SUBJECT,
    requestId,
    proof: "replyFromRegisteredAddress",
    verifiedAt: "2026-01-30T12:00:00Z",
  },
});

export const contactRegistered: DataSubjectEvent = {
  type: "BusinessContactRegistered",
  data: {
    subjectId: SUBJECT,
    clientOrganisationId: "org-acme",
    role: "it",
    companyName: "Acme B.V.",
    activityId: "act-relationship",
    purpose: "relationship.management",
    legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-02" },
    name: "Anna de Vries",
    jobTitle: "IT manager",
    businessEmail: "anna@acme.example",
  },
};

export const disclosedToHosting: DataSubjectEvent = {
  type: "PersonalDataDisclosed",
  data: {
    subjectId: SUBJECT,
    recipientId: "processor:proc-hosting",
    recipientKind: "processor",
    dataCategories: ["name", "businessEmail"],
    disclosedAt: "2026-01-10T10:00:00Z",
    activityId: "act-relationship",
    purpose: "relationship.management",
  },
};

/** A restriction of processing recorded for SUBJECT under `requestId` (Art. 18(1)(a)), of `retentionClasses`. */
export const processingRestricted = (
  requestId: string,
  retentionClasses: readonly RetentionClass[] = ["contract"],
): DataSubjectEvent => ({
  type: "ProcessingRestricted",
  data: {
    subjectId: SUBJECT,
    requestId,
    ground: "Art. 18(1)(a)",
    retentionClasses: [...retentionClasses],
    exceptPurpose: null,
    restrictedAt: "2026-02-03T10:00:00Z",
  },
});
