import type { RetentionClass } from "../shared/retentionClasses.js";

/**
 * The facts the schedule keeps to compute each entry's clock: ids, instants and amounts, nothing personal
 * (the personal values stay sealed in the events). They are plain immutable values; a fold step replaces
 * the ones an event changes.
 */

/** One subscription as the retention rules need it (P4.1, P1.D). */
export interface SubscriptionFacts {
  /** `SubscriptionEnded.backupWindowEndsAt` (computed by the legal calendar), null while it runs. */
  readonly backupWindowEndsAt: string | null;
  /** Invoice keys (see `invoiceKey`) of this subscription. */
  readonly invoices: ReadonlySet<string>;
  /** Subjects with contract data in it: the requester and the users (P1.A, P1.B). */
  readonly contractSubjects: ReadonlySet<string>;
  /** Subjects with fiscal data about its invoices: billing contacts and contacts about open items (P1.D). */
  readonly fiscalSubjects: ReadonlySet<string>;
}

/** One invoice: enough to tell an open item (P1.D.2) and when its record was last part of the books. */
export interface InvoiceFacts {
  readonly subscriptionId: string;
  readonly invoiceId: string;
  readonly amountCents: number;
  readonly paidCents: number;
  /** The later of its issue and its last payment (AWR art. 52(1): the record of that year). */
  readonly lastActivityAt: string;
}

/**
 * P1.F.3, P1.F.6, INV-16, D4: whether the person may still be mailed, as the Consent aggregate's state tells
 * it (`evolveConsent`): a newsletter consent that stands, or the soft opt-in (Tw art. 11.7(3)). Neither
 * stands once the person unsubscribed, objected or had a suppression token recorded; a withdrawal ends the
 * consent only.
 */
export interface MarketingFacts {
  readonly newsletterConsent: boolean;
  readonly softOptIn: boolean;
  /**
   * Since when nothing stands on which the person may be mailed: the earliest unsubscribe, objection,
   * newsletter withdrawal or suppression since the last consent or soft opt-in. Null while one stands or
   * while no opt-out was recorded.
   */
  readonly optedOutAt: string | null;
}

export const noMarketingFacts: MarketingFacts = {
  newsletterConsent: false,
  softOptIn: false,
  optedOutAt: null,
};

/** One subject as the retention rules need it. */
export interface SubjectFacts {
  /** P4.1: subscriptions the subject has contract data in. */
  readonly contractSubscriptions: ReadonlySet<string>;
  /** P1.D: invoice keys the subject's fiscal data are about (as billing contact or in a contact note). */
  readonly fiscalInvoices: ReadonlySet<string>;
  /** P1.D: subscriptions those invoices belong to (their open items keep the record current). */
  readonly fiscalSubscriptions: ReadonlySet<string>;
  /** P1.D.2: the latest contact note about an invoice or open item, itself a record of that year. */
  readonly fiscalNoteAt: string | null;
  /** D4: the latest training date (an ISO date) the subject was registered for. */
  readonly latestTrainingDate: string | null;
  /** P4.2: employment at the client, as far as the events tell. */
  readonly employment: { readonly employed: boolean; readonly endedAt: string | null } | null;
  /** P1.F.6, D4: what the marketing clock reads of the Consent aggregate's events. */
  readonly marketing: MarketingFacts;
  /** D4: rights requests received and not yet closed. */
  readonly openRequests: ReadonlySet<string>;
  readonly lastClosedAt: string | null;
  /** Art. 17(3)(e): holdId → the class it holds and its reason. */
  readonly holds: ReadonlyMap<string, { readonly retentionClass: RetentionClass; readonly reason: string }>;
}

export const noSubjectFacts: SubjectFacts = {
  contractSubscriptions: new Set(),
  fiscalInvoices: new Set(),
  fiscalSubscriptions: new Set(),
  fiscalNoteAt: null,
  latestTrainingDate: null,
  employment: null,
  marketing: noMarketingFacts,
  openRequests: new Set(),
  lastClosedAt: null,
  holds: new Map(),
};

export const noSubscriptionFacts: SubscriptionFacts = {
  backupWindowEndsAt: null,
  invoices: new Set(),
  contractSubjects: new Set(),
  fiscalSubjects: new Set(),
};

/** Invoice ids are unique within a subscription; "#" never occurs in an opaque id. */
export const invoiceKey = (subscriptionId: string, invoiceId: string): string =>
  `${subscriptionId}#${invoiceId}`;

export const withItem = <T>(set: ReadonlySet<T>, item: T): ReadonlySet<T> =>
  set.has(item) ? set : new Set(set).add(item);

export const withoutItem = <T>(set: ReadonlySet<T>, item: T): ReadonlySet<T> => {
  if (!set.has(item)) return set;
  const copy = new Set(set);
  copy.delete(item);
  return copy;
};

/** The earlier of two ISO instants (by time, not by text); null counts as "none yet". */
export const earlier = (known: string | null, candidate: string): string =>
  known === null || Date.parse(candidate) < Date.parse(known) ? candidate : known;

/** The later of two ISO instants (by time, not by text); null counts as "none yet". */
export const later = (known: string | null, candidate: string): string =>
  known === null || Date.parse(candidate) > Date.parse(known) ? candidate : known;
