import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import type { PolicyEvent } from "../../projection/policyEvents.js";
import { appendPolicyEvents, breachOpened, ceo, cto } from "../../testing/policyEventLog.js";
import { projectAll } from "../../testing/runProjection.js";
import { escalatedDecisions, escalationLog } from "./escalationLog.js";
import { escalationLogProjection } from "./escalationLogProjection.js";

const AWARE = "2026-03-06T16:00:00Z";

const log = async () => {
  const events = new InMemoryEventStore();
  await appendPolicyEvents(events, "breach-b1", breachOpened("b1", AWARE), { actor: cto });
  await appendPolicyEvents(
    events,
    "breach-b1",
    [
      {
        type: "SeverityClassified",
        data: { incidentId: "b1", severity: "serious", rationale: "customer data", classifiedAt: AWARE },
      },
      {
        type: "DecisionProposed",
        data: {
          incidentId: "b1",
          decisionId: "d1",
          about: "notifyAuthority",
          proposal: "notify the authority",
          proposedAt: "2026-03-06T17:00:00Z",
        },
      },
      { type: "CEOInformed", data: { incidentId: "b1", informedAt: "2026-03-06T18:00:00Z" } },
      {
        type: "DecisionApproved",
        data: {
          incidentId: "b1",
          decisionId: "d1",
          approvedBy: cto.id,
          as: "CTO",
          approvedAt: "2026-03-06T19:00:00Z",
        },
      },
      {
        type: "DecisionApproved",
        data: {
          incidentId: "b1",
          decisionId: "d1",
          approvedBy: ceo.id,
          as: "CEO",
          approvedAt: "2026-03-06T20:00:00Z",
        },
      },
      {
        type: "DecisionTaken",
        data: {
          incidentId: "b1",
          decisionId: "d1",
          about: "notifyAuthority",
          approvers: [
            { actorId: cto.id, as: "CTO" },
            { actorId: ceo.id, as: "CEO" },
          ],
          takenAt: "2026-03-06T20:00:00Z",
        },
      },
    ] satisfies PolicyEvent[],
    { actor: cto },
  );
  await appendPolicyEvents(events, "breach-b2", breachOpened("b2", AWARE), { actor: cto });
  await appendPolicyEvents(
    events,
    "breach-b2",
    [
      {
        type: "SeverityClassified",
        data: { incidentId: "b2", severity: "minor", rationale: "one address", classifiedAt: AWARE },
      },
      {
        type: "DecisionTaken",
        data: {
          incidentId: "b2",
          decisionId: "d2",
          about: "notNotifyAuthority",
          approvers: [{ actorId: cto.id, as: "CTO" }],
          takenAt: "2026-03-07T09:00:00Z",
        },
      },
    ] satisfies PolicyEvent[],
    { actor: cto },
  );
  return projectAll(events, escalationLogProjection);
};

describe("escalation log", () => {
  it("P8.7, INV-50: every decision step proposed, approved (by role) and taken, in log order", async () => {
    const reader = await log();
    const entries = await escalationLog(reader, { incidentId: "b1" });
    expect(entries.map((e) => [e.step, e.as, e.actorId])).toEqual([
      ["proposed", null, cto.id],
      ["approved", "CTO", cto.id],
      ["approved", "CEO", ceo.id],
      ["taken", null, cto.id],
    ]);
    expect(entries[3]!.approvers).toEqual([
      { actorId: cto.id, as: "CTO" },
      { actorId: ceo.id, as: "CEO" },
    ]);
    expect(await escalationLog(reader)).toHaveLength(5);
    expect(JSON.stringify(await reader.find("steps"))).not.toContain("notify the authority");
  });

  it("P8.6, INV-49: whether the CEO was informed before each step, and joint approval in a serious case", async () => {
    const reader = await log();
    expect((await escalationLog(reader, { incidentId: "b1" })).map((e) => e.ceoInformedBefore)).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(await escalatedDecisions(reader, "b1")).toEqual([
      {
        incidentId: "b1",
        decisionId: "d1",
        about: "notifyAuthority",
        proposedAt: "2026-03-06T17:00:00Z",
        approvals: [
          { actorId: cto.id, as: "CTO", approvedAt: "2026-03-06T19:00:00Z" },
          { actorId: ceo.id, as: "CEO", approvedAt: "2026-03-06T20:00:00Z" },
        ],
        takenAt: "2026-03-06T20:00:00Z",
        approvers: [
          { actorId: cto.id, as: "CTO" },
          { actorId: ceo.id, as: "CEO" },
        ],
        jointlyApproved: true,
        severity: "serious",
        ceoInformedBefore: true,
      },
    ]);
    const [minor] = await escalatedDecisions(reader, "b2");
    expect(minor).toMatchObject({ severity: "minor", jointlyApproved: false, ceoInformedBefore: false });
  });
});
