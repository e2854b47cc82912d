import type { Rejection } from "@privacy-ledger/eventsourcing";
import { isLeft, left } from "fp-ts/lib/Either.js";
import type { LegalCalendar } from "../calendar/legalCalendar.js";
import { registeredProcessing } from "../processingRegister/authorises.js";
import type { ProcessingRegisterState } from "../processingRegister/state.js";
import { reject } from "../shared/reject.js";
import { blank } from "../shared/values.js";
import type {
  ChargeFee,
  ExtendDeadline,
  ReceiveRightsRequest,
  RecordIdentityNotEstablished,
  RefuseRequest,
  RequestIdentityProof,
  VerifyIdentity,
} from "./commands.js";
import { RIGHTS_PURPOSE } from "./events.js";
import { RIGHT_ARTICLE } from "./records.js";
import {
  actorHolds,
  type Decision,
  decided,
  firstFailure,
  instant,
  notRefused,
  opaqueId,
  openRequest,
  PRIVACY_LEAD_ROLES,
  STAFF_ROLES,
} from "./rules.js";
import type { DataSubjectState } from "./state.js";

/**
 * P7, P7.1-P7.3, INV-34, INV-35, Art. 12(3): the request is recorded with its channel and the moment it
 * was received, by telephone as much as by e-mail, and the deadline is computed from that moment by the
 * legal calendar (decision D3: nothing pauses it). A repeated request id is a duplicate, never a new clock.
 */
export const receiveRightsRequest = (
  command: ReceiveRightsRequest,
  state: DataSubjectState,
  calendar: LegalCalendar,
  register: ProcessingRegisterState,
  rightsActivityId: string,
): Decision => {
  const { subjectId, requestId, right, channel, receivedAt, description } = command;
  const existing = state.requests.get(requestId);
  const check = firstFailure(
    () => actorHolds(command.actor, STAFF_ROLES, "receiving a rights request", "P7.1"),
    () => opaqueId(requestId, "requestId", "P7.1"),
    () => instant(receivedAt, "receivedAt", "P7.2"),
    () =>
      existing === undefined
        ? undefined
        : reject(
            "INV-34",
            "P7.2",
            "Art. 12(3)",
            `rights request ${requestId} was received at ${existing.receivedAt}; its time of receipt never changes`,
          ),
  );
  const registered = registeredProcessing(register, {
    activityId: rightsActivityId,
    purpose: RIGHTS_PURPOSE,
    legalBasisKind: "legalObligation",
    dataCategories: ["requestRecord"],
    subjectCategory: "dataSubject",
  });
  if (check !== undefined || registered !== undefined) return left(check ?? (registered as Rejection));
  const deadline = calendar.oneMonthDeadline(new Date(receivedAt));
  return decided(undefined, () => [
    {
      type: "RightsRequestReceived",
      data: {
        subjectId,
        requestId,
        right,
        channel,
        receivedAt,
        dueAt: deadline.dueAt.toISOString(),
        dueDate: deadline.date,
        deadlineBasis: `${RIGHT_ARTICLE[right]}; ${deadline.basis}`,
        activityId: rightsActivityId,
        ...(description === undefined ? {} : { description }),
      },
    },
  ]);
};

/**
 * INV-39, Art. 12(6), EDPB Guidelines 01/2022: proof proportionate to the request; a copy of an identity
 * document only when a lighter proof cannot settle a reasonable doubt, and then with that justification.
 */
export const requestIdentityProof = (command: RequestIdentityProof, state: DataSubjectState): Decision => {
  const found = openRequest(state, command.requestId, "P7.1");
  if (isLeft(found)) return found;
  return decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "asking for proof of identity", "P7.1"),
      () => instant(command.at, "at", "P7.1"),
      () =>
        command.proof === "identityDocument" && blank(command.justification ?? "")
          ? reject(
              "INV-39",
              "P7.1",
              "Art. 12(6), Art. 5(1)(c)",
              "a copy of an identity document is asked for only with a justification (no systematic ID copies)",
            )
          : undefined,
    ),
    () => [
      {
        type: "IdentityProofRequested",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          proof: command.proof,
          requestedAt: command.at,
          ...(command.justification === undefined ? {} : { justification: command.justification }),
        },
      },
    ],
  );
};

