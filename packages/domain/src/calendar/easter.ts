import { LocalDate } from "@js-joda/core";
import { checkYear, type IsoDate, toIsoDate } from "./isoDate.js";

/**
 * Easter Sunday (Western, Gregorian computus) of a year: the anchor of four Dutch public holidays
 * (Goede Vrijdag, Tweede Paasdag, Hemelvaartsdag, Tweede Pinksterdag; Algemene termijnenwet art. 3).
 *
 * Algorithm: the "anonymous Gregorian algorithm" (Meeus/Jones/Butcher), as printed in J. Meeus,
 * Astronomical Algorithms (2nd ed., 1998), ch. 8. Pure integer arithmetic, valid for every Gregorian
 * year (from 1583). The tests check it against known Easter dates and against a second, independent
 * formula (Oudin, 1940) for every year 1583–9999.
 */
export const easterSundayDate = (year: number): LocalDate => {
  checkYear(year);
  const div = (a: number, b: number): number => Math.floor(a / b);
  const a = year % 19; // place in the 19-year Metonic cycle
  const b = div(year, 100);
  const c = year % 100;
  const d = div(b, 4);
  const e = b % 4;
  const f = div(b + 8, 25);
  const g = div(b - f + 1, 3); // lunar correction
  const h = (19 * a + b - d - g + 15) % 30; // days from 21 March to the Paschal full moon (epact)
  const i = div(c, 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7; // days from the full moon to the next Sunday
  const m = div(a + 11 * h + 22 * l, 451);
  const n = h + l - 7 * m + 114;
  return LocalDate.of(year, div(n, 31), (n % 31) + 1);
};

/** Easter Sunday of a Gregorian year (1583–9999) as `YYYY-MM-DD`; e.g. 2025 → 2025-04-20. */
export const easterSunday = (year: number): IsoDate => toIsoDate(easterSundayDate(year));
