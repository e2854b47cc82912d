import type { DomainEvent, EventStore, NewEvent } from "@privacy-ledger/eventsourcing";

/**
 * Appends domain events to a stream as the command handler would store them (ids, schema version 1,
 * metadata with an actor, ids and a clause): a history for tests that read streams, such as the
 * restriction loaders, without running every command that made it.
 */
export const appendHistory = async (
  store: EventStore,
  streamId: string,
  events: readonly DomainEvent[],
): Promise<void> => {
  const stored: NewEvent[] = events.map((event, i) => ({
    id: `${streamId}-${i}`,
    type: event.type,
    schemaVersion: 1,
    data: event.data as NewEvent["data"],
    metadata: {
      actor: { id: "actor-emp", roles: ["employee"] },
      correlationId: `corr-${streamId}`,
      causationId: `cmd-${streamId}-${i}`,
      occurredAt: "2026-02-03T10:00:00.000Z",
      clauses: ["P7.d"],
    },
  }));
  const appended = await store.append(streamId, stored);
  if (appended._tag === "Left")
    throw new Error(`history of ${streamId} not stored: ${appended.left.message}`);
};
