import { defineEvent, type EventOf, eventCatalog, personal } from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";
import { LegalBasisCodec, LegitimateInterestBasisCodec } from "../shared/legalBasis.js";
import { RetentionClassCodec } from "../shared/retentionClasses.js";
import {
  AccessPackageCodec,
  ContactRoleCodec,
  DeclinedErasureCodec,
  IdentityProofCodec,
  ObjectedProcessingCodec,
  OutcomeCodec,
  RecipientNoticeCodec,
  RefusalGroundCodec,
  RequestChannelCodec,
  RightCodec,
  TrainingMessageCodec,
} from "./records.js";

/** The purposes this aggregate's events record (INV-01), named by the clause that states them. */
export const TRAINING_PURPOSE = "training.organisation"; // P1.C.2
export const RELATIONSHIP_PURPOSE = "relationship.management"; // P1.E.3
export const RIGHTS_PURPOSE = "rights.handling"; // P7, Art. 12

const training = { subject: "subjectId", retention: "training" } as const;
const relationship = { subject: "subjectId", retention: "relationship" } as const;
/** What a rights request holds of the person (its wording, reasons given to them): D4, 5 years. */
const accountability = { subject: "subjectId", retention: "accountability" } as const;

/** P1.C.1, INV-09: a training participant; the e-mail address is optional and its absence blocks nothing. */
export const TrainingParticipantRegistered = defineEvent({
  type: "TrainingParticipantRegistered",
  codec: t.intersection([
    t.type({
      subjectId: t.string,
      trainingId: t.string,
      /** The Dutch calendar date of the training (decision D4: kept 12 months after it). */
      trainingDate: t.string,
      activityId: t.string,
      purpose: t.literal(TRAINING_PURPOSE),
      legalBasis: LegalBasisCodec,
      name: personal(t.string, training),
    }),
    t.partial({ email: personal(t.string, { ...training, lookup: "email" }) }),
  ]),
  clauses: ["P1.C.1", "P1.C.2"],
});

/** P1.C.2, INV-08: an invitation, the materials, or the copy of the presentation, to a registered participant. */
export const TrainingMessageSent = defineEvent({
  type: "TrainingMessageSent",
  codec: t.type({
    subjectId: t.string,
    trainingId: t.string,
    message: TrainingMessageCodec,
    sentAt: t.string,
    activityId: t.string,
    purpose: t.literal(TRAINING_PURPOSE),
  }),
  clauses: ["P1.C.2"],
});

/** P1.E.1-P1.E.3, INV-15, Art. 6(1)(f): a business contact at a client, with the role they have there. */
export const BusinessContactRegistered = defineEvent({
  type: "BusinessContactRegistered",
  codec: t.intersection([
    t.type({
      subjectId: t.string,
      clientOrganisationId: t.string,
      role: ContactRoleCodec,
      /** The organisation's own name and department are about a legal person and stay in clear. */
      companyName: t.string,
      activityId: t.string,
      purpose: t.literal(RELATIONSHIP_PURPOSE),
      legalBasis: LegitimateInterestBasisCodec,
      name: personal(t.string, relationship),
      jobTitle: personal(t.string, relationship),
      businessEmail: personal(t.string, { ...relationship, lookup: "email" }),
    }),
    t.partial({ department: t.string, businessPhone: personal(t.string, relationship) }),
  ]),
  clauses: ["P1.E.1", "P1.E.2", "P1.E.3"],
});

/** P4.2, INV-14: the contact left the client; relationship data are due for erasure from `endedAt`. */
export const ContactEmploymentEnded = defineEvent({
  type: "ContactEmploymentEnded",
  codec: t.type({ subjectId: t.string, clientOrganisationId: t.string, endedAt: t.string }),
  clauses: ["P4.2"],
});

/** P1.B.1: the subject is a user of a subscription (their account data live in that subscription's stream). */
export const UserRegistered = defineEvent({
  type: "UserRegistered",
  codec: t.type({ subjectId: t.string, subscriptionId: t.string }),
  clauses: ["P1.B.1"],
});

