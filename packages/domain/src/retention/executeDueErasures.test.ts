import {
  type Actor,
  commandHandler,
  erasureStreamId,
  fixedClock,
  InMemoryEventStore,
  InMemoryKeyStore,
  type JsonValue,
  ProtectedEventStore,
  verifyStore,
} from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { beforeEach, describe, expect, it } from "vitest";
import { type ConsentEvent, consentCatalog } from "../consent/events.js";
import { consentStreamId, NEWSLETTER_PURPOSE } from "../consent/records.js";
import type { DataSubjectEvent } from "../dataSubject/events.js";
import { NO_RESTRICTIONS } from "../shared/restrictions.js";
import type { SubscriptionCommand } from "../subscription/commands.js";
import { subscriptionDecider } from "../subscription/decide.js";
import { subscriptionCatalog, subscriptionStreamId } from "../subscription/events.js";
import { evolveSubscription, initialSubscriptionState } from "../subscription/state.js";
import { companyRegister } from "../testing/companyRegister.js";
import { contact, employmentEnded } from "../testing/retentionHistory.js";
import { executeDueErasures } from "./executeDueErasures.js";
import { loadRetentionSchedule } from "./loadRetentionSchedule.js";
import { currentEntry, retentionScheduleOf } from "./retentionSchedule.js";

const clock = fixedClock("2026-01-15T10:00:00.000Z");
const employee: Actor = { id: "actor-emp", roles: ["employee"] };
const admin: Actor = { id: "actor-admin-1", roles: ["clientAdministrator"] };
const system: Actor = { id: "actor-retention-job", roles: ["employee"] };

const commands: readonly SubscriptionCommand[] = [
  {
    kind: "RequestSubscription",
    actor: employee,
    subscriptionId: "sub-1",
    channel: "phone",
    receivedAt: "2026-01-15T09:30:00Z",
    requesterSubjectId: "subj-jan",
    clientOrganisationId: "org-1",
    serviceType: "tool-pro",
    requiredData: ["organisationName", "contactName"],
    data: { organisationName: "Acme B.V.", contactName: "Jan Jansen" },
    clientAdministratorIds: [admin.id],
    activityId: "act-subscription",
  },
  { kind: "ActivateSubscription", actor: employee, activatedAt: "2026-01-20T08:00:00Z" },
  {
    kind: "AddUser",
    actor: admin,
    userSubjectId: "subj-piet",
    pseudonymousUserId: "pu-7f3a",
    email: "piet@acme.example",
    firstName: "Piet",
    lastName: "Pietersen",
    activityId: "act-user-accounts",
  },
  {
    kind: "RecordUsage",
    actor: employee,
    pseudonymousUserId: "pu-7f3a",
    makerRef: "pu-7f3a",
    lastEditAt: "2026-02-01T13:00:00Z",
    recordType: "processingRecord",
    module: "register",
    legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-01" },
    activityId: "act-usage",
  },
  { kind: "EndSubscription", actor: employee, endedAt: "2026-03-31T10:00:00Z" },
];

