export type * from "./commands.js";
export { type DataSubjectDecider, type DataSubjectOptions, dataSubjectDecider } from "./decide.js";
export type { ErasurePlan } from "./erasurePlan.js";
export * from "./events.js";
export { usageObjectionFollowUps } from "./followUps.js";
export { loadRestrictionsInForce } from "./loadRestrictions.js";
export * from "./records.js";
export { restrictionsInForce } from "./restrictionsInForce.js";
export { LEGAL_HOLD_ROLES, PRIVACY_LEAD_ROLES, STAFF_ROLES } from "./rules.js";
export {
  CONTACT_CATEGORIES,
  type DataSubjectState,
  evolveDataSubject,
  initialDataSubjectState,
  type Restriction,
  type RightsRequestState,
  TRAINING_CATEGORIES,
  type TrainingRegistration,
} from "./state.js";
