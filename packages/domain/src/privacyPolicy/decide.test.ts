import type { Actor } from "@privacy-ledger/eventsourcing";
import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { describe, expect, it } from "vitest";
import type {
  AnnouncePolicyChange,
  OverrideTrackingBasis,
  PublishPolicyVersion,
  PutPolicyVersionIntoEffect,
  RequestReconsent,
} from "./commands.js";
import { privacyPolicyDecider } from "./decide.js";
import { type PrivacyPolicyEvent, privacyPolicyCatalog, TRACKING_OVERRIDE_WARNING } from "./events.js";
import {
  evolvePrivacyPolicy,
  initialPrivacyPolicyState,
  requiredConsentsOf,
  trackingBasisOf,
} from "./state.js";

const cto: Actor = { id: "actor-cto", roles: ["CTO", "management"] };
const dpo: Actor = { id: "actor-dpo", roles: ["dpo"] };
const staff: Actor = { id: "actor-emp", roles: ["employee"] };
const mailer: Actor = { id: "actor-mailer", roles: ["system"] };

/** Three current clients; one of them (org-beta) unsubscribed from the newsletter and objected to marketing. */
const CLIENTS = new Set(["org-acme", "org-beta", "org-gamma"]);
const spec = deciderSpecification(privacyPolicyDecider({ currentClients: CLIENTS }));

const publish = (fields: Partial<PublishPolicyVersion> = {}): PublishPolicyVersion => ({
  kind: "PublishPolicyVersion",
  actor: cto,
  versionId: "pp-2026-2",
  publishedAt: "2026-03-01T09:00:00Z",
  effectiveFrom: "2026-04-01T00:00:00Z",
  material: true,
  changes: ["opens of e-mails are measured only with consent"],
  addsPurposes: [
    {
      purpose: "marketing.emailTracking",
      legalBasis: { kind: "consent" },
      description: "learn whether newsletters are opened",
    },
  ],
  ...fields,
});
const published = (
  command: PublishPolicyVersion = publish(),
  supersedes: string | null = null,
): PrivacyPolicyEvent => ({
  type: "PolicyVersionPublished",
  data: {
    versionId: command.versionId,
    publishedAt: command.publishedAt,
    effectiveFrom: command.effectiveFrom,
    material: command.material,
    changes: command.changes,
    addsPurposes: command.addsPurposes,
    supersedes,
  },
});
const announce = (fields: Partial<AnnouncePolicyChange> = {}): AnnouncePolicyChange => ({
  kind: "AnnouncePolicyChange",
  actor: mailer,
  versionId: "pp-2026-2",
  announcedAt: "2026-03-02T09:00:00Z",
  channel: "serviceNotice",
  clientsNotified: [...CLIENTS],
  ...fields,
});
const announced: PrivacyPolicyEvent = {
  type: "PolicyChangeAnnounced",
  data: {
    versionId: "pp-2026-2",
    announcedAt: "2026-03-02T09:00:00Z",
    channel: "serviceNotice",
    clientsNotified: [...CLIENTS],
    currentClientCount: 3,
  },
};
const reconsent = (fields: Partial<RequestReconsent> = {}): RequestReconsent => ({
  kind: "RequestReconsent",
  actor: cto,
  versionId: "pp-2026-2",
  purposes: ["marketing.emailTracking"],
  noticeVersionId: "notice-tracking-v1",
  requestedAt: "2026-03-02T10:00:00Z",
  ...fields,
});
const reconsentRequested: PrivacyPolicyEvent = {
  type: "ReconsentRequested",
  data: {
    versionId: "pp-2026-2",
    purposes: ["marketing.emailTracking"],
    noticeVersionId: "notice-tracking-v1",
    requestedAt: "2026-03-02T10:00:00Z",
  },
};
const putIntoEffect = (fields: Partial<PutPolicyVersionIntoEffect> = {}): PutPolicyVersionIntoEffect => ({
  kind: "PutPolicyVersionIntoEffect",
  actor: mailer,
  versionId: "pp-2026-2",
  at: "2026-04-01T00:00:00Z",
  ...fields,
});
const overrideTracking = (fields: Partial<OverrideTrackingBasis> = {}): OverrideTrackingBasis => ({
  kind: "OverrideTrackingBasis",
  actor: cto,
  liaRef: "LIA-2026-05",
  reason: "the policy's own reading of P1.F.4",
  at: "2026-01-05T09:00:00Z",
  ...fields,
});

