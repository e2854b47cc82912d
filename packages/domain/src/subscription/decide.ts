import type { Decider } from "@privacy-ledger/eventsourcing";
import { left, right } from "fp-ts/lib/Either.js";
import { type LegalCalendar, legalCalendar } from "../calendar/legalCalendar.js";
import { registeredProcessing } from "../processingRegister/authorises.js";
import type { ProcessingRegisterState } from "../processingRegister/state.js";
import type { ClauseId } from "../shared/clauses.js";
import { reject } from "../shared/reject.js";
import type { RestrictionsInForce } from "../shared/restrictions.js";
import { roleRule } from "../shared/roleCheck.js";
import { COMPANY_ROLES } from "../shared/roles.js";
import { decideBilling } from "./billing.js";
import type { SubscriptionCommand } from "./commands.js";
import { correctUserDetails } from "./correctUser.js";
import {
  SUBSCRIPTION_PURPOSE,
  type SubscriptionEvent,
  TOOL_ACCESS_PURPOSE,
  USAGE_PURPOSE,
} from "./events.js";
import { CONTRACT_RETENTION, type SubscriptionData } from "./records.js";
import {
  type Check,
  type Decision,
  decided,
  firstFailure,
  inStatus,
  instant,
  isOpaqueId,
  legitimateInterest,
  mayAddUsers,
  notObjected,
  onlyRequiredData,
  pseudonymous,
  requestRecorded,
  requiredDataComplete,
  unrestricted,
} from "./rules.js";
import { evolveSubscription, initialSubscriptionState, type SubscriptionState } from "./state.js";

export interface SubscriptionOptions {
  /**
   * The processing register as it stands (fold its stream with `evolveProcessingRegister`): every command
   * that collects or uses personal data is checked against it (INV-01). A value, so the decider stays pure.
   */
  readonly register: ProcessingRegisterState;
  /** The calendar that computes the backup window (P4.1); the default needs no configuration. */
  readonly calendar?: LegalCalendar;
  /**
   * The restrictions of processing in force (INV-42, P7.d, Art. 18) a command may run into, loaded
   * right before it: `loadSubscriptionRestrictions(store, streamId, command)` (the people the command
   * names and the subscription's requester and users: a usage record names its user by pseudonym
   * only), or `restrictionsInForce` of DataSubject states you hold. Commands that would use restricted data are refused; a
   * correction of a user's details is not (it is what a restriction over contested accuracy waits for).
   * Required, so that no application forgets it: `NO_RESTRICTIONS` says, explicitly, that there are none.
   */
  readonly restrictions: RestrictionsInForce;
}

const actorHolds = roleRule("SUB-ROLE");

/** The clause each command carries out, for the role rule's rejection. */
const CLAUSE_OF: Readonly<Record<SubscriptionCommand["kind"], ClauseId>> = {
  RequestSubscription: "P1.A.1",
  SupplySubscriptionData: "P1.A.2",
  CorrectUserDetails: "P7.b",
  ActivateSubscription: "P1.A.2",
  AddUser: "P1.B.3",
  RecordUsage: "P1.B.2",
  ObjectToUsageMonitoring: "P1.B.2",
  IssueInvoice: "P1.D.1",
  RecordPayment: "P1.D.2",
  LogBillingContact: "P1.D.2",
  EndSubscription: "P4.1",
};

/**
 * Who may do what: the company's people and systems record the subscription's life; a client's
 * administrator of this subscription may also complete its data (P1.A.2); adding users is the
 * administrator's alone (INV-04, checked with the command).
 */
const roleAllowed = (command: SubscriptionCommand, state: SubscriptionState): Check => {
  if (command.kind === "AddUser") return undefined;
  if (
    (command.kind === "SupplySubscriptionData" || command.kind === "CorrectUserDetails") &&
    mayAddUsers(command.actor, state) === undefined
  )
    return undefined;
  return actorHolds(command.actor, COMPANY_ROLES, command.kind, CLAUSE_OF[command.kind]);
};

/** The personal items of the subscription's data (the organisation's own stay in clear, INV-03). */
const personalItems = (data: SubscriptionData): string[] =>
  (["contactName", "contactEmail", "contactPhone"] as const).filter((item) => data[item] !== undefined);

