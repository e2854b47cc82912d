import type { LocalDate } from "@js-joda/core";
import { checkInstant, dayOf, endOfDay, LEGAL_TIME_ZONE } from "./amsterdamTime.js";
import type { Deadline, RetentionEnd } from "./deadline.js";
import type { PublicHoliday } from "./dutchHolidays.js";
import { type IsoDate, parseIsoDate, toIsoDate } from "./isoDate.js";
import { instantAfterHours, lastDayAfterMonths, lastDayAfterYears, moveToWorkingDay } from "./periods.js";
import { type EquatedDay, type NonWorkingReason, workingDays } from "./workingDays.js";

export interface LegalCalendarOptions {
  /**
   * Days a royal decree equates with the public holidays (Algemene termijnenwet art. 3 lid 3), such as the
   * Friday after Ascension Day: an ISO date, or the date with its name and decree. They cannot be computed
   * from the year, so the company supplies them, each best with its decree (D1 keeps the computable
   * calendar in code; these few days are data).
   */
  readonly extraHolidays?: readonly (IsoDate | EquatedDay)[];
}

/** GDPR art. 33(1): notify the supervisory authority "not later than 72 hours after having become aware". */
export const BREACH_NOTIFICATION_HOURS = 72;
/** P7.2, GDPR art. 12(3): "within one month of receipt of the request". */
export const RESPONSE_MONTHS = 1;
/** GDPR art. 12(3): one month "extended by two further months" = three months from the same start. */
export const EXTENDED_RESPONSE_MONTHS = 3;
/** P4.1: client data in backups "up to 6 months" after the subscription. */
export const BACKUP_WINDOW_MONTHS = 6;
/** AWR art. 52(4): fiscal records are kept for seven years. */
export const FISCAL_RETENTION_YEARS = 7;

