import { reject } from "../shared/reject.js";
import { blank, isOpaqueId } from "../shared/values.js";
import type {
  NotifyAuthority,
  NotifyClient,
  NotifyDataSubjects,
  RecordAffectedClient,
  RecordSubjectNotificationExemption,
  ReportFindings,
  SupplementAuthorityNotification,
} from "./commands.js";
import { ARTICLE_33_3_ITEMS, type AuthorityNotificationContents } from "./records.js";
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
  takenDecision,
} from "./rules.js";
import type { BreachState } from "./state.js";

/** The Art. 33(3) items a notification leaves out (INV-52). */
const missingItems = (
  contents: AuthorityNotificationContents,
  owed: readonly string[] = ARTICLE_33_3_ITEMS,
): string[] =>
  owed.filter((item) => {
    const value = contents[item as keyof AuthorityNotificationContents];
    return value === undefined || (typeof value === "string" && blank(value));
  });

const describedWithoutContactDetails = (contents: AuthorityNotificationContents) =>
  firstFailure(
    ...(["nature", "likelyConsequences", "measures"] as const).map(
      (item) => () => noContactDetails(contents[item] ?? "", `the notification's ${item}`),
    ),
  );

/**
 * P8.5, INV-51, INV-52, Art. 33(1), 33(3), 33(4): the Autoriteit Persoonsgegevens is notified on a decision
 * taken, with every item of Art. 33(3) or, where they are not yet known, in phases; after the 72 hours
 * only with the reasons for the delay.
 */
export const notifyAuthority = (command: NotifyAuthority, state: BreachState): Decision => {
  const missing = missingItems(command.contents);
  const late =
    state.authorityDueAt !== undefined && Date.parse(command.at) > Date.parse(state.authorityDueAt);
  return decided(
    firstFailure(
      () => investigationStep(command, state, "notifying the authority", "P8.5"),
      () =>
        state.authorityDueAt === undefined
          ? reject(
              "INV-47",
              "P8.5",
              "Art. 33(1)",
              "awareness is established before the authority is notified",
            )
          : undefined,
      () =>
        state.authorityNotified
          ? reject(
              "BR-DUPLICATE",
              "P8.5",
              "Art. 33(4)",
              "the authority was notified; further information is a supplement",
            )
          : undefined,
      () => takenDecision(state, command.decisionId, ["notifyAuthority"], "P8.7"),
      () => required(command.authorityReference, "INV-52", "P8.5", "Art. 33(1)", "the authority's reference"),
      () =>
        missing.length > 0 && !command.phased
          ? reject(
              "INV-52",
              "P8.5",
              "Art. 33(3), 33(4)",
              `the notification lacks ${missing.join(", ")}; give them, or notify in phases`,
            )
          : undefined,
      () =>
        late && blank(command.lateReasons ?? "")
          ? reject(
              "INV-51",
              "P8.5",
              "Art. 33(1)",
              `the 72 hours ended at ${state.authorityDueAt}; a later notification gives the reasons for the delay`,
            )
          : undefined,
      () => describedWithoutContactDetails(command.contents),
    ),
    () => [
      {
        type: "AuthorityNotified",
        data: {
          incidentId: state.incidentId,
          decisionId: command.decisionId,
          notifiedAt: command.at,
          authorityReference: command.authorityReference,
          contents: command.contents,
          phased: missing.length > 0,
          missing,
          late,
          ...(command.lateReasons === undefined ? {} : { lateReasons: command.lateReasons }),
        },
      },
    ],
  );
};

/** Art. 33(4), INV-52: a further phase, "without undue further delay"; what is still missing is computed. */
export const supplementAuthorityNotification = (
  command: SupplementAuthorityNotification,
  state: BreachState,
): Decision => {
  const missing = missingItems(command.contents, state.authorityItemsMissing);
  return decided(
    firstFailure(
      () => investigationStep(command, state, "supplementing the notification", "P8.5"),
      () =>
        state.authorityNotified
          ? undefined
          : reject("INV-52", "P8.5", "Art. 33(4)", "there is no notification to supplement"),
      () => describedWithoutContactDetails(command.contents),
    ),
    () => [
      {
        type: "AuthorityNotificationSupplemented",
        data: {
          incidentId: state.incidentId,
          supplementedAt: command.at,
          contents: command.contents,
          missing,
        },
      },
    ],
  );
};

