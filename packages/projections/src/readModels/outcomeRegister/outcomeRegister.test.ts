import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import {
  appendPolicyEvents,
  deadlineExtended,
  requestClosed,
  requestReceived,
  requestRefused,
} from "../../testing/policyEventLog.js";
import { projectAll } from "../../testing/runProjection.js";
import { requestsAnsweredOnTime, rightsRequestOutcomes } from "./outcomeRegister.js";
import { outcomeRegisterProjection } from "./outcomeRegisterProjection.js";

// Friday 30 January 2026: due Monday 2 March (Reg. 1182/71 art. 3(4)); extended, Thursday 30 April.
const RECEIVED = "2026-01-30T09:00:00Z";

const register = async () => {
  const events = new InMemoryEventStore();
  await appendPolicyEvents(events, "data-subject-s1", [
    requestReceived("s1", "r-on-time", RECEIVED, "send me everything"),
    requestClosed("s1", "r-on-time", "2026-02-20T09:00:00Z"),
  ]);
  await appendPolicyEvents(events, "data-subject-s2", [
    requestReceived("s2", "r-late", RECEIVED, undefined, { right: "erasure", channel: "phone" }),
    requestClosed("s2", "r-late", "2026-03-03T09:00:00Z"),
  ]);
  await appendPolicyEvents(events, "data-subject-s3", [
    requestReceived("s3", "r-extended", RECEIVED),
    deadlineExtended("s3", "r-extended", RECEIVED, "2026-02-10T09:00:00Z"),
    requestClosed("s3", "r-extended", "2026-04-01T09:00:00Z", "partiallyGranted"),
  ]);
  await appendPolicyEvents(events, "data-subject-s4", [
    requestReceived("s4", "r-refused", RECEIVED),
    requestRefused("s4", "r-refused", "2026-02-02T09:00:00Z", "excessive"),
    {
      type: "FeeCharged",
      data: {
        subjectId: "s4",
        requestId: "r-refused",
        ground: "Art. 12(5)(a)",
        amountCents: 2500,
        reasons: "fourth copy",
        chargedAt: "2026-02-02T09:00:00Z",
      },
    },
    requestClosed("s4", "r-refused", "2026-02-02T10:00:00Z", "refused"),
  ]);
  await appendPolicyEvents(events, "data-subject-s5", [requestReceived("s5", "r-open", RECEIVED)]);
  return projectAll(events, outcomeRegisterProjection);
};

describe("rights-request outcome register (P7, Art. 12)", () => {
  it("P7.2, INV-45, Art. 12(3): every closed request with right, channel, deadlines, outcome and on time or late", async () => {
    const outcomes = await rightsRequestOutcomes(await register());
    expect(outcomes.map((o) => [o.requestId, o.outcome, o.onTime])).toEqual([
      ["r-refused", "refused", true],
      ["r-on-time", "granted", true],
      ["r-late", "granted", false],
      ["r-extended", "partiallyGranted", true],
    ]);
    expect(outcomes.find((o) => o.requestId === "r-late")).toMatchObject({
      right: "erasure",
      channel: "phone",
      receivedAt: RECEIVED,
      dueAt: "2026-03-02T22:59:59.999Z",
      applicableDueAt: "2026-03-02T22:59:59.999Z",
      extended: false,
      closedAt: "2026-03-03T09:00:00Z",
    });
    expect(outcomes.find((o) => o.requestId === "r-extended")).toMatchObject({
      extended: true,
      extendedDueDate: "2026-04-30",
    });
  });

  it("INV-37, INV-38, Art. 12(4), 12(5): a refusal shows its ground and the fee charged, not the reasons", async () => {
    const reader = await register();
    const [refused] = await rightsRequestOutcomes(reader, { outcome: "refused" });
    expect(refused).toMatchObject({ requestId: "r-refused", refusedGround: "excessive", feeCents: 2500 });
    expect(JSON.stringify(await reader.find("outcomes"))).not.toContain("fourth");
  });

  it("filters by right, channel, on time or late, and the period of closing", async () => {
    const reader = await register();
    const ids = async (filter: Parameters<typeof rightsRequestOutcomes>[1]) =>
      (await rightsRequestOutcomes(reader, filter)).map((o) => o.requestId);
    expect(await ids({ right: "erasure" })).toEqual(["r-late"]);
    expect(await ids({ channel: "phone" })).toEqual(["r-late"]);
    expect(await ids({ onTime: false })).toEqual(["r-late"]);
    expect(
      await ids({
        closedFrom: new Date("2026-02-15T00:00:00Z"),
        closedBefore: new Date("2026-03-31T00:00:00Z"),
      }),
    ).toEqual(["r-on-time", "r-late"]);
  });

  it("§5(c)20, Art. 12(3): the compliance figure is the share of closed requests answered on time", async () => {
    const reader = await register();
    expect(await requestsAnsweredOnTime(reader)).toEqual({ total: 4, onTime: 3, late: 1, share: 0.75 });
    expect(await requestsAnsweredOnTime(reader, { right: "portability" })).toEqual({
      total: 0,
      onTime: 0,
      late: 0,
      share: null,
    });
  });
});
