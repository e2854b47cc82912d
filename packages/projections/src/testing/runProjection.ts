import type { EventStore } from "@privacy-ledger/eventsourcing";
import type { PolicyEventType } from "../projection/policyEvents.js";
import type { Projection } from "../projection/projection.js";
import type { ReadModelReader, Schema } from "../projection/readModel.js";
import { InMemoryReadModelStore } from "../readModelStore/inMemoryReadModelStore.js";
import { ProjectionRunner } from "../runner/projectionRunner.js";

/** Test support: runs a projection over a store until it has caught up, in memory, and returns its reader. */
export const projectAll = async <S extends Schema>(
  source: Pick<EventStore, "subscribe" | "headPosition">,
  projection: Projection<S, PolicyEventType>,
): Promise<ReadModelReader<S>> => {
  const store = new InMemoryReadModelStore();
  const runner = new ProjectionRunner({ source, store, projection });
  void runner.start();
  await runner.caughtUp();
  await runner.stop();
  return store.reader(projection);
};
