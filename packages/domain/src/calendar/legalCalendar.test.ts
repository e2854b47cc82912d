import { afterEach, describe, expect, it, vi } from "vitest";
import type { Deadline } from "./deadline.js";
import { legalCalendar } from "./legalCalendar.js";

const calendar = legalCalendar();
const at = (iso: string): Date => new Date(iso);

/** The moved days in a readable form: "date:reason+reason". */
const skippedOf = (deadline: Deadline): string[] =>
  deadline.skipped.map(
    ({ date, reasons }) =>
      `${date}:${reasons.map((reason) => (reason.kind === "publicHoliday" ? reason.holiday.name : reason.kind)).join("+")}`,
  );

describe("P7.2, GDPR art. 12(3): the one-month deadline (Reg. 1182/71 art. 3, Europe/Amsterdam)", () => {
  it("art. 3(1), 3(2)(c): the day of receipt does not count; the period ends at the end of the same date next month", () => {
    const deadline = calendar.oneMonthDeadline(at("2025-09-10T08:15:00Z")); // Wednesday 10:15 in Amsterdam
    expect(deadline).toMatchObject({
      startDate: "2025-09-10",
      nominalDate: "2025-10-10",
      date: "2025-10-10",
      moved: false,
      skipped: [],
    });
    expect(deadline.dueAt.toISOString()).toBe("2025-10-10T21:59:59.999Z"); // 23:59:59.999 +02:00
    expect(deadline.basis).toContain("P7.2");
    expect(deadline.basis).toContain("GDPR art. 12(3)");
  });

  it("art. 3(2)(c): received 31 January 2025 → 28 February (there is no 31 February)", () => {
    const deadline = calendar.oneMonthDeadline(at("2025-01-31T10:00:00Z"));
    expect(deadline.date).toBe("2025-02-28");
    expect(deadline.dueAt.toISOString()).toBe("2025-02-28T22:59:59.999Z");
  });

  it("art. 3(2)(c): received 31 January 2024, a leap year → 29 February", () => {
    expect(calendar.oneMonthDeadline(at("2024-01-31T10:00:00Z")).date).toBe("2024-02-29");
  });

  it("art. 3(2)(c): received 29 February 2028 → 29 March 2028; extended → 29 May 2028", () => {
    expect(calendar.oneMonthDeadline(at("2028-02-29T10:00:00Z")).date).toBe("2028-03-29");
    expect(calendar.extendedDeadline(at("2028-02-29T10:00:00Z")).date).toBe("2028-05-29");
  });

  it("art. 3(2)(c) + 3(4): received 30 January 2026 → 28 February is a Saturday → Monday 2 March", () => {
    const deadline = calendar.oneMonthDeadline(at("2026-01-30T10:00:00Z"));
    expect(deadline.nominalDate).toBe("2026-02-28");
    expect(deadline.date).toBe("2026-03-02");
    expect(skippedOf(deadline)).toEqual(["2026-02-28:saturday", "2026-03-01:sunday"]);
  });

  it("art. 3(4): a period ending on Koningsdag (Monday 27 April 2026) moves to the next working day", () => {
    const deadline = calendar.oneMonthDeadline(at("2026-03-27T10:00:00Z"));
    expect(deadline).toMatchObject({ nominalDate: "2026-04-27", date: "2026-04-28", moved: true });
    expect(skippedOf(deadline)).toEqual(["2026-04-27:Koningsdag"]);
  });

  it("art. 3(4), Koningsdag on a Sunday (2025): the holiday is Saturday 26 April; 27 April is only a Sunday", () => {
    const deadline = calendar.oneMonthDeadline(at("2025-03-26T10:00:00Z"));
    expect(deadline.date).toBe("2025-04-28");
    expect(skippedOf(deadline)).toEqual(["2025-04-26:saturday+Koningsdag", "2025-04-27:sunday"]);
    expect(calendar.isPublicHoliday("2025-04-26")).toBe(true);
    expect(calendar.isPublicHoliday("2025-04-27")).toBe(false);
  });

  it("art. 3(4): a period ending on Easter Monday (21 April 2025) moves to Tuesday", () => {
    const deadline = calendar.oneMonthDeadline(at("2025-03-21T10:00:00Z"));
    expect(deadline.date).toBe("2025-04-22");
    expect(skippedOf(deadline)).toEqual(["2025-04-21:Tweede Paasdag"]);
  });

  it("art. 3(4), Atw art. 3 lid 2: a period ending on Good Friday passes the whole Easter weekend (four days)", () => {
    const deadline = calendar.oneMonthDeadline(at("2025-03-18T10:00:00Z"));
    expect(deadline.date).toBe("2025-04-22");
    expect(skippedOf(deadline)).toEqual([
      "2025-04-18:Goede Vrijdag",
      "2025-04-19:saturday",
      "2025-04-20:sunday",
      "2025-04-21:Tweede Paasdag",
    ]);
  });

  it("art. 3(4): a period ending on Ascension Day (Thursday 29 May 2025) moves to Friday 30 May", () => {
    const deadline = calendar.oneMonthDeadline(at("2025-04-29T10:00:00Z"));
    expect(deadline.date).toBe("2025-05-30");
    expect(skippedOf(deadline)).toEqual(["2025-05-29:Hemelvaartsdag"]);
  });

  it("Atw art. 3 lid 3: with the Friday after Ascension Day equated by decree, the same period runs to Monday 2 June", () => {
    const withBridgeDay = legalCalendar({
      extraHolidays: [
        { date: "2025-05-30", name: "Vrijdag na Hemelvaartsdag", basis: "royal decree (example)" },
      ],
    });
    const deadline = withBridgeDay.oneMonthDeadline(at("2025-04-29T10:00:00Z"));
    expect(deadline.date).toBe("2025-06-02");
    expect(skippedOf(deadline)).toEqual([
      "2025-05-29:Hemelvaartsdag",
      "2025-05-30:Vrijdag na Hemelvaartsdag",
      "2025-05-31:saturday",
      "2025-06-01:sunday",
    ]);
    expect(withBridgeDay.whyNotWorkingDay("2025-05-30")).toMatchObject([
      { kind: "publicHoliday", holiday: { key: "equated", basis: "royal decree (example)" } },
    ]);
  });

  it("art. 3(4), Atw art. 3 lid 1 'de vijfde mei': a period ending on Monday 5 May 2025 moves to Tuesday 6 May", () => {
    expect(calendar.oneMonthDeadline(at("2025-04-05T10:00:00Z")).date).toBe("2025-05-06");
  });

  it("art. 3(4): a period ending on Whit Monday (9 June 2025) moves to Tuesday 10 June", () => {
    expect(calendar.oneMonthDeadline(at("2025-05-09T10:00:00Z")).date).toBe("2025-06-10");
  });

  it("art. 3(4): Christmas (Thursday), Boxing Day, then the weekend: 25 December 2025 → Monday 29 December", () => {
    const deadline = calendar.oneMonthDeadline(at("2025-11-25T10:00:00Z"));
    expect(deadline.date).toBe("2025-12-29");
    expect(skippedOf(deadline)).toEqual([
      "2025-12-25:Eerste Kerstdag",
      "2025-12-26:Tweede Kerstdag",
      "2025-12-27:saturday",
      "2025-12-28:sunday",
    ]);
    expect(deadline.dueAt.toISOString()).toBe("2025-12-29T22:59:59.999Z");
  });

  it("art. 3(4): across the year end, New Year's Day (Friday 1 January 2027) and the weekend → Monday 4 January", () => {
    const deadline = calendar.oneMonthDeadline(at("2026-12-01T10:00:00Z"));
    expect(deadline.date).toBe("2027-01-04");
    expect(skippedOf(deadline)).toEqual([
      "2027-01-01:Nieuwjaarsdag",
      "2027-01-02:saturday",
      "2027-01-03:sunday",
    ]);
  });

  it("art. 3(4): the longest statutory run — Good Friday, weekend, Easter Monday and Koningsdag 2038 — moves five days", () => {
    const deadline = calendar.oneMonthDeadline(at("2038-03-23T10:00:00Z"));
    expect(deadline.date).toBe("2038-04-28");
    expect(skippedOf(deadline)).toEqual([
      "2038-04-23:Goede Vrijdag",
      "2038-04-24:saturday",
      "2038-04-25:sunday",
      "2038-04-26:Tweede Paasdag",
      "2038-04-27:Koningsdag",
    ]);
  });

  it("1 May is not a Dutch public holiday: a period ending on Thursday 1 May 2025 stays there", () => {
    expect(calendar.oneMonthDeadline(at("2025-04-01T10:00:00Z")).moved).toBe(false);
  });

  it("art. 3(3): a request received on a Sunday starts the period that Sunday", () => {
    const deadline = calendar.oneMonthDeadline(at("2025-09-14T10:00:00Z"));
    expect(deadline.startDate).toBe("2025-09-14");
    expect(deadline.date).toBe("2025-10-14");
  });

  describe("the receipt's Dutch day, around midnight and on the nights the clocks change", () => {
    it("received at 00:30 on 1 April 2025 in Amsterdam (still 31 March in UTC) counts from 1 April → 1 May", () => {
      const deadline = calendar.oneMonthDeadline(at("2025-03-31T22:30:00Z"));
      expect(deadline.startDate).toBe("2025-04-01");
      expect(deadline.date).toBe("2025-05-01");
    });

    it("received at 23:30 on 31 January 2025 in Amsterdam (22:30Z) counts from 31 January → 28 February", () => {
      const deadline = calendar.oneMonthDeadline(at("2025-01-31T22:30:00Z"));
      expect(deadline.startDate).toBe("2025-01-31");
      expect(deadline.date).toBe("2025-02-28");
    });

    it("received at 00:30 on 1 February 2025 in Amsterdam (23:30Z on 31 January) counts from 1 February → 1 March (Saturday) → Monday 3 March", () => {
      const deadline = calendar.oneMonthDeadline(at("2025-01-31T23:30:00Z"));
      expect(deadline.startDate).toBe("2025-02-01");
      expect(deadline.date).toBe("2025-03-03");
    });

    it("October night (26 October 2025): both 02:30s — summer time (00:30Z) and winter time (01:30Z) — are 26 October → 26 November", () => {
      for (const instant of ["2025-10-26T00:30:00Z", "2025-10-26T01:30:00Z"]) {
        const deadline = calendar.oneMonthDeadline(at(instant));
        expect(deadline.startDate).toBe("2025-10-26");
        expect(deadline.date).toBe("2025-11-26");
        expect(deadline.dueAt.toISOString()).toBe("2025-11-26T22:59:59.999Z");
      }
    });

    it("March night (30 March 2025): 01:59 winter time (00:59Z) and 03:00 summer time (01:00Z) are both 30 March → 30 April", () => {
      for (const instant of ["2025-03-30T00:59:00Z", "2025-03-30T01:00:00Z"]) {
        const deadline = calendar.oneMonthDeadline(at(instant));
        expect(deadline.startDate).toBe("2025-03-30");
        expect(deadline.dueAt.toISOString()).toBe("2025-04-30T21:59:59.999Z");
      }
    });

    it("a period whose last day is the October clock-change Sunday moves to Monday 27 October, ending 23:59:59.999 winter time", () => {
      const deadline = calendar.oneMonthDeadline(at("2025-09-26T10:00:00Z"));
      expect(deadline.nominalDate).toBe("2025-10-26");
      expect(deadline.dueAt.toISOString()).toBe("2025-10-27T22:59:59.999Z");
    });
  });
});

