import { isLeft } from "fp-ts/lib/Either.js";
import { reject } from "../shared/reject.js";
import { blank } from "../shared/values.js";
import type { CloseRequest, NotifyRecipients } from "./commands.js";
import type { DataSubjectEvent } from "./events.js";
import type { Right } from "./records.js";
import {
  actorHolds,
  type Check,
  type Decision,
  decided,
  firstFailure,
  instant,
  ofRight,
  openRequest,
  STAFF_ROLES,
} from "./rules.js";
import type { DataSubjectState, RightsRequestState } from "./state.js";

/** The rights whose outcome every recipient of the data must hear of (Art. 19). */
const PASSED_ON: readonly Right[] = ["rectification", "erasure", "restriction", "noDisclosure"];

/**
 * What a request changed that recipients must hear of (Art. 19): the rectification, the erasure
 * decided, or the restriction; a request not to pass data on only when it led to a restriction.
 */
const changeOwedToRecipients = (request: RightsRequestState): DataSubjectEvent["type"] | undefined =>
  request.right === "noDisclosure"
    ? request.done.has("ProcessingRestricted")
      ? "ProcessingRestricted"
      : undefined
    : PASSED_ON.includes(request.right)
      ? FULFILLED_BY[request.right]
      : undefined;

/** What must have been done for each right before it is closed as (partly) granted. */
const FULFILLED_BY: Readonly<Record<Right, DataSubjectEvent["type"]>> = {
  access: "AccessPackageDelivered",
  portability: "PortableExportDelivered",
  rectification: "PersonalDataRectified",
  erasure: "ErasureDecided",
  restriction: "ProcessingRestricted",
  objection: "ObjectionRecorded",
  noDisclosure: "ObjectionRecorded",
};

/**
 * INV-44, Art. 19: each recipient in the disclosure register is told of the rectification, erasure or
 * restriction, or the exemption (impossible, disproportionate effort) is recorded with its reason.
 */
export const notifyRecipients = (command: NotifyRecipients, state: DataSubjectState): Decision => {
  const found = openRequest(state, command.requestId, "P7.b");
  if (isLeft(found)) return found;
  const request = found.right;
  const unknown = command.notices.filter((notice) => !state.recipients.has(notice.recipientId));
  const badNotice = command.notices.find((notice) =>
    "notifiedAt" in notice
      ? instant(notice.notifiedAt, "notifiedAt", "P7.b") !== undefined
      : blank(notice.reason),
  );
  return decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "notifying recipients", "P7.b"),
      () => ofRight(request, PASSED_ON, "notifying recipients", "P7.b"),
      () =>
        changeOwedToRecipients(request) !== undefined &&
        request.done.has(changeOwedToRecipients(request) as DataSubjectEvent["type"])
          ? undefined
          : reject(
              "INV-44",
              "P7.b",
              "Art. 19",
              `nothing was ${request.right === "restriction" ? "restricted" : request.right === "erasure" ? "erased" : "rectified"} yet for request ${request.requestId}`,
            ),
      () =>
        command.notices.length === 0
          ? reject("INV-44", "P7.b", "Art. 19", "a notification names the recipients told")
          : undefined,
      () =>
        unknown.length === 0
          ? undefined
          : reject(
              "INV-44",
              "P7.b",
              "Art. 19",
              `not in the subject's disclosure register: ${unknown.map((n) => n.recipientId).join(", ")}`,
            ),
      () =>
        badNotice === undefined
          ? undefined
          : reject(
              "INV-44",
              "P7.b",
              "Art. 19",
              `the notice to ${badNotice.recipientId} needs an ISO instant it was sent, or the reason for the exemption`,
            ),
    ),
    () => [
      {
        type: "RecipientsNotified",
        data: { subjectId: command.subjectId, requestId: command.requestId, notices: command.notices },
      },
    ],
  );
};

/** INV-45, INV-44, INV-37: the outcome matches what happened, and everything owed was done first. */
const outcomeHolds = (command: CloseRequest, request: RightsRequestState, state: DataSubjectState): Check => {
  const { outcome } = command;
  if (outcome === "withdrawn") return undefined;
  if (outcome === "refused")
    return request.refused
      ? undefined
      : reject(
          "INV-37",
          "P7.1",
          "Art. 12(4)",
          `request ${request.requestId} was not refused with a ground and reasons`,
        );
  if (request.refused)
    return reject(
      "INV-45",
      "P7.1",
      "Art. 12(4)",
      `request ${request.requestId} was refused; close it as refused`,
    );
  if (!request.done.has(FULFILLED_BY[request.right]))
    return reject(
      "INV-45",
      "P7.2",
      "Art. 12(3)",
      `request ${request.requestId} (${request.right}) was not carried out`,
    );
  if (request.right === "erasure" && request.declinedClasses.length > 0) {
    const kept = request.declinedClasses.join(", ");
    if ((request.eraseClasses?.length ?? 0) === 0)
      return reject(
        "INV-37",
        "P7.1",
        "Art. 12(4), 17(3)",
        `nothing was erased (${kept} kept by law): refuse the request with its ground and reasons`,
      );
    if (outcome !== "partiallyGranted")
      return reject(
        "INV-45",
        "P7.b",
        "Art. 12(4), 17(3)",
        `${kept} were kept by law: the outcome is partly granted`,
      );
  }
  if (outcome === "partiallyGranted" && !(command.complaintToAuthorityStated && command.judicialRemedyStated))
    return reject(
      "INV-37",
      "P7.1",
      "Art. 12(4), Art. 77, Art. 79",
      "a partly granted request tells the person of the right to complain to the Autoriteit Persoonsgegevens and to a judicial remedy",
    );
  if (
    request.right === "erasure" &&
    (request.eraseClasses?.length ?? 0) > 0 &&
    !request.done.has("ErasureCompleted")
  )
    return reject(
      "INV-45",
      "P7.b",
      "Art. 17(1)",
      `the erasure decided for request ${request.requestId} is not completed`,
    );
  if (changeOwedToRecipients(request) !== undefined) {
    const untold = [...state.recipients.keys()].filter(
      (recipient) => !request.recipientsNotified.has(recipient),
    );
    if (untold.length > 0)
      return reject(
        "INV-44",
        "P7.b",
        "Art. 19",
        `recipients not told and no exemption recorded: ${untold.join(", ")}`,
      );
  }
  return undefined;
};

/** INV-45, P7.2: a request is closed only with its outcome communicated to the person. */
export const closeRequest = (command: CloseRequest, state: DataSubjectState): Decision => {
  const found = openRequest(state, command.requestId, "P7.2");
  if (isLeft(found)) return found;
  const request = found.right;
  return decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "closing a request", "P7.2"),
      () => instant(command.at, "at", "P7.2"),
      () => outcomeHolds(command, request, state),
    ),
    () => [
      {
        type: "RightsRequestClosed",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          outcome: command.outcome,
          communicatedAt: command.at,
          communicatedBy: command.communicatedBy,
          closedAt: command.at,
          ...(command.outcome === "partiallyGranted"
            ? { complaintToAuthorityStated: true as const, judicialRemedyStated: true as const }
            : {}),
        },
      },
    ],
  );
};
