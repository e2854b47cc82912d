import { type LegalCalendar, legalCalendar } from "../calendar/legalCalendar.js";
import { NEWSLETTER_PURPOSE } from "../consent/records.js";
import { isRetentionClass, RETENTION_CLASSES, type RetentionClass } from "../shared/retentionClasses.js";
import { personalDataWritten } from "./personalMarkings.js";
import { retentionClock } from "./retentionClock.js";
import { isRetentionEvent, type RetentionEvent, type ScheduledEvent } from "./retentionEvents.js";
import {
  type ClassRule,
  classRules,
  DEFAULT_RETENTION_PERIODS,
  type RetentionPeriods,
} from "./retentionRules.js";
import { entryKey, pairKey, type RetentionEntry } from "./scheduleEntry.js";
import {
  earlier,
  type InvoiceFacts,
  invoiceKey,
  later,
  type MarketingFacts,
  noSubjectFacts,
  noSubscriptionFacts,
  type SubjectFacts,
  type SubscriptionFacts,
  withItem,
  withoutItem,
} from "./scheduleFacts.js";

export interface RetentionScheduleOptions extends Partial<RetentionPeriods> {
  /** Computes the fiscal retention end (AWR art. 52(4)); the default needs no configuration. */
  readonly calendar?: LegalCalendar;
}

/**
 * The retention schedule (INV-27; read model 9 "Retention & erasure schedule"): one entry per subject and
 * retention class, computed from the events only (never typed in), plus the facts its clocks read.
 * Build it with `retentionScheduleOf(events, options)`, or fold with `scheduleRetention` from
 * `emptyRetentionSchedule(options)`. Fold the events in the order the store recorded them (its global
 * order, `readAll`): an erasure marks the entry current at that point.
 */
export interface RetentionSchedule {
  readonly calendar: LegalCalendar;
  readonly periods: RetentionPeriods;
  /** Every entry, erased ones included (history), by `RetentionEntry.key`. */
  readonly entries: ReadonlyMap<string, RetentionEntry>;
  /** (subject, class) → the key of its current entry. */
  readonly current: ReadonlyMap<string, string>;
  readonly subjects: ReadonlyMap<string, SubjectFacts>;
  readonly subscriptions: ReadonlyMap<string, SubscriptionFacts>;
  readonly invoices: ReadonlyMap<string, InvoiceFacts>;
}

