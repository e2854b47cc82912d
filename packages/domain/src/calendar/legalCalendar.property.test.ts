import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { endOfAmsterdamDay, startOfAmsterdamDay } from "./amsterdamTime.js";
import { legalCalendar } from "./legalCalendar.js";

/*
 * Property-based tests. The oracles below do not use js-joda: Dutch dates come from the runtime's Intl
 * time-zone data and month arithmetic from plain UTC date maths, so the properties check the calendar
 * against an independent reading of the same rules.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

const intlAmsterdam = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Amsterdam",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const dutchDateOf = (instant: Date): string => {
  const parts = intlAmsterdam.formatToParts(instant);
  const part = (type: string): string => parts.find((candidate) => candidate.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
};

const pad = (value: number): string => String(value).padStart(2, "0");
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;
const fromDayNumber = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const weekdayOf = (iso: string): number => new Date(`${iso}T12:00:00Z`).getUTCDay();

/** Same date `months` later, or that month's last day (Reg. 1182/71 art. 3(2)(c)), in plain UTC maths. */
const sameDateMonthsLater = (iso: string, months: number): string => {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  const index = month - 1 + months;
  const targetYear = year + Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${targetYear}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
};

const statutory = legalCalendar();

/** Receipts from the GDPR's first day to the end of the 22nd century. */
const receipts = fc.date({
  min: new Date("2018-05-25T00:00:00Z"),
  max: new Date("2199-09-30T00:00:00Z"),
  noInvalidDate: true,
});

/** Instants on and around the nights the clocks change (last Sundays of March and October), 2018–2199. */
const clockChangeNights = fc
  .record({
    year: fc.integer({ min: 2018, max: 2199 }),
    month: fc.constantFrom(3, 10),
    minute: fc.integer({ min: -36 * 60, max: 36 * 60 }),
  })
  .map(({ year, month, minute }) => {
    const lastDay = new Date(Date.UTC(year, month, 0));
    const lastSunday = lastDay.getUTCDate() - lastDay.getUTCDay();
    return new Date(Date.UTC(year, month - 1, lastSunday, 1, 0) + minute * 60_000); // 01:00Z = the change
  });

const anyReceipt = fc.oneof(receipts, clockChangeNights);

/** Extra equated days (Atw art. 3 lid 3) scattered over 2018–2200. */
const extraHolidays = fc.uniqueArray(
  fc.integer({ min: dayNumber("2018-06-01"), max: dayNumber("2200-06-30") }).map(fromDayNumber),
  { maxLength: 300 },
);