export const verifyIdentity = (command: VerifyIdentity, state: DataSubjectState): Decision => {
  const found = openRequest(state, command.requestId, "P7.1");
  if (isLeft(found)) return found;
  if (found.right.identityVerified) return decided(undefined, () => []);
  return decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "verifying identity", "P7.1"),
      () => instant(command.at, "at", "P7.1"),
    ),
    () => [
      {
        type: "IdentityVerified",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          proof: command.proof,
          verifiedAt: command.at,
        },
      },
    ],
  );
};

export const recordIdentityNotEstablished = (
  command: RecordIdentityNotEstablished,
  state: DataSubjectState,
): Decision => {
  const found = openRequest(state, command.requestId, "P7.1");
  if (isLeft(found)) return found;
  return decided(
    firstFailure(
      () => actorHolds(command.actor, STAFF_ROLES, "recording an identity not established", "P7.1"),
      () => instant(command.at, "at", "P7.1"),
      () =>
        found.right.identityVerified
          ? reject(
              "INV-39",
              "P7.1",
              "Art. 12(6)",
              `identity for request ${command.requestId} was already verified`,
            )
          : undefined,
    ),
    () => [
      {
        type: "IdentityNotEstablished",
        data: { subjectId: command.subjectId, requestId: command.requestId, establishedAt: command.at },
      },
    ],
  );
};

/**
 * P7.2, INV-36, Art. 12(3): one extension, by two further months (three from receipt, computed), decided
 * within the first month, with reasons sent to the person at the same time.
 */
export const extendDeadline = (
  command: ExtendDeadline,
  state: DataSubjectState,
  calendar: LegalCalendar,
): Decision => {
  const found = openRequest(state, command.requestId, "P7.2");
  if (isLeft(found)) return found;
  const request = found.right;
  const extended = calendar.extendedDeadline(new Date(request.receivedAt));
  return decided(
    firstFailure(
      () => actorHolds(command.actor, PRIVACY_LEAD_ROLES, "extending a deadline", "P7.2"),
      () => instant(command.at, "at", "P7.2"),
      () => notRefused(request, "P7.2"),
      () =>
        request.extendedDueAt === undefined
          ? undefined
          : reject(
              "INV-36",
              "P7.2",
              "Art. 12(3)",
              `request ${request.requestId} was already extended (to ${request.extendedDueAt})`,
            ),
      () =>
        Date.parse(command.at) <= Date.parse(request.dueAt)
          ? undefined
          : reject(
              "INV-36",
              "P7.2",
              "Art. 12(3)",
              `an extension must be told within the first month; request ${request.requestId} was due ${request.dueAt}`,
            ),
      () =>
        blank(command.reasons)
          ? reject("INV-36", "P7.2", "Art. 12(3)", "an extension is told to the person with its reasons")
          : undefined,
    ),
    () => [
      {
        type: "DeadlineExtended",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          originalDueAt: request.dueAt,
          extendedDueAt: extended.dueAt.toISOString(),
          extendedDueDate: extended.date,
          deadlineBasis: extended.basis,
          reasons: command.reasons,
          reasonsSentAt: command.at,
        },
      },
    ],
  );
};

/**
 * P7.1, INV-37, Art. 12(4), 12(5): a refusal only on a ground the law gives, with reasons, telling the
 * person they may complain to the Autoriteit Persoonsgegevens and go to court. "Identity not established"
 * needs that recorded first; an exemption cites its provision.
 */
