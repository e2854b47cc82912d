import type { LegalCalendar } from "../calendar/legalCalendar.js";
import { reject } from "../shared/reject.js";
import { COMPANY_ROLES } from "../shared/roles.js";
import { isOpaqueId } from "../shared/values.js";
import type {
  AssessRisk,
  ClassifySeverity,
  DelegateInvestigation,
  EstablishAwareness,
  InformCEO,
  RecordCorrectiveMeasure,
  RecordNoPreventiveImprovement,
  RecordPreventiveImprovement,
  RecordRootCause,
  ReportPossibleBreach,
  StartInvestigation,
} from "./commands.js";
import {
  actorHolds,
  type Decision,
  decided,
  firstFailure,
  instant,
  investigationStep,
  noContactDetails,
  open,
  required,
} from "./rules.js";
import type { BreachState } from "./state.js";

const MINUTE = 60_000;

/**
 * P8.2, INV-46: anyone in the company reports a possible breach; the investigation is due to start
 * within the configured "immediately" (default 60 minutes).
 */
export const reportPossibleBreach = (
  command: ReportPossibleBreach,
  state: BreachState,
  investigationStartMinutes: number,
): Decision =>
  decided(
    firstFailure(
      () => actorHolds(command.actor, COMPANY_ROLES, "reporting a possible breach", "P8.2"),
      () =>
        isOpaqueId(command.incidentId)
          ? undefined
          : reject("BR-ID", "P8.2", undefined, "an incident id is opaque (letters, digits, . _ : + = / -)"),
      () =>
        state.status === "none"
          ? undefined
          : reject("BR-DUPLICATE", "P8.2", undefined, `incident ${command.incidentId} was already reported`),
      () => instant(command.at, "at", "P8.2"),
      () => required(command.description, "BR-REPORT", "P8.2", undefined, "a description of what happened"),
      () => noContactDetails(command.description, "the description"),
    ),
    () => [
      {
        type: "PossibleBreachReported",
        data: {
          incidentId: command.incidentId,
          reportedAt: command.at,
          description: command.description,
          systems: command.systems,
          investigationDueAt: new Date(
            Date.parse(command.at) + investigationStartMinutes * MINUTE,
          ).toISOString(),
        },
      },
    ],
  );

/** D6: the CTO may delegate the investigation; the delegation is itself recorded. */
export const delegateInvestigation = (command: DelegateInvestigation, state: BreachState): Decision =>
  decided(
    firstFailure(
      () => open(state, "P8.2"),
      () => actorHolds(command.actor, ["CTO"], "delegating the investigation", "P8.1"),
      () => instant(command.at, "at", "P8.2"),
      () =>
        isOpaqueId(command.delegateActorId)
          ? undefined
          : reject("BR-ID", "P8.2", undefined, "the delegate is named by an opaque actor id"),
    ),
    () => [
      {
        type: "InvestigationDelegated",
        data: {
          incidentId: state.incidentId,
          delegateActorId: command.delegateActorId,
          delegatedAt: command.at,
        },
      },
    ],
  );

/** P8.2, INV-46: started by the CTO or the delegate; a late start is recorded as late, never hidden. */
export const startInvestigation = (command: StartInvestigation, state: BreachState): Decision => {
  const late = Math.max(0, Date.parse(command.at) - Date.parse(state.investigationDueAt));
  return decided(
    firstFailure(
      () => investigationStep(command, state, "starting the investigation", "P8.2"),
      () =>
        state.investigationStarted
          ? reject("BR-DUPLICATE", "P8.2", undefined, "the investigation was already started")
          : undefined,
    ),
    () => [
      {
        type: "InvestigationStarted",
        data: {
          incidentId: state.incidentId,
          startedAt: command.at,
          dueAt: state.investigationDueAt,
          overdue: late > 0,
          minutesLate: Math.ceil(late / MINUTE),
        },
      },
    ],
  );
};

/**
 * P8.5, INV-47, Art. 33(1): awareness, once, with its moment and rationale; the 72 hours to notify the
 * Autoriteit Persoonsgegevens run from it through nights, weekends and holidays (the legal calendar).
 */
export const establishAwareness = (
  command: EstablishAwareness,
  state: BreachState,
  calendar: LegalCalendar,
): Decision =>
  decided(
    firstFailure(
      () => investigationStep(command, state, "establishing awareness", "P8.5"),
      () => instant(command.awareAt, "awareAt", "P8.5"),
      () =>
        state.awareAt === undefined
          ? undefined
          : reject(
              "INV-47",
              "P8.5",
              "Art. 33(1)",
              `awareness was established at ${state.awareAt}; the clock never restarts`,
            ),
      () =>
        Date.parse(command.awareAt) > Date.parse(command.at)
          ? reject(
              "INV-47",
              "P8.5",
              "Art. 33(1)",
              "awareness cannot lie in the future of the moment it is recorded",
            )
          : undefined,
      () =>
        required(
          command.rationale,
          "INV-47",
          "P8.5",
          "Art. 33(1)",
          "the rationale for the moment of awareness",
        ),
      () => noContactDetails(command.rationale, "the rationale"),
    ),
    () => [
      {
        type: "BreachAwarenessEstablished",
        data: {
          incidentId: state.incidentId,
          awareAt: command.awareAt,
          rationale: command.rationale,
          authorityDueAt: calendar.breachNotificationDeadline(new Date(command.awareAt)).toISOString(),
        },
      },
    ],
  );

