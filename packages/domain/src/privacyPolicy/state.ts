import type { PrivacyPolicyEvent } from "./events.js";
import type { AddedPurpose, RequiredConsent, TrackingBasis } from "./records.js";

export interface PolicyVersionEntry {
  readonly versionId: string;
  readonly publishedAt: string;
  readonly effectiveFrom: string;
  readonly material: boolean;
  readonly addsPurposes: readonly AddedPurpose[];
  /** The earliest announcement by service notice, if any. */
  readonly firstAnnouncedAt: string | undefined;
  readonly clientsNotified: ReadonlySet<string>;
  readonly reconsentRequested: ReadonlySet<string>;
  readonly tookEffectAt: string | undefined;
}

/** The register as the decider and the Consent aggregate need it. */
export interface PrivacyPolicyState {
  /** versionId → version, in order of publication. */
  readonly versions: ReadonlyMap<string, PolicyVersionEntry>;
  readonly latestVersionId: string | undefined;
  readonly trackingOverride: { readonly liaRef: string; readonly since: string } | undefined;
}

export const initialPrivacyPolicyState: PrivacyPolicyState = {
  versions: new Map(),
  latestVersionId: undefined,
  trackingOverride: undefined,
};

const updateVersion = (
  state: PrivacyPolicyState,
  versionId: string,
  change: (entry: PolicyVersionEntry) => Partial<PolicyVersionEntry>,
): PrivacyPolicyState => {
  const entry = state.versions.get(versionId);
  return entry === undefined
    ? state
    : { ...state, versions: new Map(state.versions).set(versionId, { ...entry, ...change(entry) }) };
};

export const evolvePrivacyPolicy = (
  state: PrivacyPolicyState,
  event: PrivacyPolicyEvent,
): PrivacyPolicyState => {
  switch (event.type) {
    case "PolicyVersionPublished": {
      const { versionId, publishedAt, effectiveFrom, material, addsPurposes } = event.data;
      const entry: PolicyVersionEntry = {
        versionId,
        publishedAt,
        effectiveFrom,
        material,
        addsPurposes,
        firstAnnouncedAt: undefined,
        clientsNotified: new Set(),
        reconsentRequested: new Set(),
        tookEffectAt: undefined,
      };
      return {
        ...state,
        versions: new Map(state.versions).set(versionId, entry),
        latestVersionId: versionId,
      };
    }
    case "PolicyChangeAnnounced":
      return updateVersion(state, event.data.versionId, (entry) => ({
        firstAnnouncedAt: entry.firstAnnouncedAt ?? event.data.announcedAt,
        clientsNotified: new Set([...entry.clientsNotified, ...event.data.clientsNotified]),
      }));
    case "ReconsentRequested":
      return updateVersion(state, event.data.versionId, (entry) => ({
        reconsentRequested: new Set([...entry.reconsentRequested, ...event.data.purposes]),
      }));
    case "PolicyVersionTookEffect":
      return updateVersion(state, event.data.versionId, () => ({ tookEffectAt: event.data.tookEffectAt }));
    case "TrackingBasisOverrideRecorded":
      return { ...state, trackingOverride: { liaRef: event.data.liaRef, since: event.data.recordedAt } };
    case "TrackingBasisOverrideRevoked":
      return { ...state, trackingOverride: undefined };
  }
};

/** The consent-based purposes a version adds (INV-33). */
export const consentPurposesOf = (entry: Pick<PolicyVersionEntry, "addsPurposes">): readonly string[] =>
  entry.addsPurposes.filter((added) => added.legalBasis.kind === "consent").map((added) => added.purpose);

/**
 * INV-33, Art. 6(1)(a), 7(1): for each purpose a published version added on consent, the instant from
 * which a consent for it counts (the latest such version's publication). The Consent aggregate uses this to
 * refuse processing on older consents and to list who needs re-consent (`purposesNeedingReconsent`).
 */
export const requiredConsentsOf = (state: PrivacyPolicyState): readonly RequiredConsent[] => {
  const latest = new Map<string, RequiredConsent>();
  for (const entry of state.versions.values())
    for (const purpose of consentPurposesOf(entry))
      latest.set(purpose, { purpose, versionId: entry.versionId, since: entry.publishedAt });
  return [...latest.values()];
};

/** INV-21, D2: consent unless the override stands. */
export const trackingBasisOf = (state: PrivacyPolicyState): TrackingBasis =>
  state.trackingOverride === undefined
    ? { kind: "consent" }
    : { kind: "legitimateInterest", ...state.trackingOverride };
