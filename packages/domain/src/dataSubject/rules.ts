import type { Rejection } from "@privacy-ledger/eventsourcing";
import { type Either, left, right } from "fp-ts/lib/Either.js";

export { registeredProcessing } from "../processingRegister/authorises.js";

import { type Check, firstFailure } from "../shared/checks.js";
import type { ClauseId } from "../shared/clauses.js";
import { decidedWith } from "../shared/eventShape.js";
import { reject } from "../shared/reject.js";
import { notRestrictedFor } from "../shared/restrictions.js";
import { roleRule } from "../shared/roleCheck.js";
import { COMPANY_ROLES, type Role } from "../shared/roles.js";
import { blank, instantRule, isOpaqueId } from "../shared/values.js";
import type { DataSubjectEvent } from "./events.js";
import * as dataSubjectEvents from "./events.js";
import type { Right } from "./records.js";
import type { DataSubjectState, RightsRequestState } from "./state.js";

export { type Check, firstFailure };

export type Decision = Either<Rejection, readonly DataSubjectEvent[]>;

/** The events when every rule holds and they match their codecs (the io-ts boundary for commands). */
export const decided = decidedWith<DataSubjectEvent>("DS-INPUT", "P7", dataSubjectEvents);

export const instant = instantRule("DS-INSTANT");

/**
 * The company's own people: they handle requests and record the people the company deals with. Not a
 * client's administrator (P7.1), and not the "system" role: a person's rights are handled by people.
 */
export const STAFF_ROLES: readonly Role[] = COMPANY_ROLES.filter((role) => role !== "system");
/**
 * P8.1: the CTO is responsible for the privacy rules, so the decisions that narrow a person's rights
 * (an extension, a refusal) are the CTO's, or a DPO's where one is designated (Art. 38, 39).
 */
export const PRIVACY_LEAD_ROLES: readonly Role[] = ["CTO", "dpo"];
/** Art. 17(3)(e): a legal hold is a management decision, the CTO's or the CEO's (D6). */
export const LEGAL_HOLD_ROLES: readonly Role[] = ["CTO", "CEO"];

export const actorHolds = roleRule("DS-ROLE");

export const opaqueId = (id: string, what: string, clause: ClauseId): Check =>
  isOpaqueId(id)
    ? undefined
    : reject(
        "DS-ID",
        clause,
        undefined,
        `${what} must be an opaque id (letters, digits, . _ : + = / -), never a name or an address`,
      );

export const sameSubject = (state: DataSubjectState, subjectId: string): Check =>
  state.subjectId === "" || state.subjectId === subjectId
    ? undefined
    : reject(
        "DS-SUBJECT",
        "P7",
        undefined,
        `this stream belongs to subject ${state.subjectId}, not ${subjectId}`,
      );

export const notBlank = (
  text: string | undefined,
  rule: string,
  clause: ClauseId,
  article: string | undefined,
  message: string,
): Check => (text === undefined || blank(text) ? reject(rule, clause, article, message) : undefined);

/** The request a command is about, open; or the rejection that says why not. */
export const openRequest = (
  state: DataSubjectState,
  requestId: string,
  clause: ClauseId,
): Either<Rejection, RightsRequestState> => {
  const request = state.requests.get(requestId);
  if (request === undefined)
    return left(
      reject(
        "DS-REQUEST",
        clause,
        undefined,
        `no rights request ${requestId} for subject ${state.subjectId || "(none)"}`,
      ),
    );
  if (request.closed !== undefined)
    return left(
      reject("DS-REQUEST", clause, undefined, `rights request ${requestId} is closed (${request.closed})`),
    );
  return right(request);
};

export const ofRight = (
  request: RightsRequestState,
  rights: readonly Right[],
  what: string,
  clause: ClauseId,
): Check =>
  rights.includes(request.right)
    ? undefined
    : reject(
        "DS-RIGHT",
        clause,
        undefined,
        `${what} answers a request for ${rights.join(" or ")}, request ${request.requestId} is for ${request.right}`,
      );

export const notRefused = (request: RightsRequestState, clause: ClauseId): Check =>
  request.refused
    ? reject(
        "INV-37",
        clause,
        "Art. 12(4)",
        `request ${request.requestId} was refused; nothing more is done for it but closing`,
      )
    : undefined;

/**
 * The checks every answer to a request starts with (the actor's role is checked before any look-up, in
 * decide.ts): the act has a valid instant, it answers the right the request is for, and the request was not
 * refused (INV-37).
 */
export const answers = (
  command: { readonly at: string },
  request: RightsRequestState,
  rights: readonly Right[],
  what: string,
  clause: ClauseId,
): Check =>
  firstFailure(
    () => instant(command.at, "at", clause),
    () => ofRight(request, rights, what, clause),
    () => notRefused(request, clause),
  );

/** INV-39, Art. 12(6): no data leave, and none are changed, for someone whose identity was not verified. */
export const identityVerified = (request: RightsRequestState, clause: ClauseId): Check =>
  request.identityVerified
    ? undefined
    : reject(
        "INV-39",
        clause,
        "Art. 12(6)",
        `the requester's identity for request ${request.requestId} is not verified`,
      );

/** INV-42, P7.d, Art. 18(2): the subject's own restrictions, checked by the one shared rule. */
export const notRestricted = (
  state: DataSubjectState,
  retentionClass: string,
  purpose: string,
  clause: ClauseId,
): Check => notRestrictedFor(state.subjectId, state.restrictions, retentionClass, purpose, clause);
