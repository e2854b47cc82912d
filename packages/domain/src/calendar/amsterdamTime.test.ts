import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { amsterdamDateOf, endOfAmsterdamDay, startOfAmsterdamDay } from "./amsterdamTime.js";

/** An oracle that does not use js-joda: the runtime's own ICU time-zone data, through Intl. */
const intlAmsterdam = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Amsterdam",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const intlAmsterdamDate = (instant: Date): string => {
  const parts = intlAmsterdam.formatToParts(instant);
  const part = (type: string): string => parts.find((candidate) => candidate.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
};

const HOUR = 3_600_000;

describe("legal time: Dutch calendar days in Europe/Amsterdam", () => {
  it("a winter day ends at 22:59:59.999Z (+01:00), a summer day at 21:59:59.999Z (+02:00)", () => {
    expect(endOfAmsterdamDay("2025-01-15").toISOString()).toBe("2025-01-15T22:59:59.999Z");
    expect(endOfAmsterdamDay("2025-07-15").toISOString()).toBe("2025-07-15T21:59:59.999Z");
  });

  it("the night the clocks go forward (last Sunday of March) gives a 23-hour day", () => {
    const start = startOfAmsterdamDay("2025-03-30");
    const end = endOfAmsterdamDay("2025-03-30");
    expect(start.toISOString()).toBe("2025-03-29T23:00:00.000Z");
    expect(end.toISOString()).toBe("2025-03-30T21:59:59.999Z");
    expect(end.getTime() + 1 - start.getTime()).toBe(23 * HOUR);
  });

  it("the night the clocks go back (last Sunday of October) gives a 25-hour day", () => {
    const start = startOfAmsterdamDay("2025-10-26");
    const end = endOfAmsterdamDay("2025-10-26");
    expect(start.toISOString()).toBe("2025-10-25T22:00:00.000Z");
    expect(end.toISOString()).toBe("2025-10-26T22:59:59.999Z");
    expect(end.getTime() + 1 - start.getTime()).toBe(25 * HOUR);
  });

  it("both 02:30s of the October night (00:30Z in summer time, 01:30Z in winter time) are 26 October", () => {
    expect(amsterdamDateOf(new Date("2025-10-26T00:30:00Z"))).toBe("2025-10-26");
    expect(amsterdamDateOf(new Date("2025-10-26T01:30:00Z"))).toBe("2025-10-26");
  });

  it("midnight belongs to the new day; the millisecond before it to the old one", () => {
    expect(amsterdamDateOf(new Date("2025-03-31T22:00:00.000Z"))).toBe("2025-04-01");
    expect(amsterdamDateOf(new Date("2025-03-31T21:59:59.999Z"))).toBe("2025-03-31");
    expect(amsterdamDateOf(new Date("2025-12-31T23:30:00Z"))).toBe("2026-01-01");
  });

  it("refuses an invalid Date and a malformed or impossible date", () => {
    expect(() => amsterdamDateOf(new Date("not a date"))).toThrow(RangeError);
    expect(() => endOfAmsterdamDay("2025-02-29")).toThrow(RangeError);
    expect(() => endOfAmsterdamDay("2025-2-3")).toThrow(RangeError);
  });

  it("property: for any instant 1970–2199 the Dutch date agrees with the runtime's Intl time-zone data", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1970-01-01T00:00:00Z"),
          max: new Date("2199-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        (instant) => {
          expect(amsterdamDateOf(instant)).toBe(intlAmsterdamDate(instant));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("property: a day's last millisecond is on that day and the next millisecond starts the next day", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1970-01-02T00:00:00Z"),
          max: new Date("2199-12-30T00:00:00Z"),
          noInvalidDate: true,
        }),
        (instant) => {
          const date = amsterdamDateOf(instant);
          const end = endOfAmsterdamDay(date);
          expect(intlAmsterdamDate(end)).toBe(date);
          expect(intlAmsterdamDate(new Date(end.getTime() + 1))).not.toBe(date);
          expect(startOfAmsterdamDay(date).getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(end.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        },
      ),
      { numRuns: 2000 },
    );
  });
});
