import type { PolicyEventType, ProjectedEvent } from "../projection/policyEvents.js";
import type { AnyProjection, Projection } from "../projection/projection.js";
import { ProjectionHandlerFailed } from "../projection/projectionErrors.js";
import type { ReadModelReader, ReadModelTx, Row, Schema, Where } from "../projection/readModel.js";

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
  /**
   * The version of `name` that readers are served (`activeReader`): the first version prepared, until a
   * rebuilt one is activated. Undefined when no version of `name` was ever prepared.
   */
  activeVersion(name: string): Promise<number | undefined>;
  /**
   * Makes `projection`'s version the active one of its name, in one transaction with a check that its
   * checkpoint is at or past the active version's (so a reader never sees the read model go back in
   * time). Returns false, changing nothing, when it is still behind.
   */
  activate(projection: AnyProjection): Promise<boolean>;
  /** Drops a version's tables and checkpoint (after a swap). Refuses the active version. */
  dropVersion(name: string, version: number): Promise<void>;
  close(): Promise<void>;
}

/** A version that is still served to readers cannot be dropped: activate another one first. */
export class ActiveVersionDropRefused extends Error {
  override readonly name = "ActiveVersionDropRefused";
  constructor(readonly projection: string) {
    super(`projection ${projection} is the active version; activate its successor before dropping it`);
  }
}

/**
 * Thrown by a store's transaction when the handler reads rows the store has not fetched yet (PostgreSQL:
 * the handler is synchronous, the database is not). The store undoes the event's writes, fetches the
 * rows and hands the same event to the handler again, which is safe because a handler is pure. A handler
 * must therefore let errors thrown by `tx` pass.
 */
export class RowsNeeded {
  constructor(
    readonly table: string,
    readonly where: Where<Row>,
  ) {}
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
    handleEvent(projection, event, tx);
    last = event.globalPosition;
    applied += 1;
  }
  return { applied, alreadyApplied, position: Math.max(last, batch.through) };
};

/** A transaction whose reads may need rows fetched first, and whose writes since a mark can be undone. */
export interface FetchingTx<S extends Schema> extends ReadModelTx<S> {
  /** A point to undo back to. */
  mark(): number;
  undoTo(mark: number): void;
  /** Fetches the rows a read asked for (inside the store's transaction). */
  fetch(needed: RowsNeeded): Promise<void>;
}

/**
 * `handleBatch` for a store that fetches rows as the handler asks for them: an event whose handler read
 * rows not yet fetched has its writes undone, the rows fetched, and is handled again.
 */
export const handleBatchFetching = async <S extends Schema>(
  projection: Projection<S, PolicyEventType>,
  batch: ProjectionBatch,
  checkpoint: number,
  tx: FetchingTx<S>,
): Promise<ApplyResult> => {
  let applied = 0;
  let alreadyApplied = 0;
  let last = checkpoint;
  for (const event of batch.events) {
    if (event.globalPosition <= last) {
      alreadyApplied += 1;
      continue;
    }
    for (;;) {
      const mark = tx.mark();
      try {
        handleEvent(projection, event, tx);
        break;
      } catch (error) {
        tx.undoTo(mark);
        if (!(error instanceof RowsNeeded)) throw error;
        await tx.fetch(error);
      }
    }
    last = event.globalPosition;
    applied += 1;
  }
  return { applied, alreadyApplied, position: Math.max(last, batch.through) };
};

const handleEvent = <S extends Schema>(
  projection: Projection<S, PolicyEventType>,
  event: ProjectedEvent,
  tx: ReadModelTx<S>,
): void => {
  try {
    projection.handle(event as never, tx);
  } catch (error) {
    if (error instanceof RowsNeeded) throw error;
    throw new ProjectionHandlerFailed(`${projection.name}@${projection.version}`, event, error);
  }
};
