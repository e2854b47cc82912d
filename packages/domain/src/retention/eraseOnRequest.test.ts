import {
  type Actor,
  commandHandler,
  erasureCatalog,
  erasureStreamId,
  fixedClock,
  InMemoryEventStore,
  InMemoryKeyStore,
  ProtectedEventStore,
  type StoredEvent,
  verifyStore,
} from "@privacy-ledger/eventsourcing";
import { collect } from "@privacy-ledger/eventsourcing/testing";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { beforeEach, describe, expect, it } from "vitest";
import type { DataSubjectCommand } from "../dataSubject/commands.js";
import { dataSubjectDecider } from "../dataSubject/decide.js";
import { dataSubjectCatalog } from "../dataSubject/events.js";
import { dataSubjectStreamId } from "../dataSubject/records.js";
import { NO_RESTRICTIONS } from "../shared/restrictions.js";
import type { SubscriptionCommand } from "../subscription/commands.js";
import { subscriptionDecider } from "../subscription/decide.js";
import { subscriptionCatalog, subscriptionStreamId } from "../subscription/events.js";
import { companyRegister } from "../testing/companyRegister.js";
import { type EraseOnRequestDeps, eraseOnRequest } from "./eraseOnRequest.js";
import { loadRetentionSchedule } from "./loadRetentionSchedule.js";
import { emptyRetentionSchedule, type RetentionSchedule } from "./retentionSchedule.js";

const clock = fixedClock("2026-06-01T10:00:00.000Z");
const at = new Date("2026-06-01T10:00:00.000Z");
const employee: Actor = { id: "actor-emp", roles: ["employee"] };
const SUBJECT = "subj-jan";
const NAME = "Jan Jansen";
const EMAIL = "jan@acme.example";

/** The policy's register of processing activities (INV-01). */
const register = companyRegister();
const subscription = subscriptionDecider({ register, restrictions: NO_RESTRICTIONS });

const subscriptionCommands: readonly SubscriptionCommand[] = [
  {
    kind: "RequestSubscription",
    actor: employee,
    subscriptionId: "sub-1",
    channel: "email",
    receivedAt: "2026-01-15T09:30:00Z",
    requesterSubjectId: SUBJECT,
    clientOrganisationId: "org-1",
    serviceType: "tool-pro",
    requiredData: ["organisationName", "contactName", "contactEmail"],
    data: { organisationName: "Acme B.V.", contactName: NAME, contactEmail: EMAIL },
    clientAdministratorIds: ["actor-admin-1"],
    activityId: "act-subscription",
  },
  { kind: "ActivateSubscription", actor: employee, activatedAt: "2026-01-20T08:00:00Z" },
  {
    kind: "IssueInvoice",
    actor: employee,
    invoiceId: "inv-1",
    issuedAt: "2026-02-01T00:00:00Z",
    amountCents: 120_000,
    currency: "EUR",
    billingContactSubjectId: SUBJECT,
    billingContactName: NAME,
    billingContactEmail: EMAIL,
    activityId: "act-invoicing",
  },
  {
    kind: "RecordPayment",
    actor: employee,
    invoiceId: "inv-1",
    paymentId: "pay-1",
    paidAt: "2026-02-20T10:00:00Z",
    amountCents: 120_000,
    activityId: "act-invoicing",
  },
];

const subjectCommands: readonly DataSubjectCommand[] = [
  {
    kind: "RegisterBusinessContact",
    actor: employee,
    subjectId: SUBJECT,
    clientOrganisationId: "org-1",
    role: "it",
    companyName: "Acme B.V.",
    activityId: "act-relationship",
    legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-02" },
    name: NAME,
    jobTitle: "IT lead",
    businessEmail: EMAIL,
  },
  {
    kind: "ReceiveRightsRequest",
    actor: employee,
    subjectId: SUBJECT,
    requestId: "dsr-1",
    right: "erasure",
    channel: "email",
    receivedAt: "2026-05-20T08:00:00Z",
    description: "Please erase all my data",
  },
  {
    kind: "VerifyIdentity",
    actor: employee,
    subjectId: SUBJECT,
    requestId: "dsr-1",
    proof: "replyFromRegisteredAddress",
    at: "2026-05-21T08:00:00Z",
  },
];

type Data = Record<string, unknown>;

