import type { ProcessingActivity } from "@privacy-ledger/domain";
import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { describe, expect, it } from "vitest";
import type { PolicyEvent } from "../../projection/policyEvents.js";
import { appendPolicyEvents } from "../../testing/policyEventLog.js";
import { projectAll } from "../../testing/runProjection.js";
import { processingActivities, processorRegister, storageLocations } from "./processingActivities.js";
import { processingActivitiesProjection } from "./processingActivitiesProjection.js";

const marketingRetention = {
  retentionClass: "marketing",
  trigger: "consentWithdrawnOrObjection",
  period: { amount: 0, unit: "months" },
} as const;

const newsletterConsent: ProcessingActivity = {
  activityId: "act-newsletter",
  name: "Newsletters and e-mail tracking on consent",
  purposes: ["newsletter", "emailTracking"],
  legalBasis: { kind: "consent" },
  dataCategories: ["name", "email", "emailInteraction"],
  subjectCategories: ["newsletterSubscriber", "prospect"],
  recipientCategories: ["processor:hosting"],
  retention: marketingRetention,
  clauses: ["P1.F.1", "P1.F.3"],
};

const newsletterCustomers: ProcessingActivity = {
  activityId: "act-newsletter-customers",
  name: "Newsletters to existing customers (soft opt-in)",
  purposes: ["newsletter"],
  legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2026-03" },
  dataCategories: ["name", "email"],
  subjectCategories: ["customer"],
  recipientCategories: ["processor:hosting"],
  retention: marketingRetention,
  clauses: ["P1.F.3"],
};

const register = async () => {
  const events = new InMemoryEventStore();
  await appendPolicyEvents(events, "processing-register", [
    { type: "ProcessingActivityRegistered", data: { activity: newsletterConsent } },
    { type: "ProcessingActivityRegistered", data: { activity: newsletterCustomers } },
    {
      type: "ProcessorRegistered",
      data: {
        processorId: "proc-host",
        name: "Hosting BV",
        service: "hosting",
        country: "NL",
        agreement: null,
        activeForDisclosure: false,
        subProcessors: [{ subProcessorId: "sub-dc", name: "DC BV", service: "datacentre", country: "NL" }],
      },
    },
    {
      type: "ProcessingAgreementRecorded",
      data: {
        processorId: "proc-host",
        agreement: { reference: "DPA-7", signedAt: "2026-01-10", confidentiality: true },
        activeForDisclosure: true,
      },
    },
    {
      type: "SubProcessorChangeRecorded",
      data: {
        processorId: "proc-host",
        change: "added",
        subProcessor: { subProcessorId: "sub-backup", name: "Backup GmbH", service: "backup", country: "DE" },
        notifiedAt: "2026-02-01T09:00:00Z",
      },
    },
    {
      type: "SubProcessorChangeRecorded",
      data: {
        processorId: "proc-host",
        change: "removed",
        subProcessor: { subProcessorId: "sub-dc", name: "DC BV", service: "datacentre", country: "NL" },
        notifiedAt: "2026-02-02T09:00:00Z",
      },
    },
    {
      type: "StorageLocationRegistered",
      data: { locationId: "loc-ams", country: "NL", region: "Amsterdam", processorId: "proc-host" },
    },
  ] satisfies PolicyEvent[]);
  await appendPolicyEvents(
    events,
    "processing-register",
    [
      {
        type: "ProcessingActivityAmended",
        data: { activity: { ...newsletterConsent, name: "Newsletters on consent" }, reason: "renamed" },
      },
      {
        type: "ProcessingActivityRetired",
        data: { activityId: newsletterCustomers.activityId, reason: "stopped" },
      },
    ] satisfies PolicyEvent[],
    { occurredAt: "2026-03-01T09:00:00Z" },
  );
  return projectAll(events, processingActivitiesProjection);
};

describe("register of processing activities (Art. 30)", () => {
  it("P2.1-P2.3, P4.1: each activity with purposes, basis, categories and retention rule, as last amended", async () => {
    const reader = await register();
    const [activity, ...rest] = await processingActivities(reader);
    expect(rest).toEqual([]);
    expect(activity).toMatchObject({
      activityId: "act-newsletter",
      name: "Newsletters on consent",
      purposes: newsletterConsent.purposes,
      legalBasis: { kind: "consent", reference: null },
      dataCategories: newsletterConsent.dataCategories,
      subjectCategories: newsletterConsent.subjectCategories,
      recipientCategories: ["processor:hosting"],
      retention: {
        retentionClass: "marketing",
        trigger: "consentWithdrawnOrObjection",
        period: "0 months",
        condition: null,
      },
      registeredAt: "2026-01-30T09:00:00Z",
      amendedAt: "2026-03-01T09:00:00Z",
      retiredAt: null,
    });
    const withRetired = await processingActivities(reader, { includeRetired: true });
    expect(withRetired.map((a) => [a.activityId, a.retiredAt, a.legalBasis.reference])).toEqual([
      ["act-newsletter", null, null],
      ["act-newsletter-customers", "2026-03-01T09:00:00Z", "LIA-2026-03"],
    ]);
  });

  it("P3.2, P3.3, P5.1: recipients, processors with agreements, sub-processors in place and locations", async () => {
    const reader = await register();
    const processor = {
      processorId: "proc-host",
      name: "Hosting BV",
      service: "hosting",
      country: "NL",
      agreement: { reference: "DPA-7", signedAt: "2026-01-10", confidentiality: true },
      activeForDisclosure: true,
      subProcessors: [
        {
          subProcessorId: "sub-backup",
          name: "Backup GmbH",
          service: "backup",
          country: "DE",
          addedNotifiedAt: "2026-02-01T09:00:00Z",
        },
      ],
      locations: [{ locationId: "loc-ams", country: "NL", region: "Amsterdam" }],
    };
    expect(await processorRegister(reader)).toEqual([processor]);
    expect((await processingActivities(reader))[0]!.processors).toEqual([processor]);
    expect(await storageLocations(reader)).toEqual([
      { locationId: "loc-ams", country: "NL", region: "Amsterdam", processorId: "proc-host" },
    ]);
  });
});
