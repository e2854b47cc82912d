import type { Actor } from "@privacy-ledger/eventsourcing";
import type {
  ApproverRole,
  AuthorityNotificationContents,
  DecisionSubject,
  Risk,
  Severity,
  SubjectExemptionGround,
} from "./records.js";

/** Every command names its actor and the incident; `at` is when the act took place (the app's Clock). */
interface IncidentCommand {
  readonly actor: Actor;
  readonly incidentId: string;
  readonly at: string;
}

/** P8.2. */
export interface ReportPossibleBreach extends IncidentCommand {
  readonly kind: "ReportPossibleBreach";
  readonly description: string;
  readonly systems: readonly string[];
}
/** D6. */
export interface DelegateInvestigation extends IncidentCommand {
  readonly kind: "DelegateInvestigation";
  readonly delegateActorId: string;
}
/** P8.2, INV-46. */
export interface StartInvestigation extends IncidentCommand {
  readonly kind: "StartInvestigation";
}
/** INV-47: `awareAt` may precede `at` (awareness is established after the fact, with reasons). */
export interface EstablishAwareness extends IncidentCommand {
  readonly kind: "EstablishAwareness";
  readonly awareAt: string;
  readonly rationale: string;
}
/** P8.6, INV-48. */
export interface ClassifySeverity extends IncidentCommand {
  readonly kind: "ClassifySeverity";
  readonly severity: Severity;
  readonly rationale: string;
}
/** P8.6, INV-49. */
export interface InformCEO extends IncidentCommand {
  readonly kind: "InformCEO";
}
/** P8.5, INV-51. */
export interface AssessRisk extends IncidentCommand {
  readonly kind: "AssessRisk";
  readonly risk: Risk;
  readonly rationale: string;
}
/** P8.2. */
export interface RecordRootCause extends IncidentCommand {
  readonly kind: "RecordRootCause";
  readonly cause: string;
}
/** P8.2, P8.4. */
export interface RecordCorrectiveMeasure extends IncidentCommand {
  readonly kind: "RecordCorrectiveMeasure";
  readonly measureId: string;
  readonly description: string;
}
/** P8.2, P8.4. */
export interface RecordPreventiveImprovement extends IncidentCommand {
  readonly kind: "RecordPreventiveImprovement";
  readonly improvementId: string;
  readonly description: string;
}
/** P8.2, INV-55. */
export interface RecordNoPreventiveImprovement extends IncidentCommand {
  readonly kind: "RecordNoPreventiveImprovement";
  readonly reasons: string;
}
/** P8.7. */
export interface ProposeDecision extends IncidentCommand {
  readonly kind: "ProposeDecision";
  readonly decisionId: string;
  readonly about: DecisionSubject;
  readonly proposal: string;
}
/** P8.7, INV-50, D6: the actor approves in one of the roles they hold. */
export interface ApproveDecision extends IncidentCommand {
  readonly kind: "ApproveDecision";
  readonly decisionId: string;
  readonly as: ApproverRole;
}
/** P8.5, INV-51, INV-52; `at` is when the notification was made. */
export interface NotifyAuthority extends IncidentCommand {
  readonly kind: "NotifyAuthority";
  readonly decisionId: string;
  readonly authorityReference: string;
  readonly contents: AuthorityNotificationContents;
  /** Art. 33(4): allowed to give the rest in phases; the missing items are computed. */
  readonly phased: boolean;
  /** Art. 33(1): required when the 72 hours have passed. */
  readonly lateReasons?: string;
}
/** Art. 33(4). */
export interface SupplementAuthorityNotification extends IncidentCommand {
  readonly kind: "SupplementAuthorityNotification";
  readonly contents: AuthorityNotificationContents;
}
/** P8.5, INV-53. */
export interface NotifyDataSubjects extends IncidentCommand {
  readonly kind: "NotifyDataSubjects";
  readonly decisionId: string;
  readonly channel: string;
  readonly approximateCount: number;
}
/** P8.5, INV-53, Art. 34(3). */
export interface RecordSubjectNotificationExemption extends IncidentCommand {
  readonly kind: "RecordSubjectNotificationExemption";
  readonly decisionId: string;
  readonly ground: SubjectExemptionGround;
  readonly reasons: string;
}
/** D5, INV-54. */
export interface RecordAffectedClient extends IncidentCommand {
  readonly kind: "RecordAffectedClient";
  readonly clientOrganisationId: string;
}
/** D5, INV-54, Art. 33(2). */
export interface NotifyClient extends IncidentCommand {
  readonly kind: "NotifyClient";
  readonly clientOrganisationId: string;
}
/** P8.3: both audiences are required. */
export interface ReportFindings extends IncidentCommand {
  readonly kind: "ReportFindings";
  readonly toManagementTeam: boolean;
  readonly toGeneralDirector: boolean;
  readonly summary: string;
}
/** P8.8, INV-55. */
export interface CloseIncident extends IncidentCommand {
  readonly kind: "CloseIncident";
}

export type BreachCommand =
  | ReportPossibleBreach
  | DelegateInvestigation
  | StartInvestigation
  | EstablishAwareness
  | ClassifySeverity
  | InformCEO
  | AssessRisk
  | RecordRootCause
  | RecordCorrectiveMeasure
  | RecordPreventiveImprovement
  | RecordNoPreventiveImprovement
  | ProposeDecision
  | ApproveDecision
  | NotifyAuthority
  | SupplementAuthorityNotification
  | NotifyDataSubjects
  | RecordSubjectNotificationExemption
  | RecordAffectedClient
  | NotifyClient
  | ReportFindings
  | CloseIncident;
