import type { DomainEvent, EventOf, PersonalDataErased } from "@privacy-ledger/eventsourcing";
import type { ConsentEvent } from "../consent/events.js";
import type { DataSubjectEvent } from "../dataSubject/events.js";
import type { SubscriptionEvent } from "../subscription/events.js";
import { holdsPersonalData } from "./personalMarkings.js";

/** The kernel's PII-free record of a crypto-shredding (P7.b, Art. 5(2)). */
export type PersonalDataErasedEvent = EventOf<typeof PersonalDataErased>;

/** The events the retention schedule reads: the three aggregates' catalogs and the kernel's erasure record. */
export type RetentionEvent = SubscriptionEvent | DataSubjectEvent | ConsentEvent | PersonalDataErasedEvent;

/**
 * What the fold takes: a decoded event (`{ type, data }`), optionally with the metadata it was stored with.
 * Only `occurredAt` is read, and only from `PersonalDataErased` (it becomes the entry's `erasedAt`: the
 * erasure record holds no time of its own). Events of other types are ignored.
 */
export type ScheduledEvent = DomainEvent & { readonly metadata?: { readonly occurredAt?: string } };

const READ: ReadonlySet<string> = new Set<RetentionEvent["type"]>([
  "SubscriptionRequested",
  "SubscriptionDataSupplied",
  "UserAdded",
  "InvoiceIssued",
  "PaymentRecorded",
  "BillingContactLogged",
  "SubscriptionEnded",
  "TrainingParticipantRegistered",
  "BusinessContactRegistered",
  "ContactEmploymentEnded",
  "LegalHoldPlaced",
  "LegalHoldReleased",
  "RightsRequestReceived",
  "RightsRequestClosed",
  "ConsentGiven",
  "ConsentWithdrawn",
  "UnsubscribedViaLink",
  "DirectMarketingObjectionRecorded",
  "SoftOptInEstablished",
  "SuppressionTokenRecorded",
  "PersonalDataErased",
]);

/**
 * Whether the schedule reads this event: one of the types above, or any event type of the three aggregates
 * that holds personal data (INV-27: it needs an entry). Only the type is checked: the events come decoded
 * through the catalogs (their codecs checked the data), so the type tag is enough to trust their shape.
 */
export const isRetentionEvent = <E extends DomainEvent>(event: E): event is E & RetentionEvent =>
  READ.has(event.type) || holdsPersonalData(event.type);
