import type { Actor } from "@privacy-ledger/eventsourcing";
import type {
  ConsentChannel,
  Interaction,
  RecipientCategory,
  SenderIdentity,
  SoftOptInConditions,
  SuppressionReason,
} from "./records.js";

/**
 * Every command names its actor (checked, and recorded in each event's metadata) and the person it is
 * about; the stream is `consent-<subjectId>`. Times come in the command, from the app's clock.
 */
interface SubjectCommand {
  readonly actor: Actor;
  readonly subjectId: string;
}

/** P1.F.3, INV-23: the person, the company's web form (`system`) or staff. */
export interface PresentConsentRequest extends SubjectCommand {
  readonly kind: "PresentConsentRequest";
  readonly noticeVersionId: string;
  readonly purposes: readonly string[];
  readonly presentedAt: string;
  readonly channel: ConsentChannel;
}

/**
 * P1.F.1, P1.F.3, INV-22, INV-23: one purpose per consent. `presentedAt` is not typed in: the decider takes
 * it from the presentation of `noticeVersionId` that preceded it.
 */
export interface GiveConsent extends SubjectCommand {
  readonly kind: "GiveConsent";
  readonly consentId: string;
  readonly purpose: string;
  readonly activityId: string;
  readonly subjectCategory: RecipientCategory;
  readonly noticeVersionId: string;
  readonly givenAt: string;
  readonly channel: ConsentChannel;
  /** Art. 4(11), CJEU C-673/17 Planet49: a box ticked in advance is no consent. */
  readonly preTicked: boolean;
  /** Art. 7(4), INV-22: the consent was made a condition of, or given with, the subscription contract. */
  readonly bundledWithContract: boolean;
  readonly name?: string;
  readonly email?: string;
}

/** P1.F.3, INV-18, Art. 7(3). */
export interface WithdrawConsent extends SubjectCommand {
  readonly kind: "WithdrawConsent";
  readonly purpose: string;
  readonly withdrawnAt: string;
  readonly channel: ConsentChannel;
}

/** P1.F.6, INV-18: the link token is the only authentication; any actor may carry it. */
export interface UnsubscribeViaLink extends SubjectCommand {
  readonly kind: "UnsubscribeViaLink";
  readonly linkToken: string;
  readonly unsubscribedAt: string;
}

/** P1.F.3, INV-19, Art. 21(2). */
export interface ObjectToDirectMarketing extends SubjectCommand {
  readonly kind: "ObjectToDirectMarketing";
  readonly objectedAt: string;
  readonly channel: ConsentChannel;
}

/** P1.F.5, P1.F.7. */
export interface RegisterWebsiteInterest extends SubjectCommand {
  readonly kind: "RegisterWebsiteInterest";
  readonly activityId: string;
  readonly signedUpAt: string;
  readonly name: string;
  readonly email: string;
  readonly interests: readonly string[];
}

/** P1.F.3, INV-16(B), Tw art. 11.7(3). */
export interface EstablishSoftOptIn extends SubjectCommand {
  readonly kind: "EstablishSoftOptIn";
  readonly activityId: string;
  readonly recipientCategory: "customer" | "businessContact";
  readonly conditions: SoftOptInConditions;
  readonly establishedAt: string;
  readonly name: string;
  readonly email: string;
}

/**
 * P1.F.2, P1.F.3, P1.F.6, INV-16, INV-17, INV-20. `recipientToken` is the suppression token of the address
 * the message goes to (`suppressionToken`, computed by the app with the kernel's blind-index secret);
 * `unsubscribeUrl` carries `unsubscribeToken`; `productLines` are what the message promotes.
 */
export interface SendNewsletter extends SubjectCommand {
  readonly kind: "SendNewsletter";
  readonly messageId: string;
  readonly activityId: string;
  readonly recipientCategory: RecipientCategory;
  readonly recipientToken: string;
  readonly productLines: readonly string[];
  readonly sender: SenderIdentity;
  readonly unsubscribeUrl: string;
  readonly unsubscribeToken: string;
  readonly sentAt: string;
}

/** P1.F.4, INV-21, D2. */
export interface RecordEmailOpen extends SubjectCommand {
  readonly kind: "RecordEmailOpen";
  readonly messageId: string;
  readonly activityId: string;
  readonly interaction: Interaction;
  readonly at: string;
}

/** P1.F.6, INV-20, D4: recorded before the marketing keys are shredded, while the address can still be read. */
export interface RecordSuppression extends SubjectCommand {
  readonly kind: "RecordSuppression";
  readonly token: string;
  readonly reason: SuppressionReason;
  readonly at: string;
}

export type ConsentCommand =
  | PresentConsentRequest
  | GiveConsent
  | WithdrawConsent
  | UnsubscribeViaLink
  | ObjectToDirectMarketing
  | RegisterWebsiteInterest
  | EstablishSoftOptIn
  | SendNewsletter
  | RecordEmailOpen
  | RecordSuppression;
