import type { BreachEvent } from "./events.js";
import type { ApproverRole, DecisionSubject, Risk, Severity } from "./records.js";

export interface DecisionState {
  readonly decisionId: string;
  readonly about: DecisionSubject;
  readonly approvals: readonly { readonly actorId: string; readonly as: ApproverRole }[];
  readonly taken: boolean;
}

/** What the breach decider needs to know of an incident: facts and times, no personal data. */
export interface BreachState {
  readonly status: "none" | "reported" | "closed";
  readonly incidentId: string;
  readonly investigationDueAt: string;
  readonly delegateActorId: string | undefined;
  readonly investigationStarted: boolean;
  readonly awareAt: string | undefined;
  readonly authorityDueAt: string | undefined;
  readonly severity: Severity | undefined;
  readonly ceoInformed: boolean;
  readonly risk: Risk | undefined;
  readonly rootCauses: number;
  readonly correctiveMeasures: ReadonlySet<string>;
  readonly preventiveImprovements: ReadonlySet<string>;
  readonly noImprovementReasoned: boolean;
  readonly decisions: ReadonlyMap<string, DecisionState>;
  readonly authorityNotified: boolean;
  /** Art. 33(3) items still owed after a phased notification. */
  readonly authorityItemsMissing: readonly string[];
  readonly subjectsNotifiedOrExempted: boolean;
  /** clientOrganisationId → notified. */
  readonly affectedClients: ReadonlyMap<string, boolean>;
  readonly findingsReported: boolean;
}

export const initialBreachState: BreachState = {
  status: "none",
  incidentId: "",
  investigationDueAt: "",
  delegateActorId: undefined,
  investigationStarted: false,
  awareAt: undefined,
  authorityDueAt: undefined,
  severity: undefined,
  ceoInformed: false,
  risk: undefined,
  rootCauses: 0,
  correctiveMeasures: new Set(),
  preventiveImprovements: new Set(),
  noImprovementReasoned: false,
  decisions: new Map(),
  authorityNotified: false,
  authorityItemsMissing: [],
  subjectsNotifiedOrExempted: false,
  affectedClients: new Map(),
  findingsReported: false,
};

const withDecision = (
  state: BreachState,
  decisionId: string,
  change: (decision: DecisionState) => DecisionState,
): BreachState => {
  const decision = state.decisions.get(decisionId);
  return decision === undefined
    ? state
    : { ...state, decisions: new Map(state.decisions).set(decisionId, change(decision)) };
};

export const evolveBreach = (state: BreachState, event: BreachEvent): BreachState => {
  switch (event.type) {
    case "PossibleBreachReported":
      return {
        ...state,
        status: "reported",
        incidentId: event.data.incidentId,
        investigationDueAt: event.data.investigationDueAt,
      };
    case "InvestigationDelegated":
      return { ...state, delegateActorId: event.data.delegateActorId };
    case "InvestigationStarted":
      return { ...state, investigationStarted: true };
    case "BreachAwarenessEstablished":
      return { ...state, awareAt: event.data.awareAt, authorityDueAt: event.data.authorityDueAt };
    case "SeverityClassified":
      return { ...state, severity: event.data.severity };
    case "CEOInformed":
      return { ...state, ceoInformed: true };
    case "RiskAssessed":
      return { ...state, risk: event.data.risk };
    case "RootCauseRecorded":
      return { ...state, rootCauses: state.rootCauses + 1 };
    case "CorrectiveMeasureTaken":
      return { ...state, correctiveMeasures: new Set(state.correctiveMeasures).add(event.data.measureId) };
    case "PreventiveImprovementImplemented":
      return {
        ...state,
        preventiveImprovements: new Set(state.preventiveImprovements).add(event.data.improvementId),
      };
    case "NoPreventiveImprovementNeeded":
      return { ...state, noImprovementReasoned: true };
    case "DecisionProposed":
      return {
        ...state,
        decisions: new Map(state.decisions).set(event.data.decisionId, {
          decisionId: event.data.decisionId,
          about: event.data.about,
          approvals: [],
          taken: false,
        }),
      };
    case "DecisionApproved":
      return withDecision(state, event.data.decisionId, (decision) => ({
        ...decision,
        approvals: [...decision.approvals, { actorId: event.data.approvedBy, as: event.data.as }],
      }));
    case "DecisionTaken":
      return withDecision(state, event.data.decisionId, (decision) => ({ ...decision, taken: true }));
    case "AuthorityNotified":
      return { ...state, authorityNotified: true, authorityItemsMissing: event.data.missing };
    case "AuthorityNotificationSupplemented":
      return { ...state, authorityItemsMissing: event.data.missing };
    case "DataSubjectsNotified":
    case "SubjectNotificationExempted":
      return { ...state, subjectsNotifiedOrExempted: true };
    case "AffectedClientRecorded":
      return {
        ...state,
        affectedClients: new Map(state.affectedClients).set(
          event.data.clientOrganisationId,
          state.affectedClients.get(event.data.clientOrganisationId) ?? false,
        ),
      };
    case "ClientNotified":
      return {
        ...state,
        affectedClients: new Map(state.affectedClients).set(event.data.clientOrganisationId, true),
      };
    case "FindingsReported":
      return { ...state, findingsReported: true };
    case "IncidentClosed":
      return { ...state, status: "closed" };
  }
};
