import type { JsonValue } from "@privacy-ledger/eventsourcing";

// biome-ignore lint/suspicious/noExplicitAny: event data shown as text, every field read loosely
type Data = Record<string, any>;

const list = (value: unknown): string =>
  Array.isArray(value) && value.length > 0 ? value.map(String).join(", ") : "none";
const basis = (value: unknown): string =>
  typeof value === "object" && value !== null
    ? String((value as { kind?: unknown }).kind ?? "")
    : String(value);

/**
 * What each event decided, in one line, from its data as shown (personal fields already plaintext,
 * "[encrypted]" or "[erased]"). Types without a line of their own read as their name and ids.
 */
const LINES: Readonly<Record<string, (d: Data) => string>> = {
  // The processing register (Art. 30)
  ProcessingActivityRegistered: (d) =>
    `activity ${d.activity?.activityId} registered: ${list(d.activity?.purposes)} on ${basis(d.activity?.legalBasis)}`,
  ProcessingActivityAmended: (d) => `activity ${d.activity?.activityId} amended: ${d.reason}`,
  ProcessingActivityRetired: (d) => `activity ${d.activityId} retired: ${d.reason}`,
  ProcessorRegistered: (d) => `processor ${d.processorId} (${d.name}, ${d.country}) registered`,
  // Subscriptions
  SubscriptionRequested: (d) =>
    `subscription ${d.subscriptionId} requested by ${d.requesterSubjectId} for ${d.clientOrganisationId} (${d.channel})`,
  SubscriptionActivated: (d) => `subscription ${d.subscriptionId} activated`,
  UserAdded: (d) =>
    `user ${d.userSubjectId} (${d.firstName} ${d.lastName}, ${d.email}) added to ${d.subscriptionId}`,
  UserDetailsCorrected: (d) => `account data of ${d.userSubjectId} corrected in ${d.subscriptionId}`,
  UsageMonitoringObjected: (d) => `usage monitoring stopped for ${d.pseudonymousUserId} (objection)`,
  InvoiceIssued: (d) =>
    `invoice ${d.invoiceId} issued to ${d.billingContactSubjectId} (${d.billingContactName}): ${d.amountCents / 100} ${d.currency}`,
  SubscriptionEnded: (d) =>
    `subscription ${d.subscriptionId} ended; backup window ends ${d.backupWindowEndDate}`,
  // Data subjects and their rights
  TrainingParticipantRegistered: (d) =>
    `${d.name} registered for training ${d.trainingId} on ${d.trainingDate} (${basis(d.legalBasis)})`,
  TrainingMessageSent: (d) => `training message "${d.message}" sent for ${d.trainingId}`,
  BusinessContactRegistered: (d) =>
    `business contact ${d.name} (${d.jobTitle}, ${d.businessEmail}) at ${d.companyName} registered as ${d.role}`,
  ContactEmploymentEnded: (d) =>
    `employment at ${d.clientOrganisationId} ended; relationship data due for erasure`,
  UserRegistered: (d) => `user of subscription ${d.subscriptionId}`,
  PersonalDataDisclosed: (d) => `${list(d.dataCategories)} disclosed to ${d.recipientId} for ${d.purpose}`,
  LegalHoldPlaced: (d) => `legal hold ${d.holdId} on ${d.retentionClass} data (${d.reason})`,
  LegalHoldReleased: (d) => `legal hold ${d.holdId} released`,
  RightsRequestReceived: (d) =>
    `request ${d.requestId} (${d.right}) received by ${d.channel}; due ${d.dueDate} (${d.deadlineBasis})`,
  IdentityProofRequested: (d) => `proof of identity asked for ${d.requestId}: ${d.proof}`,
  IdentityVerified: (d) => `identity verified for ${d.requestId} (${d.proof})`,
  IdentityNotEstablished: (d) => `identity not established for ${d.requestId}`,
  DeadlineExtended: (d) => `deadline of ${d.requestId} extended to ${d.extendedDueDate}: ${d.reasons}`,
  RequestRefused: (d) => `request ${d.requestId} refused (${d.ground}): ${d.reasons}`,
  FeeCharged: (d) => `fee of ${d.amountCents / 100} charged for ${d.requestId} (${d.ground})`,
  AccessPackageDelivered: (d) =>
    `access package for ${d.requestId} delivered: ${list(d.package?.dataCategories)}; recipients ${list(d.package?.recipients)}`,
  PortableExportDelivered: (d) =>
    `portable export (${d.format}) for ${d.requestId}: ${list(d.dataCategories)}`,
  PersonalDataRectified: (d) => `${list(d.dataCategories)} rectified for ${d.requestId}`,
  ErasureDecided: (d) =>
    `erasure for ${d.requestId} decided: erase ${list(d.erase)}; keep ${
      Array.isArray(d.declined) && d.declined.length > 0
        ? d.declined.map((x: Data) => `${x.retentionClass} (${x.ground}, ${x.provision})`).join(", ")
        : "nothing"
    }`,
  ErasureCompleted: (d) => `erasure for ${d.requestId} completed: ${list(d.erasedClasses)} shredded`,
  ProcessingRestricted: (d) =>
    `processing of ${list(d.retentionClasses)} restricted (${d.ground}) ${d.exceptPurpose === null ? "to storage" : `except for ${d.exceptPurpose}`}`,
  RestrictionLiftNoticeSent: (d) => `told that the restriction of ${d.requestId} will be lifted`,
  RestrictionLifted: (d) => `restriction of ${d.requestId} lifted`,
  ObjectionRecorded: (d) => `objection to ${d.processing} recorded; that processing stops`,
  RecipientsNotified: (d) =>
    `${Array.isArray(d.notices) ? d.notices.length : 0} recipient(s) told of ${d.requestId}`,
  RightsRequestClosed: (d) => `request ${d.requestId} closed: ${d.outcome}, told by ${d.communicatedBy}`,
  // Consent and marketing
  ConsentRequestPresented: (d) => `consent asked for ${list(d.purposes)} on notice ${d.noticeVersionId}`,
  ConsentGiven: (d) =>
    `consent ${d.consentId} given for ${d.purpose}${d.email === undefined ? "" : ` (${d.email})`}`,
  ConsentWithdrawn: (d) => `consent ${d.consentId} for ${d.purpose} withdrawn (${d.channel})`,
  UnsubscribedViaLink: (d) => `unsubscribed via the link of ${d.messageId}`,
  DirectMarketingObjectionRecorded: (d) => `objection to direct marketing (${d.channel})`,
  WebsiteInterestRegistered: (d) => `${d.name} (${d.email}) interested in ${list(d.interests)}`,
  SoftOptInEstablished: (d) => `soft opt-in established for ${d.email} (${d.recipientCategory})`,
  NewsletterSent: (d) => `newsletter ${d.messageId} sent on ${d.basis}`,
  SendBlocked: (d) => `newsletter ${d.messageId} NOT sent: ${d.rule} (${d.clause}, ${d.article})`,
  EmailOpenRecorded: (d) => `${d.interaction} of ${d.messageId} recorded on ${d.basis}`,
  SuppressionTokenRecorded: (d) => `address kept on the suppression list (${d.reason})`,
  // The privacy policy
  PolicyVersionPublished: (d) => `policy ${d.versionId} published${d.material ? " (material change)" : ""}`,
  PolicyChangeAnnounced: (d) =>
    `policy ${d.versionId} announced to ${Array.isArray(d.clientsNotified) ? d.clientsNotified.length : 0} of ${d.currentClientCount} clients`,
  PolicyVersionTookEffect: (d) => `policy ${d.versionId} took effect`,
  TrackingBasisOverrideRecorded: (d) => `tracking on legitimate interest (${d.liaRef}): WARNING ${d.warning}`,
  // Breaches
  PossibleBreachReported: (d) =>
    `possible breach ${d.incidentId} reported: ${d.description} (${list(d.systems)})`,
  InvestigationDelegated: (d) => `investigation delegated to ${d.delegateActorId}`,
  InvestigationStarted: (d) =>
    `investigation started${d.overdue ? `, ${d.minutesLate} min late` : " on time"}`,
  BreachAwarenessEstablished: (d) => `aware at ${d.awareAt}; authority due ${d.authorityDueAt}`,
  SeverityClassified: (d) => `classified ${d.severity}: ${d.rationale}`,
  CEOInformed: () => "CEO informed",
  RiskAssessed: (d) => `risk ${d.risk}: ${d.rationale}`,
  RootCauseRecorded: (d) => `root cause: ${d.cause}`,
  CorrectiveMeasureTaken: (d) => `corrective measure ${d.measureId}: ${d.description}`,
  PreventiveImprovementImplemented: (d) => `improvement ${d.improvementId}: ${d.description}`,
  NoPreventiveImprovementNeeded: (d) => `no improvement needed: ${d.reasons}`,
  DecisionProposed: (d) => `decision ${d.decisionId} on ${d.about} proposed: ${d.proposal}`,
  DecisionApproved: (d) => `decision ${d.decisionId} approved by ${d.approvedBy} as ${d.as}`,
  DecisionTaken: (d) =>
    `decision ${d.decisionId} on ${d.about} taken by ${
      Array.isArray(d.approvers) ? d.approvers.map((a: Data) => `${a.actorId} (${a.as})`).join(" and ") : ""
    }`,
  AuthorityNotified: (d) =>
    `authority notified (${d.authorityReference})${d.late ? ", LATE" : " within 72 hours"}${d.phased ? `, to follow: ${list(d.missing)}` : ""}`,
  AuthorityNotificationSupplemented: (d) => `notification supplemented; still to follow: ${list(d.missing)}`,
  DataSubjectsNotified: (d) => `about ${d.approximateCount} people told by ${d.channel}`,
  SubjectNotificationExempted: (d) => `people not told individually (${d.ground}): ${d.reasons}`,
  AffectedClientRecorded: (d) => `client ${d.clientOrganisationId} affected`,
  ClientNotified: (d) => `client ${d.clientOrganisationId} told`,
  FindingsReported: (d) => `findings reported to the MT and the general director: ${d.summary}`,
  IncidentClosed: () => "incident closed",
  // The kernel's erasure record
  PersonalDataErased: (d) =>
    `${d.retentionClass} data of ${d.subjectId} erased: ${Array.isArray(d.keyIds) ? d.keyIds.length : 0} key(s) destroyed (${d.reason})`,
};

/** "ProcessorRegistered" → "processor registered". */
const words = (type: string): string => type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

export const describeEvent = (type: string, data: JsonValue): string => {
  const line = LINES[type];
  const record = (typeof data === "object" && data !== null && !Array.isArray(data) ? data : {}) as Data;
  if (line !== undefined)
    try {
      return line(record);
    } catch {
      // an older shape of the data: fall back to the name and ids below
    }
  const ids = Object.entries(record)
    .filter(([key, value]) => key.endsWith("Id") && typeof value === "string")
    .map(([key, value]) => `${key} ${value}`);
  return ids.length === 0 ? words(type) : `${words(type)}: ${ids.join(", ")}`;
};
