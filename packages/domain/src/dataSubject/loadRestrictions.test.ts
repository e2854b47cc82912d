import { type EventStore, InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import {
  contactRegistered,
  processingRestricted,
  received,
  SUBJECT,
  verified,
} from "../testing/dataSubjectFixtures.js";
import { appendHistory } from "../testing/storedHistory.js";
import type { DataSubjectEvent } from "./events.js";
import { loadRestrictionsInForce } from "./loadRestrictions.js";
import { dataSubjectStreamId } from "./records.js";

const OTHER = "subj-9b21";

/** The subject's history on its DataSubject stream (the fixtures are of SUBJECT: re-addressed). */
const appendSubject = (store: EventStore, subjectId: string, events: readonly DataSubjectEvent[]) =>
  appendHistory(
    store,
    dataSubjectStreamId(subjectId),
    events.map((event) => ({ ...event, data: { ...event.data, subjectId } }) as DataSubjectEvent),
  );

/** A rights request for a restriction, verified, and the restriction recorded (re-addressed by appendSubject). */
const restricted: readonly DataSubjectEvent[] = [
  contactRegistered,
  received("restriction"),
  verified("req-restriction"),
  processingRestricted("req-restriction"),
];
/** Its lift notice sent (Art. 18(3)), re-addressed by appendSubject. */
const liftNoticeSent: DataSubjectEvent = {
  type: "RestrictionLiftNoticeSent",
  data: { subjectId: SUBJECT, requestId: "req-restriction", sentAt: "2026-02-10T10:00:00Z" },
};

describe("loadRestrictionsInForce (P7.d, INV-42, Art. 18): the restrictions a Subscription decider takes, from the DataSubject streams", () => {
  it("P7.d, INV-42: a restriction recorded for a subject is in force; a lifted one, and a subject without a stream, are not", async () => {
    const store = new InMemoryEventStore();
    await appendSubject(store, SUBJECT, restricted);
    await appendSubject(store, OTHER, [
      ...restricted,
      liftNoticeSent,
      {
        type: "RestrictionLifted",
        data: { subjectId: OTHER, requestId: "req-restriction", liftedAt: "2026-02-12T10:00:00Z" },
      },
    ]);
    const inForce = await loadRestrictionsInForce(store, [SUBJECT, OTHER, "subj-none"]);
    expect([...inForce.keys()]).toEqual([SUBJECT]);
    expect(inForce.get(SUBJECT)).toMatchObject([
      { requestId: "req-restriction", retentionClasses: ["contract"], exceptPurpose: null },
    ]);
  });

  it("P7.d, INV-43, Art. 18(3): a restriction whose lift notice was sent but which was not lifted yet is still in force", async () => {
    const store = new InMemoryEventStore();
    await appendSubject(store, SUBJECT, [...restricted, liftNoticeSent]);
    expect((await loadRestrictionsInForce(store, [SUBJECT])).get(SUBJECT)).toMatchObject([
      { requestId: "req-restriction", liftNoticeSent: true },
    ]);
  });
});