/** P3, INV-24, Art. 19, Art. 30(1)(d): the subject's data went to a recipient (the disclosure register). */
export const PersonalDataDisclosed = defineEvent({
  type: "PersonalDataDisclosed",
  codec: t.type({
    subjectId: t.string,
    recipientId: t.string,
    recipientKind: t.keyof({ processor: null, employees: null, partner: null }),
    dataCategories: t.readonlyArray(t.string),
    disclosedAt: t.string,
    activityId: t.string,
    purpose: t.string,
  }),
  clauses: ["P3.1", "P3.2", "P3.3"],
});

/** P4, INV-28, Art. 17(3)(e): a retention class of this subject must be kept for a legal claim. */
export const LegalHoldPlaced = defineEvent({
  type: "LegalHoldPlaced",
  codec: t.type({
    subjectId: t.string,
    holdId: t.string,
    retentionClass: RetentionClassCodec,
    /** A case reference and reason code, never prose about the person. */
    reason: t.string,
    placedAt: t.string,
  }),
  clauses: ["P4.1", "P4.2"],
});

export const LegalHoldReleased = defineEvent({
  type: "LegalHoldReleased",
  codec: t.type({ subjectId: t.string, holdId: t.string, releasedAt: t.string }),
  clauses: ["P4.1", "P4.2"],
});

/**
 * P7, P7.1-P7.3, INV-34, INV-35, Art. 12(3): a rights request, its channel and the moment it was received
 * (never changed afterwards), and the deadline the legal calendar computed from it.
 */
export const RightsRequestReceived = defineEvent({
  type: "RightsRequestReceived",
  codec: t.intersection([
    t.type({
      subjectId: t.string,
      requestId: t.string,
      right: RightCodec,
      channel: RequestChannelCodec,
      receivedAt: t.string,
      dueAt: t.string,
      dueDate: t.string,
      deadlineBasis: t.string,
      /** INV-01: the registered rights-handling activity the request's record is kept under. */
      activityId: t.string,
    }),
    t.partial({ description: personal(t.string, accountability) }),
  ]),
  clauses: ["P7.1", "P7.2", "P7.3"],
});

/** INV-39: what proof of identity was asked for; an identity document only with its justification. */
export const IdentityProofRequested = defineEvent({
  type: "IdentityProofRequested",
  codec: t.intersection([
    t.type({ subjectId: t.string, requestId: t.string, proof: IdentityProofCodec, requestedAt: t.string }),
    t.partial({ justification: t.string }),
  ]),
  clauses: ["P7.1"],
});

/** INV-39, Art. 12(6): identity established; from now on data may leave. */
export const IdentityVerified = defineEvent({
  type: "IdentityVerified",
  codec: t.type({
    subjectId: t.string,
    requestId: t.string,
    proof: IdentityProofCodec,
    verifiedAt: t.string,
  }),
  clauses: ["P7.1"],
});

/** Art. 12(2), 12(6): the requester could not be identified (a ground to refuse, INV-37). */
export const IdentityNotEstablished = defineEvent({
  type: "IdentityNotEstablished",
  codec: t.type({ subjectId: t.string, requestId: t.string, establishedAt: t.string }),
  clauses: ["P7.1"],
});

/** P7.2, INV-36, Art. 12(3): the one extension, told to the person with its reasons within the first month. */
export const DeadlineExtended = defineEvent({
  type: "DeadlineExtended",
  codec: t.type({
    subjectId: t.string,
    requestId: t.string,
    originalDueAt: t.string,
    extendedDueAt: t.string,
    extendedDueDate: t.string,
    deadlineBasis: t.string,
    reasons: personal(t.string, accountability),
    reasonsSentAt: t.string,
  }),
  clauses: ["P7.2"],
});

/** P7.1, INV-37, Art. 12(4): a refusal with its ground, its reasons and the person's remedies. */
export const RequestRefused = defineEvent({
  type: "RequestRefused",
  codec: t.intersection([
    t.type({
      subjectId: t.string,
      requestId: t.string,
      ground: RefusalGroundCodec,
      reasons: personal(t.string, accountability),
      /** Art. 12(4), Art. 77: the right to complain to the Autoriteit Persoonsgegevens was stated. */
      complaintToAuthorityStated: t.literal(true),
      /** Art. 12(4), Art. 79: the right to a judicial remedy was stated. */
      judicialRemedyStated: t.literal(true),
      refusedAt: t.string,
    }),
    t.partial({ exemptionProvision: t.string }),
  ]),
  clauses: ["P7.1"],
});