export interface LegalCalendar {
  /** Always "Europe/Amsterdam": the zone every date of this calendar is a day in. */
  readonly timeZone: typeof LEGAL_TIME_ZONE;
  /** Whether the date is a statutory Dutch public holiday or a configured equated day. */
  readonly isPublicHoliday: (date: IsoDate) => boolean;
  /** Reg. 1182/71 art. 2(2): every day other than a public holiday, a Sunday or a Saturday. */
  readonly isWorkingDay: (date: IsoDate) => boolean;
  /** Why the date is not a working day (Saturday, Sunday, which holiday); empty for a working day. */
  readonly whyNotWorkingDay: (date: IsoDate) => readonly NonWorkingReason[];
  /** The statutory holidays of the year (see `dutchPublicHolidays`) plus the configured days, in date order. */
  readonly publicHolidays: (year: number) => readonly PublicHoliday[];
  /**
   * P7.2 ("uiterlijk binnen één maand na ontvangst van het verzoek"), GDPR art. 12(3): answer a rights
   * request within one month of receipt. Also the last moment to tell the person about an extension and
   * its reasons (art. 12(3), third sentence), and to give reasons for not acting (art. 12(4)).
   *
   * Counted under Reg. 1182/71 art. 3: the receipt instant is put on its Dutch calendar day; that day does
   * not count (art. 3(1)); the period ends at the end (23:59:59.999 Europe/Amsterdam) of the same date in
   * the next month, or of that month's last day when the date does not occur in it (art. 3(2)(c)); a
   * last day on a Saturday, Sunday or Dutch public holiday moves to the next working day (art. 3(4),
   * holidays per art. 2(1): Algemene termijnenwet art. 3). A receipt on a weekend or holiday still starts
   * the period on that day (art. 3(3); nothing defers the start to a working day).
   *
   * Decision D3: the clock runs from receipt; identity checks and questions do not pause it. A different
   * clock policy, if a company configures one, belongs to the rights-request aggregate, which records it;
   * the calendar only counts from the instant it is given.
   *
   * Of the two readings in circulation this is the earlier one: the UK ICO counted from the day after
   * receipt until 2019 (one day later) and now counts from the day of receipt "until the corresponding
   * calendar date in the next month", as here (research notes gdpr-domain.md §1.2; UK guidance, cited
   * only as a reading of the same words).
   */
  readonly oneMonthDeadline: (receivedAt: Date) => Deadline;
  /**
   * P7.2, GDPR art. 12(3), second sentence: the one-month period "may be extended by two further months"
   * for complex or numerous requests, if the person is told within the first month, with reasons.
   * Computed as three months from the same start (the rule; ICO: "calculate the extension as three
   * months from the original start date"), with the same art. 3 counting and the same art. 3(4) move.
   *
   * Interpretation to verify with counsel: chaining "two further months" onto the end of the first month
   * can differ by a few days either way (31 January: 28 February + 2 months = 28 April, not 30 April; a
   * first month moved off a holiday pushes the chained end later). Whether the extension is allowed at
   * all (notice sent by `oneMonthDeadline`, reasons given, at most once) is the rights-request aggregate's
   * rule (INV-36), not the calendar's.
   */
  readonly extendedDeadline: (receivedAt: Date) => Deadline;
  /**
   * P8.5 ("all parties involved are informed as the GDPR requires"), GDPR art. 33(1): notify the
   * supervisory authority (in the Netherlands: the AP's form) "not later than 72 hours after having become
   * aware"; a later notice must carry reasons for the delay.
   *
   * Absolute time: exactly 72 × 3 600 000 ms after `awareAt` (the recorded awareness decision, INV-47),
   * through nights, weekends, holidays and clock changes; never moved (Reg. 1182/71 art. 3(4) covers only
   * periods "expressed otherwise than in hours"; Dutch practice: the period "loopt altijd door, dus ook in
   * het weekend, 's nachts en op feestdagen", privacycoaches.nl). See `instantAfterHours` for why the hour
   * of awareness is not left out.
   */
  readonly breachNotificationDeadline: (awareAt: Date) => Date;
  /**
   * P4.1 ("gedurende de looptijd van de abonnementen en tot 6 maanden daarna in back-ups"): the last
   * instant client data of an ended subscription may still exist in backups (INV-28 shreds the keys by
   * then).
   *
   * Counted like every month period here: the day the subscription ended does not count, and the window
   * closes at the end (Europe/Amsterdam) of the same date six months later, or of that month's last day.
   *
   * Not moved over weekends or holidays, deliberately. Reg. 1182/71 governs periods in Union acts and the
   * Algemene termijnenwet periods in Dutch statutes (art. 1: "een in een wet gestelde termijn"); P4.1 is
   * neither but the company's own promise. Both move rules exist so that someone who must act does not
   * lose a day to a closed office; this is a maximum storage period, the deletion is automated, and moving
   * it would keep personal data longer than the policy states (GDPR art. 5(1)(e), art. 13(2)(a)).
   */
  readonly backupWindowEnd: (subscriptionEndedAt: Date) => RetentionEnd;
  /**
   * P1.D.3 and P2.2 (billing data kept "in overeenstemming met wettelijke en fiscale vereisten"), AWR
   * art. 52(4): books and records that may be fiscally relevant are kept for seven years. The end of that
   * duty; after it the billing data's retention class may be shredded (erasure requests before it are
   * partly refused under GDPR art. 17(3)(b), INV-10).
   *
   * Start, decided: the moment the record stopped belonging to the current (annual) administration of AWR
   * art. 52(1), which the caller records as a fact. Besluit Fiscaal Bestuursrecht 2017 §20.1: "De
   * bewaarplicht ontstaat zodra de gegevens niet langer … tot de (jaar)administratie behoren"
   * (eytaxlaw.nl). Not the invoice date and not the subscription's end as such: a debtor record stays
   * current while its items are open, and the books of a year stay current until that year is closed.
   * When unsure, pass the later candidate (e.g. the first day after the fiscal year in which the last
   * open item was settled): this is a duty to keep, so erring late is the safe side.
   *
   * Counted as seven years to the same date (29 February → 28 February), ending at the end of that Dutch
   * day; not moved: nothing has to be done by then (and the Algemene termijnenwet, art. 4, does not apply
   * to periods longer than three months anyway).
   */
  readonly fiscalRetentionEnd: (leftCurrentAdministrationAt: Date) => RetentionEnd;
}

