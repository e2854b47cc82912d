import { type EventStore, InMemoryEventStore, type NewEvent } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import { contactRegistered, received, SUBJECT, verified } from "../testing/dataSubjectFixtures.js";
import type { DataSubjectEvent } from "./events.js";
import { loadRestrictionsInForce } from "./loadRestrictions.js";
import { dataSubjectStreamId } from "./records.js";

const OTHER = "subj-9b21";

/** The events as the command handler stores them (ids, metadata), on the subject's DataSubject stream. */
const appendHistory = async (store: EventStore, subjectId: string, events: readonly DataSubjectEvent[]) => {
  const stored: NewEvent[] = events.map((event, i) => ({
    id: `${subjectId}-${i}`,
    type: event.type,
    schemaVersion: 1,
    data: { ...event.data, subjectId } as NewEvent["data"],
    metadata: {
      actor: { id: "actor-emp", roles: ["employee"] },
      correlationId: `corr-${subjectId}`,
      causationId: `cmd-${subjectId}-${i}`,
      occurredAt: "2026-02-03T10:00:00.000Z",
      clauses: ["P7.d"],
    },
  }));
  await store.append(dataSubjectStreamId(subjectId), stored);
};

const restricted = (requestId: string): DataSubjectEvent => ({
  type: "ProcessingRestricted",
  data: {
    subjectId: SUBJECT,
    requestId,
    ground: "Art. 18(1)(a)",
    retentionClasses: ["contract"],
    exceptPurpose: null,
    restrictedAt: "2026-02-03T10:00:00Z",
  },
});

describe("loadRestrictionsInForce (P7.d, INV-42, Art. 18): the restrictions a Subscription decider takes, from the DataSubject streams", () => {
  it("P7.d, INV-42: a restriction recorded for a subject is in force; a lifted one, and a subject without a stream, are not", async () => {
    const store = new InMemoryEventStore();
    await appendHistory(store, SUBJECT, [
      contactRegistered,
      received("restriction"),
      verified("req-restriction"),
      restricted("req-restriction"),
    ]);
    await appendHistory(store, OTHER, [
      contactRegistered,
      received("restriction"),
      verified("req-restriction"),
      restricted("req-restriction"),
      {
        type: "RestrictionLiftNoticeSent",
        data: { subjectId: OTHER, requestId: "req-restriction", sentAt: "2026-02-10T10:00:00Z" },
      },
      {
        type: "RestrictionLifted",
        data: { subjectId: OTHER, requestId: "req-restriction", liftedAt: "2026-02-12T10:00:00Z" },
      },
    ]);
    const inForce = await loadRestrictionsInForce(store, [SUBJECT, OTHER, "subj-none", SUBJECT]);
    expect([...inForce.keys()]).toEqual([SUBJECT]);
    expect(inForce.get(SUBJECT)).toMatchObject([
      { requestId: "req-restriction", retentionClasses: ["contract"], exceptPurpose: null },
    ]);
  });
});
