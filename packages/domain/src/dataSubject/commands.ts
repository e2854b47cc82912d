import type { Actor } from "@privacy-ledger/eventsourcing";
import type { LegalBasis, LegitimateInterestBasis } from "../shared/legalBasis.js";
import type { RetentionClass } from "../shared/retentionClasses.js";
import type { ErasurePlan } from "./erasurePlan.js";
import type {
  AccessPackage,
  ContactRole,
  IdentityProof,
  ObjectedProcessing,
  RecipientNotice,
  RefusalGround,
  RequestChannel,
  RequestOutcome,
  Right,
  TrainingMessage,
} from "./records.js";

/**
 * Every command names its actor (checked by the decider and recorded in each event's metadata) and the
 * subject it is about; the subject id is opaque, the stream is `data-subject-<subjectId>`.
 */
interface SubjectCommand {
  readonly actor: Actor;
  readonly subjectId: string;
}

/** A command about one rights request, with the instant the act took place (from the app's Clock). */
interface RequestCommand extends SubjectCommand {
  readonly requestId: string;
  readonly at: string;
}

/** P1.C.1, INV-09, INV-01. */
export interface RegisterTrainingParticipant extends SubjectCommand {
  readonly kind: "RegisterTrainingParticipant";
  readonly trainingId: string;
  /** ISO date of the training (Europe/Amsterdam). */
  readonly trainingDate: string;
  readonly activityId: string;
  readonly legalBasis: LegalBasis;
  readonly name: string;
  readonly email?: string;
}

/** P1.C.2, INV-08. */
export interface SendTrainingMessage extends SubjectCommand {
  readonly kind: "SendTrainingMessage";
  readonly trainingId: string;
  readonly message: TrainingMessage;
  readonly sentAt: string;
}

/** P1.E.1-P1.E.3, INV-15, INV-01. */
export interface RegisterBusinessContact extends SubjectCommand {
  readonly kind: "RegisterBusinessContact";
  readonly clientOrganisationId: string;
  readonly role: ContactRole;
  readonly companyName: string;
  readonly department?: string;
  readonly activityId: string;
  readonly legalBasis: LegitimateInterestBasis;
  readonly name: string;
  readonly jobTitle: string;
  readonly businessEmail: string;
  readonly businessPhone?: string;
}

/** P4.2, INV-14. */
export interface RecordContactEmploymentEnded extends SubjectCommand {
  readonly kind: "RecordContactEmploymentEnded";
  readonly endedAt: string;
}

/** P1.B.1: links the subject to the subscription whose user they are. */
export interface RegisterUser extends SubjectCommand {
  readonly kind: "RegisterUser";
  readonly subscriptionId: string;
}

/** P3, INV-24, INV-42, Art. 19. */
export interface RecordDisclosure extends SubjectCommand {
  readonly kind: "RecordDisclosure";
  readonly recipient:
    | { readonly kind: "processor"; readonly processorId: string }
    | { readonly kind: "employees" }
    | { readonly kind: "partner"; readonly partnerOrganisation: string };
  readonly dataCategories: readonly string[];
  readonly disclosedAt: string;
  readonly activityId: string;
  readonly purpose: string;
  /** The register's category the person is in for this use (a contact, a user, a participant: one may be several). */
  readonly subjectCategory: string;
}

/** P4, Art. 17(3)(e). */
export interface PlaceLegalHold extends SubjectCommand {
  readonly kind: "PlaceLegalHold";
  readonly holdId: string;
  readonly retentionClass: RetentionClass;
  readonly reason: string;
  readonly placedAt: string;
}

export interface ReleaseLegalHold extends SubjectCommand {
  readonly kind: "ReleaseLegalHold";
  readonly holdId: string;
  readonly releasedAt: string;
}

/** P7, P7.2, P7.3, INV-34, INV-35: no due date here; the decider computes it. */
export interface ReceiveRightsRequest extends SubjectCommand {
  readonly kind: "ReceiveRightsRequest";
  readonly requestId: string;
  readonly right: Right;
  readonly channel: RequestChannel;
  readonly receivedAt: string;
  /** The request in the person's words; sealed (accountability class). */
  readonly description?: string;
}

/** INV-39. */
export interface RequestIdentityProof extends RequestCommand {
  readonly kind: "RequestIdentityProof";
  readonly proof: IdentityProof;
  readonly justification?: string;
}

export interface VerifyIdentity extends RequestCommand {
  readonly kind: "VerifyIdentity";
  readonly proof: IdentityProof;
}

export interface RecordIdentityNotEstablished extends RequestCommand {
  readonly kind: "RecordIdentityNotEstablished";
}

/** INV-36: `at` is when the reasons were sent to the person. */
export interface ExtendDeadline extends RequestCommand {
  readonly kind: "ExtendDeadline";
  readonly reasons: string;
}

