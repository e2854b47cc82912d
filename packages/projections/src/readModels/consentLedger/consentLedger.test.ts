import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import { consentCommands as c, consentLog, NOTICE, tokenOf } from "../../testing/consentLog.js";
import { appendPolicyEvents } from "../../testing/policyEventLog.js";
import { projectAll } from "../../testing/runProjection.js";
import { consentLedger, mayWeMail, suppressionList } from "./consentLedger.js";
import { consentLedgerProjection } from "./consentLedgerProjection.js";

const events = async () => {
  const store = new InMemoryEventStore();
  const run = consentLog(store);
  // anna: consent, a newsletter, then the unsubscribe link.
  await run(c.present("anna", "2026-02-02T09:00:00Z"), "2026-02-02T09:00:00Z");
  await run(c.give("anna", "cons-anna", "2026-02-02T09:01:00Z"), "2026-02-02T09:01:00Z");
  await run(c.send("anna", "msg-03", "2026-03-02T08:00:00Z"), "2026-03-02T08:00:00Z");
  await run(c.unsubscribe("anna", "msg-03", "2026-03-03T10:00:00Z"), "2026-03-03T10:00:00Z");
  // bram: a customer on the soft opt-in, who later objects.
  await run(c.softOptIn("bram", "2026-02-10T12:00:00Z"), "2026-02-10T12:00:00Z");
  await run(c.object("bram", "2026-04-01T10:00:00Z"), "2026-04-01T10:00:00Z");
  // carla: consent, then erased: only the suppression token stays.
  await run(c.present("carla", "2026-02-05T09:00:00Z"), "2026-02-05T09:00:00Z");
  await run(c.give("carla", "cons-carla", "2026-02-05T09:01:00Z"), "2026-02-05T09:01:00Z");
  await run(c.suppress("carla", "2026-03-10T09:00:00Z"), "2026-03-10T09:00:00Z");
  // dirk: objected, then gave a new consent (INV-19: only that outweighs the objection).
  await run(c.object("dirk", "2026-02-01T09:00:00Z"), "2026-02-01T09:00:00Z");
  await run(c.present("dirk", "2026-02-03T09:00:00Z"), "2026-02-03T09:00:00Z");
  await run(c.give("dirk", "cons-dirk", "2026-02-03T09:01:00Z"), "2026-02-03T09:01:00Z");
  return store;
};

describe("consent ledger with evidence (P1.F.3, INV-23) and marketing eligibility (INV-16)", () => {
  it("P1.F.3, INV-23, Art. 7(1): the evidence of each consent: notice version, presented, given, channel, actor", async () => {
    const ledger = await projectAll(await events(), consentLedgerProjection);
    expect(await consentLedger(ledger, "anna")).toEqual([
      expect.objectContaining({
        kind: "presented",
        noticeVersionId: NOTICE,
        purposes: ["marketing.newsletter"],
      }),
      {
        kind: "given",
        at: "2026-02-02T09:01:00Z",
        purposes: ["marketing.newsletter"],
        consentId: "cons-anna",
        noticeVersionId: NOTICE,
        presentedAt: "2026-02-02T09:00:00Z",
        channel: "webForm",
        actorId: "anna",
        givenBySubject: true,
        reference: null,
      },
      expect.objectContaining({ kind: "unsubscribed", at: "2026-03-03T10:00:00Z", reference: "msg-03" }),
    ]);
  });

  it("P1.F.1, INV-23: the ledger holds the evidence, never the name or the e-mail address", async () => {
    const ledger = await projectAll(await events(), consentLedgerProjection);
    const rows = JSON.stringify(await ledger.find("evidence"));
    for (const text of ["Anna de Vries", "Bram Bakker", "@example.org"]) expect(rows).not.toContain(text);
  });

  it("INV-16(A): on consent while it stands; INV-18, Art. 7(3): not after the unsubscribe link was used", async () => {
    const ledger = await projectAll(await events(), consentLedgerProjection);
    expect(await mayWeMail(ledger, "anna", new Date("2026-03-02T08:00:00Z"))).toMatchObject({
      allowed: true,
      basis: "consent",
      consentId: "cons-anna",
      noticeVersionId: NOTICE,
      why: ["INV-16"],
    });
    expect(await mayWeMail(ledger, "anna", new Date("2026-03-04T08:00:00Z"))).toMatchObject({
      allowed: false,
      basis: "none",
      consentId: null,
      why: ["INV-18"],
    });
    expect(await mayWeMail(ledger, "anna", new Date("2026-02-01T08:00:00Z"))).toMatchObject({
      allowed: false,
      why: ["INV-16"],
    });
  });

  it("INV-16(B), INV-19, Art. 21(3): the soft opt-in allows until the objection, which is absolute", async () => {
    const ledger = await projectAll(await events(), consentLedgerProjection);
    expect(await mayWeMail(ledger, "bram", new Date("2026-03-01T00:00:00Z"))).toMatchObject({
      allowed: true,
      basis: "softOptIn",
      why: ["INV-16"],
    });
    expect(await mayWeMail(ledger, "bram", new Date("2026-04-02T00:00:00Z"))).toMatchObject({
      allowed: false,
      why: ["INV-19"],
    });
    // Only a consent given after the objection re-enables marketing.
    expect(await mayWeMail(ledger, "dirk", new Date("2026-03-01T00:00:00Z"))).toMatchObject({
      allowed: true,
      basis: "consent",
      consentId: "cons-dirk",
      why: ["INV-16", "INV-19"],
    });
  });

  it("INV-20: a suppressed address is not mailed, under its own subject id or another", async () => {
    const ledger = await projectAll(await events(), consentLedgerProjection);
    expect(await mayWeMail(ledger, "carla", new Date("2026-03-11T00:00:00Z"))).toMatchObject({
      allowed: false,
      why: ["INV-20"],
    });
    expect(
      await mayWeMail(ledger, "carla-new-id", new Date("2026-03-11T00:00:00Z"), {
        recipientToken: tokenOf("carla"),
      }),
    ).toMatchObject({ allowed: false, why: ["INV-20"] });
    expect(await suppressionList(ledger)).toEqual([
      { token: tokenOf("carla"), subjectId: "carla", recordedAt: "2026-03-10T09:00:00Z" },
    ]);
  });

  it("INV-33, P6.1: a consent older than the policy version that asks it anew no longer counts", async () => {
    const store = await events();
    await appendPolicyEvents(store, "privacy-policy", [
      {
        type: "PolicyVersionPublished",
        data: {
          versionId: "policy-v4",
          publishedAt: "2026-02-20T00:00:00Z",
          effectiveFrom: "2026-03-20T00:00:00Z",
          material: true,
          changes: ["newsletters now include partner offers"],
          addsPurposes: [
            {
              purpose: "marketing.newsletter",
              legalBasis: { kind: "consent" },
              description: "newsletters with partner offers",
            },
          ],
          supersedes: "policy-v3",
        },
      },
    ]);
    const ledger = await projectAll(store, consentLedgerProjection);
    expect(await mayWeMail(ledger, "anna", new Date("2026-02-19T00:00:00Z"))).toMatchObject({
      allowed: true,
    });
    expect(await mayWeMail(ledger, "anna", new Date("2026-03-01T00:00:00Z"))).toMatchObject({
      allowed: false,
      why: ["INV-33"],
    });
  });
});
