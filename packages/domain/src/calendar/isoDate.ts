import { LocalDate } from "@js-joda/core";

/**
 * A calendar date without a time or a zone, written `YYYY-MM-DD` (ISO 8601, proleptic Gregorian calendar).
 * The public API of the legal calendar speaks in these strings so callers need not know the date library;
 * two of them compare correctly with `<` and `===`.
 */
export type IsoDate = string;

/** The first year of the Gregorian calendar; the Easter algorithm and the holiday rules start here. */
export const FIRST_GREGORIAN_YEAR = 1583;
/** The last year an {@link IsoDate} can hold with four digits. */
export const LAST_SUPPORTED_YEAR = 9999;

const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads an {@link IsoDate}; a malformed or impossible date (2025-02-29) is a programming error: RangeError. */
export const parseIsoDate = (text: string, what = "date"): LocalDate => {
  if (typeof text !== "string" || !ISO_DATE_SHAPE.test(text)) {
    throw new RangeError(`${what} must be an ISO date YYYY-MM-DD, got ${JSON.stringify(text)}`);
  }
  try {
    return LocalDate.parse(text);
  } catch {
    throw new RangeError(`${what} is not a date of the calendar: ${text}`);
  }
};

export const toIsoDate = (date: LocalDate): IsoDate => date.toString();

/** Years the calendar computes holidays for: whole numbers from 1583 (Gregorian reform) to 9999. */
export const checkYear = (year: number): void => {
  if (!Number.isInteger(year) || year < FIRST_GREGORIAN_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(
      `year must be a whole number from ${FIRST_GREGORIAN_YEAR} to ${LAST_SUPPORTED_YEAR}, got ${year}`,
    );
  }
};