/** INV-37. */
export interface RefuseRequest extends RequestCommand {
  readonly kind: "RefuseRequest";
  readonly ground: RefusalGround;
  readonly reasons: string;
  /** For the ground "exemption": the provision (e.g. "Art. 17(3)(b)", "UAVG art. 41"). */
  readonly exemptionProvision?: string;
  readonly complaintToAuthorityStated: boolean;
  readonly judicialRemedyStated: boolean;
}

/** P7.1, INV-38. */
export interface ChargeFee extends RequestCommand {
  readonly kind: "ChargeFee";
  readonly ground: "Art. 12(5)(a)" | "Art. 15(3)";
  readonly amountCents: number;
  readonly reasons: string;
}

/** P7.a, INV-39, INV-40. */
export interface DeliverAccessPackage extends RequestCommand {
  readonly kind: "DeliverAccessPackage";
  readonly package: AccessPackage;
}

/** Art. 20, INV-39, INV-41. */
export interface DeliverPortableExport extends RequestCommand {
  readonly kind: "DeliverPortableExport";
  readonly format: "json" | "csv";
  readonly dataCategories: readonly string[];
}

/** P7.b, Art. 16: the corrected values, by field. */
export interface RectifyData extends RequestCommand {
  readonly kind: "RectifyData";
  readonly corrections: {
    readonly contactName?: string;
    readonly contactJobTitle?: string;
    readonly contactBusinessEmail?: string;
    readonly contactBusinessPhone?: string;
    readonly participantName?: string;
    readonly participantEmail?: string;
  };
  /**
   * Art. 16 for data another aggregate holds: a user's account data are corrected in the subscription
   * (`CorrectUserDetails`); this records that the request was carried out there, and which categories.
   */
  readonly correctedInSubscription?: {
    readonly subscriptionId: string;
    readonly dataCategories: readonly string[];
  };
}

/** P7.b, INV-10: the plan comes from `planErasure` over the retention schedule, never typed in. */
export interface DecideErasure extends RequestCommand {
  readonly kind: "DecideErasure";
  readonly plan: ErasurePlan;
}

/** P7.b: recorded by `eraseOnRequest` once the kernel destroyed the keys. */
export interface RecordErasureCompleted extends RequestCommand {
  readonly kind: "RecordErasureCompleted";
  readonly erasedClasses: readonly RetentionClass[];
}

/** P7.d, INV-42, Art. 18(1)(a)-(d). */
export interface RestrictProcessing extends RequestCommand {
  readonly kind: "RestrictProcessing";
  readonly ground: "Art. 18(1)(a)" | "Art. 18(1)(b)" | "Art. 18(1)(c)" | "Art. 18(1)(d)";
}

/** INV-43, Art. 18(3). */
export interface SendRestrictionLiftNotice extends RequestCommand {
  readonly kind: "SendRestrictionLiftNotice";
}

export interface LiftRestriction extends RequestCommand {
  readonly kind: "LiftRestriction";
}

/** P7.c, P7.e, Art. 21(1). */
export interface RecordObjection extends RequestCommand {
  readonly kind: "RecordObjection";
  readonly processing: ObjectedProcessing;
}

/** INV-44, Art. 19. */
export interface NotifyRecipients extends RequestCommand {
  readonly kind: "NotifyRecipients";
  readonly notices: readonly RecipientNotice[];
}

/** INV-45: `at` is when the outcome was communicated. */
export interface CloseRequest extends RequestCommand {
  readonly kind: "CloseRequest";
  readonly outcome: RequestOutcome;
  readonly communicatedBy: RequestChannel;
  /**
   * Art. 12(4): a partly granted request is a partial refusal; the person is told why and of the right to
   * complain to the Autoriteit Persoonsgegevens (Art. 77) and to a court (Art. 79). Required then.
   */
  readonly complaintToAuthorityStated?: boolean;
  readonly judicialRemedyStated?: boolean;
}

export type DataSubjectCommand =
  | RegisterTrainingParticipant
  | SendTrainingMessage
  | RegisterBusinessContact
  | RecordContactEmploymentEnded
  | RegisterUser
  | RecordDisclosure
  | PlaceLegalHold
  | ReleaseLegalHold
  | ReceiveRightsRequest
  | RequestIdentityProof
  | VerifyIdentity
  | RecordIdentityNotEstablished
  | ExtendDeadline
  | RefuseRequest
  | ChargeFee
  | DeliverAccessPackage
  | DeliverPortableExport
  | RectifyData
  | DecideErasure
  | RecordErasureCompleted
  | RestrictProcessing
  | SendRestrictionLiftNotice
  | LiftRestriction
  | RecordObjection
  | NotifyRecipients
  | CloseRequest;
