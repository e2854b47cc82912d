import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import type { PolicyEvent } from "../../projection/policyEvents.js";
import { appendPolicyEvents } from "../../testing/policyEventLog.js";
import { projectAll } from "../../testing/runProjection.js";
import { disclosureRegister, recipientsToNotify } from "./disclosureRegister.js";
import { disclosureRegisterProjection } from "./disclosureRegisterProjection.js";

const disclosed = (subjectId: string, recipientId: string, disclosedAt: string): PolicyEvent => ({
  type: "PersonalDataDisclosed",
  data: {
    subjectId,
    recipientId,
    recipientKind: recipientId.startsWith("proc") ? "processor" : "partner",
    dataCategories: ["contact"],
    disclosedAt,
    activityId: "act-newsletter",
    purpose: "newsletter delivery",
  },
});

const register = async () => {
  const events = new InMemoryEventStore();
  await appendPolicyEvents(events, "data-subject-s1", [
    disclosed("s1", "proc-mail", "2026-01-05T09:00:00Z"),
    disclosed("s1", "partner-x", "2026-01-06T09:00:00Z"),
    disclosed("s1", "proc-mail", "2026-02-05T09:00:00Z"),
  ]);
  await appendPolicyEvents(events, "data-subject-s2", [disclosed("s2", "proc-mail", "2026-01-07T09:00:00Z")]);
  await appendPolicyEvents(events, "data-subject-s1", [
    {
      type: "RecipientsNotified",
      data: {
        subjectId: "s1",
        requestId: "r-erase",
        notices: [
          { recipientId: "proc-mail", notifiedAt: "2026-03-01T09:00:00Z" },
          { recipientId: "partner-x", exemption: "impossible", reason: "partner dissolved" },
        ],
      },
    },
  ]);
  return projectAll(events, disclosureRegisterProjection);
};

describe("disclosure register (Art. 19)", () => {
  it("P3.1, INV-24: every disclosure of a subject's data, by subject or by recipient, in log order", async () => {
    const reader = await register();
    expect((await disclosureRegister(reader, { subjectId: "s1" })).map((d) => d.recipientId)).toEqual([
      "proc-mail",
      "partner-x",
      "proc-mail",
    ]);
    expect(await disclosureRegister(reader, { recipientId: "proc-mail", subjectId: "s2" })).toEqual([
      {
        subjectId: "s2",
        recipientId: "proc-mail",
        recipientKind: "processor",
        dataCategories: ["contact"],
        disclosedAt: "2026-01-07T09:00:00Z",
        activityId: "act-newsletter",
        purpose: "newsletter delivery",
      },
    ]);
    expect(await disclosureRegister(reader)).toHaveLength(4);
  });

  it("INV-44: each recipient of the subject told of the request, exempted (code only), or still pending", async () => {
    const reader = await register();
    expect(await recipientsToNotify(reader, "s1", "r-erase")).toEqual([
      {
        recipientId: "partner-x",
        recipientKind: "partner",
        lastDisclosedAt: "2026-01-06T09:00:00Z",
        state: "exempted",
        notifiedAt: null,
        exemption: "impossible",
      },
      {
        recipientId: "proc-mail",
        recipientKind: "processor",
        lastDisclosedAt: "2026-02-05T09:00:00Z",
        state: "notified",
        notifiedAt: "2026-03-01T09:00:00Z",
        exemption: null,
      },
    ]);
    expect((await recipientsToNotify(reader, "s1", "r-other")).map((r) => r.state)).toEqual([
      "pending",
      "pending",
    ]);
    expect(JSON.stringify(await reader.find("notices"))).not.toContain("dissolved");
  });
});
