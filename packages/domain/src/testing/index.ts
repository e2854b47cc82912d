/**
 * Test and example support: the company's register of processing activities as the policy describes it,
 * so tests, examples and demos build deciders without each writing its own register.
 */
export {
  COMPANY_ACTIVITIES,
  companyRegister,
  companyRegisterEvents,
  HOSTING_PROCESSOR_ID,
} from "./companyRegister.js";
/** Builders of the events the retention schedule folds (`retentionHistory.requested(...)`, ...). */
export * as retentionHistory from "./retentionHistory.js";
/** Domain events stored as the command handler would (`appendHistory(store, streamId, events)`). */
export { appendHistory } from "./storedHistory.js";
