import { LocalDate } from "@js-joda/core";
import { describe, expect, it } from "vitest";
import { instantAfterHours, lastDayAfterMonths, lastDayAfterYears, moveToWorkingDay } from "./periods.js";
import { workingDays } from "./workingDays.js";

const day = (iso: string): LocalDate => LocalDate.parse(iso);

describe("Reg. 1182/71 art. 3 building blocks", () => {
  it.each([
    ["2025-03-12", 1, "2025-04-12"],
    ["2025-01-31", 1, "2025-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2025-01-30", 1, "2025-02-28"],
    ["2025-03-31", 1, "2025-04-30"],
    ["2028-02-29", 1, "2028-03-29"],
    ["2025-12-15", 1, "2026-01-15"],
    ["2025-01-31", 3, "2025-04-30"],
    ["2025-11-30", 3, "2026-02-28"],
    ["2025-08-31", 6, "2026-02-28"],
  ])(
    "art. 3(2)(c): %s + %i month(s) ends on %s (same date, or the last day of a shorter month)",
    (from, months, to) => {
      expect(lastDayAfterMonths(day(from), months).toString()).toBe(to);
    },
  );

  it("art. 3(2)(c) for years: 29 February + 7 years ends on 28 February; other dates keep their date", () => {
    expect(lastDayAfterYears(day("2024-02-29"), 7).toString()).toBe("2031-02-28");
    expect(lastDayAfterYears(day("2024-02-29"), 4).toString()).toBe("2028-02-29");
    expect(lastDayAfterYears(day("2025-06-30"), 7).toString()).toBe("2032-06-30");
  });

  it("art. 3(4): a last day that is a working day stays; otherwise the following working day, listing the days passed", () => {
    const rules = workingDays();
    expect(moveToWorkingDay(day("2025-09-10"), rules)).toEqual({ day: day("2025-09-10"), skipped: [] });
    const moved = moveToWorkingDay(day("2025-12-25"), rules);
    expect(moved.day.toString()).toBe("2025-12-29");
    expect(moved.skipped.map(({ date }) => date)).toEqual([
      "2025-12-25",
      "2025-12-26",
      "2025-12-27",
      "2025-12-28",
    ]);
  });

  it("art. 3(1) first subparagraph, 3(2)(a): a period in hours is elapsed time, 72 h = 259 200 000 ms", () => {
    const from = new Date("2025-10-24T08:00:00.000Z");
    expect(instantAfterHours(from, 72).getTime() - from.getTime()).toBe(259_200_000);
  });
});