/**
 * P7.1, INV-38, Art. 12(5), 15(3): a reasonable fee, only for a manifestly unfounded or excessive request
 * (instead of refusing it) or for further copies of data already given.
 */
export const FeeCharged = defineEvent({
  type: "FeeCharged",
  codec: t.type({
    subjectId: t.string,
    requestId: t.string,
    ground: t.keyof({ "Art. 12(5)(a)": null, "Art. 15(3)": null }),
    amountCents: t.number,
    reasons: personal(t.string, accountability),
    chargedAt: t.string,
  }),
  clauses: ["P7.1"],
});

/** P7.a, INV-39, INV-40, Art. 15(1)(a)-(h), 15(3). */
export const AccessPackageDelivered = defineEvent({
  type: "AccessPackageDelivered",
  codec: t.type({
    subjectId: t.string,
    requestId: t.string,
    deliveredAt: t.string,
    package: AccessPackageCodec,
  }),
  clauses: ["P7.a"],
});

/** Art. 20, INV-39, INV-41: data the person provided, under consent or contract, in JSON or CSV. */
export const PortableExportDelivered = defineEvent({
  type: "PortableExportDelivered",
  codec: t.type({
    subjectId: t.string,
    requestId: t.string,
    deliveredAt: t.string,
    format: t.keyof({ json: null, csv: null }),
    dataCategories: t.readonlyArray(t.string),
  }),
  clauses: ["P7.a"],
});

/** P7.b, Art. 16: corrected values (only those given), sealed in the class of the data they correct. */
export const PersonalDataRectified = defineEvent({
  type: "PersonalDataRectified",
  codec: t.intersection([
    t.type({
      subjectId: t.string,
      requestId: t.string,
      rectifiedAt: t.string,
      dataCategories: t.readonlyArray(t.string),
    }),
    t.partial({
      contactName: personal(t.string, relationship),
      contactJobTitle: personal(t.string, relationship),
      contactBusinessEmail: personal(t.string, { ...relationship, lookup: "email" }),
      contactBusinessPhone: personal(t.string, relationship),
      participantName: personal(t.string, training),
      participantEmail: personal(t.string, { ...training, lookup: "email" }),
      /** The subscription whose account data were corrected (UserDetailsCorrected there). */
      correctedInSubscription: t.string,
    }),
  ]),
  clauses: ["P7.b"],
});

/**
 * P7.b, INV-10, Art. 17(1), 17(3)(b), 17(3)(e): which retention classes are shredded and which are kept,
 * with the provision that requires keeping them; computed from the retention schedule, never typed in.
 */
export const ErasureDecided = defineEvent({
  type: "ErasureDecided",
  codec: t.type({
    subjectId: t.string,
    requestId: t.string,
    decidedAt: t.string,
    erase: t.readonlyArray(RetentionClassCodec),
    declined: t.readonlyArray(DeclinedErasureCodec),
    /** The end of the fiscal duty the plan relied on, when it erases billing data (AWR art. 52(4)). */
    fiscalRetentionEndedAt: t.union([t.string, t.null]),
  }),
  clauses: ["P7.b", "P4.1", "P1.D.3"],
});

/** P7.b: the keys of the classes to erase were destroyed (the kernel's PersonalDataErased events hold which). */
export const ErasureCompleted = defineEvent({
  type: "ErasureCompleted",
  codec: t.type({
    subjectId: t.string,
    requestId: t.string,
    completedAt: t.string,
    erasedClasses: t.readonlyArray(RetentionClassCodec),
  }),
  clauses: ["P7.b"],
});

/**
 * P7.d, INV-42, Art. 18(1), Art. 17(3)(b): processing restricted to storage, or, after a partly declined
 * erasure, the kept classes restricted to the purpose that requires them.
 */
export const ProcessingRestricted = defineEvent({
  type: "ProcessingRestricted",
  codec: t.type({
    subjectId: t.string,
    requestId: t.string,
    ground: t.string,
    retentionClasses: t.readonlyArray(RetentionClassCodec),
    /** The one purpose still allowed, or null for storage only (Art. 18(2)). */
    exceptPurpose: t.union([t.string, t.null]),
    restrictedAt: t.string,
  }),
  clauses: ["P7.d"],
});

