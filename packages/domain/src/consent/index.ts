export type * from "./commands.js";
export { type ConsentDecider, type ConsentOptions, consentDecider } from "./decide.js";
export {
  type MarketingCheck,
  messageComplete,
  type NewsletterBasis,
  newsletterBasis,
  type SendBlock,
} from "./decideSending.js";
export * from "./events.js";
export * from "./records.js";
export { MARKETING_STAFF_ROLES } from "./rules.js";
export {
  type ActiveConsent,
  addToSuppressionList,
  type ConsentState,
  countingConsent,
  evolveConsent,
  initialConsentState,
  isSuppressed,
  type MessageOutcome,
  type Presentation,
  purposesNeedingReconsent,
  type SoftOptIn,
  type SuppressionList,
  suppressedAt,
  suppressionListOf,
} from "./state.js";
