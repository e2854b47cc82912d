import type { IsoDate } from "./isoDate.js";
import type { NonWorkingReason } from "./workingDays.js";

/** A day a period's end was moved over, with every reason it is not a working day. */
export interface NonWorkingDay {
  readonly date: IsoDate;
  readonly reasons: readonly NonWorkingReason[];
}

/**
 * The end of a period within which something must be done (answer a request, send a notice).
 * Dates are Dutch calendar dates (Europe/Amsterdam); `dueAt` is absolute.
 */
export interface Deadline {
  /** The last instant the act is on time: the last millisecond (23:59:59.999) of `date` in Europe/Amsterdam. */
  readonly dueAt: Date;
  /** The period's last day, after Reg. 1182/71 art. 3(4) moved it off non-working days. */
  readonly date: IsoDate;
  /** The last day before any move: the same date in the last month, or that month's last day (art. 3(2)(c)). */
  readonly nominalDate: IsoDate;
  /** The day of the event (e.g. receipt); the period runs from it and it does not count (art. 3(1)). */
  readonly startDate: IsoDate;
  /** Whether art. 3(4) moved the end (date !== nominalDate). */
  readonly moved: boolean;
  /** The days from nominalDate up to (not including) date, each with why it is not a working day. */
  readonly skipped: readonly NonWorkingDay[];
  /** The policy clause and the law the period comes from. */
  readonly basis: string;
}

/**
 * The end of a retention period: how long data may (P4.1) or must (P1.D.3) be kept. Never moved over
 * weekends or holidays; see the functions that return it for why.
 */
export interface RetentionEnd {
  /** The last instant of the period: the last millisecond of `date` in Europe/Amsterdam. */
  readonly until: Date;
  /** The period's last day. */
  readonly date: IsoDate;
  /** The day of the event the period runs from; it does not count. */
  readonly startDate: IsoDate;
  readonly basis: string;
}
