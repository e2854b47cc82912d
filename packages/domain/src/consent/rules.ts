import type { Actor, Rejection } from "@privacy-ledger/eventsourcing";
import { type Either, left, right } from "fp-ts/lib/Either.js";

export { registeredProcessing } from "../processingRegister/authorises.js";

import type { ProcessingRegisterState } from "../processingRegister/state.js";
import { type Check, firstFailure } from "../shared/checks.js";
import type { ClauseId } from "../shared/clauses.js";
import type { LegalBasisKind } from "../shared/legalBasis.js";
import { reject } from "../shared/reject.js";
import { roleRule } from "../shared/roleCheck.js";
import { COMPANY_ROLES, hasAnyRole, type Role } from "../shared/roles.js";
import { blank, instantRule, isOpaqueId } from "../shared/values.js";
import type { ConsentEvent } from "./events.js";
import type { ConsentState } from "./state.js";

export { type Check, firstFailure };

export type Decision = Either<Rejection, readonly ConsentEvent[]>;

export const decided = (check: Check, events: () => readonly ConsentEvent[]): Decision =>
  check === undefined ? right(events()) : left(check);

export const instant = instantRule("CONSENT-INSTANT");
export const actorHolds = roleRule("CONSENT-ROLE");

/** The company's people and software send, record opens and keep the suppression list. */
export const MARKETING_STAFF_ROLES: readonly Role[] = COMPANY_ROLES;

/**
 * Art. 7(3), INV-18: consent is given, withdrawn and objected to by the person themself (an actor whose id
 * is the subject id, e.g. through the web form or the preference page) or recorded by the company's staff
 * or software (a consent or an objection by phone or e-mail). The same for giving and for withdrawing, so
 * withdrawing is never harder than giving.
 */
export const selfOrStaff = (actor: Actor, subjectId: string, what: string, clause: ClauseId): Check =>
  actor.id === subjectId || hasAnyRole(actor, COMPANY_ROLES)
    ? undefined
    : reject(
        "CONSENT-ROLE",
        clause,
        undefined,
        `${what} is done by the person themself or recorded by the company; actor ${actor.id} is neither`,
      );

export const before = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

export const opaqueId = (id: string, what: string, clause: ClauseId): Check =>
  isOpaqueId(id)
    ? undefined
    : reject(
        "CONSENT-ID",
        clause,
        undefined,
        `${what} must be an opaque id (letters, digits, . _ : + = / -), never a name or an address`,
      );

export const notBlank = (text: string, what: string, clause: ClauseId): Check =>
  blank(text) ? reject("CONSENT-FIELD", clause, undefined, `${what} must not be blank`) : undefined;

export const sameSubject = (state: ConsentState, subjectId: string): Check =>
  state.subjectId === "" || state.subjectId === subjectId
    ? undefined
    : reject(
        "CONSENT-SUBJECT",
        "P1.F",
        undefined,
        `this stream belongs to subject ${state.subjectId}, not ${subjectId}`,
      );

/**
 * INV-01 for a purpose whose data categories the command does not fix (a consent for a purpose a policy
 * version added): the activity is registered, current, lists the purpose and rests on that basis.
 */
export const activityServes = (
  register: ProcessingRegisterState,
  activityId: string,
  purpose: string,
  basis: LegalBasisKind,
): Check => {
  const entry = register.activities.get(activityId);
  const why =
    entry === undefined
      ? `processing activity ${activityId} is not in the register`
      : entry.retired
        ? `processing activity ${activityId} is retired`
        : !entry.activity.purposes.includes(purpose)
          ? `activity ${activityId} does not list the purpose ${purpose}`
          : entry.activity.legalBasis.kind !== basis
            ? `activity ${activityId} rests on ${entry.activity.legalBasis.kind}, not on ${basis}`
            : undefined;
  return why === undefined ? undefined : reject("INV-01", "P2", "Art. 5(1)(b), Art. 6(1), Art. 30(1)", why);
};

/** The basis an activity of the register rests on, if it is there. */
export const activityBasis = (
  register: ProcessingRegisterState,
  activityId: string,
): LegalBasisKind | undefined => register.activities.get(activityId)?.activity.legalBasis.kind;

/** INV-19: the objection stands unless a consent for the purpose was given after it. */
export const objectionStands = (state: ConsentState, consentGivenAt: string | undefined): boolean =>
  state.objectedAt !== undefined &&
  (consentGivenAt === undefined || !before(state.objectedAt, consentGivenAt));