const checkWhole = (value: number, what: string): number => {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} is a whole number >= 0, got ${value}`);
  return value;
};

export const emptyRetentionSchedule = (options: RetentionScheduleOptions = {}): RetentionSchedule => ({
  calendar: options.calendar ?? legalCalendar(),
  periods: {
    trainingRetentionMonths: checkWhole(
      options.trainingRetentionMonths ?? DEFAULT_RETENTION_PERIODS.trainingRetentionMonths,
      "trainingRetentionMonths",
    ),
    accountabilityRetentionYears: checkWhole(
      options.accountabilityRetentionYears ?? DEFAULT_RETENTION_PERIODS.accountabilityRetentionYears,
      "accountabilityRetentionYears",
    ),
    relationshipGraceMonths: checkWhole(
      options.relationshipGraceMonths ?? DEFAULT_RETENTION_PERIODS.relationshipGraceMonths,
      "relationshipGraceMonths",
    ),
  },
  entries: new Map(),
  current: new Map(),
  subjects: new Map(),
  subscriptions: new Map(),
  invoices: new Map(),
});

/**
 * A working copy of a schedule: its maps are copies the fold step may change; the values in them (entries,
 * facts) are immutable and replaced, never changed. One step copies the maps once, so `scheduleRetention`
 * leaves its input as it was, and `retentionScheduleOf` folds a whole log with a single copy.
 */
interface Draft {
  readonly calendar: LegalCalendar;
  readonly periods: RetentionPeriods;
  readonly rules: Readonly<Record<RetentionClass, ClassRule>>;
  readonly entries: Map<string, RetentionEntry>;
  readonly current: Map<string, string>;
  readonly subjects: Map<string, SubjectFacts>;
  readonly subscriptions: Map<string, SubscriptionFacts>;
  readonly invoices: Map<string, InvoiceFacts>;
}

const draftOf = (schedule: RetentionSchedule): Draft => ({
  calendar: schedule.calendar,
  periods: schedule.periods,
  rules: classRules(schedule.periods),
  entries: new Map(schedule.entries),
  current: new Map(schedule.current),
  subjects: new Map(schedule.subjects),
  subscriptions: new Map(schedule.subscriptions),
  invoices: new Map(schedule.invoices),
});

const scheduleOf = ({ rules: _rules, ...draft }: Draft): RetentionSchedule => draft;

const subjectOf = (draft: Draft, subjectId: string): SubjectFacts =>
  draft.subjects.get(subjectId) ?? noSubjectFacts;
const subscriptionOf = (draft: Draft, subscriptionId: string): SubscriptionFacts =>
  draft.subscriptions.get(subscriptionId) ?? noSubscriptionFacts;

const changeSubject = (
  draft: Draft,
  subjectId: string,
  change: (facts: SubjectFacts) => Partial<SubjectFacts>,
) => {
  const facts = subjectOf(draft, subjectId);
  draft.subjects.set(subjectId, { ...facts, ...change(facts) });
};

const changeSubscription = (
  draft: Draft,
  subscriptionId: string,
  change: (facts: SubscriptionFacts) => Partial<SubscriptionFacts>,
) => {
  const facts = subscriptionOf(draft, subscriptionId);
  draft.subscriptions.set(subscriptionId, { ...facts, ...change(facts) });
};

const currentOf = (
  draft: Draft,
  subjectId: string,
  retentionClass: RetentionClass,
): RetentionEntry | undefined => {
  const key = draft.current.get(pairKey(subjectId, retentionClass));
  return key === undefined ? undefined : draft.entries.get(key);
};

/** The entry recomputed from the facts: its clock and its holds. */
const computed = (draft: Draft, entry: RetentionEntry): RetentionEntry => {
  const subject = subjectOf(draft, entry.subjectId);
  const clock = retentionClock(entry.retentionClass, {
    subject,
    subscriptions: draft.subscriptions,
    invoices: draft.invoices,
    calendar: draft.calendar,
    periods: draft.periods,
  });
  const legalHolds = [...subject.holds]
    .filter(([, hold]) => hold.retentionClass === entry.retentionClass)
    .map(([holdId, hold]) => ({ holdId, reason: hold.reason }));
  return { ...entry, until: clock.until, condition: clock.condition, legalHolds };
};

/** The facts behind a class changed: its current entry, unless erased (history stays as it was), follows. */
const refresh = (draft: Draft, subjectId: string, retentionClass: RetentionClass): void => {
  const entry = currentOf(draft, subjectId, retentionClass);
  if (entry !== undefined && !entry.erased) draft.entries.set(entry.key, computed(draft, entry));
};

/**
 * New personal data of this class for this subject were written (INV-27: nothing is stored without an
 * entry). The first time, or after the class was erased (the subject came back: the data are under a new
 * key), a new entry starts; otherwise the current one is recomputed.
 */
const touch = (draft: Draft, subjectId: string, retentionClass: RetentionClass): void => {
  const entry = currentOf(draft, subjectId, retentionClass);
  if (entry !== undefined && !entry.erased) {
    refresh(draft, subjectId, retentionClass);
    return;
  }
  const generation = (entry?.generation ?? 0) + 1;
  const rule = draft.rules[retentionClass];
  const fresh: RetentionEntry = {
    key: entryKey(subjectId, retentionClass, generation),
    subjectId,
    retentionClass,
    generation,
    trigger: rule.trigger,
    until: null,
    condition: null,
    basis: rule.basis,
    clauses: rule.clauses,
    legalHolds: [],
    erased: false,
    erasedAt: null,
  };
  draft.current.set(pairKey(subjectId, retentionClass), fresh.key);
  draft.entries.set(fresh.key, computed(draft, fresh));
};

/** P4.1: the subject has contract data in this subscription. */
const contractData = (draft: Draft, subscriptionId: string, subjectId: string): void => {
  changeSubject(draft, subjectId, (facts) => ({
    contractSubscriptions: withItem(facts.contractSubscriptions, subscriptionId),
  }));
  changeSubscription(draft, subscriptionId, (facts) => ({
    contractSubjects: withItem(facts.contractSubjects, subjectId),
  }));
  touch(draft, subjectId, "contract");
};

/** P1.D: the subject has fiscal data about this invoice. */
const fiscalData = (
  draft: Draft,
  subscriptionId: string,
  invoiceId: string,
  subjectId: string,
  noteAt?: string,
) => {
  changeSubject(draft, subjectId, (facts) => ({
    fiscalInvoices: withItem(facts.fiscalInvoices, invoiceKey(subscriptionId, invoiceId)),
    fiscalSubscriptions: withItem(facts.fiscalSubscriptions, subscriptionId),
    fiscalNoteAt: noteAt === undefined ? facts.fiscalNoteAt : later(facts.fiscalNoteAt, noteAt),
  }));
  changeSubscription(draft, subscriptionId, (facts) => ({
    fiscalSubjects: withItem(facts.fiscalSubjects, subjectId),
  }));
  touch(draft, subjectId, "fiscal");
};

const NOTHING_STANDS = { newsletterConsent: false, softOptIn: false } as const;

/** P1.F.3, INV-16: a newsletter consent or the soft opt-in now stands; the person may be mailed again. */
const mailable = (
  draft: Draft,
  subjectId: string,
  basis: Partial<Pick<MarketingFacts, "newsletterConsent" | "softOptIn">>,
): void => {
  changeSubject(draft, subjectId, (facts) => ({
    marketing: { ...facts.marketing, ...basis, optedOutAt: null },
  }));
  refresh(draft, subjectId, "marketing");
};

/**
 * P1.F.6, D4, Art. 7(3), 21(3): an unsubscribe, objection, withdrawal or suppression ends the bases it
 * names; when none is left the marketing data are due from that moment (the earliest such moment since the
 * last basis, if several come).
 */
const optedOut = (
  draft: Draft,
  subjectId: string,
  at: string,
  ended: Partial<Pick<MarketingFacts, "newsletterConsent" | "softOptIn">>,
): void => {
  changeSubject(draft, subjectId, (facts) => {
    const left = { ...facts.marketing, ...ended };
    const stands = left.newsletterConsent || left.softOptIn;
    return { marketing: { ...left, optedOutAt: stands ? null : earlier(left.optedOutAt, at) } };
  });
  refresh(draft, subjectId, "marketing");
};

const refreshAll = (draft: Draft, subjects: ReadonlySet<string>, retentionClass: RetentionClass): void => {
  for (const subjectId of subjects) refresh(draft, subjectId, retentionClass);
};

/**
 * One event: first the facts it changes (and the entries those facts drive), then every (subject, class)
 * it writes personal data of gets an entry (INV-27), found from the codecs' markings.
 */
const apply = (draft: Draft, event: RetentionEvent, occurredAt: string | undefined): void => {
  applyFacts(draft, event, occurredAt);
  for (const { subjectId, retentionClass } of personalDataWritten(event))
    touch(draft, subjectId, retentionClass);
};

const applyFacts = (draft: Draft, event: RetentionEvent, occurredAt: string | undefined): void => {
  switch (event.type) {
    case "SubscriptionRequested":
    case "SubscriptionDataSupplied":
      contractData(draft, event.data.subscriptionId, event.data.requesterSubjectId);
      break;
    case "UserAdded":
      contractData(draft, event.data.subscriptionId, event.data.userSubjectId);
      break;
    case "SubscriptionEnded": {
      const { subscriptionId, backupWindowEndsAt } = event.data;
      changeSubscription(draft, subscriptionId, () => ({ backupWindowEndsAt }));
      refreshAll(draft, subscriptionOf(draft, subscriptionId).contractSubjects, "contract");
      break;
    }
    case "InvoiceIssued": {
      const { subscriptionId, invoiceId, amountCents, issuedAt, billingContactSubjectId } = event.data;
      const key = invoiceKey(subscriptionId, invoiceId);
      draft.invoices.set(key, {
        subscriptionId,
        invoiceId,
        amountCents,
        paidCents: 0,
        lastActivityAt: issuedAt,
      });
      changeSubscription(draft, subscriptionId, (facts) => ({ invoices: withItem(facts.invoices, key) }));
      fiscalData(draft, subscriptionId, invoiceId, billingContactSubjectId);
      // A new open item keeps every fiscal record of the subscription current.
      refreshAll(draft, subscriptionOf(draft, subscriptionId).fiscalSubjects, "fiscal");
      break;
    }
    case "PaymentRecorded": {
      const { subscriptionId, invoiceId, amountCents, paidAt } = event.data;
      const key = invoiceKey(subscriptionId, invoiceId);
      const invoice = draft.invoices.get(key);
      if (invoice !== undefined)
        draft.invoices.set(key, {
          ...invoice,
          paidCents: invoice.paidCents + amountCents,
          lastActivityAt: later(invoice.lastActivityAt, paidAt),
        });
      refreshAll(draft, subscriptionOf(draft, subscriptionId).fiscalSubjects, "fiscal");
      break;
    }
    case "BillingContactLogged": {
      const { subscriptionId, invoiceId, contactSubjectId, contactedAt } = event.data;
      fiscalData(draft, subscriptionId, invoiceId, contactSubjectId, contactedAt);
      break;
    }
    case "TrainingParticipantRegistered": {
      const { subjectId, trainingDate } = event.data;
      changeSubject(draft, subjectId, (facts) => ({
        // Latest training wins: ISO dates compare as text.
        latestTrainingDate:
          facts.latestTrainingDate === null || trainingDate > facts.latestTrainingDate
            ? trainingDate
            : facts.latestTrainingDate,
      }));
      touch(draft, subjectId, "training");
      break;
    }
    case "BusinessContactRegistered":
      changeSubject(draft, event.data.subjectId, () => ({ employment: { employed: true, endedAt: null } }));
      touch(draft, event.data.subjectId, "relationship");
      break;
    case "ContactEmploymentEnded":
      changeSubject(draft, event.data.subjectId, () => ({
        employment: { employed: false, endedAt: event.data.endedAt },
      }));
      refresh(draft, event.data.subjectId, "relationship");
      break;
    case "LegalHoldPlaced": {
      const { subjectId, holdId, retentionClass, reason } = event.data;
      changeSubject(draft, subjectId, (facts) => ({
        holds: new Map(facts.holds).set(holdId, { retentionClass, reason }),
      }));
      refresh(draft, subjectId, retentionClass);
      break;
    }
    case "LegalHoldReleased": {
      const { subjectId, holdId } = event.data;
      const hold = subjectOf(draft, subjectId).holds.get(holdId);
      if (hold === undefined) return;
      changeSubject(draft, subjectId, (facts) => {
        const holds = new Map(facts.holds);
        holds.delete(holdId);
        return { holds };
      });
      refresh(draft, subjectId, hold.retentionClass);
      break;
    }
    case "RightsRequestReceived": {
      const { subjectId, requestId } = event.data;
      changeSubject(draft, subjectId, (facts) => ({ openRequests: withItem(facts.openRequests, requestId) }));
      touch(draft, subjectId, "accountability");
      break;
    }
    case "RightsRequestClosed": {
      const { subjectId, requestId, closedAt } = event.data;
      changeSubject(draft, subjectId, (facts) => ({
        openRequests: withoutItem(facts.openRequests, requestId),
        lastClosedAt: later(facts.lastClosedAt, closedAt),
      }));
      refresh(draft, subjectId, "accountability");
      break;
    }
    case "ConsentGiven":
      if (event.data.purpose === NEWSLETTER_PURPOSE)
        mailable(draft, event.data.subjectId, { newsletterConsent: true });
      break;
    case "SoftOptInEstablished":
      mailable(draft, event.data.subjectId, { softOptIn: true });
      break;
    case "ConsentWithdrawn":
      // Withdrawing another purpose (tracking) leaves the newsletter, and the data it needs, as they were.
      if (event.data.purpose === NEWSLETTER_PURPOSE)
        optedOut(draft, event.data.subjectId, event.data.withdrawnAt, { newsletterConsent: false });
      break;
    case "UnsubscribedViaLink":
      optedOut(draft, event.data.subjectId, event.data.unsubscribedAt, NOTHING_STANDS);
      break;
    case "DirectMarketingObjectionRecorded":
      optedOut(draft, event.data.subjectId, event.data.objectedAt, NOTHING_STANDS);
      break;
    case "SuppressionTokenRecorded":
      // The newsletter data are about to be erased, keeping only the token (INV-20): nothing stands.
      optedOut(draft, event.data.subjectId, event.data.recordedAt, NOTHING_STANDS);
      break;
    case "PersonalDataErased": {
      const { subjectId, retentionClass } = event.data;
      if (!isRetentionClass(retentionClass)) return;
      const entry = currentOf(draft, subjectId, retentionClass);
      // An erasure of a class the schedule has no entry for is left out: there is nothing here to mark.
      if (entry === undefined || entry.erased) return;
      draft.entries.set(entry.key, { ...entry, erased: true, erasedAt: occurredAt ?? null });
      break;
    }
    default:
      break;
  }
};

/**
 * One step of the retention schedule's fold (INV-27, INV-28, INV-10, INV-11, INV-14; P4.1, P4.2, P1.C.2,
 * P1.D.3, P1.F.6, decision D4): a pure function of the schedule and one event, which it leaves
 * unchanged. Events of other types, and of other catalogs, are ignored.
 */
export const scheduleRetention = (schedule: RetentionSchedule, event: ScheduledEvent): RetentionSchedule => {
  if (!isRetentionEvent(event)) return schedule;
  const draft = draftOf(schedule);
  apply(draft, event, event.metadata?.occurredAt);
  return scheduleOf(draft);
};

/** The schedule of a whole history, in the order given (the store's global order). */
export const retentionScheduleOf = (
  events: Iterable<ScheduledEvent>,
  options: RetentionScheduleOptions = {},
): RetentionSchedule => {
  const draft = draftOf(emptyRetentionSchedule(options));
  for (const event of events) if (isRetentionEvent(event)) apply(draft, event, event.metadata?.occurredAt);
  return scheduleOf(draft);
};

/** The same over an asynchronous source (a store read page by page), without holding the events. */
export const retentionScheduleFrom = async (
  events: AsyncIterable<ScheduledEvent>,
  options: RetentionScheduleOptions = {},
): Promise<RetentionSchedule> => {
  const draft = draftOf(emptyRetentionSchedule(options));
  for await (const event of events)
    if (isRetentionEvent(event)) apply(draft, event, event.metadata?.occurredAt);
  return scheduleOf(draft);
};

/** The current entry of a (subject, class), erased or not; undefined when the subject has no such data. */
export const currentEntry = (
  schedule: RetentionSchedule,
  subjectId: string,
  retentionClass: RetentionClass,
): RetentionEntry | undefined => {
  const key = schedule.current.get(pairKey(subjectId, retentionClass));
  return key === undefined ? undefined : schedule.entries.get(key);
};

/** The subject's current entries, one per class they have data in, in the order of RETENTION_CLASSES. */
export const currentEntriesOf = (schedule: RetentionSchedule, subjectId: string): readonly RetentionEntry[] =>
  RETENTION_CLASSES.flatMap((retentionClass) => {
    const entry = currentEntry(schedule, subjectId, retentionClass);
    return entry === undefined ? [] : [entry];
  });
