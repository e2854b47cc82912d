/** The registers' shared history and checks, run on every read-model store. */

import { InMemoryEventStore } from "@privacy-ledger/eventsourcing";
import { expect, it } from "vitest";
import type { AnyProjection } from "../src/projection/projection.js";
import { InMemoryReadModelStore } from "../src/readModelStore/inMemoryReadModelStore.js";
import type { ReadModelStore } from "../src/readModelStore/readModelStore.js";
import { breachRegisterProjection } from "../src/readModels/breachRegister/breachRegisterProjection.js";
import { consentLedgerProjection } from "../src/readModels/consentLedger/consentLedgerProjection.js";
import { escalationLogProjection } from "../src/readModels/escalationLog/escalationLogProjection.js";
import { outcomeRegisterProjection } from "../src/readModels/outcomeRegister/outcomeRegisterProjection.js";
import { policyVersionsProjection } from "../src/readModels/policyVersions/policyVersionsProjection.js";
import { processingActivitiesProjection } from "../src/readModels/processingActivities/processingActivitiesProjection.js";
import { retentionScheduleProjection } from "../src/readModels/retentionSchedule/retentionScheduleProjection.js";
import { ProjectionRunner } from "../src/runner/projectionRunner.js";
import { consentCommands as c, consentLog } from "../src/testing/consentLog.js";
import {
  appendPolicyEvents,
  breachOpened,
  ceo,
  cto,
  deadlineExtended,
  requestClosed,
  requestReceived,
  requestRefused,
} from "../src/testing/policyEventLog.js";

const RECEIVED = "2026-01-30T09:00:00Z";

