import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import type { PolicyEvent } from "../../projection/policyEvents.js";
import { appendPolicyEvents } from "../../testing/policyEventLog.js";
import { projectAll } from "../../testing/runProjection.js";
import { policyVersions } from "./policyVersions.js";
import { policyVersionsProjection } from "./policyVersionsProjection.js";

const published = (
  versionId: string,
  publishedAt: string,
  effectiveFrom: string,
  material: boolean,
  supersedes: string | null,
): PolicyEvent => ({
  type: "PolicyVersionPublished",
  data: {
    versionId,
    publishedAt,
    effectiveFrom,
    material,
    changes: [material ? "adds product analytics" : "first version"],
    addsPurposes: material
      ? [{ purpose: "productAnalytics", legalBasis: { kind: "consent" }, description: "usage analytics" }]
      : [],
    supersedes,
  },
});

const register = async () => {
  const events = new InMemoryEventStore();
  await appendPolicyEvents(events, "privacy-policy", [
    published("v1", "2026-01-01T09:00:00Z", "2026-01-01T09:00:00Z", false, null),
    { type: "PolicyVersionTookEffect", data: { versionId: "v1", tookEffectAt: "2026-01-01T09:00:00Z" } },
    published("v2", "2026-03-01T09:00:00Z", "2026-04-01T00:00:00Z", true, "v1"),
    {
      type: "PolicyChangeAnnounced",
      data: {
        versionId: "v2",
        announcedAt: "2026-03-02T09:00:00Z",
        channel: "serviceNotice",
        clientsNotified: ["c1", "c2", "c3"],
        currentClientCount: 4,
      },
    },
    {
      type: "PolicyChangeAnnounced",
      data: {
        versionId: "v2",
        announcedAt: "2026-03-09T09:00:00Z",
        channel: "serviceNotice",
        clientsNotified: ["c3", "c4"],
        currentClientCount: 4,
      },
    },
    {
      type: "ReconsentRequested",
      data: {
        versionId: "v2",
        purposes: ["productAnalytics"],
        noticeVersionId: "notice-v2",
        requestedAt: "2026-03-02T10:00:00Z",
      },
    },
    { type: "PolicyVersionTookEffect", data: { versionId: "v2", tookEffectAt: "2026-04-01T00:00:00Z" } },
  ] satisfies PolicyEvent[]);
  return projectAll(events, policyVersionsProjection);
};

describe("policy versions and announcement coverage", () => {
  it("P6.1, INV-32: each version, material or not, effective date, announced when, clients notified out of current", async () => {
    const reader = await register();
    const [v1, v2] = await policyVersions(reader);
    expect(v1).toMatchObject({
      versionId: "v1",
      material: false,
      announcedAt: null,
      announcedBeforeEffect: false,
      clientsNotified: 0,
      currentClients: null,
      coverage: null,
      reconsent: [],
      current: false,
    });
    expect(v2).toMatchObject({
      versionId: "v2",
      supersedes: "v1",
      material: true,
      effectiveFrom: "2026-04-01T00:00:00Z",
      tookEffectAt: "2026-04-01T00:00:00Z",
      addsPurposes: [{ purpose: "productAnalytics", legalBasis: "consent" }],
      announcedAt: "2026-03-02T09:00:00Z",
      announcedBeforeEffect: true,
      clientsNotified: 4,
      currentClients: 4,
      coverage: 1,
      current: true,
    });
  });

  it("INV-33: re-consent requested for the purposes a version adds on consent; the version in force at an instant", async () => {
    const reader = await register();
    const versions = await policyVersions(reader, new Date("2026-03-15T00:00:00Z"));
    expect(versions.map((v) => [v.versionId, v.current])).toEqual([
      ["v1", true],
      ["v2", false],
    ]);
    expect(versions[1]!.reconsent).toEqual([
      { purposes: ["productAnalytics"], noticeVersionId: "notice-v2", requestedAt: "2026-03-02T10:00:00Z" },
    ]);
  });
});
