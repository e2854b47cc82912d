import * as t from "io-ts";
import { RetentionClassCodec } from "../shared/retentionClasses.js";

/**
 * The shapes the DataSubject aggregate's commands and events share. A data subject is a person the
 * company holds data about, named everywhere by an opaque subject id (never a name or an address); the
 * personal data sit in marked fields, sealed per (subject, retention class) by the protection layer.
 */

/** One stream per data subject; the id is opaque, so the stream id holds no personal data. */
export const dataSubjectStreamId = (subjectId: string): string => `data-subject-${subjectId}`;

/** P7.3, P1.A.1: requests reach the company by e-mail or by telephone. */
export const RequestChannelCodec = t.keyof({ email: null, phone: null }, "RequestChannel");
export type RequestChannel = t.TypeOf<typeof RequestChannelCodec>;

/** INV-15, P1.E.1, P1.E.3: the roles a business contact has at the client; a closed set. */
export const ContactRoleCodec = t.keyof(
  { futureUser: null, it: null, compliance: null, decisionMaker: null },
  "ContactRole",
);
export type ContactRole = t.TypeOf<typeof ContactRoleCodec>;

/**
 * The rights of P7 and the GDPR article each one is: access (P7.a, Art. 15), rectification (P7.b, Art. 16),
 * erasure (P7.b, Art. 17), objection (P7.c, Art. 21), restriction (P7.d, Art. 18), no disclosure to other
 * parties (P7.e: an objection to disclosure, Art. 21(1), and where it applies a restriction, Art. 18), and
 * portability (Art. 20, which the policy does not name but the law grants).
 */
export const RightCodec = t.keyof(
  {
    access: null,
    rectification: null,
    erasure: null,
    objection: null,
    restriction: null,
    noDisclosure: null,
    portability: null,
  },
  "Right",
);
export type Right = t.TypeOf<typeof RightCodec>;

export const RIGHT_ARTICLE: Readonly<Record<Right, string>> = {
  access: "Art. 15",
  rectification: "Art. 16",
  erasure: "Art. 17",
  objection: "Art. 21",
  restriction: "Art. 18",
  noDisclosure: "Art. 21(1), Art. 18",
  portability: "Art. 20",
};

/**
 * INV-39: how identity is checked, from the lightest to the heaviest. A copy of an identity document is
 * proportionate only with a stated justification (EDPB Guidelines 01/2022 §§ 73-78: no systematic ID copies).
 */
export const IdentityProofCodec = t.keyof(
  {
    replyFromRegisteredAddress: null,
    signedInToAccount: null,
    callbackToRegisteredNumber: null,
    knowledgeQuestion: null,
    identityDocument: null,
  },
  "IdentityProof",
);
export type IdentityProof = t.TypeOf<typeof IdentityProofCodec>;

/** INV-37, Art. 12(5), Art. 12(2), Art. 23: the only grounds on which a request may be refused. */
export const RefusalGroundCodec = t.keyof(
  { manifestlyUnfounded: null, excessive: null, identityNotEstablished: null, exemption: null },
  "RefusalGround",
);
export type RefusalGround = t.TypeOf<typeof RefusalGroundCodec>;

/** INV-45: what the person was told at the end. */
export const OutcomeCodec = t.keyof(
  { granted: null, partiallyGranted: null, refused: null, withdrawn: null },
  "RequestOutcome",
);
export type RequestOutcome = t.TypeOf<typeof OutcomeCodec>;

/** P1.C.2, INV-08: the messages a training participant gets, and nothing else. */
export const TrainingMessageCodec = t.keyof(
  { invitation: null, materials: null, presentationCopy: null },
  "TrainingMessage",
);
export type TrainingMessage = t.TypeOf<typeof TrainingMessageCodec>;

/**
 * P7.c, Art. 21(1): the processing a person may object to. Relationship management, training messages and
 * disclosure to partners stop in this aggregate; usage monitoring is the Subscription's: after the
 * objection, `usageObjectionFollowUps` names the subscriptions that must record ObjectToUsageMonitoring.
 */
export const ObjectedProcessingCodec = t.keyof(
  {
    relationshipManagement: null,
    trainingCommunication: null,
    disclosureToPartners: null,
    usageMonitoring: null,
  },
  "ObjectedProcessing",
);
export type ObjectedProcessing = t.TypeOf<typeof ObjectedProcessingCodec>;

/**
 * Art. 15(1)(a)-(h) and 15(3): everything an access package must contain (INV-40). The copy of the data
 * itself travels outside the event log (it is personal data); the event records that it was included and
 * which categories it covered.
 */
export const AccessPackageCodec = t.type(
  {
    /** (a) the purposes of the processing. */
    purposes: t.readonlyArray(t.string),
    /** (b) the categories of personal data. */
    dataCategories: t.readonlyArray(t.string),
    /** (c) the recipients or categories of recipients; must cover the subject's disclosure register. */
    recipients: t.readonlyArray(t.string),
    /** (d) the period of storage, or the criteria that decide it, per retention class. */
    retention: t.readonlyArray(t.type({ retentionClass: t.string, periodOrCriteria: t.string })),
    /** (e) the rights to rectification, erasure, restriction and objection were explained. */
    rightsExplained: t.literal(true),
    /** (f) the right to lodge a complaint with the Autoriteit Persoonsgegevens was stated. */
    complaintRightStated: t.literal(true),
    /** (g) where the data came from, when not from the person. */
    sources: t.readonlyArray(t.string),
    /** (h) automated decision-making, profiling: "none", or what it is and its logic. */
    automatedDecisionMaking: t.string,
    /** Art. 15(3): the copy of the data was included. */
    copyIncluded: t.literal(true),
  },
  "AccessPackage",
);
export type AccessPackage = t.TypeOf<typeof AccessPackageCodec>;

/** INV-44, Art. 19: a recipient told of a rectification, erasure or restriction, or why it was not. */
export const RecipientNoticeCodec = t.union(
  [
    t.type({ recipientId: t.string, notifiedAt: t.string }),
    t.type({
      recipientId: t.string,
      exemption: t.keyof({ impossible: null, disproportionateEffort: null }),
      reason: t.string,
    }),
  ],
  "RecipientNotice",
);
export type RecipientNotice = t.TypeOf<typeof RecipientNoticeCodec>;

/**
 * One part of an erasure request that is declined because the law requires the data to be kept
 * (Art. 17(3)(b): a legal obligation; 17(3)(e): legal claims, a legal hold). The data of that class are
 * then restricted to that purpose until `until`.
 */
export const DeclinedErasureCodec = t.type(
  {
    retentionClass: RetentionClassCodec,
    ground: t.keyof({ "Art. 17(3)(b)": null, "Art. 17(3)(e)": null }),
    /** The provision that requires keeping (e.g. "AWR art. 52(4)") or the legal hold's reason. */
    provision: t.string,
    /** Until when the data must be kept (ISO instant), or null while a legal hold lasts. */
    until: t.union([t.string, t.null]),
    /** The only purpose the kept data may still serve. */
    restrictedToPurpose: t.string,
  },
  "DeclinedErasure",
);
export type DeclinedErasure = t.TypeOf<typeof DeclinedErasureCodec>;