/** INV-43, Art. 18(3): the person is told before a restriction is lifted. */
export const RestrictionLiftNoticeSent = defineEvent({
  type: "RestrictionLiftNoticeSent",
  codec: t.type({ subjectId: t.string, requestId: t.string, sentAt: t.string }),
  clauses: ["P7.d"],
});

export const RestrictionLifted = defineEvent({
  type: "RestrictionLifted",
  codec: t.type({ subjectId: t.string, requestId: t.string, liftedAt: t.string }),
  clauses: ["P7.d"],
});

/** P7.c, P7.e, Art. 21(1): the person objects; that processing stops (no compelling-grounds override here). */
export const ObjectionRecorded = defineEvent({
  type: "ObjectionRecorded",
  codec: t.type({
    subjectId: t.string,
    requestId: t.string,
    processing: ObjectedProcessingCodec,
    recordedAt: t.string,
  }),
  clauses: ["P7.c", "P7.e"],
});

/** INV-44, Art. 19: each recipient of the disclosure register told, or the exemption recorded. */
export const RecipientsNotified = defineEvent({
  type: "RecipientsNotified",
  codec: t.type({ subjectId: t.string, requestId: t.string, notices: t.readonlyArray(RecipientNoticeCodec) }),
  clauses: ["P7.b", "P7.d"],
});

/** INV-45: closed only with the outcome communicated to the person. */
export const RightsRequestClosed = defineEvent({
  type: "RightsRequestClosed",
  codec: t.intersection([
    t.type({
      subjectId: t.string,
      requestId: t.string,
      outcome: OutcomeCodec,
      communicatedAt: t.string,
      communicatedBy: RequestChannelCodec,
      closedAt: t.string,
    }),
    /** Art. 12(4), 77, 79: stated with a partly granted outcome (a partial refusal). */
    t.partial({ complaintToAuthorityStated: t.literal(true), judicialRemedyStated: t.literal(true) }),
  ]),
  clauses: ["P7.1", "P7.2"],
});

export const dataSubjectCatalog = eventCatalog([
  TrainingParticipantRegistered,
  TrainingMessageSent,
  BusinessContactRegistered,
  ContactEmploymentEnded,
  UserRegistered,
  PersonalDataDisclosed,
  LegalHoldPlaced,
  LegalHoldReleased,
  RightsRequestReceived,
  IdentityProofRequested,
  IdentityVerified,
  IdentityNotEstablished,
  DeadlineExtended,
  RequestRefused,
  FeeCharged,
  AccessPackageDelivered,
  PortableExportDelivered,
  PersonalDataRectified,
  ErasureDecided,
  ErasureCompleted,
  ProcessingRestricted,
  RestrictionLiftNoticeSent,
  RestrictionLifted,
  ObjectionRecorded,
  RecipientsNotified,
  RightsRequestClosed,
]);

export type DataSubjectEvent =
  | EventOf<typeof TrainingParticipantRegistered>
  | EventOf<typeof TrainingMessageSent>
  | EventOf<typeof BusinessContactRegistered>
  | EventOf<typeof ContactEmploymentEnded>
  | EventOf<typeof UserRegistered>
  | EventOf<typeof PersonalDataDisclosed>
  | EventOf<typeof LegalHoldPlaced>
  | EventOf<typeof LegalHoldReleased>
  | EventOf<typeof RightsRequestReceived>
  | EventOf<typeof IdentityProofRequested>
  | EventOf<typeof IdentityVerified>
  | EventOf<typeof IdentityNotEstablished>
  | EventOf<typeof DeadlineExtended>
  | EventOf<typeof RequestRefused>
  | EventOf<typeof FeeCharged>
  | EventOf<typeof AccessPackageDelivered>
  | EventOf<typeof PortableExportDelivered>
  | EventOf<typeof PersonalDataRectified>
  | EventOf<typeof ErasureDecided>
  | EventOf<typeof ErasureCompleted>
  | EventOf<typeof ProcessingRestricted>
  | EventOf<typeof RestrictionLiftNoticeSent>
  | EventOf<typeof RestrictionLifted>
  | EventOf<typeof ObjectionRecorded>
  | EventOf<typeof RecipientsNotified>
  | EventOf<typeof RightsRequestClosed>;
