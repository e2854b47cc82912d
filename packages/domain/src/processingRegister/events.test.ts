import { type EncodedEvent, fold, type JsonValue, type StoredEvent } from "@privacy-ledger/eventsourcing";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { isClauseId } from "../shared/clauses.js";
import { processingRegister } from "./decide.js";
import {
  PROCESSING_REGISTER_STREAM,
  type ProcessingRegisterEvent,
  processingRegisterCatalog,
} from "./events.js";

const sub = { subProcessorId: "sub-1", name: "Backup GmbH", service: "backup", country: "DE" };
const events: ProcessingRegisterEvent[] = [
  {
    type: "ProcessingActivityRegistered",
    data: {
      activity: {
        activityId: "act-1",
        name: "Trainings",
        purposes: ["training.invite"],
        legalBasis: { kind: "legalObligation", provision: "AWR art. 52" },
        dataCategories: ["name"],
        subjectCategories: ["participant"],
        recipientCategories: [],
        retention: {
          retentionClass: "training",
          trigger: "trainingHeld",
          period: { amount: 12, unit: "months" },
        },
        clauses: ["P1.C.2"],
      },
    },
  },
  { type: "ProcessingActivityRetired", data: { activityId: "act-1", reason: "r" } },
  {
    type: "ProcessorRegistered",
    data: {
      processorId: "p-1",
      name: "Host",
      service: "hosting",
      country: "NL",
      agreement: null,
      activeForDisclosure: false,
      subProcessors: [sub],
    },
  },
  {
    type: "ProcessingAgreementRecorded",
    data: {
      processorId: "p-1",
      agreement: { reference: "DPA", signedAt: "2025-01-01", confidentiality: true },
      activeForDisclosure: true,
    },
  },
  {
    type: "SubProcessorChangeRecorded",
    data: { processorId: "p-1", change: "removed", subProcessor: sub, notifiedAt: "2025-02-01" },
  },
  {
    type: "ConfidentialityCommitmentRecorded",
    data: {
      commitmentId: "c-1",
      party: "employees",
      partnerOrganisation: null,
      instrument: "contract",
      effectiveFrom: "2024-01-01",
    },
  },
  {
    type: "StorageLocationRegistered",
    data: { locationId: "l-1", country: "NL", region: "AMS", processorId: "p-1" },
  },
];

/** A stored envelope around encoded data, as a store would hand it back (the hashes are not checked here). */
const stored = (
  encoded: EncodedEvent,
  streamVersion: number,
  data: JsonValue = encoded.data,
): StoredEvent => ({
  id: `event-${streamVersion}`,
  streamId: PROCESSING_REGISTER_STREAM,
  streamVersion,
  globalPosition: streamVersion,
  type: encoded.type,
  schemaVersion: encoded.schemaVersion,
  data,
  metadata: {
    actor: { id: "actor-cto", roles: ["CTO"] },
    correlationId: "c",
    causationId: "c",
    occurredAt: "2025-01-01T00:00:00.000Z",
    recordedAt: "2025-01-01T00:00:00.000Z",
    clauses: encoded.clauses,
  },
  prevHash: "0".repeat(64),
  hash: "0".repeat(64),
});

describe("ProcessingRegister events, D1: io-ts codecs with their clauses, no personal data", () => {
  it("every event encodes and decodes back to itself through the catalog", () => {
    events.forEach((event, index) => {
      const encoded = processingRegisterCatalog.encode(event);
      const decoded = processingRegisterCatalog.decode(stored(encoded, index + 1));
      expect(isRight(decoded) && decoded.right).toEqual(event);
    });
  });

  it("every event type cites valid policy clauses and marks no field personal (the register holds categories)", () => {
    for (const type of processingRegisterCatalog.types) {
      expect(processingRegisterCatalog.personalFields(type, 1)).toEqual([]);
      const encoded = processingRegisterCatalog.encode(events.find((e) => e.type === type) ?? events[0]!);
      expect(encoded.clauses.every(isClauseId)).toBe(true);
    }
    expect(processingRegisterCatalog.types).toHaveLength(8);
  });

  it("a stored activity with an unknown clause id or legal basis fails to decode", () => {
    const encoded = processingRegisterCatalog.encode(events[0]!);
    const data = encoded.data as { activity: Record<string, unknown> };
    for (const broken of [
      { ...data.activity, clauses: ["P9.9"] },
      { ...data.activity, legalBasis: { kind: "vitalInterests" } },
    ]) {
      const decoded = processingRegisterCatalog.decode(stored(encoded, 1, { activity: broken } as JsonValue));
      expect(isRight(decoded)).toBe(false);
    }
  });

  it("P3.3, INV-25: folding the history applies agreements and sub-processor changes", () => {
    const state = fold(processingRegister, events);
    expect(state.processors.get("p-1")).toMatchObject({ activeForDisclosure: true, subProcessors: [] });
    expect(state.activities.get("act-1")?.retired).toBe(true);
    expect(state.storageLocations.get("l-1")?.country).toBe("NL");
  });
});
