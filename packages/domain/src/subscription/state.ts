import { isErased } from "@privacy-ledger/eventsourcing";
import type { SubscriptionEvent } from "./events.js";
import { REQUIRED_DATA_ITEMS, type RequiredDataItem } from "./records.js";

export type SubscriptionStatus = "none" | "requested" | "active" | "ended";

export interface InvoiceEntry {
  readonly amountCents: number;
  readonly paidCents: number;
}

/**
 * What the decider needs to know, and nothing personal: which data items were supplied (not their
 * values, which may have been erased), which users and pseudonyms exist, who objected, which invoices.
 */
export interface SubscriptionState {
  readonly status: SubscriptionStatus;
  readonly subscriptionId: string;
  readonly receivedAt: string;
  readonly requesterSubjectId: string;
  /** The registered activity the requester's data are collected under (INV-01). */
  readonly activityId: string;
  readonly requiredData: readonly RequiredDataItem[];
  readonly supplied: ReadonlySet<RequiredDataItem>;
  readonly clientAdministratorIds: ReadonlySet<string>;
  /** userSubjectId → pseudonymousUserId, for users whose link was not shredded (INV-27, Art. 4(5)). */
  readonly users: ReadonlyMap<string, string>;
  readonly pseudonyms: ReadonlySet<string>;
  /**
   * Pseudonyms that occur in the usage log (in clear, by design). Never given again (INV-06, Art. 4(5)):
   * a returning user under an old pseudonym would tie the anonymous logs to them once more.
   */
  readonly loggedPseudonyms: ReadonlySet<string>;
  /** Pseudonymous ids of users who objected to usage monitoring (Art. 21(1), INV-07). */
  readonly objections: ReadonlySet<string>;
  readonly invoices: ReadonlyMap<string, InvoiceEntry>;
  readonly payments: ReadonlySet<string>;
  readonly endedAt: string | undefined;
}

export const initialSubscriptionState: SubscriptionState = {
  status: "none",
  subscriptionId: "",
  receivedAt: "",
  requesterSubjectId: "",
  activityId: "",
  requiredData: [],
  supplied: new Set(),
  clientAdministratorIds: new Set(),
  users: new Map(),
  pseudonyms: new Set(),
  loggedPseudonyms: new Set(),
  objections: new Set(),
  invoices: new Map(),
  payments: new Set(),
  endedAt: undefined,
};

const withItem = (set: ReadonlySet<string>, item: string): ReadonlySet<string> =>
  set.has(item) ? set : new Set(set).add(item);

const suppliedItems = (data: object): RequiredDataItem[] =>
  Object.entries(data)
    .filter(([, value]) => value !== undefined && !(typeof value === "string" && value.trim() === ""))
    .map(([key]) => key as RequiredDataItem);

const DATA_KEYS: ReadonlySet<string> = new Set(REQUIRED_DATA_ITEMS);

const dataOf = (event: object): object =>
  Object.fromEntries(Object.entries(event).filter(([key]) => DATA_KEYS.has(key)));

export const evolveSubscription = (state: SubscriptionState, event: SubscriptionEvent): SubscriptionState => {
  switch (event.type) {
    case "SubscriptionRequested": {
      const { data } = event;
      return {
        ...state,
        status: "requested",
        subscriptionId: data.subscriptionId,
        receivedAt: data.receivedAt,
        requesterSubjectId: data.requesterSubjectId,
        activityId: data.activityId,
        requiredData: data.requiredData,
        supplied: new Set(suppliedItems(dataOf(data))),
        clientAdministratorIds: new Set(data.clientAdministratorIds),
      };
    }
    case "SubscriptionDataSupplied":
      return { ...state, supplied: new Set([...state.supplied, ...suppliedItems(dataOf(event.data))]) };
    case "SubscriptionActivated":
      return { ...state, status: "active" };
    case "UserAdded": {
      const { userSubjectId, pseudonymousUserId } = event.data;
      // INV-27, Art. 4(5): the link was shredded with the user's contract data; the account is gone and
      // its usage logs are anonymous. The user may be added again, under a new pseudonym.
      if (isErased(pseudonymousUserId)) return state;
      return {
        ...state,
        users: new Map(state.users).set(userSubjectId, pseudonymousUserId),
        pseudonyms: new Set(state.pseudonyms).add(pseudonymousUserId),
      };
    }
    case "UsageRecorded":
      return { ...state, loggedPseudonyms: withItem(state.loggedPseudonyms, event.data.pseudonymousUserId) };
    case "UsageMonitoringObjected":
      return { ...state, objections: new Set(state.objections).add(event.data.pseudonymousUserId) };
    case "InvoiceIssued":
      return {
        ...state,
        invoices: new Map(state.invoices).set(event.data.invoiceId, {
          amountCents: event.data.amountCents,
          paidCents: 0,
        }),
      };
    case "PaymentRecorded": {
      const invoice = state.invoices.get(event.data.invoiceId);
      const invoices =
        invoice === undefined
          ? state.invoices
          : new Map(state.invoices).set(event.data.invoiceId, {
              ...invoice,
              paidCents: invoice.paidCents + event.data.amountCents,
            });
      return { ...state, invoices, payments: new Set(state.payments).add(event.data.paymentId) };
    }
    case "BillingContactLogged":
      return state;
    case "UserDetailsCorrected":
      return state;
    case "SubscriptionEnded":
      return { ...state, status: "ended", endedAt: event.data.endedAt };
  }
};
