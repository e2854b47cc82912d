import type { LocalDate } from "@js-joda/core";
import type { NonWorkingDay } from "./deadline.js";
import { toIsoDate } from "./isoDate.js";
import type { WorkingDays } from "./workingDays.js";

/**
 * The counting rules of Regulation (EEC, Euratom) No 1182/71 art. 3 (OJ L 124, 8.6.1971, p. 1), as
 * building blocks. English text as published on EUR-Lex (CELEX 31971R1182), quoted from the project's
 * research notes (gdpr-domain.md §1.2) and the EUR-Lex bilingual excerpts on wordscope.be:
 * - art. 3(1), second subparagraph: for a period in days, weeks, months or years counted from an event,
 *   "the day during which that event occurs … shall not be considered as falling within the period";
 * - art. 3(2)(c): a period in months or years starts at the beginning of the first hour of its first day
 *   and "shall end with the expiry of the last hour of whichever day in the last … month or year … falls on
 *   the same date as the day from which the period runs"; when that date does not occur in the last month,
 *   with the expiry of the last hour of that month's last day;
 * - art. 3(3): Saturdays, Sundays and public holidays count inside a period;
 * - art. 3(4): when the last day of a period "expressed otherwise than in hours" is a public holiday,
 *   Sunday or Saturday, the period ends with the expiry of the last hour of the following working day;
 * - art. 3(1), first subparagraph, and 3(2)(a): a period in hours leaves out the hour of the event, starts at
 *   the beginning of the next hour and ends with the expiry of its last hour; art. 3(4) does not apply to it.
 */

/**
 * Art. 3(1) + 3(2)(c): the last day of a period of `months` months counted from an event on `eventDay`: the
 * same date `months` months later, or that month's last day when the date does not occur in it (31 January
 * + 1 month = 28 February, or 29 in a leap year). The event day itself does not count, which is why the
 * period runs to the end of the same date rather than the day before.
 */
export const lastDayAfterMonths = (eventDay: LocalDate, months: number): LocalDate =>
  eventDay.plusMonths(months);

/** Art. 3(1) + 3(2)(c) for years: the same date `years` years later; 29 February → 28 February. */
export const lastDayAfterYears = (eventDay: LocalDate, years: number): LocalDate => eventDay.plusYears(years);

export interface MovedEnd {
  readonly day: LocalDate;
  readonly skipped: readonly NonWorkingDay[];
}

/**
 * Art. 3(4): when the last day is not a working day, the period ends on the following working day. Returns
 * that day (the last day itself when it is a working day) and every day passed over, with why. Ends: every
 * run of non-working days is finite (configured extra days are a finite list).
 */
export const moveToWorkingDay = (lastDay: LocalDate, rules: WorkingDays): MovedEnd => {
  const skipped: NonWorkingDay[] = [];
  let day = lastDay;
  for (
    let reasons = rules.reasonsNotWorking(day);
    reasons.length > 0;
    reasons = rules.reasonsNotWorking(day)
  ) {
    skipped.push({ date: toIsoDate(day), reasons });
    day = day.plusDays(1);
  }
  return { day, skipped };
};

const HOUR_MS = 3_600_000;

/**
 * A period in hours as elapsed absolute time: the instant exactly `hours` × 3 600 000 ms after `from`.
 * Daylight-saving changes do not stretch or shrink it, and weekends and holidays do not move it (art. 3(4)
 * covers only periods "expressed otherwise than in hours").
 *
 * This is the earlier of two readings. Read literally, art. 3(1) first subparagraph leaves out the hour
 * during which the event happens, so the count would start at the next full hour and end up to one hour
 * later. The library does not grant that hour: GDPR art. 33(1) says "not later than 72 hours after having
 * become aware", supervisory-authority practice counts from the moment of awareness, and a notice sent by
 * the earlier instant is on time under both readings.
 */
export const instantAfterHours = (from: Date, hours: number): Date =>
  new Date(from.getTime() + hours * HOUR_MS);
