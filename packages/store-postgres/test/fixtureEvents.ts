import type { JsonValue, NewEvent, NewEventMetadata } from "@privacy-ledger/eventsourcing";

/** Fixed, well-formed metadata for the fixtures; only ids, types and data vary between events. */
export const fixtureMetadata: NewEventMetadata = {
  actor: { id: "actor-fixture", roles: ["tester"] },
  correlationId: "corr-fixture",
  causationId: "cmd-fixture",
  occurredAt: "2026-11-27T10:00:00.000Z",
  clauses: ["P0.TEST"],
};

export const fixtureEvent = (id: string, type: string, data: JsonValue): NewEvent => ({
  id,
  type,
  schemaVersion: 1,
  data,
  metadata: fixtureMetadata,
});