describe("P7.2, GDPR art. 12(3) second sentence: the extended deadline, three months from the same start", () => {
  it("received 31 January 2025 → 30 April 2025 (same start, three months, clamped)", () => {
    const deadline = calendar.extendedDeadline(at("2025-01-31T10:00:00Z"));
    expect(deadline).toMatchObject({
      startDate: "2025-01-31",
      nominalDate: "2025-04-30",
      date: "2025-04-30",
    });
    expect(deadline.basis).toContain("two further months");
  });

  it("art. 3(4): received 26 January 2026 → Sunday 26 April, then Koningsdag Monday 27 April → Tuesday 28 April", () => {
    const deadline = calendar.extendedDeadline(at("2026-01-26T10:00:00Z"));
    expect(deadline.date).toBe("2026-04-28");
    expect(skippedOf(deadline)).toEqual(["2026-04-26:sunday", "2026-04-27:Koningsdag"]);
  });
});

describe("P8.5, GDPR art. 33(1): the 72-hour breach clock is absolute time and never moves", () => {
  it("aware on Friday 13 June 2025 at 17:00 → Monday 16 June at 17:00, not moved over the weekend", () => {
    expect(calendar.breachNotificationDeadline(at("2025-06-13T15:00:00Z")).toISOString()).toBe(
      "2025-06-16T15:00:00.000Z",
    );
  });

  it("across the October clock change: aware Friday 24 October 2025 10:00 (08:00Z) → 08:00Z Monday, 09:00 on the Dutch clock", () => {
    const due = calendar.breachNotificationDeadline(at("2025-10-24T08:00:00Z"));
    expect(due.toISOString()).toBe("2025-10-27T08:00:00.000Z");
    expect(due.toLocaleTimeString("nl-NL", { timeZone: "Europe/Amsterdam" })).toBe("09:00:00");
  });

  it("across the March clock change: aware Friday 28 March 2025 10:00 (09:00Z) → 09:00Z Monday, 11:00 on the Dutch clock", () => {
    const due = calendar.breachNotificationDeadline(at("2025-03-28T09:00:00Z"));
    expect(due.toISOString()).toBe("2025-03-31T09:00:00.000Z");
    expect(due.toLocaleTimeString("nl-NL", { timeZone: "Europe/Amsterdam" })).toBe("11:00:00");
  });

  it("over Christmas: aware 24 December 2025 at 12:00 → 27 December at 12:00, on a holiday-and-weekend stretch", () => {
    expect(calendar.breachNotificationDeadline(at("2025-12-24T11:00:00Z")).toISOString()).toBe(
      "2025-12-27T11:00:00.000Z",
    );
  });
});

