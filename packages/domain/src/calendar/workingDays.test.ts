import { LocalDate } from "@js-joda/core";
import { describe, expect, it } from "vitest";
import { workingDays } from "./workingDays.js";

const day = (iso: string): LocalDate => LocalDate.parse(iso);
const summary = (rules: ReturnType<typeof workingDays>, iso: string): string[] =>
  rules
    .reasonsNotWorking(day(iso))
    .map((reason) => (reason.kind === "publicHoliday" ? reason.holiday.name : reason.kind));

describe("working days (Reg. 1182/71 art. 2(2): all days other than public holidays, Sundays and Saturdays)", () => {
  const statutory = workingDays();

  it("a plain weekday is a working day", () => {
    expect(summary(statutory, "2025-09-10")).toEqual([]);
  });

  it("Saturdays and Sundays are not", () => {
    expect(summary(statutory, "2025-09-13")).toEqual(["saturday"]);
    expect(summary(statutory, "2025-09-14")).toEqual(["sunday"]);
  });

  it("a holiday on a weekday names the holiday; on a Saturday both reasons are kept (Koningsdag 2025)", () => {
    expect(summary(statutory, "2025-04-21")).toEqual(["Tweede Paasdag"]);
    expect(summary(statutory, "2025-04-26")).toEqual(["saturday", "Koningsdag"]);
    expect(summary(statutory, "2025-04-27")).toEqual(["sunday"]);
  });

  it("Atw art. 3 lid 3: a configured day equated by royal decree is not a working day, with its name and decree", () => {
    const rules = workingDays([
      { date: "2025-05-30", name: "Vrijdag na Hemelvaartsdag", basis: "KB gelijkstelling (example)" },
      "2025-12-24",
    ]);
    expect(summary(rules, "2025-05-30")).toEqual(["Vrijdag na Hemelvaartsdag"]);
    expect(rules.holidaysOn(day("2025-12-24"))).toEqual([
      {
        date: "2025-12-24",
        key: "equated",
        name: "Bij koninklijk besluit gelijkgestelde dag",
        nameEn: "Day equated with a public holiday by royal decree",
        basis: "Algemene termijnenwet art. 3 lid 3 (configured)",
      },
    ]);
    expect(rules.holidaysIn(2025).map(({ date }) => date)).toEqual([
      "2025-01-01",
      "2025-04-18",
      "2025-04-21",
      "2025-04-26",
      "2025-05-05",
      "2025-05-29",
      "2025-05-30",
      "2025-06-09",
      "2025-12-24",
      "2025-12-25",
      "2025-12-26",
    ]);
    expect(rules.holidaysIn(2026)).toHaveLength(9);
  });

  it("the same configured day given twice counts once", () => {
    const rules = workingDays(["2025-05-30", "2025-05-30"]);
    expect(rules.holidaysOn(day("2025-05-30"))).toHaveLength(1);
  });

  it("refuses a configured day that is not a date of the calendar", () => {
    expect(() => workingDays(["2025-02-29"])).toThrow(RangeError);
    expect(() => workingDays(["30-05-2025"])).toThrow(RangeError);
    expect(() => workingDays([{ date: "1500-01-01" }])).toThrow(RangeError);
  });
});
