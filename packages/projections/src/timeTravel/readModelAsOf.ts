import type { EventStore } from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import { type PolicyEventType, type ProjectedEvent, projectStoredEvent } from "../projection/policyEvents.js";
import { type Projection, projectionId } from "../projection/projection.js";
import { ProjectionDecodeFailed } from "../projection/projectionErrors.js";
import type { ReadModelReader, Schema } from "../projection/readModel.js";
import { InMemoryReadModelStore } from "../readModelStore/inMemoryReadModelStore.js";

/**
 * Which clock an instant is read on. `occurredAt`: what was true in the world at the instant (the facts
 * dated up to it, also those recorded later, e.g. an unsubscribe the e-mail service reported late).
 * `recordedAt`: what the log knew at the instant (the events the store had accepted by then).
 */
export type AsOfClock = "occurredAt" | "recordedAt";

export interface ReadModelAsOfOptions<S extends Schema> {
  /** Any store, or a ProtectedEventStore over one (personal fields are decrypted with today's keys). */
  readonly source: Pick<EventStore, "readAll">;
  readonly projection: Projection<S, PolicyEventType>;
  readonly instant: Date;
  /** Default `occurredAt`. */
  readonly by?: AsOfClock;
  /** Events handed to the store at once. Default 500. */
  readonly batchSize?: number;
}

/**
 * Time travel (gdpr-domain §5(c); issue 7): the read model of `projection` as it stood at `instant`. The
 * log is read from the start and every event the projection handles whose `occurredAt` (or `recordedAt`)
 * is at or before the instant is replayed, in global order, into a fresh in-memory store by the same
 * projection that keeps the live read model; the answer is that store's reader, typed as the live one, so
 * the read model's own query functions answer the question as of then.
 *
 * Replay never resurrects what was forgotten: a protected store decrypts with today's keys, so personal
 * data erased since the instant read back as null, as in the live read model (P7.b, Art. 17).
 */
export const readModelAsOf = async <S extends Schema>(
  options: ReadModelAsOfOptions<S>,
): Promise<ReadModelReader<S>> => {
  const { source, projection, instant } = options;
  const by = options.by ?? "occurredAt";
  const batchSize = options.batchSize ?? 500;
  if (Number.isNaN(instant.getTime())) throw new RangeError("instant is not a valid date");
  const until = instant.getTime();
  const handles = new Set<string>(projection.handles);
  const store = new InMemoryReadModelStore();
  await store.prepare(projection);
  let batch: ProjectedEvent[] = [];
  const flush = async () => {
    const last = batch.at(-1);
    if (last === undefined) return;
    await store.apply(projection, { events: batch, through: last.globalPosition });
    batch = [];
  };
  for await (const stored of source.readAll()) {
    if (!handles.has(stored.type) || Date.parse(stored.metadata[by]) > until) continue;
    const projected = projectStoredEvent(stored);
    if (isLeft(projected))
      throw new ProjectionDecodeFailed(projectionId(projection), stored.globalPosition, projected.left);
    batch.push(projected.right);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return store.reader(projection);
};