describe("P4.1: the backup window, six months after the subscription ends, never moved", () => {
  it("ended 15 March 2025 → backups may hold the data until the end of 15 September 2025", () => {
    const end = calendar.backupWindowEnd(at("2025-03-15T14:00:00Z"));
    expect(end).toMatchObject({ startDate: "2025-03-15", date: "2025-09-15" });
    expect(end.until.toISOString()).toBe("2025-09-15T21:59:59.999Z");
    expect(end.basis).toContain("P4.1");
  });

  it("ended 31 August 2025 → 28 February 2026, a Saturday, and it stays a Saturday (a storage maximum is not extended)", () => {
    const end = calendar.backupWindowEnd(at("2025-08-31T08:00:00Z"));
    expect(end.date).toBe("2026-02-28");
    expect(calendar.isWorkingDay(end.date)).toBe(false);
  });
});

describe("P1.D.3, AWR art. 52(4): fiscal retention, seven years from leaving the current administration", () => {
  it("left on 1 January 2025 → kept until the end of 1 January 2032, New Year's Day, not moved", () => {
    const end = calendar.fiscalRetentionEnd(at("2025-01-01T09:00:00Z"));
    expect(end.date).toBe("2032-01-01");
    expect(end.until.toISOString()).toBe("2032-01-01T22:59:59.999Z");
    expect(end.basis).toContain("AWR art. 52(4)");
  });

  it("left on 29 February 2024 → 28 February 2031", () => {
    expect(calendar.fiscalRetentionEnd(at("2024-02-29T12:00:00Z")).date).toBe("2031-02-28");
  });

  it("the start is the Dutch day: 31 December 2025 23:30Z is 1 January 2026 in Amsterdam → 1 January 2033", () => {
    const end = calendar.fiscalRetentionEnd(at("2025-12-31T23:30:00Z"));
    expect(end.startDate).toBe("2026-01-01");
    expect(end.date).toBe("2033-01-01");
  });
});

