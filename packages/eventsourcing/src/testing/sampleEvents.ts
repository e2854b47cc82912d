import type { NewEvent } from "../envelope/envelope.js";
import type { JsonValue } from "../envelope/json.js";
import type { IdGenerator } from "../ports/idGenerator.js";

/** Builds well-formed new events for store tests; data and ids vary, metadata is fixed and clause-tagged. */
export const sampleEventFactory =
  (ids: IdGenerator) =>
  (type = "SampleRecorded", data: JsonValue = {}): NewEvent => ({
    id: ids.next(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor: { id: "actor-1", roles: ["tester"] },
      correlationId: "corr-1",
      causationId: "cmd-1",
      occurredAt: "2026-11-27T10:00:00.000Z",
      clauses: ["P1.A.1"],
    },
  });

export const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};
