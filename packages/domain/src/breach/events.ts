import { defineEvent, type EventOf, eventCatalog } from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";
import {
  ApproverRoleCodec,
  AuthorityNotificationContentsCodec,
  DecisionSubjectCodec,
  RiskCodec,
  SeverityCodec,
  SubjectExemptionGroundCodec,
} from "./records.js";

/*
 * The breach register (Art. 33(5), P8.8: "all such cases are documented in detail"). Every step is an
 * event with its actor in the metadata. The texts describe systems, causes and measures, never persons
 * (INV-56: personal data minimised), and the decider refuses texts that hold an e-mail address or a
 * telephone number; who acted is the actor id of each event.
 */

/** P8.2, INV-46: a possible breach; the investigation is due to start by `investigationDueAt`. */
export const PossibleBreachReported = defineEvent({
  type: "PossibleBreachReported",
  codec: t.type({
    incidentId: t.string,
    reportedAt: t.string,
    description: t.string,
    systems: t.readonlyArray(t.string),
    investigationDueAt: t.string,
  }),
  clauses: ["P8.2", "P8.8"],
});

/** D6, P8.2: the CTO delegates the investigation; the delegate may then act for the CTO in it. */
export const InvestigationDelegated = defineEvent({
  type: "InvestigationDelegated",
  codec: t.type({ incidentId: t.string, delegateActorId: t.string, delegatedAt: t.string }),
  clauses: ["P8.1", "P8.2"],
});

/** P8.2, INV-46: the investigation started; `overdue` makes a late start visible. */
export const InvestigationStarted = defineEvent({
  type: "InvestigationStarted",
  codec: t.type({
    incidentId: t.string,
    startedAt: t.string,
    dueAt: t.string,
    overdue: t.boolean,
    minutesLate: t.number,
  }),
  clauses: ["P8.2"],
});

/** P8.5, INV-47, Art. 33(1): awareness, with its moment and why; the 72-hour clock runs from it. */
export const BreachAwarenessEstablished = defineEvent({
  type: "BreachAwarenessEstablished",
  codec: t.type({ incidentId: t.string, awareAt: t.string, rationale: t.string, authorityDueAt: t.string }),
  clauses: ["P8.5"],
});

/** P8.6, INV-48: classified by the CTO only. */
export const SeverityClassified = defineEvent({
  type: "SeverityClassified",
  codec: t.type({
    incidentId: t.string,
    severity: SeverityCodec,
    rationale: t.string,
    classifiedAt: t.string,
  }),
  clauses: ["P8.6"],
});

/** P8.6, INV-49: the CEO is informed and involved in a serious case. */
export const CEOInformed = defineEvent({
  type: "CEOInformed",
  codec: t.type({ incidentId: t.string, informedAt: t.string }),
  clauses: ["P8.6"],
});

/** P8.5, INV-51, Art. 33(1), 34(1): the risk to people's rights and freedoms, with the reasoning. */
export const RiskAssessed = defineEvent({
  type: "RiskAssessed",
  codec: t.type({ incidentId: t.string, risk: RiskCodec, rationale: t.string, assessedAt: t.string }),
  clauses: ["P8.5"],
});

/** P8.2: a cause found. */
export const RootCauseRecorded = defineEvent({
  type: "RootCauseRecorded",
  codec: t.type({ incidentId: t.string, cause: t.string, recordedAt: t.string }),
  clauses: ["P8.2"],
});

/** P8.2, P8.4: a correction, taken as soon as possible. */
export const CorrectiveMeasureTaken = defineEvent({
  type: "CorrectiveMeasureTaken",
  codec: t.type({ incidentId: t.string, measureId: t.string, description: t.string, takenAt: t.string }),
  clauses: ["P8.2", "P8.4"],
});

/** P8.2, P8.4: an improvement against recurrence. */
export const PreventiveImprovementImplemented = defineEvent({
  type: "PreventiveImprovementImplemented",
  codec: t.type({
    incidentId: t.string,
    improvementId: t.string,
    description: t.string,
    implementedAt: t.string,
  }),
  clauses: ["P8.2", "P8.4"],
});

/** P8.2, INV-55: no improvement is needed, and why. */
export const NoPreventiveImprovementNeeded = defineEvent({
  type: "NoPreventiveImprovementNeeded",
  codec: t.type({ incidentId: t.string, reasons: t.string, recordedAt: t.string }),
  clauses: ["P8.2"],
});

/** P8.7: a decision put to the approvers. */
export const DecisionProposed = defineEvent({
  type: "DecisionProposed",
  codec: t.type({
    incidentId: t.string,
    decisionId: t.string,
    about: DecisionSubjectCodec,
    proposal: t.string,
    proposedAt: t.string,
  }),
  clauses: ["P8.7"],
});

/** P8.7, INV-50, D6: one approval, by an actor holding the role named. */
export const DecisionApproved = defineEvent({
  type: "DecisionApproved",
  codec: t.type({
    incidentId: t.string,
    decisionId: t.string,
    approvedBy: t.string,
    as: ApproverRoleCodec,
    approvedAt: t.string,
  }),
  clauses: ["P8.7"],
});

/** P8.7, INV-50: taken: by the CTO in a minor case, by distinct CEO and CTO in a serious one. */
export const DecisionTaken = defineEvent({
  type: "DecisionTaken",
  codec: t.type({
    incidentId: t.string,
    decisionId: t.string,
    about: DecisionSubjectCodec,
    approvers: t.readonlyArray(t.type({ actorId: t.string, as: ApproverRoleCodec })),
    takenAt: t.string,
  }),
  clauses: ["P8.6", "P8.7"],
});

