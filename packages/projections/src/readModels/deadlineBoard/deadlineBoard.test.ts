import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import { InMemoryReadModelStore } from "../../readModelStore/inMemoryReadModelStore.js";
import { ProjectionRunner } from "../../runner/projectionRunner.js";
import {
  appendPolicyEvents,
  deadlineExtended,
  requestClosed,
  requestReceived,
} from "../../testing/policyEventLog.js";
import { openRightsRequests, overdueRightsRequests, rightsRequestOnBoard } from "./deadlineBoard.js";
import { deadlineBoardProjection } from "./deadlineBoardProjection.js";

const board = async () => {
  const events = new InMemoryEventStore();
  // Friday 30 January 2026: one month ends Saturday 28 February, moved to Monday 2 March (Reg. 1182/71 art. 3(4)).
  await appendPolicyEvents(events, "data-subject-s1", [
    requestReceived("s1", "r-plain", "2026-01-30T09:00:00Z", "please send me everything"),
  ]);
  await appendPolicyEvents(events, "data-subject-s2", [
    requestReceived("s2", "r-extended", "2026-01-30T09:00:00Z"),
    deadlineExtended("s2", "r-extended", "2026-01-30T09:00:00Z", "2026-02-10T09:00:00Z"),
  ]);
  await appendPolicyEvents(events, "data-subject-s3", [
    requestReceived("s3", "r-closed", "2026-01-30T09:00:00Z"),
    requestClosed("s3", "r-closed", "2026-02-05T09:00:00Z"),
  ]);
  const store = new InMemoryReadModelStore();
  const runner = new ProjectionRunner({ source: events, store, projection: deadlineBoardProjection });
  void runner.start();
  await runner.caughtUp();
  await runner.stop();
  return store.reader(deadlineBoardProjection);
};

describe("rights-request deadline board (P7.2, Art. 12(3))", () => {
  it("lists open requests only, with due, extended due, days and hours left at an instant", async () => {
    const reader = await board();
    const at = new Date("2026-02-27T09:00:00Z"); // Friday; the plain request is due Monday 2 March
    const open = await openRightsRequests(reader, { at });
    expect(open.map((entry) => entry.requestId)).toEqual(["r-plain", "r-extended"]);
    const [plain, extended] = open;
    expect(plain).toMatchObject({
      dueDate: "2026-03-02",
      dueAt: "2026-03-02T22:59:59.999Z",
      extendedDueAt: null,
      effectiveDueDate: "2026-03-02",
      daysLeft: 3,
      overdue: false,
      identity: "unverified",
      description: "please send me everything",
    });
    expect(plain?.hoursLeft).toBeCloseTo(3 * 24 + 13 + 59 / 60 + 59.999 / 3600, 6);
    expect(extended).toMatchObject({ dueDate: "2026-03-02", extendedDueDate: "2026-04-30", daysLeft: 62 }); // three months from receipt
  });

  it("P7.2, Art. 12(3): the extension notice must go out by the original due instant, until the extension is taken", async () => {
    const reader = await board();
    const at = new Date("2026-02-01T09:00:00Z");
    const entries = await openRightsRequests(reader, { at });
    expect(entries.find((e) => e.requestId === "r-plain")?.extensionNoticeBy).toBe(
      "2026-03-02T22:59:59.999Z",
    );
    expect(entries.find((e) => e.requestId === "r-extended")?.extensionNoticeBy).toBeNull();
  });

  it("INV-34: a request past its binding deadline is overdue; an extended one is not yet", async () => {
    const reader = await board();
    const at = new Date("2026-03-03T08:00:00Z");
    const overdue = await overdueRightsRequests(reader, at);
    expect(overdue.map((entry) => [entry.requestId, entry.daysLeft])).toEqual([["r-plain", -1]]);
  });

  it("a closed request is off the board but can still be looked up with its outcome", async () => {
    const reader = await board();
    expect(await rightsRequestOnBoard(reader, "r-closed", new Date("2026-02-06T00:00:00Z"))).toMatchObject({
      outcome: "granted",
      closedAt: "2026-02-05T09:00:00Z",
    });
  });
});
