export type * from "./commands.js";
export { type PrivacyPolicyDecider, type PrivacyPolicyOptions, privacyPolicyDecider } from "./decide.js";
export {
  PolicyChangeAnnounced,
  PolicyVersionPublished,
  PolicyVersionTookEffect,
  type PrivacyPolicyEvent,
  privacyPolicyCatalog,
  ReconsentRequested,
  TRACKING_OVERRIDE_WARNING,
  TrackingBasisOverrideRecorded,
  TrackingBasisOverrideRevoked,
} from "./events.js";
export {
  type AddedPurpose,
  AddedPurposeCodec,
  type AnnouncementChannel,
  AnnouncementChannelCodec,
  PRIVACY_POLICY_STREAM,
  type RequiredConsent,
  type TrackingBasis,
} from "./records.js";
export { POLICY_ACTIVATORS, POLICY_KEEPERS, POLICY_SENDERS } from "./rules.js";
export {
  consentPurposesOf,
  evolvePrivacyPolicy,
  initialPrivacyPolicyState,
  type PolicyVersionEntry,
  type PrivacyPolicyState,
  requiredConsentsOf,
  trackingBasisOf,
} from "./state.js";