export const refuseRequest = (command: RefuseRequest, state: DataSubjectState): Decision => {
  const found = openRequest(state, command.requestId, "P7.1");
  if (isLeft(found)) return found;
  const request = found.right;
  return decided(
    firstFailure(
      () => actorHolds(command.actor, PRIVACY_LEAD_ROLES, "refusing a request", "P7.1"),
      () => instant(command.at, "at", "P7.1"),
      () => notRefused(request, "P7.1"),
      () =>
        blank(command.reasons)
          ? reject("INV-37", "P7.1", "Art. 12(4)", "a refusal gives the person its reasons")
          : undefined,
      () =>
        command.complaintToAuthorityStated && command.judicialRemedyStated
          ? undefined
          : reject(
              "INV-37",
              "P7.1",
              "Art. 12(4), Art. 77, Art. 79",
              "a refusal tells the person of the right to complain to the Autoriteit Persoonsgegevens and to a judicial remedy",
            ),
      () =>
        command.ground === "identityNotEstablished" &&
        (!request.identityNotEstablished || request.identityVerified)
          ? reject(
              "INV-37",
              "P7.1",
              "Art. 12(2), 12(6)",
              `identity for request ${request.requestId} was not recorded as not established`,
            )
          : undefined,
      () =>
        command.ground === "exemption" && blank(command.exemptionProvision ?? "")
          ? reject(
              "INV-37",
              "P7.1",
              "Art. 23",
              "a refusal on an exemption cites the provision that grants it",
            )
          : undefined,
    ),
    () => [
      {
        type: "RequestRefused",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          ground: command.ground,
          reasons: command.reasons,
          complaintToAuthorityStated: true,
          judicialRemedyStated: true,
          refusedAt: command.at,
          ...(command.exemptionProvision === undefined
            ? {}
            : { exemptionProvision: command.exemptionProvision }),
        },
      },
    ],
  );
};

/**
 * P7.1, INV-38, Art. 12(5), 15(3): information and actions are free of charge. A reasonable fee only for
 * a manifestly unfounded or excessive request, or for further copies of data already given in an earlier
 * access package; once, with the reasons told.
 */
export const chargeFee = (command: ChargeFee, state: DataSubjectState): Decision => {
  const found = openRequest(state, command.requestId, "P7.1");
  if (isLeft(found)) return found;
  const request = found.right;
  const copiesGivenBefore = [...state.requests.values()].some(
    (earlier) => earlier.requestId !== request.requestId && earlier.done.has("AccessPackageDelivered"),
  );
  return decided(
    firstFailure(
      () => actorHolds(command.actor, PRIVACY_LEAD_ROLES, "charging a fee", "P7.1"),
      () => instant(command.at, "at", "P7.1"),
      () => notRefused(request, "P7.1"),
      () =>
        request.done.has("FeeCharged")
          ? reject(
              "INV-38",
              "P7.1",
              "Art. 12(5)",
              `a fee was already charged for request ${request.requestId}`,
            )
          : undefined,
      () =>
        Number.isInteger(command.amountCents) && command.amountCents > 0
          ? undefined
          : reject("INV-38", "P7.1", "Art. 12(5)", "a fee is a positive whole number of cents"),
      () =>
        blank(command.reasons)
          ? reject("INV-38", "P7.1", "Art. 12(5)", "a fee is told to the person with its reasons")
          : undefined,
      () =>
        command.ground === "Art. 15(3)" && (request.right !== "access" || !copiesGivenBefore)
          ? reject(
              "INV-38",
              "P7.1",
              "Art. 15(3)",
              "a fee for further copies needs an access request after a package was already delivered",
            )
          : undefined,
    ),
    () => [
      {
        type: "FeeCharged",
        data: {
          subjectId: command.subjectId,
          requestId: command.requestId,
          ground: command.ground,
          amountCents: command.amountCents,
          reasons: command.reasons,
          chargedAt: command.at,
        },
      },
    ],
  );
};
