import { DayOfWeek, type LocalDate } from "@js-joda/core";
import { dutchPublicHolidays, type PublicHoliday } from "./dutchHolidays.js";
import { checkYear, type IsoDate, parseIsoDate, toIsoDate } from "./isoDate.js";

/**
 * A day equated with the public holidays by royal decree (Algemene termijnenwet art. 3 lid 3), e.g. the
 * Friday after Ascension Day. Give the name and the decree so a moved deadline can say why.
 */
export interface EquatedDay {
  readonly date: IsoDate;
  readonly name?: string;
  /** The decree, e.g. "Besluit van … , Stcrt. …"; defaults to the Atw provision. */
  readonly basis?: string;
}

/** Why a day is not a working day (Reg. 1182/71 art. 2(2): working days are all days other than these). */
export type NonWorkingReason =
  | { readonly kind: "saturday" }
  | { readonly kind: "sunday" }
  | { readonly kind: "publicHoliday"; readonly holiday: PublicHoliday };

export interface WorkingDays {
  /** Statutory holidays of the year plus the configured equated days in it, in date order. */
  readonly holidaysIn: (year: number) => readonly PublicHoliday[];
  /** Every holiday on the day (two on the rare days that carry two names, e.g. 5 May = Ascension Day). */
  readonly holidaysOn: (day: LocalDate) => readonly PublicHoliday[];
  /** Empty for a working day; otherwise each reason the day is not one. */
  readonly reasonsNotWorking: (day: LocalDate) => readonly NonWorkingReason[];
}

const byDate = (x: PublicHoliday, y: PublicHoliday): number =>
  x.date < y.date ? -1 : x.date > y.date ? 1 : 0;

const equatedHoliday = (entry: IsoDate | EquatedDay): PublicHoliday => {
  const spec: EquatedDay = typeof entry === "string" ? { date: entry } : entry;
  const day = parseIsoDate(spec.date, "extra holiday");
  checkYear(day.year());
  return {
    date: toIsoDate(day),
    key: "equated",
    name: spec.name ?? "Bij koninklijk besluit gelijkgestelde dag",
    nameEn: spec.name ?? "Day equated with a public holiday by royal decree",
    basis: spec.basis ?? "Algemene termijnenwet art. 3 lid 3 (configured)",
  };
};

/**
 * The Dutch working-day rules: Saturdays, Sundays, the statutory holidays of `dutchPublicHolidays` and the
 * configured equated days are not working days; every other day is.
 */
export const workingDays = (extraHolidays: readonly (IsoDate | EquatedDay)[] = []): WorkingDays => {
  const extras = new Map<IsoDate, PublicHoliday[]>();
  for (const holiday of extraHolidays.map((entry) => Object.freeze(equatedHoliday(entry)))) {
    const onDay = extras.get(holiday.date) ?? [];
    if (!onDay.some((known) => known.name === holiday.name)) onDay.push(holiday);
    extras.set(holiday.date, onDay);
  }

  // The statutory days of a year never change, so each year is computed once per calendar (a cache of
  // pure, frozen results: it changes no answer and callers cannot alter it).
  const statutoryByYear = new Map<number, readonly PublicHoliday[]>();
  const statutory = (year: number): readonly PublicHoliday[] => {
    const known = statutoryByYear.get(year);
    if (known !== undefined) return known;
    const computed = Object.freeze(dutchPublicHolidays(year).map((holiday) => Object.freeze(holiday)));
    statutoryByYear.set(year, computed);
    return computed;
  };

  const holidaysIn = (year: number): readonly PublicHoliday[] => {
    const configured = [...extras.values()].flat().filter((holiday) => holiday.date.startsWith(`${year}-`));
    return [...statutory(year), ...configured].sort(byDate);
  };

  const holidaysOn = (day: LocalDate): readonly PublicHoliday[] => {
    const date = toIsoDate(day);
    return [...statutory(day.year()).filter((holiday) => holiday.date === date), ...(extras.get(date) ?? [])];
  };

  const reasonsNotWorking = (day: LocalDate): readonly NonWorkingReason[] => {
    const weekday = day.dayOfWeek();
    const weekend: NonWorkingReason[] = weekday.equals(DayOfWeek.SATURDAY)
      ? [{ kind: "saturday" }]
      : weekday.equals(DayOfWeek.SUNDAY)
        ? [{ kind: "sunday" }]
        : [];
    return [...weekend, ...holidaysOn(day).map((holiday) => ({ kind: "publicHoliday" as const, holiday }))];
  };

  return { holidaysIn, holidaysOn, reasonsNotWorking };
};
