import type { Decider } from "@privacy-ledger/eventsourcing";
import { left } from "fp-ts/lib/Either.js";
import { type LegalCalendar, legalCalendar } from "../calendar/legalCalendar.js";
import { reject } from "../shared/reject.js";
import type { BreachCommand } from "./commands.js";
import { closeIncident } from "./decideClosing.js";
import { approveDecision, proposeDecision } from "./decideDecisions.js";
import {
  assessRisk,
  classifySeverity,
  delegateInvestigation,
  establishAwareness,
  informCEO,
  recordCorrectiveMeasure,
  recordNoPreventiveImprovement,
  recordPreventiveImprovement,
  recordRootCause,
  reportPossibleBreach,
  startInvestigation,
} from "./decideInvestigation.js";
import {
  notifyAuthority,
  notifyClient,
  notifyDataSubjects,
  recordAffectedClient,
  recordSubjectNotificationExemption,
  reportFindings,
  supplementAuthorityNotification,
} from "./decideNotifications.js";
import type { BreachEvent } from "./events.js";
import type { Decision } from "./rules.js";
import { type BreachState, evolveBreach, initialBreachState } from "./state.js";

export interface BreachOptions {
  /** The 72-hour clock (Art. 33(1)); the default needs no configuration. */
  readonly calendar?: LegalCalendar;
  /**
   * P8.2 "immediately", INV-46: minutes within which the investigation must start after the report.
   * Default 60; the overdue start is recorded, never refused.
   */
  readonly investigationStartMinutes?: number;
}

export type BreachDecider = Decider<BreachCommand, BreachEvent, BreachState>;

const decideFor =
  (calendar: LegalCalendar, investigationStartMinutes: number) =>
  (command: BreachCommand, state: BreachState): Decision => {
    if (state.status !== "none" && command.incidentId !== state.incidentId)
      return left(
        reject(
          "BR-ID",
          "P8.8",
          undefined,
          `this stream is incident ${state.incidentId}, not ${command.incidentId}`,
        ),
      );
    switch (command.kind) {
      case "ReportPossibleBreach":
        return reportPossibleBreach(command, state, investigationStartMinutes);
      case "DelegateInvestigation":
        return delegateInvestigation(command, state);
      case "StartInvestigation":
        return startInvestigation(command, state);
      case "EstablishAwareness":
        return establishAwareness(command, state, calendar);
      case "ClassifySeverity":
        return classifySeverity(command, state);
      case "InformCEO":
        return informCEO(command, state);
      case "AssessRisk":
        return assessRisk(command, state);
      case "RecordRootCause":
        return recordRootCause(command, state);
      case "RecordCorrectiveMeasure":
        return recordCorrectiveMeasure(command, state);
      case "RecordPreventiveImprovement":
        return recordPreventiveImprovement(command, state);
      case "RecordNoPreventiveImprovement":
        return recordNoPreventiveImprovement(command, state);
      case "ProposeDecision":
        return proposeDecision(command, state);
      case "ApproveDecision":
        return approveDecision(command, state);
      case "NotifyAuthority":
        return notifyAuthority(command, state);
      case "SupplementAuthorityNotification":
        return supplementAuthorityNotification(command, state);
      case "NotifyDataSubjects":
        return notifyDataSubjects(command, state);
      case "RecordSubjectNotificationExemption":
        return recordSubjectNotificationExemption(command, state);
      case "RecordAffectedClient":
        return recordAffectedClient(command, state);
      case "NotifyClient":
        return notifyClient(command, state);
      case "ReportFindings":
        return reportFindings(command, state);
      case "CloseIncident":
        return closeIncident(command, state);
    }
  };

/**
 * The BreachIncident aggregate (P8): from a possible breach reported to the incident closed, every step an
 * event with its actor; one stream per incident (`breachStreamId`).
 */
export const breachIncidentDecider = (options: BreachOptions = {}): BreachDecider => {
  const minutes = options.investigationStartMinutes ?? 60;
  if (!Number.isInteger(minutes) || minutes <= 0)
    throw new RangeError("investigationStartMinutes is a positive whole number of minutes");
  return {
    initialState: initialBreachState,
    evolve: evolveBreach,
    decide: decideFor(options.calendar ?? legalCalendar(), minutes),
  };
};
