import type { PolicyEventType, ProjectedEvent } from "../projection/policyEvents.js";
import type { AnyProjection, Projection } from "../projection/projection.js";
import { ProjectionHandlerFailed } from "../projection/projectionErrors.js";
import type { ReadModelReader, ReadModelTx, Schema } from "../projection/readModel.js";

/** Events handed to a store in one go: they commit together with the checkpoint, or not at all. */
export interface ProjectionBatch {
  /** The events the projection handles, decoded, in global order. */
  readonly events: readonly ProjectedEvent[];
  /** The last global position the batch covers, events of other types included: the new checkpoint. */
  readonly through: number;
}

export interface ApplyResult {
  /** Events handed to the handler. */
  readonly applied: number;
  /** Events at or below the checkpoint: already in the read model, not handled again. */
  readonly alreadyApplied: number;
  /** The checkpoint after the batch. */
  readonly position: number;
}

/**
 * Where read models live. A store keeps each projection's tables and its checkpoint (the last global
 * position handled) and applies a batch atomically: the handler's changes and the new checkpoint commit
 * in one transaction. Events at or below the checkpoint are skipped inside that transaction, so an event
 * delivered twice (a replay from an older position, a runner restarted after a crash) changes nothing
 * the second time: delivery is exactly once in effect, on SQLite and in memory alike.
 *
 * (A store whose checkpoint cannot share a transaction with the read model, such as a checkpoint kept
 * in an EventStoreDB stream, gives at-least-once delivery, and its handlers must be idempotent.)
 */
export interface ReadModelStore {
  /** Creates the projection's tables when missing (migrating the store's own tables) and returns its checkpoint. */
  prepare(projection: AnyProjection): Promise<number>;
  apply(projection: AnyProjection, batch: ProjectionBatch): Promise<ApplyResult>;
  /** Typed reads of one projection's read model, for its query functions. */
  reader<S extends Schema>(projection: Projection<S, PolicyEventType>): ReadModelReader<S>;
  /** The projection's checkpoint (0 when it has handled nothing yet). */
  position(projection: AnyProjection): Promise<number>;
  close(): Promise<void>;
}

/**
 * Hands a batch to the handler, inside the store's transaction: the one place that decides which events
 * are new. An error is rethrown naming the event (the store then rolls the transaction back).
 */
export const handleBatch = <S extends Schema>(
  projection: Projection<S, PolicyEventType>,
  batch: ProjectionBatch,
  checkpoint: number,
  tx: ReadModelTx<S>,
): ApplyResult => {
  let applied = 0;
  let alreadyApplied = 0;
  let last = checkpoint;
  for (const event of batch.events) {
    if (event.globalPosition <= last) {
      alreadyApplied += 1;
      continue;
    }
    try {
      projection.handle(event as never, tx);
    } catch (error) {
      throw new ProjectionHandlerFailed(`${projection.name}@${projection.version}`, event, error);
    }
    last = event.globalPosition;
    applied += 1;
  }
  return { applied, alreadyApplied, position: Math.max(last, batch.through) };
};