const decideFor =
  (calendar: LegalCalendar, register: ProcessingRegisterState, restrictions: RestrictionsInForce) =>
  (command: SubscriptionCommand, state: SubscriptionState): Decision => {
    const { subscriptionId } = state;
    const mayAct = roleAllowed(command, state);
    if (mayAct !== undefined) return left(mayAct);
    switch (command.kind) {
      case "RequestSubscription": {
        const { kind: _kind, actor: _actor, data, ...request } = command;
        return decided(
          firstFailure(
            () =>
              state.status === "none"
                ? undefined
                : reject(
                    "SUB-DUPLICATE",
                    "P1.A.1",
                    undefined,
                    `subscription ${subscriptionId} was already requested`,
                  ),
            () => requestRecorded(request),
            () =>
              unrestricted(
                restrictions,
                request.requesterSubjectId,
                CONTRACT_RETENTION,
                SUBSCRIPTION_PURPOSE,
              ),
            () => onlyRequiredData(request.requiredData, data),
            () =>
              registeredProcessing(register, {
                activityId: request.activityId,
                purpose: SUBSCRIPTION_PURPOSE,
                legalBasisKind: "contract",
                dataCategories: personalItems(data),
                subjectCategory: "clientContact",
              }),
          ),
          () => [
            {
              type: "SubscriptionRequested",
              data: {
                ...request,
                ...data,
                purpose: SUBSCRIPTION_PURPOSE,
                legalBasis: { kind: "contract" },
                required: true,
              },
            },
          ],
        );
      }
      case "CorrectUserDetails":
        return correctUserDetails(command, state, register);
      case "SupplySubscriptionData":
        return decided(
          firstFailure(
            () => inStatus(state, ["requested", "active"], "supplying data", "P1.A.2"),
            () => instant(command.suppliedAt, "suppliedAt", "P1.A.1"),
            () =>
              unrestricted(restrictions, state.requesterSubjectId, CONTRACT_RETENTION, SUBSCRIPTION_PURPOSE),
            () => onlyRequiredData(state.requiredData, command.data),
            () =>
              registeredProcessing(register, {
                activityId: state.activityId,
                purpose: SUBSCRIPTION_PURPOSE,
                legalBasisKind: "contract",
                dataCategories: personalItems(command.data),
                subjectCategory: "clientContact",
              }),
          ),
          () => [
            {
              type: "SubscriptionDataSupplied",
              data: {
                subscriptionId,
                requesterSubjectId: state.requesterSubjectId,
                suppliedAt: command.suppliedAt,
                ...command.data,
              },
            },
          ],
        );
      case "ActivateSubscription":
        // Activating twice changes nothing: the first activation stands.
        if (state.status === "active") return right([]);
        return decided(
          firstFailure(
            () => inStatus(state, ["requested"], "activation", "P1.A.2"),
            () => instant(command.activatedAt, "activatedAt", "P1.A.1"),
            () => requiredDataComplete(state),
          ),
          () => [
            { type: "SubscriptionActivated", data: { subscriptionId, activatedAt: command.activatedAt } },
          ],
        );
      case "AddUser": {
        const { userSubjectId, pseudonymousUserId, email, firstName, lastName, actor, activityId } = command;
        return decided(
          firstFailure(
            () => inStatus(state, ["active"], "adding a user", "P1.B.4"),
            () => mayAddUsers(actor, state),
            () =>
              isOpaqueId(userSubjectId)
                ? undefined
                : reject("INV-04", "P1.B.3", undefined, "a user is named by an opaque subject id"),
            () =>
              state.users.has(userSubjectId)
                ? reject(
                    "SUB-DUPLICATE",
                    "P1.B.3",
                    undefined,
                    `user ${userSubjectId} is already a user of ${subscriptionId}`,
                  )
                : undefined,
            () => unrestricted(restrictions, userSubjectId, CONTRACT_RETENTION, TOOL_ACCESS_PURPOSE),
            () => pseudonymous(pseudonymousUserId, "the pseudonymous user id"),
            () =>
              pseudonymousUserId === userSubjectId ||
              state.pseudonyms.has(pseudonymousUserId) ||
              state.loggedPseudonyms.has(pseudonymousUserId) ||
              state.objections.has(pseudonymousUserId)
                ? reject(
                    "INV-06",
                    "P1.B.2",
                    "Art. 4(5)",
                    "the pseudonymous user id must be new (never used in this subscription, its usage log included) and differ from the user's subject id",
                  )
                : undefined,
            () =>
              [email, firstName, lastName].some((value) => value.trim() === "")
                ? reject(
                    "SUB-INCOMPLETE",
                    "P1.B.3",
                    undefined,
                    "an added user has an e-mail address, a first and a last name",
                  )
                : undefined,
            () =>
              registeredProcessing(register, {
                activityId,
                purpose: TOOL_ACCESS_PURPOSE,
                legalBasisKind: "contract",
                dataCategories: ["businessEmail", "firstName", "lastName"],
                subjectCategory: "user",
              }),
          ),
          () => [
            {
              type: "UserAdded",
              data: {
                subscriptionId,
                userSubjectId,
                pseudonymousUserId,
                email,
                firstName,
                lastName,
                addedBy: actor.id,
                activityId,
                purpose: TOOL_ACCESS_PURPOSE,
                legalBasis: { kind: "contract" },
              },
            },
          ],
        );
      }
      case "RecordUsage": {
        const { kind: _kind, actor: _actor, legalBasis, ...usage } = command;
        return decided(
          firstFailure(
            () => inStatus(state, ["active"], "recording usage", "P1.B.4"),
            () => pseudonymous(usage.pseudonymousUserId, "the user id of a usage record"),
            () => pseudonymous(usage.makerRef, "the maker of a usage record"),
            () =>
              state.pseudonyms.has(usage.pseudonymousUserId)
                ? undefined
                : reject(
                    "INV-06",
                    "P1.B.2",
                    undefined,
                    `${usage.pseudonymousUserId} is not a user of ${subscriptionId}`,
                  ),
            () => notObjected(state, usage.pseudonymousUserId),
            // The log is pseudonymous, but it is the user's personal data all the same (Art. 4(5)).
            () => {
              const user = userOfPseudonym(state, usage.pseudonymousUserId);
              return user === undefined
                ? undefined
                : unrestricted(restrictions, user, CONTRACT_RETENTION, USAGE_PURPOSE);
            },
            () => legitimateInterest(legalBasis),
            () => instant(usage.lastEditAt, "lastEditAt", "P1.B.2"),
            () =>
              registeredProcessing(register, {
                activityId: usage.activityId,
                purpose: USAGE_PURPOSE,
                legalBasisKind: "legitimateInterest",
                legalBasis,
                dataCategories: ["usageLog"],
                subjectCategory: "user",
              }),
          ),
          () => [
            { type: "UsageRecorded", data: { subscriptionId, ...usage, purpose: USAGE_PURPOSE, legalBasis } },
          ],
        );
      }
      case "ObjectToUsageMonitoring": {
        const { pseudonymousUserId, receivedAt } = command;
        // An objection already recorded stands; recording it again changes nothing.
        if (state.objections.has(pseudonymousUserId)) return right([]);
        return decided(
          firstFailure(
            () =>
              state.pseudonyms.has(pseudonymousUserId)
                ? undefined
                : reject(
                    "INV-07",
                    "P1.B.2",
                    "Art. 21(1)",
                    `${pseudonymousUserId} is not a user of ${subscriptionId}`,
                  ),
            () => instant(receivedAt, "receivedAt", "P1.B.2"),
          ),
          () => [
            { type: "UsageMonitoringObjected", data: { subscriptionId, pseudonymousUserId, receivedAt } },
          ],
        );
      }
      case "IssueInvoice":
      case "RecordPayment":
      case "LogBillingContact":
        return decideBilling(command, state, register, restrictions);
      case "EndSubscription": {
        if (state.status === "ended") return right([]);
        const { endedAt } = command;
        return decided(
          firstFailure(
            () => inStatus(state, ["requested", "active"], "ending", "P4.1"),
            () => instant(endedAt, "endedAt", "P4.1"),
            () =>
              Date.parse(endedAt) < Date.parse(state.receivedAt)
                ? reject(
                    "SUB-INSTANT",
                    "P4.1",
                    undefined,
                    "a subscription cannot end before it was requested",
                  )
                : undefined,
          ),
          () => {
            // P4.1, INV-28: computed by the legal calendar from endedAt, never supplied by the caller.
            const window = calendar.backupWindowEnd(new Date(endedAt));
            return [
              {
                type: "SubscriptionEnded",
                data: {
                  subscriptionId,
                  endedAt,
                  backupWindowEndsAt: window.until.toISOString(),
                  backupWindowEndDate: window.date,
                  backupWindowBasis: window.basis,
                },
              },
            ];
          },
        );
      }
    }
  };

/** The user a pseudonym stands for, while the link is known (it is gone once the user's key is shredded). */
const userOfPseudonym = (state: SubscriptionState, pseudonym: string): string | undefined => {
  for (const [userSubjectId, pseudonymousUserId] of state.users)
    if (pseudonymousUserId === pseudonym) return userSubjectId;
  return undefined;
};

export type SubscriptionDecider = Decider<SubscriptionCommand, SubscriptionEvent, SubscriptionState>;

/** The Subscription aggregate (P1.A, P1.B, P1.D): one stream per subscription. */
export const subscriptionDecider = (options: SubscriptionOptions): SubscriptionDecider => ({
  initialState: initialSubscriptionState,
  evolve: evolveSubscription,
  decide: decideFor(options.calendar ?? legalCalendar(), options.register, options.restrictions),
});