describe("eraseOnRequest: P7.b INV-10, an erasure request on the event store through the protection layer", () => {
  let inner: InMemoryEventStore;
  let keyStore: InMemoryKeyStore;
  let store: ProtectedEventStore;
  let deps: EraseOnRequestDeps;
  let schedule: RetentionSchedule;

  beforeEach(async () => {
    inner = new InMemoryEventStore({ clock });
    keyStore = new InMemoryKeyStore({ clock });
    store = new ProtectedEventStore(inner, {
      keyStore,
      personalFields: (type, version) => [
        ...subscriptionCatalog.personalFields(type, version),
        ...dataSubjectCatalog.personalFields(type, version),
      ],
      keyCacheMs: 0,
    });
    const subscriptions = commandHandler({
      store,
      decider: subscription,
      catalog: subscriptionCatalog,
      clock,
    });
    for (const [index, command] of subscriptionCommands.entries()) {
      const handled = await subscriptions(subscriptionStreamId("sub-1"), {
        command,
        actor: employee,
        commandId: `sub-${index}`,
      });
      expect(isRight(handled)).toBe(true);
    }
    const subjects = commandHandler({
      store,
      decider: dataSubjectDecider({ register }),
      catalog: dataSubjectCatalog,
      clock,
    });
    for (const [index, command] of subjectCommands.entries()) {
      const handled = await subjects(dataSubjectStreamId(SUBJECT), {
        command,
        actor: employee,
        commandId: `ds-${index}`,
      });
      expect(isRight(handled) ? handled.right.events.length : handled.left).toBe(1);
    }
    deps = { store, keyStore, keyCache: store.keys, register };
    schedule = await loadRetentionSchedule(store);
  });

  const read = async (streamId: string, type: string): Promise<Data> => {
    const found = (await collect(store.readStream(streamId))).find((event) => event.type === type);
    return (found?.data ?? {}) as Data;
  };
  const request = { subjectId: SUBJECT, requestId: "dsr-1", actor: employee, at };

  it("P7.b INV-10 AWR art. 52(4): billing data are declined in part with the provision cited and restricted to the fiscal purpose; the rest is shredded, and the result says which is which", async () => {
    const before: StoredEvent[] = await collect(inner.readAll());
    expect(isRight(await verifyStore(inner))).toBe(true);

    const outcome = await eraseOnRequest(deps, request, schedule);

    expect(isRight(outcome)).toBe(true);
    if (!isRight(outcome)) return;
    expect(outcome.right.erased.map((erased) => erased.retentionClass)).toEqual(["contract", "relationship"]);
    for (const erased of outcome.right.erased) expect(erased.keyIds).toHaveLength(1);
    expect(outcome.right.declined).toEqual([
      {
        retentionClass: "fiscal",
        ground: "Art. 17(3)(b)",
        provision: "AWR art. 52(4)",
        until: "2034-01-01T22:59:59.999Z",
        restrictedToPurpose: "fiscal.retention",
      },
      {
        retentionClass: "accountability",
        ground: "Art. 17(3)(b)",
        provision: "GDPR art. 5(2), art. 12 (record of the request)",
        until: null,
        restrictedToPurpose: "rights.handling",
      },
    ]);

    // Fiscal fields still read as plaintext (INV-10); so does the request's own record (Art. 5(2)).
    const invoice = await read(subscriptionStreamId("sub-1"), "InvoiceIssued");
    expect(invoice).toMatchObject({ billingContactName: NAME, billingContactEmail: EMAIL });
    expect(await read(dataSubjectStreamId(SUBJECT), "RightsRequestReceived")).toMatchObject({
      description: "Please erase all my data",
    });
    // Contract and relationship fields read as Erased.
    const [contractKey] = outcome.right.erased[0]?.keyIds ?? [];
    const [relationshipKey] = outcome.right.erased[1]?.keyIds ?? [];
    expect(await read(subscriptionStreamId("sub-1"), "SubscriptionRequested")).toMatchObject({
      organisationName: "Acme B.V.",
      contactName: { kind: "Erased", keyId: contractKey },
      contactEmail: { kind: "Erased", keyId: contractKey },
    });
    expect(await read(dataSubjectStreamId(SUBJECT), "BusinessContactRegistered")).toMatchObject({
      companyName: "Acme B.V.",
      name: { kind: "Erased", keyId: relationshipKey },
      jobTitle: { kind: "Erased", keyId: relationshipKey },
      businessEmail: { kind: "Erased", keyId: relationshipKey },
    });

    // The decision and the restriction to the fiscal purpose are on the subject's stream.
    const decided = (await collect(store.readStream(dataSubjectStreamId(SUBJECT)))).map(
      (event) => event.type,
    );
    expect(decided.slice(-4)).toEqual([
      "ErasureDecided",
      "ProcessingRestricted",
      "ProcessingRestricted",
      "ErasureCompleted",
    ]);
    expect(await read(dataSubjectStreamId(SUBJECT), "ProcessingRestricted")).toMatchObject({
      ground: "Art. 17(3)(b)",
      retentionClasses: ["fiscal"],
      exceptPurpose: "fiscal.retention",
    });

    // The kernel's PII-free records, one per class, answer the request.
    const records = (await collect(inner.readStream(erasureStreamId(SUBJECT)))).map((stored) => stored.data);
    expect(records).toEqual([
      {
        subjectId: SUBJECT,
        retentionClass: "contract",
        keyIds: [contractKey],
        reason: "data-subject-request",
        requestId: "dsr-1",
      },
      {
        subjectId: SUBJECT,
        retentionClass: "relationship",
        keyIds: [relationshipKey],
        reason: "data-subject-request",
        requestId: "dsr-1",
      },
    ]);
    expect(JSON.stringify(records)).not.toContain(EMAIL);

    // History is not rewritten: the old events' stored bytes are unchanged and the chains verify.
    const after = await collect(inner.readAll());
    expect(JSON.stringify(after.slice(0, before.length))).toBe(JSON.stringify(before));
    expect(isRight(await verifyStore(inner))).toBe(true);
    expect(isRight(await verifyStore(store))).toBe(true);

    // The schedule folded afterwards knows the erased classes.
    const later = await loadRetentionSchedule(store);
    expect(later.entries.get(`${SUBJECT}#contract#1`)).toMatchObject({
      erased: true,
      erasedAt: at.toISOString(),
    });
    expect(later.entries.get(`${SUBJECT}#fiscal#1`)).toMatchObject({ erased: false });
  });

  it("P7.b: running it again after it completed changes nothing and gives the same result", async () => {
    const first = await eraseOnRequest(deps, request, schedule);
    const head = await inner.headPosition();
    const again = await eraseOnRequest(deps, request, schedule);
    expect(again).toEqual(first);
    expect(await inner.headPosition()).toBe(head);
  });

  it("P7.b: a crash after the decision is completed by running it again, with the recorded decision (not a new plan)", async () => {
    const shred = keyStore.shred.bind(keyStore);
    keyStore.shred = async () => {
      throw new Error("key store went away");
    };
    await expect(eraseOnRequest(deps, request, schedule)).rejects.toThrow(/went away/);
    keyStore.shred = shred;

    // Even with a schedule that knows nothing, the decision already on the stream is carried out.
    const completed = await eraseOnRequest(deps, request, emptyRetentionSchedule());
    expect(
      isRight(completed) && completed.right.erased.map((e) => [e.retentionClass, e.keyIds.length]),
    ).toEqual([
      ["contract", 1],
      ["relationship", 1],
    ]);
    const types = (await collect(store.readStream(dataSubjectStreamId(SUBJECT)))).map((event) => event.type);
    expect(types.filter((type) => type === "ErasureDecided")).toHaveLength(1);
    expect(types.filter((type) => type === "ErasureCompleted")).toHaveLength(1);
    expect(await read(subscriptionStreamId("sub-1"), "SubscriptionRequested")).toMatchObject({
      contactName: { kind: "Erased" },
    });
    const records = await collect(inner.readStream(erasureStreamId(SUBJECT)));
    expect(records.map((stored) => erasureCatalog.decode(stored)).every(isRight)).toBe(true);
    expect(records).toHaveLength(2);
  });

  it("P7.b: two runs at once decide once and both report the same outcome", async () => {
    const [one, two] = await Promise.all([
      eraseOnRequest(deps, request, schedule),
      eraseOnRequest(deps, request, schedule),
    ]);
    expect(isRight(one)).toBe(true);
    expect(two).toEqual(one);
    const types = (await collect(store.readStream(dataSubjectStreamId(SUBJECT)))).map((event) => event.type);
    expect(types.filter((type) => type === "ErasureDecided")).toHaveLength(1);
    expect(types.filter((type) => type === "ErasureCompleted")).toHaveLength(1);
  });

  it("INV-39: an unknown request is refused by the decider, and nothing is shredded", async () => {
    const refused = await eraseOnRequest(deps, { ...request, requestId: "dsr-404" }, schedule);
    expect(isLeft(refused) && refused.left).toMatchObject({
      kind: "EraseOnRequestFailed",
      step: "decide",
      cause: { kind: "Rejection", rule: "DS-REQUEST" },
    });
    expect(await collect(inner.readStream(erasureStreamId(SUBJECT)))).toEqual([]);
    expect(await read(subscriptionStreamId("sub-1"), "SubscriptionRequested")).toMatchObject({
      contactName: NAME,
    });
  });
});
