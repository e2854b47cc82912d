export type {
  ActivateSubscription,
  AddUser,
  CorrectUserDetails,
  EndSubscription,
  IssueInvoice,
  LogBillingContact,
  ObjectToUsageMonitoring,
  RecordPayment,
  RecordUsage,
  RequestSubscription,
  SubscriptionCommand,
  SupplySubscriptionData,
} from "./commands.js";
export {
  type SubscriptionDecider,
  type SubscriptionOptions,
  subscriptionDecider,
} from "./decide.js";
export {
  BillingContactLogged,
  InvoiceIssued,
  PaymentRecorded,
  SUBSCRIPTION_PURPOSE,
  SubscriptionActivated,
  SubscriptionDataSupplied,
  SubscriptionEnded,
  type SubscriptionEvent,
  SubscriptionRequested,
  subscriptionCatalog,
  subscriptionStreamId,
  TOOL_ACCESS_PURPOSE,
  USAGE_PURPOSE,
  UsageMonitoringObjected,
  UsageRecorded,
  UserAdded,
  UserDetailsCorrected,
} from "./events.js";
export { loadSubscriptionRestrictions } from "./loadRestrictions.js";
export {
  type Channel,
  ChannelCodec,
  CONTRACT_RETENTION,
  FISCAL_RETENTION,
  type LegitimateInterestBasis,
  REQUIRED_DATA_ITEMS,
  type RequiredDataItem,
  RequiredDataItemCodec,
  type SubscriptionData,
  SubscriptionDataCodec,
} from "./records.js";
export {
  evolveSubscription,
  type InvoiceEntry,
  initialSubscriptionState,
  type SubscriptionState,
  type SubscriptionStatus,
} from "./state.js";