/** P8.5, INV-53, Art. 34(1): the people concerned told, on a decision taken, counted never named. */
export const notifyDataSubjects = (command: NotifyDataSubjects, state: BreachState): Decision =>
  decided(
    firstFailure(
      () => investigationStep(command, state, "notifying the people concerned", "P8.5"),
      () => takenDecision(state, command.decisionId, ["notifySubjects"], "P8.7"),
      () =>
        required(command.channel, "INV-53", "P8.5", "Art. 34(2)", "the channel the people were told through"),
      () =>
        Number.isInteger(command.approximateCount) && command.approximateCount > 0
          ? undefined
          : reject("INV-53", "P8.5", "Art. 34(1)", "the number of people told is a positive whole number"),
    ),
    () => [
      {
        type: "DataSubjectsNotified",
        data: {
          incidentId: state.incidentId,
          decisionId: command.decisionId,
          notifiedAt: command.at,
          channel: command.channel,
          approximateCount: command.approximateCount,
        },
      },
    ],
  );

/** P8.5, INV-53, Art. 34(3): not telling the people concerned only on a ground of 34(3), with reasons. */
export const recordSubjectNotificationExemption = (
  command: RecordSubjectNotificationExemption,
  state: BreachState,
): Decision =>
  decided(
    firstFailure(
      () => investigationStep(command, state, "recording an exemption", "P8.5"),
      () => takenDecision(state, command.decisionId, ["exemptSubjects"], "P8.7"),
      () => required(command.reasons, "INV-53", "P8.5", "Art. 34(3)", "the reasons for the exemption"),
      () => noContactDetails(command.reasons, "the reasons"),
    ),
    () => [
      {
        type: "SubjectNotificationExempted",
        data: {
          incidentId: state.incidentId,
          decisionId: command.decisionId,
          ground: command.ground,
          reasons: command.reasons,
          recordedAt: command.at,
        },
      },
    ],
  );

/** P8.5, D5, INV-54: a client whose data the company processes on its behalf is touched by the breach. */
export const recordAffectedClient = (command: RecordAffectedClient, state: BreachState): Decision =>
  decided(
    firstFailure(
      () => investigationStep(command, state, "recording an affected client", "P8.5"),
      () =>
        isOpaqueId(command.clientOrganisationId)
          ? undefined
          : reject("BR-ID", "P8.5", undefined, "a client organisation is named by its opaque id"),
      () =>
        state.affectedClients.has(command.clientOrganisationId)
          ? reject(
              "BR-DUPLICATE",
              "P8.5",
              undefined,
              `client ${command.clientOrganisationId} is already recorded`,
            )
          : undefined,
    ),
    () => [
      {
        type: "AffectedClientRecorded",
        data: {
          incidentId: state.incidentId,
          clientOrganisationId: command.clientOrganisationId,
          recordedAt: command.at,
        },
      },
    ],
  );

/** P8.5, D5, INV-54, Art. 33(2): the processor tells each affected controller without undue delay. */
export const notifyClient = (command: NotifyClient, state: BreachState): Decision =>
  decided(
    firstFailure(
      () => investigationStep(command, state, "notifying a client", "P8.5"),
      () =>
        state.affectedClients.has(command.clientOrganisationId)
          ? undefined
          : reject(
              "INV-54",
              "P8.5",
              "Art. 33(2)",
              `client ${command.clientOrganisationId} is not recorded as affected`,
            ),
      () =>
        state.affectedClients.get(command.clientOrganisationId) === true
          ? reject(
              "BR-DUPLICATE",
              "P8.5",
              "Art. 33(2)",
              `client ${command.clientOrganisationId} was already notified`,
            )
          : undefined,
    ),
    () => [
      {
        type: "ClientNotified",
        data: {
          incidentId: state.incidentId,
          clientOrganisationId: command.clientOrganisationId,
          notifiedAt: command.at,
        },
      },
    ],
  );

/** P8.3: the CTO reports the findings to the management team and to the general director, both. */
export const reportFindings = (command: ReportFindings, state: BreachState): Decision =>
  decided(
    firstFailure(
      () => open(state, "P8.3"),
      () => actorHolds(command.actor, ["CTO"], "reporting the findings", "P8.3"),
      () => instant(command.at, "at", "P8.3"),
      () =>
        command.toManagementTeam && command.toGeneralDirector
          ? undefined
          : reject(
              "BR-FINDINGS",
              "P8.3",
              undefined,
              "the findings go to the management team and to the general director",
            ),
      () => required(command.summary, "BR-FINDINGS", "P8.3", undefined, "a summary of the findings"),
      () => noContactDetails(command.summary, "the summary"),
    ),
    () => [
      {
        type: "FindingsReported",
        data: {
          incidentId: state.incidentId,
          reportedAt: command.at,
          toManagementTeam: true,
          toGeneralDirector: true,
          summary: command.summary,
        },
      },
    ],
  );