describe("executeDueErasures: INV-28 P4.1, shredding what the schedule says is due", () => {
  let inner: InMemoryEventStore;
  let keyStore: InMemoryKeyStore;
  let store: ProtectedEventStore;

  beforeEach(async () => {
    inner = new InMemoryEventStore({ clock });
    keyStore = new InMemoryKeyStore({ clock });
    store = new ProtectedEventStore(inner, { keyStore, personalFields: subscriptionCatalog.personalFields });
    const handle = commandHandler({
      store,
      decider: subscriptionDecider({ register: companyRegister(), restrictions: NO_RESTRICTIONS }),
      catalog: subscriptionCatalog,
      clock,
    });
    for (const [index, command] of commands.entries()) {
      const handled = await handle(subscriptionStreamId("sub-1"), {
        command,
        actor: command.actor,
        commandId: `c-${index}`,
      });
      expect(isRight(handled)).toBe(true);
    }
  });

  it("P4.1 INV-28: before the backup window has passed nothing is shredded", async () => {
    const schedule = await loadRetentionSchedule(store);
    const done = await executeDueErasures(
      { store, keyStore },
      schedule,
      new Date("2026-09-30T12:00:00Z"),
      system,
    );
    expect(isRight(done) && done.right).toEqual([]);
  });

  it("P4.1 INV-28: after it, the contract keys of the requester and the users are shredded, recorded as retention-expired citing P4.1", async () => {
    const now = new Date("2026-10-01T00:00:00Z");
    const schedule = await loadRetentionSchedule(store);
    const done = await executeDueErasures({ store, keyStore, keyCache: store.keys }, schedule, now, system);
    expect(isRight(done)).toBe(true);
    if (!isRight(done)) return;
    expect(done.right.map(({ entry, receipt }) => [entry.key, receipt.keyIds.length])).toEqual([
      ["subj-jan#contract#1", 1],
      ["subj-piet#contract#1", 1],
    ]);
    const [record] = await collect(inner.readStream(erasureStreamId("subj-piet")));
    expect(record).toMatchObject({
      data: { retentionClass: "contract", reason: "retention-expired", requestId: null },
      metadata: { actor: system, occurredAt: now.toISOString(), clauses: ["P7.b", "P4.1"] },
    });
    const [requested, , userAdded] = await collect(store.readStream(subscriptionStreamId("sub-1")));
    expect(requested?.data).toMatchObject({ organisationName: "Acme B.V.", contactName: { kind: "Erased" } });
    expect(userAdded?.data).toMatchObject({
      pseudonymousUserId: { kind: "Erased" },
      email: { kind: "Erased" },
    });
    expect(isRight(await verifyStore(inner))).toBe(true);

    // The schedule folded afterwards has nothing due any more: a second run does nothing.
    const after = await loadRetentionSchedule(store);
    const again = await executeDueErasures({ store, keyStore }, after, now, system);
    expect(isRight(again) && again.right).toEqual([]);
  });

  it("P1.B.2, INV-27, GDPR Art. 4(5), recital 26: once the user's contract key is shredded, UserAdded's pseudonymousUserId reads as Erased and the usage log under it is anonymous", async () => {
    const before = await collect(store.readStream(subscriptionStreamId("sub-1")));
    expect(before.find((event) => event.type === "UserAdded")?.data).toMatchObject({
      userSubjectId: "subj-piet",
      pseudonymousUserId: "pu-7f3a",
    });

    const now = new Date("2026-10-01T00:00:00Z");
    await executeDueErasures(
      { store, keyStore, keyCache: store.keys },
      await loadRetentionSchedule(store),
      now,
      system,
    );

    const after = await collect(store.readStream(subscriptionStreamId("sub-1")));
    const userAdded = after.find((event) => event.type === "UserAdded");
    expect(userAdded?.data).toMatchObject({
      userSubjectId: "subj-piet",
      pseudonymousUserId: { kind: "Erased" },
    });
    // The usage line keeps its pseudonym, by design; no event read in clear ties it to the user any more.
    expect(after.find((event) => event.type === "UsageRecorded")?.data).toMatchObject({
      pseudonymousUserId: "pu-7f3a",
    });
    const linking = after.filter((event) => {
      const text = JSON.stringify(event.data);
      return text.includes("subj-piet") && text.includes("pu-7f3a");
    });
    expect(linking).toEqual([]);
    // The decider's fold, over the same stream, knows the user no more.
    const decoded = after.map((event) => {
      const result = subscriptionCatalog.decode(event);
      if (!isRight(result)) throw new Error(`${event.type} did not decode`);
      return result.right;
    });
    const state = decoded.reduce(evolveSubscription, initialSubscriptionState);
    expect([...state.pseudonyms]).toEqual([]);
    expect(state.users.has("subj-piet")).toBe(false);
  });

  it("P4.1: the same schedule run twice (a crash before the fold caught up) is harmless: nothing left to shred", async () => {
    const now = new Date("2026-10-01T00:00:00Z");
    const schedule = await loadRetentionSchedule(store);
    await executeDueErasures({ store, keyStore }, schedule, now, system);
    const head = await inner.headPosition();
    const again = await executeDueErasures({ store, keyStore }, schedule, now, system);
    expect(isRight(again) && again.right.map(({ receipt }) => receipt.keyIds)).toEqual([[], []]);
    expect(await inner.headPosition()).toBe(head);
  });
});