/** P8.5, INV-51, INV-52, Art. 33(1), 33(3), 33(4): the Autoriteit Persoonsgegevens notified. */
export const AuthorityNotified = defineEvent({
  type: "AuthorityNotified",
  codec: t.intersection([
    t.type({
      incidentId: t.string,
      decisionId: t.string,
      notifiedAt: t.string,
      authorityReference: t.string,
      contents: AuthorityNotificationContentsCodec,
      /** Art. 33(4): given in phases; `missing` lists the Art. 33(3) items still to follow. */
      phased: t.boolean,
      missing: t.readonlyArray(t.string),
      late: t.boolean,
    }),
    t.partial({ lateReasons: t.string }),
  ]),
  clauses: ["P8.5"],
});

/** Art. 33(4): a further phase of the notification. */
export const AuthorityNotificationSupplemented = defineEvent({
  type: "AuthorityNotificationSupplemented",
  codec: t.type({
    incidentId: t.string,
    supplementedAt: t.string,
    contents: AuthorityNotificationContentsCodec,
    missing: t.readonlyArray(t.string),
  }),
  clauses: ["P8.5"],
});

/** P8.5, INV-53, Art. 34(1): the people concerned told (a count, never who). */
export const DataSubjectsNotified = defineEvent({
  type: "DataSubjectsNotified",
  codec: t.type({
    incidentId: t.string,
    decisionId: t.string,
    notifiedAt: t.string,
    channel: t.string,
    approximateCount: t.number,
  }),
  clauses: ["P8.5"],
});

/** P8.5, INV-53, Art. 34(3): why the people concerned are not told individually. */
export const SubjectNotificationExempted = defineEvent({
  type: "SubjectNotificationExempted",
  codec: t.type({
    incidentId: t.string,
    decisionId: t.string,
    ground: SubjectExemptionGroundCodec,
    reasons: t.string,
    recordedAt: t.string,
  }),
  clauses: ["P8.5"],
});

/** P8.5, D5, INV-54, Art. 33(2): a client whose data (processed on its behalf) the breach touches. */
export const AffectedClientRecorded = defineEvent({
  type: "AffectedClientRecorded",
  codec: t.type({ incidentId: t.string, clientOrganisationId: t.string, recordedAt: t.string }),
  clauses: ["P8.5"],
});

/** P8.5, D5, INV-54, Art. 33(2): that client told, as its processor must, without undue delay. */
export const ClientNotified = defineEvent({
  type: "ClientNotified",
  codec: t.type({ incidentId: t.string, clientOrganisationId: t.string, notifiedAt: t.string }),
  clauses: ["P8.5"],
});

/** P8.3: the findings reported to the management team and the general director. */
export const FindingsReported = defineEvent({
  type: "FindingsReported",
  codec: t.type({
    incidentId: t.string,
    reportedAt: t.string,
    toManagementTeam: t.literal(true),
    toGeneralDirector: t.literal(true),
    summary: t.string,
  }),
  clauses: ["P8.3"],
});

/** P8.8, INV-55: closed only when everything owed was done. */
export const IncidentClosed = defineEvent({
  type: "IncidentClosed",
  codec: t.type({ incidentId: t.string, closedAt: t.string }),
  clauses: ["P8.8"],
});

export const breachCatalog = eventCatalog([
  PossibleBreachReported,
  InvestigationDelegated,
  InvestigationStarted,
  BreachAwarenessEstablished,
  SeverityClassified,
  CEOInformed,
  RiskAssessed,
  RootCauseRecorded,
  CorrectiveMeasureTaken,
  PreventiveImprovementImplemented,
  NoPreventiveImprovementNeeded,
  DecisionProposed,
  DecisionApproved,
  DecisionTaken,
  AuthorityNotified,
  AuthorityNotificationSupplemented,
  DataSubjectsNotified,
  SubjectNotificationExempted,
  AffectedClientRecorded,
  ClientNotified,
  FindingsReported,
  IncidentClosed,
]);

export type BreachEvent =
  | EventOf<typeof PossibleBreachReported>
  | EventOf<typeof InvestigationDelegated>
  | EventOf<typeof InvestigationStarted>
  | EventOf<typeof BreachAwarenessEstablished>
  | EventOf<typeof SeverityClassified>
  | EventOf<typeof CEOInformed>
  | EventOf<typeof RiskAssessed>
  | EventOf<typeof RootCauseRecorded>
  | EventOf<typeof CorrectiveMeasureTaken>
  | EventOf<typeof PreventiveImprovementImplemented>
  | EventOf<typeof NoPreventiveImprovementNeeded>
  | EventOf<typeof DecisionProposed>
  | EventOf<typeof DecisionApproved>
  | EventOf<typeof DecisionTaken>
  | EventOf<typeof AuthorityNotified>
  | EventOf<typeof AuthorityNotificationSupplemented>
  | EventOf<typeof DataSubjectsNotified>
  | EventOf<typeof SubjectNotificationExempted>
  | EventOf<typeof AffectedClientRecorded>
  | EventOf<typeof ClientNotified>
  | EventOf<typeof FindingsReported>
  | EventOf<typeof IncidentClosed>;