describe("PrivacyPolicy, P6.1: versions with what changed", () => {
  it("P6.1, Art. 13(3): the CTO publishes a version with its changes, effective date and the purposes it adds", () =>
    spec.given([]).when(publish()).thenEvents([published()]));

  it("P6.1: a later version names the one it supersedes", () => {
    const next = publish({
      versionId: "pp-2026-3",
      publishedAt: "2026-06-01T09:00:00Z",
      effectiveFrom: "2026-06-01T09:00:00Z",
      material: false,
      addsPurposes: [],
    });
    spec
      .given([published()])
      .when(next)
      .thenEvents([published(next, "pp-2026-2")]);
  });

  it("P6.1: a version states what changed", () =>
    spec
      .given([])
      .when(publish({ changes: [] }))
      .thenRejects({ rule: "POLICY-CHANGES", clause: "P6.1" }));

  it("P6.1, D6: only the CTO or a DPO publishes a version", () => {
    spec
      .given([])
      .when(publish({ actor: staff }))
      .thenRejects({ rule: "POLICY-ROLE" });
    spec
      .given([])
      .when(publish({ actor: dpo }))
      .thenEvents([published(publish({ actor: dpo }))]);
  });

  it("P6.1, INV-32, Art. 13(3): a version that adds a purpose is a material change", () =>
    spec
      .given([])
      .when(publish({ material: false }))
      .thenRejects({ rule: "INV-32", article: "Art. 13(3)" }));

  it("P6.1, INV-32: a material change cannot take effect the moment it is published", () =>
    spec
      .given([])
      .when(publish({ effectiveFrom: "2026-03-01T09:00:00Z" }))
      .thenRejects({ rule: "INV-32" }));

  it("P6.1, INV-02, Art. 6(1)(f): an added purpose on legitimate interest cites its assessment", () =>
    spec
      .given([])
      .when(
        publish({
          addsPurposes: [
            {
              purpose: "product.insight",
              legalBasis: { kind: "legitimateInterest", liaRef: "" },
              description: "x",
            },
          ],
        }),
      )
      .thenRejects({ rule: "INV-02" }));
});

describe("PrivacyPolicy, INV-32: a material change announced by service notice to every current client, before it takes effect", () => {
  it("P6.1, INV-32: the service notice reaches every current client, including those who opted out of marketing", () =>
    spec.given([published()]).when(announce()).thenEvents([announced]));

  it("P6.1, INV-32: the newsletter is not the channel: it leaves out whoever unsubscribed or objected", () =>
    spec
      .given([published()])
      .when(announce({ channel: "newsletter", clientsNotified: ["org-acme", "org-gamma"] }))
      .thenRejects({ rule: "INV-32", clause: "P6.1" }));

  it("P6.1, INV-32: an announcement that misses a current client is refused", () =>
    spec
      .given([published()])
      .when(announce({ clientsNotified: ["org-acme", "org-gamma"] }))
      .thenRejects({ rule: "INV-32", article: "Art. 12(1)" }));

  it("P6.1, INV-32: a material change announced on or after its effective date is refused", () =>
    spec
      .given([published()])
      .when(announce({ announcedAt: "2026-04-01T00:00:00Z" }))
      .thenRejects({ rule: "INV-32" }));

  it("P6.1, INV-32: a material change not announced does not take effect", () =>
    spec
      .given([published(), reconsentRequested])
      .when(putIntoEffect())
      .thenRejects({ rule: "INV-32", clause: "P6.1" }));

  it("P6.1, INV-32, INV-33: announced and re-consent requested, the version takes effect at its date, not before", () => {
    spec
      .given([published(), announced, reconsentRequested])
      .when(putIntoEffect())
      .thenEvents([
        {
          type: "PolicyVersionTookEffect",
          data: { versionId: "pp-2026-2", tookEffectAt: "2026-04-01T00:00:00Z" },
        },
      ]);
    spec
      .given([published(), announced, reconsentRequested])
      .when(putIntoEffect({ at: "2026-03-31T23:00:00Z" }))
      .thenRejects({ rule: "POLICY-DATES" });
  });
});

