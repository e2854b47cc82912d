import { defineEvent, type EventOf, eventCatalog } from "@privacy-ledger/eventsourcing";
import * as t from "io-ts";
import { AddedPurposeCodec } from "./records.js";

export { PRIVACY_POLICY_STREAM } from "./records.js";

/**
 * P6.1, Art. 12(1), 13(3): a version of the policy with what changed, whether the change is material, the
 * instant it takes effect and the purposes it adds with their bases.
 */
export const PolicyVersionPublished = defineEvent({
  type: "PolicyVersionPublished",
  codec: t.type({
    versionId: t.string,
    publishedAt: t.string,
    effectiveFrom: t.string,
    material: t.boolean,
    changes: t.readonlyArray(t.string),
    addsPurposes: t.readonlyArray(AddedPurposeCodec),
    /** The version it replaces, or null for the first. */
    supersedes: t.union([t.string, t.null]),
  }),
  clauses: ["P6.1"],
});

/**
 * P6.1, INV-32: the change was told to the clients by service notice, before it takes effect; the ids of
 * the clients notified and how many clients were current then (the coverage an auditor checks).
 */
export const PolicyChangeAnnounced = defineEvent({
  type: "PolicyChangeAnnounced",
  codec: t.type({
    versionId: t.string,
    announcedAt: t.string,
    channel: t.literal("serviceNotice"),
    clientsNotified: t.readonlyArray(t.string),
    currentClientCount: t.number,
  }),
  clauses: ["P6.1"],
});

/**
 * P6.1, P1.F.3, INV-33, Art. 6(1)(a), 7(1): the version adds purposes on consent, so consent for them is
 * asked anew on a notice that shows them; consents for other purposes do not cover them.
 */
export const ReconsentRequested = defineEvent({
  type: "ReconsentRequested",
  codec: t.type({
    versionId: t.string,
    purposes: t.readonlyArray(t.string),
    noticeVersionId: t.string,
    requestedAt: t.string,
  }),
  clauses: ["P6.1", "P1.F.3"],
});

/** P6.1, INV-32, INV-33: the version is in force (announced first where material; re-consent requested). */
export const PolicyVersionTookEffect = defineEvent({
  type: "PolicyVersionTookEffect",
  codec: t.type({ versionId: t.string, tookEffectAt: t.string }),
  clauses: ["P6.1"],
});

/**
 * P1.F.4, P2.3, INV-21, decision D2: the company chose the policy's own reading (legitimate interest,
 * with its assessment) for recording opens and clicks instead of the default consent. Kept as a warning:
 * EDPB Guidelines 2/2023 put tracking pixels under Art. 5(3) ePD (Tw art. 11.7a), which asks for consent.
 */
export const TrackingBasisOverrideRecorded = defineEvent({
  type: "TrackingBasisOverrideRecorded",
  codec: t.type({ liaRef: t.string, reason: t.string, recordedAt: t.string, warning: t.string }),
  clauses: ["P1.F.4", "P2.3"],
});

/** P1.F.4, INV-21, D2: back to the default, consent for tracking. */
export const TrackingBasisOverrideRevoked = defineEvent({
  type: "TrackingBasisOverrideRevoked",
  codec: t.type({ revokedAt: t.string }),
  clauses: ["P1.F.4"],
});

export const privacyPolicyCatalog = eventCatalog([
  PolicyVersionPublished,
  PolicyChangeAnnounced,
  ReconsentRequested,
  PolicyVersionTookEffect,
  TrackingBasisOverrideRecorded,
  TrackingBasisOverrideRevoked,
]);

export type PrivacyPolicyEvent =
  | EventOf<typeof PolicyVersionPublished>
  | EventOf<typeof PolicyChangeAnnounced>
  | EventOf<typeof ReconsentRequested>
  | EventOf<typeof PolicyVersionTookEffect>
  | EventOf<typeof TrackingBasisOverrideRecorded>
  | EventOf<typeof TrackingBasisOverrideRevoked>;

/**
 * The warning a compliance report shows while the tracking override stands (D2). Fixed text, recorded in
 * the event, so the report shows what the company was told when it chose.
 */
export const TRACKING_OVERRIDE_WARNING =
  "EDPB Guidelines 2/2023 treat tracking pixels and tracked links in e-mails as access to the terminal " +
  "equipment under Art. 5(3) ePrivacy Directive (Tw art. 11.7a): consent is required unless strictly " +
  "necessary. Opens and clicks are now recorded on legitimate interest (the policy's own reading, P1.F.4, " +
  "P2.3) without that consent.";