describe("the calendar is pure", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("never reads the system clock: the same input gives the same output whatever the time is", () => {
    const receivedAt = at("2025-11-25T10:00:00Z");
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2020-01-01T00:00:00Z"));
    const before = legalCalendar().oneMonthDeadline(receivedAt);
    const breachBefore = legalCalendar().breachNotificationDeadline(receivedAt);
    vi.setSystemTime(new Date("2099-06-30T12:00:00Z"));
    expect(legalCalendar().oneMonthDeadline(receivedAt)).toEqual(before);
    expect(legalCalendar().breachNotificationDeadline(receivedAt)).toEqual(breachBefore);
  });

  it("does not change the Date it is given and hands back fresh Dates", () => {
    const receivedAt = at("2025-11-25T10:00:00Z");
    const deadline = calendar.oneMonthDeadline(receivedAt);
    deadline.dueAt.setTime(0);
    expect(receivedAt.toISOString()).toBe("2025-11-25T10:00:00.000Z");
    expect(calendar.oneMonthDeadline(receivedAt).dueAt.toISOString()).toBe("2025-12-29T22:59:59.999Z");
  });

  it("refuses an invalid Date, a malformed date and a year outside 1583–9999", () => {
    expect(() => calendar.oneMonthDeadline(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => calendar.breachNotificationDeadline(new Date("nope"))).toThrow(RangeError);
    expect(() => calendar.isWorkingDay("2025-13-01")).toThrow(RangeError);
    expect(() => calendar.publicHolidays(1500)).toThrow(RangeError);
    expect(() => legalCalendar({ extraHolidays: ["tomorrow"] })).toThrow(RangeError);
  });
});
