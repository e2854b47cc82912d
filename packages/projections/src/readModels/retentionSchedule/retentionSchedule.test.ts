import { type RetentionEntry, retentionScheduleOf } from "@privacy-ledger/domain";
import { retentionHistory } from "@privacy-ledger/domain/testing";
import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import type { PolicyEvent } from "../../projection/policyEvents.js";
import { appendPolicyEvents } from "../../testing/policyEventLog.js";
import { projectAll } from "../../testing/runProjection.js";
import { erasuresDue, retentionSchedule } from "./retentionSchedule.js";
import { retentionScheduleProjection } from "./retentionScheduleProjection.js";

const { requested, userAdded, ended, invoiced, paid, contact, employmentEnded } = retentionHistory;
const hold = (subjectId: string, holdId: string) =>
  retentionHistory.hold(subjectId, holdId, "relationship", "case-2026-017");
const erased = (subjectId: string, retentionClass: string): PolicyEvent => ({
  type: "PersonalDataErased",
  data: { subjectId, retentionClass, keyIds: ["key-1"], reason: "retention-expired", requestId: null },
});

const AT = "2026-01-30T09:00:00Z";

/** The history, each event with the stream and occurredAt it is stored with. */
const history: [string, PolicyEvent, string][] = [
  ["subscription-s1", requested("s1", "jan"), AT],
  ["subscription-s1", userAdded("s1", "piet"), AT],
  ["subscription-s1", invoiced("s1", "inv-1", "2026-02-01T09:00:00Z", "jan"), AT],
  ["data-subject-kees", contact("kees"), AT],
  ["data-subject-lien", contact("lien"), AT],
  ["data-subject-lien", hold("lien", "hold-1"), "2026-05-01T09:00:00Z"],
  ["subscription-s1", paid("s1", "inv-1", "2026-02-20T09:00:00Z"), "2026-02-20T09:00:00Z"],
  ["subscription-s1", ended("s1", "2026-06-30T22:00:00Z", "2026-09-30T22:00:00Z"), "2026-06-30T22:00:00Z"],
  ["data-subject-kees", employmentEnded("kees", "2026-03-31T22:00:00Z"), "2026-03-31T22:00:00Z"],
  ["data-subject-lien", employmentEnded("lien", "2026-03-31T22:00:00Z"), "2026-03-31T22:00:00Z"],
  ["erasure-piet", erased("piet", "contract"), "2026-10-01T09:00:00Z"],
  ["data-subject-piet", contact("piet"), "2026-11-01T09:00:00Z"],
  ["subscription-s2", userAdded("s2", "piet"), "2026-11-02T09:00:00Z"],
];

const project = async () => {
  const events = new InMemoryEventStore();
  for (const [stream, event, occurredAt] of history)
    await appendPolicyEvents(events, stream, [event], { occurredAt });
  return projectAll(events, retentionScheduleProjection);
};

const row = (entry: RetentionEntry) => ({
  subjectId: entry.subjectId,
  retentionClass: entry.retentionClass,
  generation: entry.generation,
  trigger: entry.trigger,
  until: entry.until,
  condition: entry.condition,
  basis: entry.basis,
  clauses: entry.clauses,
  legalHolds: entry.legalHolds,
  erased: entry.erased,
  erasedAt: entry.erasedAt,
});

describe("retention and erasure schedule", () => {
  it("P4, INV-27: the entries are the domain's scheduleRetention fold of the same log, per subject and class", async () => {
    const reader = await project();
    const fold = retentionScheduleOf(
      history.map(([, event, occurredAt]) => ({ ...event, metadata: { occurredAt } })),
    );
    const expected = [...fold.entries.values()].sort((a, b) => (a.key < b.key ? -1 : 1)).map(row);
    expect(await retentionSchedule(reader, { history: true })).toEqual(expected);
    expect(expected.length).toBeGreaterThan(4);
  });

  it("P4.1, P4.2, INV-28: what is due when, holds keep data past the period, erased entries stay as history", async () => {
    const reader = await project();
    const piet = await retentionSchedule(reader, { subjectId: "piet", history: true });
    expect(piet.map((e) => [e.retentionClass, e.generation, e.erased])).toEqual([
      ["contract", 1, true],
      ["contract", 2, false],
      ["relationship", 1, false],
    ]);
    expect(piet[0]).toMatchObject({ trigger: "subscriptionEnded", erasedAt: "2026-10-01T09:00:00Z" });
    expect(piet[1]).toMatchObject({ until: null, condition: expect.stringContaining("s2") });
    expect(await retentionSchedule(reader, { subjectId: "piet" })).toEqual([piet[1], piet[2]]);
    const [lien] = await retentionSchedule(reader, { subjectId: "lien" });
    expect(lien).toMatchObject({
      retentionClass: "relationship",
      trigger: "contactEmploymentEnded",
      legalHolds: [{ holdId: "hold-1", reason: "case-2026-017" }],
    });
    const due = await erasuresDue(reader, new Date("2027-12-31T00:00:00Z"));
    expect(due.map((e) => [e.subjectId, e.retentionClass])).toContainEqual(["kees", "relationship"]);
    expect(due.some((e) => e.subjectId === "lien")).toBe(false);
    expect(JSON.stringify(await reader.find("entries"))).not.toContain("Jansen");
  });
});
