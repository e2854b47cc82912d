import { type EventStore, InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import type { DataSubjectEvent } from "../dataSubject/events.js";
import { dataSubjectStreamId } from "../dataSubject/records.js";
import { contactRegistered, processingRestricted } from "../testing/dataSubjectFixtures.js";
import { requested, userAdded } from "../testing/retentionHistory.js";
import { appendHistory } from "../testing/storedHistory.js";
import type { SubscriptionCommand } from "./commands.js";
import { subscriptionStreamId } from "./events.js";
import { loadSubscriptionRestrictions } from "./loadRestrictions.js";

const REQUESTER = "subj-req-1";
const USER = "subj-user-1";
const NEWCOMER = "subj-user-2";
const STREAM = subscriptionStreamId("sub-1");
const actor = { id: "actor-usage", roles: ["system"] };

/** A restriction in force for `subjectId` (the fixtures are of another subject: re-addressed). */
const restrict = (store: EventStore, subjectId: string) =>
  appendHistory(
    store,
    dataSubjectStreamId(subjectId),
    [contactRegistered, processingRestricted(`req-${subjectId}`)].map(
      (event) => ({ ...event, data: { ...event.data, subjectId } }) as DataSubjectEvent,
    ),
  );

const usage: SubscriptionCommand = {
  kind: "RecordUsage",
  actor,
  pseudonymousUserId: `pu-${USER}`,
  makerRef: `pu-${USER}`,
  lastEditAt: "2026-02-04T09:00:00Z",
  recordType: "processingRecord",
  module: "register",
  legalBasis: { kind: "legitimateInterest", liaRef: "LIA-1" },
  activityId: "act-usage",
};

describe("loadSubscriptionRestrictions (P7.d, INV-42, Art. 18): what a Subscription command may run into", () => {
  it("P7.d, INV-42: a usage record names its user by pseudonym only; the user's restriction is loaded from the subscription's stream", async () => {
    const store = new InMemoryEventStore();
    await appendHistory(store, STREAM, [requested("sub-1", REQUESTER), userAdded("sub-1", USER)]);
    await restrict(store, USER);
    const inForce = await loadSubscriptionRestrictions(store, STREAM, usage);
    expect([...inForce.keys()]).toEqual([USER]);
  });

  it("P7.d, INV-42: the requester's restriction, and the one of a person the command names (a new user), are loaded too", async () => {
    const store = new InMemoryEventStore();
    await appendHistory(store, STREAM, [requested("sub-1", REQUESTER), userAdded("sub-1", USER)]);
    await restrict(store, REQUESTER);
    await restrict(store, NEWCOMER);
    const addNewcomer: SubscriptionCommand = {
      kind: "AddUser",
      actor,
      userSubjectId: NEWCOMER,
      pseudonymousUserId: `pu-${NEWCOMER}`,
      email: "kees@acme.example",
      firstName: "Kees",
      lastName: "de Vries",
      activityId: "act-user-accounts",
    };
    const inForce = await loadSubscriptionRestrictions(store, STREAM, addNewcomer);
    expect([...inForce.keys()].sort()).toEqual([NEWCOMER, REQUESTER].sort());
    // A subscription not requested yet: only the people the command names.
    expect([
      ...(await loadSubscriptionRestrictions(store, subscriptionStreamId("sub-2"), usage)).keys(),
    ]).toEqual([]);
  });
});
