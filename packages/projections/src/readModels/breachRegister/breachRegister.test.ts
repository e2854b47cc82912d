import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import { appendPolicyEvents, breachOpened, cto } from "../../testing/policyEventLog.js";
import { projectAll } from "../../testing/runProjection.js";
import { breachesNotifiedWithin72Hours, breachRegister, breachRegisterEntry } from "./breachRegister.js";
import { breachRegisterProjection } from "./breachRegisterProjection.js";

const notified = (incidentId: string, notifiedAt: string, late: boolean) =>
  ({
    type: "AuthorityNotified",
    data: {
      incidentId,
      decisionId: "d1",
      notifiedAt,
      authorityReference: `AP-${incidentId}`,
      contents: { nature: "exposed backup", approximateSubjects: 120, likelyConsequences: "phishing" },
      phased: true,
      missing: ["measures"],
      late,
      ...(late ? { lateReasons: "the processor told us late" } : {}),
    },
  }) as const;

const events = async () => {
  const store = new InMemoryEventStore();
  // b1: notified within 72 hours, remedied and closed.
  await appendPolicyEvents(store, "breach-b1", breachOpened("b1", "2026-03-06T16:00:00Z"), { actor: cto });
  await appendPolicyEvents(
    store,
    "breach-b1",
    [
      {
        type: "SeverityClassified",
        data: { incidentId: "b1", severity: "serious", rationale: "r", classifiedAt: "2026-03-06T16:30:00Z" },
      },
      {
        type: "RiskAssessed",
        data: {
          incidentId: "b1",
          risk: "risk",
          rationale: "addresses exposed",
          assessedAt: "2026-03-06T18:00:00Z",
        },
      },
      notified("b1", "2026-03-07T11:00:00Z", false),
      {
        type: "AuthorityNotificationSupplemented",
        data: {
          incidentId: "b1",
          supplementedAt: "2026-03-10T09:00:00Z",
          contents: { measures: "bucket closed, keys rotated" },
          missing: [],
        },
      },
      {
        type: "RootCauseRecorded",
        data: {
          incidentId: "b1",
          cause: "public ACL on the backup bucket",
          recordedAt: "2026-03-08T09:00:00Z",
        },
      },
      {
        type: "CorrectiveMeasureTaken",
        data: {
          incidentId: "b1",
          measureId: "m1",
          description: "bucket made private",
          takenAt: "2026-03-06T17:00:00Z",
        },
      },
      {
        type: "PreventiveImprovementImplemented",
        data: {
          incidentId: "b1",
          improvementId: "i1",
          description: "policy check on every bucket",
          implementedAt: "2026-03-15T09:00:00Z",
        },
      },
      {
        type: "FindingsReported",
        data: {
          incidentId: "b1",
          reportedAt: "2026-03-16T09:00:00Z",
          toManagementTeam: true,
          toGeneralDirector: true,
          summary: "s",
        },
      },
      { type: "IncidentClosed", data: { incidentId: "b1", closedAt: "2026-03-20T10:00:00Z" } },
    ],
    { actor: cto },
  );
  // b2: no risk, not notified, still in the register (INV-51, Art. 33(5)).
  await appendPolicyEvents(store, "breach-b2", breachOpened("b2", "2026-04-01T09:00:00Z"), { actor: cto });
  await appendPolicyEvents(store, "breach-b2", [
    {
      type: "RiskAssessed",
      data: {
        incidentId: "b2",
        risk: "none",
        rationale: "encrypted laptop",
        assessedAt: "2026-04-01T10:00:00Z",
      },
    },
  ]);
  // b3: notified late, with reasons.
  await appendPolicyEvents(store, "breach-b3", breachOpened("b3", "2026-05-04T09:00:00Z"), { actor: cto });
  await appendPolicyEvents(store, "breach-b3", [
    {
      type: "RiskAssessed",
      data: { incidentId: "b3", risk: "high", rationale: "r", assessedAt: "2026-05-04T10:00:00Z" },
    },
    notified("b3", "2026-05-08T09:00:00Z", true),
  ]);
  // b4: a risk, aware, 72 hours not yet over on 1 June (awareness 31 May).
  await appendPolicyEvents(store, "breach-b4", breachOpened("b4", "2026-05-31T09:00:00Z"), { actor: cto });
  await appendPolicyEvents(store, "breach-b4", [
    {
      type: "RiskAssessed",
      data: { incidentId: "b4", risk: "risk", rationale: "r", assessedAt: "2026-05-31T10:00:00Z" },
    },
  ]);
  return store;
};

describe("breach register (P8.8, Art. 33(5))", () => {
  it("P8.8, Art. 33(5): an incident's facts, its effects and the remedial action taken", async () => {
    const register = await projectAll(await events(), breachRegisterProjection);
    expect(await breachRegisterEntry(register, "b1")).toEqual({
      incidentId: "b1",
      facts: {
        reportedAt: "2026-03-06T16:00:00Z",
        description: "backup bucket readable from outside",
        systems: ["backups"],
        awareAt: "2026-03-06T16:00:00Z",
        awarenessRationale: "access logs confirm reads",
        nature: "exposed backup",
        approximateSubjects: 120,
        approximateRecords: null,
        rootCauses: ["public ACL on the backup bucket"],
      },
      effects: {
        severity: "serious",
        risk: "risk",
        riskRationale: "addresses exposed",
        likelyConsequences: "phishing",
      },
      remedialAction: {
        actions: [
          { kind: "corrective", description: "bucket made private", at: "2026-03-06T17:00:00Z" },
          { kind: "preventive", description: "policy check on every bucket", at: "2026-03-15T09:00:00Z" },
        ],
        measuresNotified: "bucket closed, keys rotated",
        noImprovementReasons: null,
      },
      notification: {
        authorityDueAt: "2026-03-09T16:00:00.000Z",
        authorityNotifiedAt: "2026-03-07T11:00:00Z",
        authorityReference: "AP-b1",
        notifiedLate: false,
        lateReasons: null,
        subjectsNotifiedAt: null,
        subjectsNotifiedCount: null,
        subjectExemptionGround: null,
      },
      findingsReportedAt: "2026-03-16T09:00:00Z",
      closedAt: "2026-03-20T10:00:00Z",
    });
  });

  it("INV-51, Art. 33(5): every incident is listed, also those not notified; late ones with their reasons", async () => {
    const register = await projectAll(await events(), breachRegisterProjection);
    expect((await breachRegister(register)).map((e) => e.incidentId)).toEqual(["b1", "b2", "b3", "b4"]);
    const [none] = await breachRegister(register, { risk: "none" });
    expect(none).toMatchObject({ incidentId: "b2", effects: { riskRationale: "encrypted laptop" } });
    expect(none?.notification.notifiedLate).toBeNull();
    const late = (await breachRegister(register, { notified: true })).filter(
      (e) => e.notification.notifiedLate,
    );
    expect(late.map((e) => [e.incidentId, e.notification.lateReasons])).toEqual([
      ["b3", "the processor told us late"],
    ]);
  });

  it("§5(c)20, Art. 33(1): the share of breaches notified within 72 hours, overdue unnotified ones counted late", async () => {
    const register = await projectAll(await events(), breachRegisterProjection);
    expect(await breachesNotifiedWithin72Hours(register, new Date("2026-06-01T00:00:00Z"))).toEqual({
      total: 2,
      onTime: 1,
      late: 1,
      share: 0.5,
    });
    expect(await breachesNotifiedWithin72Hours(register, new Date("2026-06-04T00:00:00Z"))).toEqual({
      total: 3,
      onTime: 1,
      late: 2,
      share: 1 / 3,
    });
  });
});