describe("PrivacyPolicy, INV-33: a new purpose on consent needs re-consent", () => {
  it("P6.1, INV-33, Art. 6(1)(a): re-consent is requested for the consent-based purposes the version adds", () =>
    spec.given([published()]).when(reconsent()).thenEvents([reconsentRequested]));

  it("P6.1, INV-33: a version adding a consent-based purpose does not take effect without re-consent requested", () =>
    spec
      .given([published(), announced])
      .when(putIntoEffect())
      .thenRejects({ rule: "INV-33", clause: "P6.1" }));

  it("P6.1, INV-33: the request names exactly the purposes added on consent", () => {
    spec
      .given([published()])
      .when(reconsent({ purposes: [] }))
      .thenRejects({ rule: "INV-33" });
    spec
      .given([
        published(publish({ addsPurposes: [], material: false, effectiveFrom: "2026-03-01T09:00:00Z" })),
      ])
      .when(reconsent())
      .thenRejects({ rule: "INV-33" });
  });

  it("P6.1, INV-33: requiredConsentsOf tells the Consent aggregate from when a consent for the purpose counts", () =>
    expect(requiredConsentsOf([published()].reduce(evolvePrivacyPolicy, initialPrivacyPolicyState))).toEqual([
      { purpose: "marketing.emailTracking", versionId: "pp-2026-2", since: "2026-03-01T09:00:00Z" },
    ]));
});

describe("PrivacyPolicy, P1.F.4, INV-21, D2: the tracking basis override", () => {
  const recorded: PrivacyPolicyEvent = {
    type: "TrackingBasisOverrideRecorded",
    data: {
      liaRef: "LIA-2026-05",
      reason: "the policy's own reading of P1.F.4",
      recordedAt: "2026-01-05T09:00:00Z",
      warning: TRACKING_OVERRIDE_WARNING,
    },
  };

  it("P1.F.4, INV-21, D2: the CTO records the legitimate-interest reading as an event carrying the EDPB warning", () => {
    spec.given([]).when(overrideTracking()).thenEvents([recorded]);
    expect(TRACKING_OVERRIDE_WARNING).toContain("EDPB Guidelines 2/2023");
  });

  it("P1.F.4, INV-21, D2: an employee cannot override the tracking basis", () =>
    spec
      .given([])
      .when(overrideTracking({ actor: staff }))
      .thenRejects({ rule: "POLICY-ROLE", clause: "P1.F.4" }));

  it("P1.F.4, P2.3, INV-02: the override needs its legitimate-interest assessment", () =>
    spec
      .given([])
      .when(overrideTracking({ liaRef: " " }))
      .thenRejects({ rule: "INV-02", clause: "P2.3" }));

  it("P1.F.4, INV-21, D2: consent is the default; the override changes it until revoked", () => {
    expect(trackingBasisOf(initialPrivacyPolicyState)).toEqual({ kind: "consent" });
    const state = [recorded].reduce(evolvePrivacyPolicy, initialPrivacyPolicyState);
    expect(trackingBasisOf(state)).toEqual({
      kind: "legitimateInterest",
      liaRef: "LIA-2026-05",
      since: "2026-01-05T09:00:00Z",
    });
    spec
      .given([recorded])
      .when({ kind: "RevokeTrackingBasisOverride", actor: cto, at: "2026-02-01T09:00:00Z" })
      .thenEvents([{ type: "TrackingBasisOverrideRevoked", data: { revokedAt: "2026-02-01T09:00:00Z" } }]);
  });

  it("P6.1, D1: the register's events hold no personal data", () => {
    for (const type of privacyPolicyCatalog.types)
      expect(privacyPolicyCatalog.personalFields(type, 1)).toEqual([]);
  });
});
