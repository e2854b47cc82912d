import { fixedClock, InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import { mayWeMail } from "../readModels/consentLedger/consentLedger.js";
import { consentLedgerProjection } from "../readModels/consentLedger/consentLedgerProjection.js";
import { rightsRequestOutcomes } from "../readModels/outcomeRegister/outcomeRegister.js";
import { outcomeRegisterProjection } from "../readModels/outcomeRegister/outcomeRegisterProjection.js";
import { consentCommands as c, consentLog } from "../testing/consentLog.js";
import { appendPolicyEvents, requestClosed, requestReceived } from "../testing/policyEventLog.js";
import { wasNewsletterSendLawful } from "./newsletterSendLawful.js";
import { readModelAsOf } from "./readModelAsOf.js";

/**
 * Anna consents and gets the March newsletter; on 3 March at 10:00 she uses its unsubscribe link, but the
 * e-mail service reports that only at 12:00. At 11:00 the April preview goes out, decided by the Consent
 * aggregate on what the log held then. On 5 March the May newsletter is decided after the unsubscribe is
 * recorded: the decider blocks it. Every event is recorded when the clock says; `occurredAt` is the fact's time.
 */
const history = async () => {
  const clock = fixedClock("2026-02-02T09:00:00Z");
  const store = new InMemoryEventStore({ clock });
  const run = consentLog(store);
  const at = async (recordedAt: string, command: Parameters<typeof run>[0], occurredAt = recordedAt) => {
    clock.set(recordedAt);
    return run(command, occurredAt);
  };
  await at("2026-02-02T09:00:00Z", c.present("anna", "2026-02-02T09:00:00Z"));
  await at("2026-02-02T09:01:00Z", c.give("anna", "cons-anna", "2026-02-02T09:01:00Z"));
  await at("2026-03-02T08:00:00Z", c.send("anna", "msg-march", "2026-03-02T08:00:00Z"));
  await at("2026-03-03T11:00:00Z", c.send("anna", "msg-april-preview", "2026-03-03T11:00:00Z"));
  await at(
    "2026-03-03T12:00:00Z",
    c.unsubscribe("anna", "msg-march", "2026-03-03T10:00:00Z"),
    "2026-03-03T10:00:00Z",
  );
  const may = await at("2026-03-05T08:00:00Z", c.send("anna", "msg-may", "2026-03-05T08:00:00Z"));
  return { store, may };
};

describe("time travel: any read model as of a past instant", () => {
  it("P1.F.6, INV-16, INV-18: was this newsletter send lawful when it went out?", async () => {
    const { store, may } = await history();

    // Sent before the unsubscribe: lawful, on Anna's consent.
    expect(await wasNewsletterSendLawful(store, "anna", "msg-march")).toMatchObject({
      sentAt: "2026-03-02T08:00:00Z",
      sentOn: { basis: "consent", consentId: "cons-anna" },
      lawful: true,
      asTheFactsStood: { allowed: true, basis: "consent", consentId: "cons-anna", why: ["INV-16"] },
    });

    // Sent an hour after she unsubscribed: not lawful (INV-18, Art. 7(3)), although the log did not know yet.
    expect(await wasNewsletterSendLawful(store, "anna", "msg-april-preview")).toMatchObject({
      sentAt: "2026-03-03T11:00:00Z",
      lawful: false,
      asTheFactsStood: { allowed: false, basis: "none", why: ["INV-18"] },
      asTheLogKnew: { allowed: true, basis: "consent", consentId: "cons-anna" },
    });

    // Once the unsubscribe was on record the decider blocked the send: nothing went out to judge.
    expect(may.map((event) => event.type)).toEqual(["SendBlocked"]);
    expect(await wasNewsletterSendLawful(store, "anna", "msg-may")).toBeUndefined();
  });

  it("the same projection replays into memory: the past read model, by the facts' clock or the log's", async () => {
    const { store } = await history();
    const instant = new Date("2026-03-03T11:30:00Z");
    const facts = await readModelAsOf({ source: store, projection: consentLedgerProjection, instant });
    const known = await readModelAsOf({
      source: store,
      projection: consentLedgerProjection,
      instant,
      by: "recordedAt",
    });
    expect(
      (await facts.find("evidence", { subjectId: "anna" }, { orderBy: ["globalPosition"] })).map(
        (row) => row.kind,
      ),
    ).toEqual(["presented", "given", "unsubscribed"]);
    expect(
      (await known.find("evidence", { subjectId: "anna" }, { orderBy: ["globalPosition"] })).map(
        (row) => row.kind,
      ),
    ).toEqual(["presented", "given"]);
    expect((await mayWeMail(known, "anna", instant)).allowed).toBe(true);
    expect((await mayWeMail(facts, "anna", instant)).allowed).toBe(false);
  });

  it("P7.2, Art. 12(3): the outcome register as of a date lists only the requests closed by then", async () => {
    const store = new InMemoryEventStore();
    await appendPolicyEvents(
      store,
      "data-subject-s1",
      [requestReceived("s1", "r1", "2026-01-30T09:00:00Z")],
      {
        occurredAt: "2026-01-30T09:00:00Z",
      },
    );
    await appendPolicyEvents(store, "data-subject-s1", [requestClosed("s1", "r1", "2026-02-20T09:00:00Z")], {
      occurredAt: "2026-02-20T09:00:00Z",
    });
    const asOf = (instant: string) =>
      readModelAsOf({ source: store, projection: outcomeRegisterProjection, instant: new Date(instant) });
    expect(await rightsRequestOutcomes(await asOf("2026-02-10T00:00:00Z"))).toEqual([]);
    expect((await rightsRequestOutcomes(await asOf("2026-02-21T00:00:00Z"))).map((o) => o.requestId)).toEqual(
      ["r1"],
    );
    expect(await (await asOf("2026-02-10T00:00:00Z")).position()).toBe(1);
  });
});
