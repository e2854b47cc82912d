/**
 * Legal time: the calendar counts days as they are lived in Europe/Amsterdam.
 *
 * Why this zone: the controller acts in the Netherlands, and Reg. (EEC, Euratom) 1182/71 art. 2(1) takes
 * the public holidays "designated as such in the Member State … in which action is to be taken"; the days
 * those holidays fall on, and the day a request arrives on, are Dutch calendar days. An instant (a JS Date)
 * becomes a legal day only through this zone, and a legal day ends at the last millisecond before the next
 * Dutch midnight, whatever the offset (+01:00 in winter, +02:00 in summer).
 *
 * Library: @js-joda/core + @js-joda/timezone (BSD-3-Clause), chosen over luxon and date-fns + @date-fns/tz
 * because
 * - it has a real date-without-time type (`LocalDate`): a legal period is counted in days, and a type that
 *   cannot carry an hour rules out the classic "midnight UTC is still yesterday in Amsterdam" bug;
 * - `LocalDate.plusMonths` / `plusYears` clamp to the last day of a shorter month (31 January + 1 month =
 *   28/29 February), which is word for word the second sentence of Reg. 1182/71 art. 3(2)(c);
 * - it ships its own copy of the IANA time-zone database (2.25.2 carries tzdb 2026a) instead of reading
 *   the runtime's ICU data as luxon and @date-fns/tz do, so a deadline computed on replay does not change
 *   with the Node build that replays it; a tzdb change arrives as a reviewed dependency update;
 * - it is immutable, has no dependencies, carries its own type definitions, and works on Node 20 as ESM
 *   (checked: `npm view` shows @js-joda/core 6.3.2 and @js-joda/timezone 2.25.2, no engines limit; named
 *   imports of its CommonJS build resolve under Node 20).
 * No offset arithmetic is done by hand anywhere in this package: every instant ↔ day step goes through
 * `ZoneId.of("Europe/Amsterdam")`.
 */
import { Instant, type LocalDate, ZonedDateTime, ZoneId } from "@js-joda/core";
import "@js-joda/timezone";
import { type IsoDate, parseIsoDate, toIsoDate } from "./isoDate.js";

export const LEGAL_TIME_ZONE = "Europe/Amsterdam";

const amsterdam = ZoneId.of(LEGAL_TIME_ZONE);

/** An instant the calendar can use: a Date that holds a time. Anything else is a programming error. */
export const checkInstant = (instant: Date, what: string): void => {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`${what} must be a valid Date, got ${String(instant)}`);
  }
};

/** The Dutch calendar day an instant falls on. */
export const dayOf = (instant: Date): LocalDate =>
  ZonedDateTime.ofInstant(Instant.ofEpochMilli(instant.getTime()), amsterdam).toLocalDate();

/** The first instant of a Dutch calendar day (its 00:00:00.000 local). */
export const startOfDay = (day: LocalDate): Date =>
  new Date(day.atStartOfDay(amsterdam).toInstant().toEpochMilli());

/**
 * The last instant of a Dutch calendar day: one millisecond before the next day's local midnight. This is
 * "the expiry of the last hour" of the day in Reg. 1182/71 art. 3(2)(c) and 3(4), to the millisecond a JS
 * Date can hold. On the nights the clocks change the day is 23 or 25 hours long; the end is still right.
 */
export const endOfDay = (day: LocalDate): Date =>
  new Date(day.plusDays(1).atStartOfDay(amsterdam).toInstant().toEpochMilli() - 1);

/** The Dutch calendar date (Europe/Amsterdam) an instant falls on, as `YYYY-MM-DD`. */
export const amsterdamDateOf = (instant: Date): IsoDate => {
  checkInstant(instant, "instant");
  return toIsoDate(dayOf(instant));
};

/** The first instant (00:00:00.000 Europe/Amsterdam) of a Dutch calendar date. */
export const startOfAmsterdamDay = (date: IsoDate): Date => startOfDay(parseIsoDate(date));

/** The last instant (23:59:59.999 Europe/Amsterdam) of a Dutch calendar date. */
export const endOfAmsterdamDay = (date: IsoDate): Date => endOfDay(parseIsoDate(date));