/** P8.6, INV-48: the CTO alone classifies (a delegate does not). */
export const classifySeverity = (command: ClassifySeverity, state: BreachState): Decision =>
  decided(
    firstFailure(
      () => open(state, "P8.6"),
      () =>
        command.actor.roles.includes("CTO")
          ? undefined
          : reject(
              "INV-48",
              "P8.6",
              undefined,
              `only the CTO classifies a breach; actor ${command.actor.id} is not the CTO`,
            ),
      () => instant(command.at, "at", "P8.6"),
      () => required(command.rationale, "INV-48", "P8.6", undefined, "the reasoning for the classification"),
    ),
    () => [
      {
        type: "SeverityClassified",
        data: {
          incidentId: state.incidentId,
          severity: command.severity,
          rationale: command.rationale,
          classifiedAt: command.at,
        },
      },
    ],
  );

/** P8.6, INV-49: the CTO informs and involves the CEO. */
export const informCEO = (command: InformCEO, state: BreachState): Decision =>
  state.ceoInformed
    ? decided(undefined, () => [])
    : decided(
        firstFailure(
          () => open(state, "P8.6"),
          () => actorHolds(command.actor, ["CTO"], "informing the CEO", "P8.6"),
          () => instant(command.at, "at", "P8.6"),
        ),
        () => [{ type: "CEOInformed", data: { incidentId: state.incidentId, informedAt: command.at } }],
      );

/** P8.5, INV-51: the risk to people, with the reasoning (also when there is none: Art. 33(5)). */
export const assessRisk = (command: AssessRisk, state: BreachState): Decision =>
  decided(
    firstFailure(
      () => investigationStep(command, state, "assessing the risk", "P8.5"),
      () =>
        required(command.rationale, "INV-51", "P8.5", "Art. 33(5)", "the reasoning for the risk assessment"),
      () => noContactDetails(command.rationale, "the rationale"),
      () =>
        command.risk !== "none" && state.awareAt === undefined
          ? reject(
              "INV-47",
              "P8.5",
              "Art. 33(1)",
              "a breach with a risk has a moment of awareness; establish it first",
            )
          : undefined,
    ),
    () => [
      {
        type: "RiskAssessed",
        data: {
          incidentId: state.incidentId,
          risk: command.risk,
          rationale: command.rationale,
          assessedAt: command.at,
        },
      },
    ],
  );

/** P8.2: a cause found. */
export const recordRootCause = (command: RecordRootCause, state: BreachState): Decision =>
  decided(
    firstFailure(
      () => investigationStep(command, state, "recording a cause", "P8.2"),
      () => required(command.cause, "BR-FINDING", "P8.2", undefined, "the cause"),
      () => noContactDetails(command.cause, "the cause"),
    ),
    () => [
      {
        type: "RootCauseRecorded",
        data: { incidentId: state.incidentId, cause: command.cause, recordedAt: command.at },
      },
    ],
  );

/** P8.2, P8.4: a correction. */
export const recordCorrectiveMeasure = (command: RecordCorrectiveMeasure, state: BreachState): Decision =>
  decided(
    firstFailure(
      () => investigationStep(command, state, "recording a corrective measure", "P8.4"),
      () => required(command.description, "BR-FINDING", "P8.4", undefined, "the measure"),
      () => noContactDetails(command.description, "the measure"),
    ),
    () => [
      {
        type: "CorrectiveMeasureTaken",
        data: {
          incidentId: state.incidentId,
          measureId: command.measureId,
          description: command.description,
          takenAt: command.at,
        },
      },
    ],
  );

/** P8.2, P8.4: an improvement against recurrence. */
export const recordPreventiveImprovement = (
  command: RecordPreventiveImprovement,
  state: BreachState,
): Decision =>
  decided(
    firstFailure(
      () => investigationStep(command, state, "recording a preventive improvement", "P8.4"),
      () => required(command.description, "BR-FINDING", "P8.4", undefined, "the improvement"),
      () => noContactDetails(command.description, "the improvement"),
    ),
    () => [
      {
        type: "PreventiveImprovementImplemented",
        data: {
          incidentId: state.incidentId,
          improvementId: command.improvementId,
          description: command.description,
          implementedAt: command.at,
        },
      },
    ],
  );

/** P8.2, INV-55: that no improvement is needed is a finding too, with its reasons. */
export const recordNoPreventiveImprovement = (
  command: RecordNoPreventiveImprovement,
  state: BreachState,
): Decision =>
  decided(
    firstFailure(
      () => investigationStep(command, state, "recording that no improvement is needed", "P8.2"),
      () => required(command.reasons, "INV-55", "P8.2", undefined, "the reasons no improvement is needed"),
    ),
    () => [
      {
        type: "NoPreventiveImprovementNeeded",
        data: { incidentId: state.incidentId, reasons: command.reasons, recordedAt: command.at },
      },
    ],
  );