describe("P7.2 / GDPR art. 12(3) deadlines — properties (Reg. 1182/71 art. 3, Dutch holidays)", () => {
  it("art. 3(4): a one-month deadline always ends on a working day", () => {
    fc.assert(
      fc.property(anyReceipt, (receivedAt) => {
        const deadline = statutory.oneMonthDeadline(receivedAt);
        expect(statutory.isWorkingDay(deadline.date)).toBe(true);
        const weekday = weekdayOf(deadline.date);
        expect(weekday !== 0 && weekday !== 6).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("art. 3(1): the day of receipt is the receipt's Dutch date, and it does not count", () => {
    fc.assert(
      fc.property(anyReceipt, (receivedAt) => {
        const deadline = statutory.oneMonthDeadline(receivedAt);
        expect(deadline.startDate).toBe(dutchDateOf(receivedAt));
        expect(deadline.date > deadline.startDate).toBe(true);
        expect(deadline.dueAt.getTime()).toBeGreaterThan(receivedAt.getTime());
      }),
      { numRuns: 1000 },
    );
  });

  it("art. 3(2)(c): never before the naive same-date-next-month (clamped), and at most five days after it", () => {
    fc.assert(
      fc.property(anyReceipt, (receivedAt) => {
        const deadline = statutory.oneMonthDeadline(receivedAt);
        const naive = sameDateMonthsLater(dutchDateOf(receivedAt), 1);
        expect(deadline.nominalDate).toBe(naive);
        const moved = dayNumber(deadline.date) - dayNumber(naive);
        expect(moved).toBeGreaterThanOrEqual(0);
        expect(moved).toBeLessThanOrEqual(5); // Good Friday → Koningsdag in Easter-on-25-April years (2038)
        expect(deadline.skipped).toHaveLength(moved);
        expect(deadline.moved).toBe(moved > 0);
      }),
      { numRuns: 1000 },
    );
  });

  it("art. 3(4): every day passed over is a non-working day, in order, from the nominal date up to the due date", () => {
    fc.assert(
      fc.property(anyReceipt, (receivedAt) => {
        const deadline = statutory.oneMonthDeadline(receivedAt);
        deadline.skipped.forEach(({ date, reasons }, index) => {
          expect(date).toBe(fromDayNumber(dayNumber(deadline.nominalDate) + index));
          expect(reasons.length).toBeGreaterThan(0);
          expect(statutory.isWorkingDay(date)).toBe(false);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("Atw art. 3 lid 3: with any configured equated days, the deadline is the first working day on or after the nominal date", () => {
    fc.assert(
      fc.property(receipts, extraHolidays, (receivedAt, extras) => {
        const calendar = legalCalendar({ extraHolidays: extras });
        const deadline = calendar.oneMonthDeadline(receivedAt);
        expect(calendar.isWorkingDay(deadline.date)).toBe(true);
        expect(extras).not.toContain(deadline.date);
        for (let day = dayNumber(deadline.nominalDate); day < dayNumber(deadline.date); day += 1) {
          expect(calendar.isWorkingDay(fromDayNumber(day))).toBe(false);
        }
        expect(deadline.date >= statutory.oneMonthDeadline(receivedAt).date).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("the due instant is the last millisecond of the due date in Amsterdam (23:59:59.999 local)", () => {
    fc.assert(
      fc.property(anyReceipt, (receivedAt) => {
        const { date, dueAt } = statutory.oneMonthDeadline(receivedAt);
        expect(dutchDateOf(dueAt)).toBe(date);
        expect(dutchDateOf(new Date(dueAt.getTime() + 1))).toBe(fromDayNumber(dayNumber(date) + 1));
        expect(dueAt.getTime()).toBe(endOfAmsterdamDay(date).getTime());
      }),
      { numRuns: 500 },
    );
  });

  it("a later receipt never gets an earlier deadline (monotone)", () => {
    fc.assert(
      fc.property(anyReceipt, anyReceipt, (first, second) => {
        const [earlier, later] = first.getTime() <= second.getTime() ? [first, second] : [second, first];
        expect(statutory.oneMonthDeadline(earlier).dueAt.getTime()).toBeLessThanOrEqual(
          statutory.oneMonthDeadline(later).dueAt.getTime(),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("GDPR art. 12(3): the extended deadline is three months from the same start, on a working day, never before the one-month deadline", () => {
    fc.assert(
      fc.property(anyReceipt, (receivedAt) => {
        const oneMonth = statutory.oneMonthDeadline(receivedAt);
        const extended = statutory.extendedDeadline(receivedAt);
        expect(extended.startDate).toBe(oneMonth.startDate);
        expect(extended.nominalDate).toBe(sameDateMonthsLater(oneMonth.startDate, 3));
        expect(statutory.isWorkingDay(extended.date)).toBe(true);
        expect(extended.dueAt.getTime()).toBeGreaterThan(oneMonth.dueAt.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it("around local midnight: a receipt at 23:30 lands on that day, one at 00:30 on the next", () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber("2018-05-25"), max: dayNumber("2199-09-30") }), (day) => {
        const date = fromDayNumber(day);
        const nextDate = fromDayNumber(day + 1);
        const midnight = startOfAmsterdamDay(nextDate);
        expect(dutchDateOf(midnight)).toBe(nextDate);
        expect(dutchDateOf(new Date(midnight.getTime() - 1))).toBe(date);
        const lateEvening = statutory.oneMonthDeadline(new Date(midnight.getTime() - 30 * 60_000));
        const earlyMorning = statutory.oneMonthDeadline(new Date(midnight.getTime() + 30 * 60_000));
        expect(lateEvening.startDate).toBe(date);
        expect(earlyMorning.startDate).toBe(nextDate);
        expect(lateEvening.nominalDate).toBe(sameDateMonthsLater(date, 1));
        expect(earlyMorning.nominalDate).toBe(sameDateMonthsLater(nextDate, 1));
      }),
      { numRuns: 500 },
    );
  });
});

describe("P8.5 / GDPR art. 33(1) breach clock — properties", () => {
  it("is exactly 72 × 3 600 000 ms after awareness, whatever clock changes, weekends or holidays lie between", () => {
    fc.assert(
      fc.property(fc.oneof(anyReceipt, clockChangeNights), (awareAt) => {
        const due = statutory.breachNotificationDeadline(awareAt);
        expect(due.getTime() - awareAt.getTime()).toBe(72 * HOUR);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("P4.1 backup window and P1.D.3 / AWR art. 52(4) fiscal retention — properties", () => {
  it("P4.1: six months to the same date (clamped), at the end of that Dutch day, never moved", () => {
    fc.assert(
      fc.property(anyReceipt, (endedAt) => {
        const end = statutory.backupWindowEnd(endedAt);
        expect(end.startDate).toBe(dutchDateOf(endedAt));
        expect(end.date).toBe(sameDateMonthsLater(end.startDate, 6));
        expect(end.until.getTime()).toBe(endOfAmsterdamDay(end.date).getTime());
      }),
      { numRuns: 500 },
    );
  });

  it("AWR art. 52(4): seven years to the same date (29 February → 28 February), never moved", () => {
    fc.assert(
      fc.property(anyReceipt, (leftAt) => {
        const end = statutory.fiscalRetentionEnd(leftAt);
        expect(end.startDate).toBe(dutchDateOf(leftAt));
        expect(end.date).toBe(sameDateMonthsLater(end.startDate, 7 * 12));
        expect(end.until.getTime()).toBe(endOfAmsterdamDay(end.date).getTime());
      }),
      { numRuns: 500 },
    );
  });
});
