import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dutchPublicHolidays } from "./dutchHolidays.js";
import { easterSunday } from "./easter.js";

const weekdayOf = (iso: string): number => new Date(`${iso}T12:00:00Z`).getUTCDay();
const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;
const FRIDAY = 5;

const dateOf = (year: number, key: string): string => {
  const holiday = dutchPublicHolidays(year).find((candidate) => candidate.key === key);
  if (holiday === undefined) throw new Error(`no ${key} in ${year}`);
  return holiday.date;
};

describe("Dutch public holidays (Algemene termijnenwet art. 3 lid 1 and 2)", () => {
  it("Atw art. 3 lid 1–2: the nine days of 2025, in date order, each with its basis", () => {
    expect(dutchPublicHolidays(2025).map(({ date, name, basis }) => [date, name, basis])).toEqual([
      ["2025-01-01", "Nieuwjaarsdag", "Algemene termijnenwet art. 3 lid 1"],
      ["2025-04-18", "Goede Vrijdag", "Algemene termijnenwet art. 3 lid 2"],
      ["2025-04-21", "Tweede Paasdag", "Algemene termijnenwet art. 3 lid 1"],
      ["2025-04-26", "Koningsdag", "Algemene termijnenwet art. 3 lid 1"],
      ["2025-05-05", "5 mei (Bevrijdingsdag)", "Algemene termijnenwet art. 3 lid 1"],
      ["2025-05-29", "Hemelvaartsdag", "Algemene termijnenwet art. 3 lid 1"],
      ["2025-06-09", "Tweede Pinksterdag", "Algemene termijnenwet art. 3 lid 1"],
      ["2025-12-25", "Eerste Kerstdag", "Algemene termijnenwet art. 3 lid 1"],
      ["2025-12-26", "Tweede Kerstdag", "Algemene termijnenwet art. 3 lid 1"],
    ]);
  });

  it("Atw art. 3 lid 1–2: the nine days of 2026 (Easter 5 April, Koningsdag on Monday 27 April)", () => {
    expect(dutchPublicHolidays(2026).map(({ date }) => date)).toEqual([
      "2026-01-01",
      "2026-04-03",
      "2026-04-06",
      "2026-04-27",
      "2026-05-05",
      "2026-05-14",
      "2026-05-25",
      "2026-12-25",
      "2026-12-26",
    ]);
  });

  it.each([2014, 2025, 2031, 2036, 2042])(
    "Koningsdag: when 27 April %i is a Sunday the day is celebrated on Saturday 26 April",
    (year) => {
      expect(weekdayOf(`${year}-04-27`)).toBe(SUNDAY);
      expect(dateOf(year, "koningsdag")).toBe(`${year}-04-26`);
    },
  );

  it("Koningsdag: otherwise on 27 April itself (2026 Monday, 2024 Saturday, 2030 Saturday)", () => {
    expect(dateOf(2026, "koningsdag")).toBe("2026-04-27");
    expect(dateOf(2024, "koningsdag")).toBe("2024-04-27");
    expect(dateOf(2030, "koningsdag")).toBe("2030-04-27");
  });

  it("Atw art. 3 lid 1 'de vijfde mei': 5 May is a holiday every year, not only every fifth year", () => {
    for (let year = 2018; year <= 2040; year += 1) expect(dateOf(year, "vijfMei")).toBe(`${year}-05-05`);
  });

  it("days the Atw does not list are not holidays: 1 May, 4 May, 24 and 31 December, Easter Sunday", () => {
    const dates = dutchPublicHolidays(2025).map(({ date }) => date);
    for (const date of ["2025-05-01", "2025-05-04", "2025-12-24", "2025-12-31", "2025-04-20"]) {
      expect(dates).not.toContain(date);
    }
  });

  it("Ascension Day on 5 May (2016): two names on one date, so eight distinct dates", () => {
    const holidays = dutchPublicHolidays(2016);
    expect(holidays.filter(({ date }) => date === "2016-05-05").map(({ key }) => key)).toEqual([
      "vijfMei",
      "hemelvaartsdag",
    ]);
    expect(new Set(holidays.map(({ date }) => date)).size).toBe(8);
  });

  it("every year 1900–2200: nine named days in order, all in the year; nine distinct dates, eight exactly when Easter is 27 March", () => {
    for (let year = 1900; year <= 2200; year += 1) {
      const holidays = dutchPublicHolidays(year);
      const dates = holidays.map(({ date }) => date);
      expect(holidays).toHaveLength(9);
      expect([...dates].sort()).toEqual(dates);
      expect(dates.every((date) => date.startsWith(`${year}-`))).toBe(true);
      expect(new Set(dates).size).toBe(easterSunday(year) === `${year}-03-27` ? 8 : 9);
    }
  });

  it("property: the Easter-based days fall on their weekdays and offsets (Goede Vrijdag −2, Tweede Paasdag +1, Hemelvaartsdag +39, Tweede Pinksterdag +50)", () => {
    const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const easter = dayNumber(easterSunday(year));
        const offsets: [string, number, number][] = [
          ["goedeVrijdag", -2, FRIDAY],
          ["tweedePaasdag", 1, MONDAY],
          ["hemelvaartsdag", 39, THURSDAY],
          ["tweedePinksterdag", 50, MONDAY],
        ];
        for (const [key, offset, weekday] of offsets) {
          const date = dateOf(year, key);
          expect(dayNumber(date) - easter).toBe(offset);
          expect(weekdayOf(date)).toBe(weekday);
        }
        const koningsdag = dateOf(year, "koningsdag");
        expect(weekdayOf(koningsdag)).not.toBe(SUNDAY);
        expect([`${year}-04-26`, `${year}-04-27`]).toContain(koningsdag);
      }),
    );
  });

  it("refuses years the Gregorian rules do not cover", () => {
    expect(() => dutchPublicHolidays(1582)).toThrow(RangeError);
  });
});