describe("executeDueErasures: P1.F.6, D4, marketing data through the protected store", () => {
  const subjectId = "subj-anna";
  const events: readonly ConsentEvent[] = [
    {
      type: "ConsentGiven",
      data: {
        subjectId,
        consentId: "cons-1",
        purpose: NEWSLETTER_PURPOSE,
        activityId: "act-newsletter",
        evidence: {
          noticeVersionId: "notice-newsletter-v3",
          presentedAt: "2026-02-02T09:00:00Z",
          givenAt: "2026-02-02T09:01:00Z",
          channel: "webForm",
          actorId: subjectId,
          givenBySubject: true,
        },
        name: "Anna de Vries",
        email: "anna@example.org",
      },
    },
    {
      type: "UnsubscribedViaLink",
      data: { subjectId, messageId: "msg-1", unsubscribedAt: "2026-03-03T10:00:00Z" },
    },
  ];

  it("P1.F.6, D4, INV-27: loadRetentionSchedule decodes consent events; the newsletter data are shredded once the person unsubscribed, the evidence stays", async () => {
    const inner = new InMemoryEventStore({ clock });
    const keyStore = new InMemoryKeyStore({ clock });
    const store = new ProtectedEventStore(inner, { keyStore, personalFields: consentCatalog.personalFields });
    const appended = await store.append(
      consentStreamId(subjectId),
      events.map((event, index) => {
        const encoded = consentCatalog.encode(event);
        return {
          id: `consent-event-${index}`,
          type: encoded.type,
          schemaVersion: encoded.schemaVersion,
          data: encoded.data as JsonValue,
          metadata: {
            actor: employee,
            correlationId: "c",
            causationId: "c",
            occurredAt: "2026-03-03T10:00:00.000Z",
            clauses: encoded.clauses,
          },
        };
      }),
    );
    expect(isRight(appended)).toBe(true);

    const schedule = await loadRetentionSchedule(store);
    expect(currentEntry(schedule, subjectId, "marketing")).toMatchObject({
      until: "2026-03-03T10:00:00.000Z",
    });
    const now = new Date("2026-03-03T10:05:00Z");
    const done = await executeDueErasures({ store, keyStore, keyCache: store.keys }, schedule, now, system);
    expect(isRight(done) && done.right.map(({ entry }) => entry.key)).toEqual(["subj-anna#marketing#1"]);
    const [record] = await collect(inner.readStream(erasureStreamId(subjectId)));
    expect(record).toMatchObject({
      data: { retentionClass: "marketing", reason: "retention-expired" },
      metadata: { clauses: ["P7.b", "P1.F.6"] },
    });
    const [consentRead] = await collect(store.readStream(consentStreamId(subjectId)));
    expect(consentRead?.data).toMatchObject({
      name: { kind: "Erased" },
      email: { kind: "Erased" },
      evidence: { noticeVersionId: "notice-newsletter-v3", givenAt: "2026-02-02T09:01:00Z" },
    });
    expect(currentEntry(await loadRetentionSchedule(store), subjectId, "marketing")).toMatchObject({
      erased: true,
    });
  });
});

describe("executeDueErasures: failures", () => {
  it("stops at the first failure and says which entry; the erasures before it stand", async () => {
    const events: DataSubjectEvent[] = ["subj-early", "not an id"].flatMap((subjectId, index) => [
      contact(subjectId),
      employmentEnded(subjectId, `2026-0${index + 1}-01T00:00:00Z`),
    ]);
    const failed = await executeDueErasures(
      { store: new InMemoryEventStore(), keyStore: new InMemoryKeyStore() },
      retentionScheduleOf(events),
      new Date("2026-06-01T00:00:00Z"),
      system,
    );
    expect(isLeft(failed)).toBe(true);
    if (!isLeft(failed)) return;
    expect(failed.left).toMatchObject({
      kind: "DueErasureFailed",
      entry: { key: "not an id#relationship#1" },
      cause: { kind: "InvalidErasureRequest" },
    });
    expect(failed.left.erased.map(({ entry }) => entry.key)).toEqual(["subj-early#relationship#1"]);
    expect(failed.left.message).toContain("not an id");
  });
});
