import { LocalDate } from "@js-joda/core";
import { checkInstant, dayOf, endOfDay, startOfDay } from "./amsterdamTime.js";
import type { RetentionEnd } from "./deadline.js";
import { type IsoDate, parseIsoDate, toIsoDate } from "./isoDate.js";
import { lastDayAfterMonths, lastDayAfterYears } from "./periods.js";

/** A retention period in whole months or years, as the processing register states it (Art. 30(1)(f)). */
export interface RetentionPeriodLength {
  readonly amount: number;
  readonly unit: "months" | "years";
}

const checkPeriod = (period: RetentionPeriodLength): void => {
  if (!Number.isSafeInteger(period.amount) || period.amount < 0)
    throw new RangeError(`a retention period is a whole number of ${period.unit} >= 0, got ${period.amount}`);
};

const endAfter = (startDay: LocalDate, period: RetentionPeriodLength, basis: string): RetentionEnd => {
  checkPeriod(period);
  const lastDay =
    period.unit === "months"
      ? lastDayAfterMonths(startDay, period.amount)
      : lastDayAfterYears(startDay, period.amount);
  return { until: endOfDay(lastDay), date: toIsoDate(lastDay), startDate: toIsoDate(startDay), basis };
};

/**
 * The end of a retention period the company set itself (decision D4: training data 12 months after the
 * training, rights-request records 5 years after closing; a grace period after employment ends, P4.2),
 * counted from an instant like `backupWindowEnd` counts P4.1: the day of the event does not count and the
 * period ends at the end (Europe/Amsterdam) of the same date `amount` months or years later, or of that
 * month's last day (Reg. 1182/71 art. 3(1), 3(2)(c) as a counting convention). Never moved to a working
 * day: it is a storage maximum (GDPR art. 5(1)(e)), not a period to act in.
 */
export const retentionEndAfterInstant = (
  eventAt: Date,
  period: RetentionPeriodLength,
  basis: string,
): RetentionEnd => {
  checkInstant(eventAt, "eventAt");
  return endAfter(dayOf(eventAt), period, basis);
};

/** The same, counted from a Dutch calendar date (a training day is a date, not an instant). */
export const retentionEndAfterDate = (
  eventDate: IsoDate,
  period: RetentionPeriodLength,
  basis: string,
): RetentionEnd => endAfter(parseIsoDate(eventDate, "eventDate"), period, basis);

/**
 * The first instant (00:00 Europe/Amsterdam) of 1 January of the year after the Dutch calendar year of
 * `instant`. AWR art. 52(1), (4): a record of a closed financial year leaves the current (annual)
 * administration when that year is over, so this is the start of the fiscal retention period for the
 * last record of a year (the company's financial year is taken to be the calendar year).
 */
export const startOfFollowingYear = (instant: Date): Date => {
  checkInstant(instant, "instant");
  return startOfDay(LocalDate.of(dayOf(instant).year() + 1, 1, 1));
};
