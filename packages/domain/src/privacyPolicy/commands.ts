import type { Actor } from "@privacy-ledger/eventsourcing";
import type { AddedPurpose, AnnouncementChannel } from "./records.js";

/** Every command names its actor (checked by the decider, recorded in each event's metadata). */
interface PolicyCommand {
  readonly actor: Actor;
}

/** P6.1, Art. 13(3): CTO or DPO (POLICY-ROLE). */
export interface PublishPolicyVersion extends PolicyCommand {
  readonly kind: "PublishPolicyVersion";
  readonly versionId: string;
  readonly publishedAt: string;
  readonly effectiveFrom: string;
  readonly material: boolean;
  /** What changed, one line per change; never empty. */
  readonly changes: readonly string[];
  readonly addsPurposes: readonly AddedPurpose[];
}

/** P6.1, INV-32: the notice run's result: every client notified, by id. */
export interface AnnouncePolicyChange extends PolicyCommand {
  readonly kind: "AnnouncePolicyChange";
  readonly versionId: string;
  readonly announcedAt: string;
  readonly channel: AnnouncementChannel;
  readonly clientsNotified: readonly string[];
}

/** INV-33: the consent-based purposes the version adds, asked for on the notice version that shows them. */
export interface RequestReconsent extends PolicyCommand {
  readonly kind: "RequestReconsent";
  readonly versionId: string;
  readonly purposes: readonly string[];
  readonly noticeVersionId: string;
  readonly requestedAt: string;
}

/** P6.1, INV-32, INV-33: the version comes into force at `at`. */
export interface PutPolicyVersionIntoEffect extends PolicyCommand {
  readonly kind: "PutPolicyVersionIntoEffect";
  readonly versionId: string;
  readonly at: string;
}

/** P1.F.4, INV-21, D2: CTO or DPO. */
export interface OverrideTrackingBasis extends PolicyCommand {
  readonly kind: "OverrideTrackingBasis";
  readonly liaRef: string;
  readonly reason: string;
  readonly at: string;
}

export interface RevokeTrackingBasisOverride extends PolicyCommand {
  readonly kind: "RevokeTrackingBasisOverride";
  readonly at: string;
}

export type PrivacyPolicyCommand =
  | PublishPolicyVersion
  | AnnouncePolicyChange
  | RequestReconsent
  | PutPolicyVersionIntoEffect
  | OverrideTrackingBasis
  | RevokeTrackingBasisOverride;
