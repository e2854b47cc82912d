import type { LegalCalendar } from "../calendar/legalCalendar.js";
import {
  retentionEndAfterDate,
  retentionEndAfterInstant,
  startOfFollowingYear,
} from "../calendar/retentionPeriod.js";
import type { RetentionClass } from "../shared/retentionClasses.js";
import type { RetentionPeriods } from "./retentionRules.js";
import type { InvoiceFacts, SubjectFacts, SubscriptionFacts } from "./scheduleFacts.js";

/** Until when a class of a subject is kept: an instant, or null with the condition that keeps it open. */
export interface RetentionClock {
  readonly until: string | null;
  readonly condition: string | null;
}

/** What the clock of a class reads: the facts, the calendar and the configured periods. */
export interface ClockFacts {
  readonly subject: SubjectFacts;
  readonly subscriptions: ReadonlyMap<string, SubscriptionFacts>;
  readonly invoices: ReadonlyMap<string, InvoiceFacts>;
  readonly calendar: LegalCalendar;
  readonly periods: RetentionPeriods;
}

const open = (condition: string): RetentionClock => ({ until: null, condition });
const until = (instant: Date): RetentionClock => ({ until: instant.toISOString(), condition: null });

/**
 * P4.1, INV-28: contract data live for the term of the subscriptions and then up to the end of the backup
 * window (`SubscriptionEnded.backupWindowEndsAt`, computed by the legal calendar). A subject with data in
 * several subscriptions has one contract key, so the data stay while any of them runs and go at the latest
 * backup-window end.
 */
const contractClock = ({ subject, subscriptions }: ClockFacts): RetentionClock => {
  let latest: number | undefined;
  for (const subscriptionId of [...subject.contractSubscriptions].sort()) {
    const endsAt = subscriptions.get(subscriptionId)?.backupWindowEndsAt ?? null;
    if (endsAt === null) return open(`subscription ${subscriptionId} runs`);
    latest = Math.max(latest ?? Number.NEGATIVE_INFINITY, Date.parse(endsAt));
  }
  return latest === undefined ? open("no subscription known") : until(new Date(latest));
};

/**
 * P1.D.3, AWR art. 52(4), INV-10, INV-11: billing records are kept seven years from the moment they left the
 * current administration (AWR art. 52(1); Besluit Fiscaal Bestuursrecht 2017 §20.1). Decided here:
 * - while any invoice of a subscription the subject's records are about is not fully paid, the debtor
 *   record is an open item and stays current: no end yet;
 * - otherwise the records left the current administration at 1 January after the year of the last
 *   invoice, payment or contact note of the subject (the books of a calendar year are closed after it);
 *   erring late is the safe side of a duty to keep (the calendar's own advice).
 */
const fiscalClock = ({ subject, subscriptions, invoices, calendar }: ClockFacts): RetentionClock => {
  for (const subscriptionId of [...subject.fiscalSubscriptions].sort()) {
    for (const key of [...(subscriptions.get(subscriptionId)?.invoices ?? [])].sort()) {
      const invoice = invoices.get(key);
      if (invoice !== undefined && invoice.paidCents < invoice.amountCents)
        return open(`invoice ${invoice.invoiceId} of subscription ${subscriptionId} is open`);
    }
  }
  let lastRecord =
    subject.fiscalNoteAt === null ? Number.NEGATIVE_INFINITY : Date.parse(subject.fiscalNoteAt);
  for (const key of subject.fiscalInvoices) {
    const invoice = invoices.get(key);
    if (invoice !== undefined) lastRecord = Math.max(lastRecord, Date.parse(invoice.lastActivityAt));
  }
  if (!Number.isFinite(lastRecord)) return open("no invoice known");
  return until(calendar.fiscalRetentionEnd(startOfFollowingYear(new Date(lastRecord))).until);
};

/** P1.C.2, decision D4: training data are kept N months (default 12) after the latest training. */
const trainingClock = ({ subject, periods }: ClockFacts): RetentionClock =>
  subject.latestTrainingDate === null
    ? open("no training known")
    : until(
        retentionEndAfterDate(
          subject.latestTrainingDate,
          { amount: periods.trainingRetentionMonths, unit: "months" },
          "",
        ).until,
      );

/** P4.2, INV-14: relationship data are kept while the contact is employed; they go when it ends (+ grace). */
const relationshipClock = ({ subject, periods }: ClockFacts): RetentionClock => {
  const { employment } = subject;
  if (employment === null || employment.employed || employment.endedAt === null)
    return open("the contact is employed at the business relation");
  const endedAt = new Date(employment.endedAt);
  return periods.relationshipGraceMonths === 0
    ? until(endedAt)
    : until(
        retentionEndAfterInstant(endedAt, { amount: periods.relationshipGraceMonths, unit: "months" }, "")
          .until,
      );
};

/**
 * Art. 5(2), Art. 12, decision D4: what a rights request holds of the person is kept while any request of
 * theirs is open, then N years (default 5) after the last one closed.
 */
const accountabilityClock = ({ subject, periods }: ClockFacts): RetentionClock => {
  if (subject.openRequests.size > 0)
    return open(`rights request ${[...subject.openRequests].sort().join(", ")} is open`);
  if (subject.lastClosedAt === null) return open("no rights request closed");
  return until(
    retentionEndAfterInstant(
      new Date(subject.lastClosedAt),
      { amount: periods.accountabilityRetentionYears, unit: "years" },
      "",
    ).until,
  );
};

/**
 * P1.F.6, D4, Art. 7(3), Art. 21(3): newsletter data (name, e-mail, interests, opens) are kept while the
 * person may still be mailed (a newsletter consent or the soft opt-in stands) and go at the moment they
 * unsubscribe, object, or withdraw the newsletter consent with no soft opt-in left: no grace. What stays is
 * the suppression token (INV-20), which holds no personal value.
 */
const marketingClock = ({ subject }: ClockFacts): RetentionClock => {
  const { newsletterConsent, softOptIn, optedOutAt } = subject.marketing;
  if (newsletterConsent || softOptIn)
    return open(
      newsletterConsent
        ? "the newsletter consent stands (until unsubscribe, withdrawal or objection)"
        : "the soft opt-in stands (until unsubscribe or objection)",
    );
  return optedOutAt === null
    ? open("no unsubscribe, withdrawal or objection recorded")
    : until(new Date(optedOutAt));
};

export const retentionClock = (retentionClass: RetentionClass, facts: ClockFacts): RetentionClock => {
  switch (retentionClass) {
    case "contract":
      return contractClock(facts);
    case "fiscal":
      return fiscalClock(facts);
    case "training":
      return trainingClock(facts);
    case "relationship":
      return relationshipClock(facts);
    case "accountability":
      return accountabilityClock(facts);
    case "marketing":
      return marketingClock(facts);
  }
};
