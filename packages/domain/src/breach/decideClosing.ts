import { reject } from "../shared/reject.js";
import type { CloseIncident } from "./commands.js";
import { actorHolds, type Decision, decided, firstFailure, instant, open } from "./rules.js";
import type { BreachState } from "./state.js";

/** Everything still owed before an incident may close, in words (INV-49, INV-51…INV-55). */
export const outstanding = (state: BreachState): string[] => {
  const owed: string[] = [];
  if (!state.investigationStarted) owed.push("the investigation was not started (INV-46)");
  if (state.rootCauses === 0) owed.push("no cause recorded (INV-55)");
  if (state.correctiveMeasures.size === 0) owed.push("no corrective measure (INV-55)");
  if (state.preventiveImprovements.size === 0 && !state.noImprovementReasoned)
    owed.push("no preventive improvement, nor reasons why none is needed (INV-55)");
  if (state.severity === undefined) owed.push("the severity is not classified (INV-48)");
  if (state.severity === "serious" && !state.ceoInformed) owed.push("the CEO was not informed (INV-49)");
  if (state.risk === undefined) owed.push("the risk is not assessed (INV-51)");
  if (state.risk !== undefined && state.risk !== "none" && !state.authorityNotified)
    owed.push("the Autoriteit Persoonsgegevens was not notified (INV-51)");
  if (state.authorityItemsMissing.length > 0)
    owed.push(`the notification still lacks ${state.authorityItemsMissing.join(", ")} (INV-52)`);
  if (state.risk === "high" && !state.subjectsNotifiedOrExempted)
    owed.push("the people concerned were not told, nor an Art. 34(3) exemption recorded (INV-53)");
  const untold = [...state.affectedClients].filter(([, told]) => !told).map(([client]) => client);
  if (untold.length > 0) owed.push(`affected clients not notified: ${untold.join(", ")} (INV-54)`);
  if (!state.findingsReported)
    owed.push("the findings were not reported to the management team and the general director (INV-55)");
  return owed;
};

/** P8.8, INV-55: the CTO closes the incident only when all of it is done and documented. */
export const closeIncident = (command: CloseIncident, state: BreachState): Decision => {
  const owed = outstanding(state);
  return decided(
    firstFailure(
      () => open(state, "P8.8"),
      () => actorHolds(command.actor, ["CTO"], "closing an incident", "P8.8"),
      () => instant(command.at, "at", "P8.8"),
      () =>
        owed.length === 0
          ? undefined
          : reject("INV-55", "P8.8", "Art. 33(5)", `the incident cannot close: ${owed.join("; ")}`),
    ),
    () => [{ type: "IncidentClosed", data: { incidentId: state.incidentId, closedAt: command.at } }],
  );
};
