import { DayOfWeek, LocalDate } from "@js-joda/core";
import { easterSundayDate } from "./easter.js";
import { checkYear, type IsoDate, toIsoDate } from "./isoDate.js";

/**
 * The Dutch public holidays, computed from the year (decision D1: the holiday calendar is code).
 *
 * What the law says. Reg. (EEC, Euratom) 1182/71 art. 2(1): "public holidays" are the days designated as
 * such in the Member State where the act is to be done. The Netherlands designates its general holidays in
 * the Algemene termijnenwet (Atw, Stb. 1964, 314):
 * - art. 3 lid 1: "algemeen erkende feestdagen" are Nieuwjaarsdag, the Christian second day of Easter and of
 *   Whitsun (tweede Paasdag, tweede Pinksterdag), both days of Christmas, Hemelvaartsdag, the day on which
 *   the King's birthday is celebrated, and the fifth of May;
 * - art. 3 lid 2: Goede Vrijdag is equated with those days;
 * - art. 3 lid 3: further days can be equated by royal decree, published in the Staatscourant (in practice
 *   the bridge days, such as the Friday after Ascension Day, decided a few years ahead). These cannot be
 *   computed from the year; the calendar takes them as configuration (`extraHolidays`).
 * Sources: text of art. 3 lid 1–2 quoted on staatsrechtpraktijk.nl ("Nieuwjaarsdag en Kerstmis in het
 * staatsrecht") and wvhl.nl ("De algemene termijnenwet", with lid 3); nl.wikipedia.org "Algemene
 * termijnenwet" (history, the lid 3 decrees).
 *
 * What is implemented, for every year, as nine named days:
 * | name               | date                                         | basis            |
 * | Nieuwjaarsdag      | 1 January                                    | Atw art. 3 lid 1 |
 * | Goede Vrijdag      | Easter Sunday − 2 days                       | Atw art. 3 lid 2 |
 * | Tweede Paasdag     | Easter Sunday + 1 day                        | Atw art. 3 lid 1 |
 * | Koningsdag         | 27 April; 26 April when the 27th is a Sunday | Atw art. 3 lid 1 |
 * | 5 mei              | 5 May, every year                            | Atw art. 3 lid 1 |
 * | Hemelvaartsdag     | Easter Sunday + 39 days                      | Atw art. 3 lid 1 |
 * | Tweede Pinksterdag | Easter Sunday + 50 days                      | Atw art. 3 lid 1 |
 * | Eerste Kerstdag    | 25 December                                  | Atw art. 3 lid 1 |
 * | Tweede Kerstdag    | 26 December                                  | Atw art. 3 lid 1 |
 * Easter Sunday and Whit Sunday are not listed: they are Sundays anyway. The nine names give nine distinct
 * dates, except in years where Ascension Day falls on 5 May (Easter on 27 March: 2005, 2016, 2157, …),
 * which have eight.
 *
 * Koningsdag: the Atw names "the day on which the King's birthday is celebrated" and leaves the date to
 * the Crown. King Willem-Alexander's birthday is 27 April; since a royal decree of 1980 the day is never
 * celebrated on a Sunday, and it then moves to the Saturday before (koninklijkhuis.nl, "Koningsdag": "Als
 * 27 april op een zondag valt, wordt Koningsdag de dag ervoor gevierd"; 2014 and 2025 were such years).
 *
 * Limits, stated so nobody mistakes this for a history book: the rules above are those in force now and
 * are applied to every year. Before 2014 the day was Koninginnedag (30 April), and 5 May entered art. 3
 * lid 1 only by a later amendment; dates for those years are a projection of today's law, not the law of
 * the time. The GDPR applies from 25 May 2018, so no deadline of this library falls before 2014. After a
 * change of monarch Koningsdag moves, and this file must change with it.
 */
export type DutchHolidayKey =
  | "nieuwjaarsdag"
  | "goedeVrijdag"
  | "tweedePaasdag"
  | "koningsdag"
  | "vijfMei"
  | "hemelvaartsdag"
  | "tweedePinksterdag"
  | "eersteKerstdag"
  | "tweedeKerstdag";

export interface PublicHoliday {
  readonly date: IsoDate;
  /** Which statutory day, or "equated" for a day added by configuration (Atw art. 3 lid 3). */
  readonly key: DutchHolidayKey | "equated";
  /** The Dutch name. */
  readonly name: string;
  /** The English name, for reports. */
  readonly nameEn: string;
  /** The provision that makes it a public holiday. */
  readonly basis: string;
}

const LID_1 = "Algemene termijnenwet art. 3 lid 1";
const LID_2 = "Algemene termijnenwet art. 3 lid 2";

/** King's Day: 27 April, or 26 April when 27 April is a Sunday. */
export const koningsdagDate = (year: number): LocalDate => {
  const birthday = LocalDate.of(year, 4, 27);
  return birthday.dayOfWeek().equals(DayOfWeek.SUNDAY) ? birthday.minusDays(1) : birthday;
};

/** The nine statutory public holidays of a year (1583–9999), in date order. See the file comment. */
export const dutchPublicHolidays = (year: number): readonly PublicHoliday[] => {
  checkYear(year);
  const easter = easterSundayDate(year);
  const day = (date: LocalDate, key: DutchHolidayKey, name: string, nameEn: string, basis = LID_1) => ({
    date: toIsoDate(date),
    key,
    name,
    nameEn,
    basis,
  });
  const holidays: PublicHoliday[] = [
    day(LocalDate.of(year, 1, 1), "nieuwjaarsdag", "Nieuwjaarsdag", "New Year's Day"),
    day(easter.minusDays(2), "goedeVrijdag", "Goede Vrijdag", "Good Friday", LID_2),
    day(easter.plusDays(1), "tweedePaasdag", "Tweede Paasdag", "Easter Monday"),
    day(koningsdagDate(year), "koningsdag", "Koningsdag", "King's Day"),
    day(LocalDate.of(year, 5, 5), "vijfMei", "5 mei (Bevrijdingsdag)", "5 May (Liberation Day)"),
    day(easter.plusDays(39), "hemelvaartsdag", "Hemelvaartsdag", "Ascension Day"),
    day(easter.plusDays(50), "tweedePinksterdag", "Tweede Pinksterdag", "Whit Monday"),
    day(LocalDate.of(year, 12, 25), "eersteKerstdag", "Eerste Kerstdag", "Christmas Day"),
    day(
      LocalDate.of(year, 12, 26),
      "tweedeKerstdag",
      "Tweede Kerstdag",
      "Boxing Day (second day of Christmas)",
    ),
  ];
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
};
