import { type BreachCommand, breachStreamId, PRIVACY_POLICY_STREAM } from "@privacy-ledger/domain";
import type { Actor } from "@privacy-ledger/eventsourcing";
import { actors, type Company } from "./context.js";

const INCIDENT = "inc-2026-001";

/**
 * P8: a backup left readable; serious, so the CEO is involved and every decision is taken by CEO and CTO
 * together; the Autoriteit Persoonsgegevens is notified within 72 hours (the clock runs through the
 * weekend), the people concerned and the affected client are told, and the findings go to the MT.
 */
export const seriousBreach = async (
  company: Company,
): Promise<{ authorityDueAt: string; notifiedAt: string }> => {
  const { breaches, clock } = company;
  const { support, cto, ceo } = actors;
  const stream = breachStreamId(INCIDENT);
  const step = async (iso: string, command: BreachCommand) => {
    clock.set(iso);
    await breaches.ok(stream, command);
  };
  const at = (iso: string) => ({ actor: cto as Actor, incidentId: INCIDENT, at: iso });

  await step("2026-06-19T15:10:00Z", {
    kind: "ReportPossibleBreach",
    actor: support,
    incidentId: INCIDENT,
    at: "2026-06-19T15:10:00Z",
    description: "Nightly backup bucket found readable without authentication",
    systems: ["backup-storage"],
  });
  await step("2026-06-19T15:40:00Z", { kind: "StartInvestigation", ...at("2026-06-19T15:40:00Z") });
  await step("2026-06-19T17:00:00Z", {
    kind: "EstablishAwareness",
    ...at("2026-06-19T17:00:00Z"),
    awareAt: "2026-06-19T16:30:00Z",
    rationale: "Access logs show two downloads of the backup from an unknown network",
  });
  clock.set("2026-06-19T17:05:00Z");
  await breaches.refused(
    stream,
    {
      kind: "ClassifySeverity",
      actor: ceo,
      incidentId: INCIDENT,
      at: "2026-06-19T17:05:00Z",
      severity: "serious",
      rationale: "many clients",
    },
    "only the CTO classifies (P8.6, INV-48)",
  );
  await step("2026-06-19T17:06:00Z", {
    kind: "ClassifySeverity",
    ...at("2026-06-19T17:06:00Z"),
    severity: "serious",
    rationale: "Contact data of many clients' staff, downloaded",
  });
  await step("2026-06-19T17:30:00Z", {
    kind: "AssessRisk",
    ...at("2026-06-19T17:30:00Z"),
    risk: "high",
    rationale: "Business contact details usable for targeted phishing",
  });
  clock.set("2026-06-19T17:45:00Z");
  await breaches.refused(
    stream,
    {
      kind: "ProposeDecision",
      ...at("2026-06-19T17:45:00Z"),
      decisionId: "dec-ap",
      about: "notifyAuthority",
      proposal: "Notify the AP",
    },
    "in a serious case the CEO is informed before any decision (P8.6, INV-49)",
  );
  await step("2026-06-19T17:50:00Z", { kind: "InformCEO", ...at("2026-06-19T17:50:00Z") });
  for (const [decisionId, about, hour] of [
    ["dec-ap", "notifyAuthority", "18"],
    ["dec-subjects", "notifySubjects", "19"],
  ] as const) {
    await step(`2026-06-19T${hour}:00:00Z`, {
      kind: "ProposeDecision",
      ...at(`2026-06-19T${hour}:00:00Z`),
      decisionId,
      about,
      proposal: about === "notifyAuthority" ? "Notify the AP today" : "E-mail every affected contact",
    });
    await step(`2026-06-19T${hour}:10:00Z`, {
      kind: "ApproveDecision",
      ...at(`2026-06-19T${hour}:10:00Z`),
      decisionId,
      as: "CTO",
    });
    await step(`2026-06-19T${hour}:20:00Z`, {
      kind: "ApproveDecision",
      actor: ceo,
      incidentId: INCIDENT,
      at: `2026-06-19T${hour}:20:00Z`,
      decisionId,
      as: "CEO",
    });
  }
  // Friday evening: the 72 hours run through the weekend to Monday evening.
  await step("2026-06-20T10:00:00Z", {
    kind: "NotifyAuthority",
    ...at("2026-06-20T10:00:00Z"),
    decisionId: "dec-ap",
    authorityReference: "AP-2026-06-4411",
    contents: {
      nature: "Unauthorised read access to a backup of the client database",
      approximateSubjects: 140,
      approximateRecords: 600,
      contactPoint: "CTO, privacy desk",
      likelyConsequences: "Phishing aimed at business contacts",
      measures: "Bucket closed, credentials rotated, contacts warned",
    },
    phased: false,
  });
  await step("2026-06-20T12:00:00Z", {
    kind: "NotifyDataSubjects",
    ...at("2026-06-20T12:00:00Z"),
    decisionId: "dec-subjects",
    channel: "e-mail to each affected contact",
    approximateCount: 140,
  });
  await step("2026-06-20T12:30:00Z", {
    kind: "RecordAffectedClient",
    ...at("2026-06-20T12:30:00Z"),
    clientOrganisationId: "org-acme",
  });
  await step("2026-06-20T13:00:00Z", {
    kind: "NotifyClient",
    ...at("2026-06-20T13:00:00Z"),
    clientOrganisationId: "org-acme",
  });
  await step("2026-06-22T09:00:00Z", {
    kind: "RecordRootCause",
    ...at("2026-06-22T09:00:00Z"),
    cause: "A migration script left a public ACL on the bucket",
  });
  await step("2026-06-22T09:10:00Z", {
    kind: "RecordCorrectiveMeasure",
    ...at("2026-06-22T09:10:00Z"),
    measureId: "m-1",
    description: "Bucket made private; credentials rotated",
  });
  await step("2026-06-29T09:00:00Z", {
    kind: "RecordPreventiveImprovement",
    ...at("2026-06-29T09:00:00Z"),
    improvementId: "i-1",
    description: "Deployment pipeline refuses public storage ACLs",
  });
  clock.set("2026-06-30T09:00:00Z");
  await breaches.refused(
    stream,
    { kind: "CloseIncident", ...at("2026-06-30T09:00:00Z") },
    "the findings are reported to the MT and the general director first (P8.3, INV-55)",
  );
  await step("2026-07-01T09:00:00Z", {
    kind: "ReportFindings",
    ...at("2026-07-01T09:00:00Z"),
    toManagementTeam: true,
    toGeneralDirector: true,
    summary: "Cause, corrections and the pipeline check as recorded",
  });
  await step("2026-07-01T10:00:00Z", { kind: "CloseIncident", ...at("2026-07-01T10:00:00Z") });
  return { authorityDueAt: "2026-06-22T16:30:00.000Z", notifiedAt: "2026-06-20T10:00:00Z" };
};

