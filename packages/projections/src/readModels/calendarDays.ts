import { amsterdamDateOf, type IsoDate } from "@privacy-ledger/domain";

const DAY_MS = 86_400_000;

/**
 * Whole Dutch calendar days from the day `at` falls on (Europe/Amsterdam) to `date`: 0 on the last day,
 * negative after it. Dates are counted as dates, so a clock change does not shift the count.
 */
export const calendarDaysUntil = (at: Date, date: IsoDate): number =>
  Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${amsterdamDateOf(at)}T00:00:00Z`)) / DAY_MS);