const log = async () => {
  const events = new InMemoryEventStore();
  const run = consentLog(events);
  await run(c.present("anna", "2026-02-02T09:00:00Z"), "2026-02-02T09:00:00Z");
  await run(c.give("anna", "cons-anna", "2026-02-02T09:01:00Z"), "2026-02-02T09:01:00Z");
  await run(c.send("anna", "msg-1", "2026-03-02T08:00:00Z"), "2026-03-02T08:00:00Z");
  await run(c.unsubscribe("anna", "msg-1", "2026-03-03T10:00:00Z"), "2026-03-03T10:00:00Z");
  await run(c.softOptIn("bram", "2026-02-10T12:00:00Z"), "2026-02-10T12:00:00Z");
  await run(c.suppress("bram", "2026-03-10T09:00:00Z"), "2026-03-10T09:00:00Z");
  await appendPolicyEvents(events, "data-subject-s1", [
    requestReceived("s1", "r1", RECEIVED),
    deadlineExtended("s1", "r1", RECEIVED, "2026-02-10T09:00:00Z"),
    requestClosed("s1", "r1", "2026-04-01T09:00:00Z"),
  ]);
  await appendPolicyEvents(events, "data-subject-s2", [
    requestReceived("s2", "r2", RECEIVED),
    requestRefused("s2", "r2", "2026-02-02T09:00:00Z"),
    requestClosed("s2", "r2", "2026-02-02T10:00:00Z", "refused"),
  ]);
  await appendPolicyEvents(events, "breach-b1", breachOpened("b1", "2026-03-06T16:00:00Z"), { actor: cto });
  await appendPolicyEvents(events, "breach-b1", [
    {
      type: "RootCauseRecorded",
      data: { incidentId: "b1", cause: "public ACL", recordedAt: "2026-03-08T09:00:00Z" },
    },
    { type: "CEOInformed", data: { incidentId: "b1", informedAt: "2026-03-06T17:00:00Z" } },
    {
      type: "DecisionProposed",
      data: {
        incidentId: "b1",
        decisionId: "d1",
        about: "notifyAuthority",
        proposal: "notify",
        proposedAt: "2026-03-06T18:00:00Z",
      },
    },
    {
      type: "DecisionApproved",
      data: {
        incidentId: "b1",
        decisionId: "d1",
        approvedBy: ceo.id,
        as: "CEO",
        approvedAt: "2026-03-06T19:00:00Z",
      },
    },
    {
      type: "DecisionTaken",
      data: {
        incidentId: "b1",
        decisionId: "d1",
        about: "notifyAuthority",
        approvers: [
          { actorId: ceo.id, as: "CEO" },
          { actorId: cto.id, as: "CTO" },
        ],
        takenAt: "2026-03-06T19:30:00Z",
      },
    },
  ]);
  await appendPolicyEvents(events, "processing-register", [
    {
      type: "ProcessingActivityRegistered",
      data: {
        activity: {
          activityId: "act-rights",
          name: "Rights requests",
          purposes: ["rights.handling"],
          legalBasis: { kind: "legalObligation", provision: "GDPR Art. 12" },
          dataCategories: ["contact"],
          subjectCategories: ["user"],
          recipientCategories: ["processor:hosting"],
          retention: {
            retentionClass: "accountability",
            trigger: "caseClosed",
            period: { amount: 5, unit: "years" },
          },
          clauses: ["P7.1"],
        },
      },
    },
    {
      type: "ProcessorRegistered",
      data: {
        processorId: "proc-host",
        name: "Hosting BV",
        service: "hosting",
        country: "NL",
        agreement: { reference: "DPA-1", signedAt: "2026-01-02", confidentiality: true },
        activeForDisclosure: true,
        subProcessors: [{ subProcessorId: "sub-dc", name: "DC BV", service: "datacentre", country: "NL" }],
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
  ]);
  await appendPolicyEvents(events, "privacy-policy", [
    {
      type: "PolicyVersionPublished",
      data: {
        versionId: "v2",
        publishedAt: "2026-03-01T09:00:00Z",
        effectiveFrom: "2026-04-01T00:00:00Z",
        material: true,
        changes: ["analytics"],
        addsPurposes: [],
        supersedes: null,
      },
    },
    {
      type: "PolicyChangeAnnounced",
      data: {
        versionId: "v2",
        announcedAt: "2026-03-02T09:00:00Z",
        channel: "serviceNotice",
        clientsNotified: ["c1"],
        currentClientCount: 2,
      },
    },
    { type: "PolicyVersionTookEffect", data: { versionId: "v2", tookEffectAt: "2026-04-01T00:00:00Z" } },
  ]);
  return events;
};

const projections: [string, AnyProjection][] = [
  ["outcome register", outcomeRegisterProjection],
  ["consent ledger", consentLedgerProjection],
  ["breach register", breachRegisterProjection],
  ["escalation log", escalationLogProjection],
  ["register of processing activities", processingActivitiesProjection],
  ["policy versions", policyVersionsProjection],
  ["retention schedule", retentionScheduleProjection],
];

const everyTable = async (store: ReadModelStore, projection: AnyProjection) => {
  const reader = store.reader(projection);
  const tables: Record<string, unknown> = {};
  for (const table of Object.keys(projection.tables)) tables[table] = await reader.find(table);
  return tables;
};

const project = async (
  store: ReadModelStore,
  projection: AnyProjection,
  source: InMemoryEventStore,
  from?: number,
) => {
  const runner = new ProjectionRunner({
    source,
    store,
    projection,
    batchSize: 4,
    ...(from === undefined ? {} : { from }),
  });
  void runner.start();
  const position = await runner.caughtUp();
  await runner.stop();
  return position;
};

/** Call inside a describe block; `open` gives a fresh, empty store. */
export const registersSuite = (open: () => Promise<ReadModelStore>): void => {
  it.each(projections)(
    "%s: every event delivered twice leaves the read model as it was, the same on every store",
    async (_, projection) => {
      const events = await log();
      const store = await open();
      const head = await events.headPosition();
      expect(await project(store, projection, events)).toBe(head);
      const before = await everyTable(store, projection);
      expect(Object.values(before).some((rows) => (rows as unknown[]).length > 0)).toBe(true);

      expect(await project(store, projection, events, 0)).toBe(head);
      expect(await everyTable(store, projection)).toEqual(before);

      const reference = new InMemoryReadModelStore();
      await project(reference, projection, events);
      expect(await everyTable(reference, projection)).toEqual(before);
      await store.close();
    },
  );
};
