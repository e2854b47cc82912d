import type { Actor, Rejection } from "@privacy-ledger/eventsourcing";
import type { Either } from "fp-ts/lib/Either.js";
import { type Check, firstFailure } from "../shared/checks.js";
import type { ClauseId } from "../shared/clauses.js";
import { decidedWith } from "../shared/eventShape.js";
import { legalBasisDefect } from "../shared/legalBasis.js";
import { reject } from "../shared/reject.js";
import { notRestrictedFor, type RestrictionsInForce } from "../shared/restrictions.js";
import type { RetentionClass } from "../shared/retentionClasses.js";
import { hasRole } from "../shared/roles.js";
import { blank, instantRule, isIsoInstant, isOpaqueId } from "../shared/values.js";
import type { SubscriptionEvent } from "./events.js";
import * as subscriptionEvents from "./events.js";
import type { RequiredDataItem, SubscriptionData } from "./records.js";
import type { SubscriptionState, SubscriptionStatus } from "./state.js";

/** The rules of the subscription, one function each; `undefined` means the rule holds. */
export { type Check, firstFailure };

export type Decision = Either<Rejection, readonly SubscriptionEvent[]>;

/** The events when every rule holds and they match their codecs (the io-ts boundary for commands). */
export const decided = decidedWith<SubscriptionEvent>("SUB-INPUT", "P1.A", subscriptionEvents);

export { isIsoInstant, isOpaqueId };

export const instant = instantRule("SUB-INSTANT");

/** The lifecycle: what a command needs the subscription to be. */
export const inStatus = (
  state: SubscriptionState,
  allowed: readonly SubscriptionStatus[],
  what: string,
  clause: ClauseId,
): Check =>
  allowed.includes(state.status)
    ? undefined
    : reject(
        "SUB-STATUS",
        clause,
        undefined,
        `${what} needs a subscription that is ${allowed.join(" or ")}, this one is ${state.status}`,
      );

/**
 * INV-30, P1.A.1, Art. 5(2): a request records its channel (typed: e-mail or telephone), its receipt
 * instant and its requester (an opaque subject id, never an e-mail address). P1.A.3: it names the type of
 * service and the data that service requires, since which data we process depends on it.
 */
export const requestRecorded = (request: {
  readonly subscriptionId: string;
  readonly receivedAt: string;
  readonly requesterSubjectId: string;
  readonly clientOrganisationId: string;
  readonly serviceType: string;
  readonly requiredData: readonly RequiredDataItem[];
  readonly clientAdministratorIds: readonly string[];
}): Check =>
  firstFailure(
    () =>
      isOpaqueId(request.subscriptionId) && isOpaqueId(request.clientOrganisationId)
        ? undefined
        : reject(
            "INV-30",
            "P1.A.1",
            "Art. 5(2)",
            "a subscription request names its subscription and client organisation by opaque ids",
          ),
    () => instant(request.receivedAt, "receivedAt", "P1.A.1"),
    () =>
      isOpaqueId(request.requesterSubjectId)
        ? undefined
        : reject(
            "INV-30",
            "P1.A.1",
            "Art. 5(2)",
            "the requester is recorded by an opaque subject id, never an e-mail address or a name",
          ),
    () =>
      request.clientAdministratorIds.every(isOpaqueId)
        ? undefined
        : reject("INV-04", "P1.B.3", undefined, "client administrators are named by their opaque actor ids"),
    () =>
      blank(request.serviceType) || request.requiredData.length === 0
        ? reject(
            "INV-30",
            "P1.A.3",
            "Art. 13(2)(e)",
            "a request names the type of service and the data that service requires",
          )
        : undefined,
  );

/**
 * INV-03, P1.A.2, Art. 5(1)(c), Art. 13(2)(e): data collected as required for the contract are only the
 * items the service requires; anything else has no place in the contract's data set.
 */
export const onlyRequiredData = (
  requiredData: readonly RequiredDataItem[],
  data: SubscriptionData,
): Check => {
  const extra = Object.keys(data).filter((item) => !requiredData.includes(item as RequiredDataItem));
  return extra.length === 0
    ? undefined
    : reject(
        "INV-03",
        "P1.A.2",
        "Art. 5(1)(b)-(c), Art. 13(2)(e)",
        `the service does not require ${extra.join(", ")}: only the required data are collected for the contract`,
      );
};

/** INV-30, P1.A.2, Art. 13(2)(e): providing the data is required to obtain the service. */
export const requiredDataComplete = (state: SubscriptionState): Check => {
  const missing = state.requiredData.filter((item) => !state.supplied.has(item));
  return missing.length === 0
    ? undefined
    : reject(
        "INV-30",
        "P1.A.2",
        "Art. 13(2)(e)",
        `the subscription cannot be activated without the required data: ${missing.join(", ")} missing`,
      );
};

/**
 * INV-04, P1.B.3: the client's administrator of THIS subscription may add users to it; the role alone,
 * held for another subscription, is not enough (Art. 32(4): nobody processes data without authority).
 */
export const mayAddUsers = (actor: Actor, state: SubscriptionState): Check =>
  hasRole(actor, "clientAdministrator") && state.clientAdministratorIds.has(actor.id)
    ? undefined
    : reject(
        "INV-04",
        "P1.B.3",
        "Art. 32(4)",
        `only a client administrator of subscription ${state.subscriptionId} may add its users; actor ${actor.id} is not one`,
      );

/**
 * INV-06, P1.B.2, Art. 25(1), Art. 32(1)(a): usage is recorded under a pseudonymous id, never an e-mail
 * address or a name; a user's pseudonym is not their subject id (else it would pseudonymise nothing).
 */
export const pseudonymous = (id: string, what: string): Check =>
  isOpaqueId(id)
    ? undefined
    : reject(
        "INV-06",
        "P1.B.2",
        "Art. 25(1), Art. 32(1)(a)",
        `${what} must be a pseudonymous id, never an e-mail address or a name`,
      );

/** INV-07, Art. 21(1), P7.c: after an objection to usage monitoring, no new usage is recorded. */
export const notObjected = (state: SubscriptionState, pseudonymousUserId: string): Check =>
  state.objections.has(pseudonymousUserId)
    ? reject(
        "INV-07",
        "P1.B.2",
        "Art. 21(1)",
        `user ${pseudonymousUserId} objected to usage monitoring; no compelling grounds are recorded`,
      )
    : undefined;

/** INV-02, P2.3, Art. 6(1)(f): the legitimate interest names its assessment. */
export const legitimateInterest = legalBasisDefect;

/** INV-12, P1.D.2: billing records hang on an invoice of this subscription. */
export const knownInvoice = (state: SubscriptionState, invoiceId: string): Check =>
  state.invoices.has(invoiceId)
    ? undefined
    : reject(
        "INV-12",
        "P1.D.2",
        "Art. 5(1)(b)",
        `invoice ${invoiceId} is not an invoice of this subscription`,
      );

/**
 * INV-42, P7.d, Art. 18(2): a command that would use a subject's data of a restricted class, for any
 * purpose but the one the restriction leaves, is refused.
 */
export const unrestricted = (
  restrictions: RestrictionsInForce,
  subjectId: string,
  retentionClass: RetentionClass,
  purpose: string,
): Check => notRestrictedFor(subjectId, restrictions.get(subjectId) ?? [], retentionClass, purpose, "P7.d");
