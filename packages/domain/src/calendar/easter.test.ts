import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { easterSunday } from "./easter.js";

/** Oudin's algorithm (1940), an independent formula for the Gregorian Easter, used as an oracle. */
const oudin = (year: number): string => {
  const div = (a: number, b: number): number => Math.floor(a / b);
  const century = div(year, 100);
  const golden = year - 19 * div(year, 19);
  const k = div(century - 17, 25);
  let i = century - div(century, 4) - div(century - k, 3) + 19 * golden + 15;
  i -= 30 * div(i, 30);
  i -= div(i, 28) * (1 - div(i, 28) * div(29, i + 1) * div(21 - golden, 11));
  let j = year + div(year, 4) + i + 2 - century + div(century, 4);
  j -= 7 * div(j, 7);
  const l = i - j;
  const month = 3 + div(l + 40, 44);
  const day = l + 28 - 31 * div(month, 4);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
};

const weekdayOf = (iso: string): number => new Date(`${iso}T12:00:00Z`).getUTCDay();

describe("Easter Sunday (anonymous Gregorian algorithm, Meeus) — anchor of four holidays of Atw art. 3", () => {
  it.each([
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2038, "2038-04-25"],
    [2285, "2285-03-22"],
    [2016, "2016-03-27"],
    [1943, "1943-04-25"],
    [1818, "1818-03-22"],
    [2000, "2000-04-23"],
  ])("Easter %i is %s", (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it("agrees with Oudin's independent formula for every Gregorian year 1583–9999", () => {
    const disagreements: number[] = [];
    for (let year = 1583; year <= 9999; year += 1) {
      if (easterSunday(year) !== oudin(year)) disagreements.push(year);
    }
    expect(disagreements).toEqual([]);
  });

  it("property: Easter is always a Sunday from 22 March to 25 April", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const easter = easterSunday(year);
        expect(weekdayOf(easter)).toBe(0);
        expect(easter >= `${year}-03-22` && easter <= `${year}-04-25`).toBe(true);
      }),
    );
  });

  it("refuses years outside the Gregorian calendar (before 1583) or beyond four digits", () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
    expect(() => easterSunday(10_000)).toThrow(RangeError);
    expect(() => easterSunday(2025.5)).toThrow(RangeError);
  });
});
