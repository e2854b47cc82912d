import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import { InMemoryReadModelStore } from "../../readModelStore/inMemoryReadModelStore.js";
import { ProjectionRunner } from "../../runner/projectionRunner.js";
import { appendPolicyEvents, breachOpened, ceo, cto } from "../../testing/policyEventLog.js";
import { breachClock, openBreachClocks } from "./breachClock.js";
import { breachClockProjection } from "./breachClockProjection.js";

const AWARE = "2026-03-06T16:00:00Z"; // a Friday: the 72 hours run through the weekend (Art. 33(1))

const clock = async () => {
  const events = new InMemoryEventStore();
  await appendPolicyEvents(events, "breach-b1", breachOpened("b1", AWARE), { actor: cto });
  await appendPolicyEvents(events, "breach-b1", [
    {
      type: "SeverityClassified",
      data: { incidentId: "b1", severity: "serious", rationale: "r", classifiedAt: AWARE },
    },
    { type: "CEOInformed", data: { incidentId: "b1", informedAt: "2026-03-06T17:00:00Z" } },
    {
      type: "RiskAssessed",
      data: { incidentId: "b1", risk: "risk", rationale: "r", assessedAt: "2026-03-06T18:00:00Z" },
    },
    {
      type: "DecisionProposed",
      data: {
        incidentId: "b1",
        decisionId: "d1",
        about: "notifyAuthority",
        proposal: "notify",
        proposedAt: "2026-03-07T09:00:00Z",
      },
    },
    {
      type: "DecisionApproved",
      data: {
        incidentId: "b1",
        decisionId: "d1",
        approvedBy: "actor-cto",
        as: "CTO",
        approvedAt: "2026-03-07T09:30:00Z",
      },
    },
  ]);
  await appendPolicyEvents(events, "breach-b2", breachOpened("b2", "2026-03-07T10:00:00Z"), { actor: cto });
  const store = new InMemoryReadModelStore();
  const runner = new ProjectionRunner({ source: events, store, projection: breachClockProjection });
  void runner.start();
  await runner.caughtUp();
  return { events, store, runner, reader: store.reader(breachClockProjection) };
};

describe("breach 72-hour clock (P8.5-P8.7, Art. 33)", () => {
  it("shows hours left from awareness, CEO informed, severity, risk and approvals so far", async () => {
    const { reader, runner } = await clock();
    const entries = await openBreachClocks(reader, new Date("2026-03-08T16:00:00Z"));
    expect(entries.map((entry) => [entry.incidentId, entry.hoursLeft])).toEqual([
      ["b1", 24],
      ["b2", 42],
    ]);
    expect(entries[0]).toMatchObject({
      authorityDueAt: "2026-03-09T16:00:00.000Z",
      severity: "serious",
      risk: "risk",
      ceoInformed: true,
      overdue: false,
      authorityReference: null,
      decisions: [
        {
          decisionId: "d1",
          about: "notifyAuthority",
          takenAt: null,
          approvals: [{ as: "CTO", actorId: "actor-cto" }],
        },
      ],
    });
    expect(entries[1]?.ceoInformed).toBe(false);
    await runner.stop();
  });

  it("INV-50, Art. 33(1), 33(4): the joint decision, the authority's reference, and the follow-ups still owed", async () => {
    const { events, reader, runner } = await clock();
    expect((await breachClock(reader, "b1", new Date("2026-03-10T00:00:00Z")))?.overdue).toBe(true);
    await appendPolicyEvents(
      events,
      "breach-b1",
      [
        {
          type: "DecisionApproved",
          data: {
            incidentId: "b1",
            decisionId: "d1",
            approvedBy: "actor-ceo",
            as: "CEO",
            approvedAt: "2026-03-07T10:00:00Z",
          },
        },
        {
          type: "DecisionTaken",
          data: {
            incidentId: "b1",
            decisionId: "d1",
            about: "notifyAuthority",
            approvers: [
              { actorId: "actor-cto", as: "CTO" },
              { actorId: "actor-ceo", as: "CEO" },
            ],
            takenAt: "2026-03-07T10:00:00Z",
          },
        },
        {
          type: "AuthorityNotified",
          data: {
            incidentId: "b1",
            decisionId: "d1",
            notifiedAt: "2026-03-07T11:00:00Z",
            authorityReference: "AP-2026-0042",
            contents: { nature: "exposed backup" },
            phased: true,
            missing: ["approximateRecords", "measures"],
            late: false,
          },
        },
      ],
      { actor: ceo },
    );
    await runner.caughtUp();
    const entry = await breachClock(reader, "b1", new Date("2026-03-10T00:00:00Z"));
    expect(entry).toMatchObject({
      overdue: false,
      authorityReference: "AP-2026-0042",
      notifiedLate: false,
      followUpsMissing: ["approximateRecords", "measures"],
    });
    expect(entry?.decisions[0]?.approvals.map((a) => a.as)).toEqual(["CTO", "CEO"]);
    expect(entry?.decisions[0]?.takenAt).toBe("2026-03-07T10:00:00Z");

    await appendPolicyEvents(events, "breach-b1", [
      { type: "IncidentClosed", data: { incidentId: "b1", closedAt: "2026-03-20T10:00:00Z" } },
    ]);
    await runner.caughtUp();
    expect(
      (await openBreachClocks(reader, new Date("2026-03-21T00:00:00Z"))).map((e) => e.incidentId),
    ).toEqual(["b2"]);
    await runner.stop();
  });
});