/** P6: version 2 of the policy, material, announced to every current client before it takes effect. */
export const policyChange = async (company: Company): Promise<void> => {
  const { clock } = company;
  const { cto } = actors;
  clock.set("2026-09-01T08:00:00Z");
  const policy = company.policy();
  await policy.ok(PRIVACY_POLICY_STREAM, {
    kind: "PublishPolicyVersion",
    actor: cto,
    versionId: "policy-2026-10",
    publishedAt: "2026-09-01T08:00:00Z",
    effectiveFrom: "2026-10-01T00:00:00Z",
    material: true,
    changes: [
      "Backups are now kept in a second EU region (P5.1)",
      "Retention of training data stated: 12 months",
    ],
    addsPurposes: [],
  });
  await policy.refused(
    PRIVACY_POLICY_STREAM,
    {
      kind: "AnnouncePolicyChange",
      actor: cto,
      versionId: "policy-2026-10",
      announcedAt: "2026-09-01T09:00:00Z",
      channel: "newsletter",
      clientsNotified: ["org-acme", "org-globex"],
    },
    "a newsletter misses clients who unsubscribed: a service notice reaches all (INV-32)",
  );
  await policy.ok(PRIVACY_POLICY_STREAM, {
    kind: "AnnouncePolicyChange",
    actor: cto,
    versionId: "policy-2026-10",
    announcedAt: "2026-09-01T09:00:00Z",
    channel: "serviceNotice",
    clientsNotified: ["org-acme", "org-globex"],
  });
  clock.set("2026-10-01T00:00:00Z");
  await policy.ok(PRIVACY_POLICY_STREAM, {
    kind: "PutPolicyVersionIntoEffect",
    actor: cto,
    versionId: "policy-2026-10",
    at: "2026-10-01T00:00:00Z",
  });
};