/**
 * The legal calendar of the policy: pure functions of their arguments and the configured extra holidays.
 * It never reads the clock; callers pass instants (e.g. from the kernel's `Clock` port) and get instants
 * and Dutch dates back.
 */
export const legalCalendar = (options: LegalCalendarOptions = {}): LegalCalendar => {
  const rules = workingDays(options.extraHolidays ?? []);

  /** A period in months from an event, ended under Reg. 1182/71 art. 3(1), 3(2)(c) and moved under 3(4). */
  const monthDeadline = (eventAt: Date, months: number, basis: string, what: string): Deadline => {
    checkInstant(eventAt, what);
    const startDay = dayOf(eventAt);
    const nominal = lastDayAfterMonths(startDay, months);
    const { day, skipped } = moveToWorkingDay(nominal, rules);
    return {
      dueAt: endOfDay(day),
      date: toIsoDate(day),
      nominalDate: toIsoDate(nominal),
      startDate: toIsoDate(startDay),
      moved: skipped.length > 0,
      skipped,
      basis,
    };
  };

  const retentionEnd = (startDay: LocalDate, lastDay: LocalDate, basis: string): RetentionEnd => ({
    until: endOfDay(lastDay),
    date: toIsoDate(lastDay),
    startDate: toIsoDate(startDay),
    basis,
  });

  return {
    timeZone: LEGAL_TIME_ZONE,

    isPublicHoliday: (date) => rules.holidaysOn(parseIsoDate(date)).length > 0,

    isWorkingDay: (date) => rules.reasonsNotWorking(parseIsoDate(date)).length === 0,

    whyNotWorkingDay: (date) => rules.reasonsNotWorking(parseIsoDate(date)),

    publicHolidays: (year) => rules.holidaysIn(year),

    oneMonthDeadline: (receivedAt) =>
      monthDeadline(
        receivedAt,
        RESPONSE_MONTHS,
        "P7.2; GDPR art. 12(3); Reg. 1182/71 art. 3(1), 3(2)(c), 3(4); Algemene termijnenwet art. 3",
        "receivedAt",
      ),

    extendedDeadline: (receivedAt) =>
      monthDeadline(
        receivedAt,
        EXTENDED_RESPONSE_MONTHS,
        "P7.2; GDPR art. 12(3) (extended by two further months: three months from receipt); " +
          "Reg. 1182/71 art. 3(1), 3(2)(c), 3(4); Algemene termijnenwet art. 3",
        "receivedAt",
      ),

    breachNotificationDeadline: (awareAt) => {
      checkInstant(awareAt, "awareAt");
      return instantAfterHours(awareAt, BREACH_NOTIFICATION_HOURS);
    },

    backupWindowEnd: (subscriptionEndedAt) => {
      checkInstant(subscriptionEndedAt, "subscriptionEndedAt");
      const startDay = dayOf(subscriptionEndedAt);
      return retentionEnd(
        startDay,
        lastDayAfterMonths(startDay, BACKUP_WINDOW_MONTHS),
        "P4.1 (backups up to 6 months after the subscription); month counted as Reg. 1182/71 art. 3(1), " +
          "3(2)(c); not moved to a working day (a storage maximum, not a period to act in)",
      );
    },

    fiscalRetentionEnd: (leftCurrentAdministrationAt) => {
      checkInstant(leftCurrentAdministrationAt, "leftCurrentAdministrationAt");
      const startDay = dayOf(leftCurrentAdministrationAt);
      return retentionEnd(
        startDay,
        lastDayAfterYears(startDay, FISCAL_RETENTION_YEARS),
        "P1.D.3, P2.2; AWR art. 52(4) (seven years); start: the record left the current administration " +
          "(AWR art. 52(1); Besluit Fiscaal Bestuursrecht 2017 §20.1); not moved to a working day",
      );
    },
  };
};
