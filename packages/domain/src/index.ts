export * from "./breach/index.js";
export {
  amsterdamDateOf,
  endOfAmsterdamDay,
  LEGAL_TIME_ZONE,
  startOfAmsterdamDay,
} from "./calendar/amsterdamTime.js";
export type { Deadline, NonWorkingDay, RetentionEnd } from "./calendar/deadline.js";
export { type DutchHolidayKey, dutchPublicHolidays, type PublicHoliday } from "./calendar/dutchHolidays.js";
export { easterSunday } from "./calendar/easter.js";
export type { IsoDate } from "./calendar/isoDate.js";
export {
  BACKUP_WINDOW_MONTHS,
  BREACH_NOTIFICATION_HOURS,
  EXTENDED_RESPONSE_MONTHS,
  FISCAL_RETENTION_YEARS,
  type LegalCalendar,
  type LegalCalendarOptions,
  legalCalendar,
  RESPONSE_MONTHS,
} from "./calendar/legalCalendar.js";
export type { EquatedDay, NonWorkingReason } from "./calendar/workingDays.js";
export * from "./consent/index.js";
export * from "./dataSubject/index.js";
export { policyCatalogs, policyPersonalFields } from "./policyCatalogs.js";
export * from "./privacyPolicy/index.js";
export * from "./processingRegister/index.js";
export * from "./retention/index.js";
export * from "./shared/index.js";
export * from "./subscription/index.js";
