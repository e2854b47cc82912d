import type { EventStore, StoredEvent } from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import { type ProjectedEvent, projectStoredEvent } from "../projection/policyEvents.js";
import { type AnyProjection, projectionId } from "../projection/projection.js";
import { ProjectionDecodeFailed } from "../projection/projectionErrors.js";
import type { ApplyResult, ReadModelStore } from "../readModelStore/readModelStore.js";

export interface ProjectionRunnerOptions {
  /** Any store: in memory, SQLite, PostgreSQL, EventStoreDB, or a ProtectedEventStore over one. */
  readonly source: Pick<EventStore, "subscribe" | "headPosition">;
  readonly store: ReadModelStore;
  readonly projection: AnyProjection;
  /** Most events handed to the store in one transaction. Default 500. */
  readonly batchSize?: number;
  /**
   * Read the log from after this position instead of from the checkpoint: a replay. Events the read
   * model already holds are recognised by the store (at or below its checkpoint) and not handled again.
   */
  readonly from?: number;
  /** Called after each batch is committed (a rebuild reports its progress from here). */
  readonly onCommitted?: (result: ApplyResult) => void;
}

export type RunnerState = "idle" | "running" | "stopped" | "failed";

export interface ProjectionStatus {
  readonly projection: string;
  readonly state: RunnerState;
  /** The checkpoint: the last global position the read model has committed. */
  readonly position: number;
  /** Events this runner has handed to the handler (events of other types, and events already in the read model, not counted). */
  readonly handled: number;
  /** Why the runner stopped, when it failed: names the event, never its data. */
  readonly lastError: Error | undefined;
}

const IDLE = Symbol("idle");
const idle = () => new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));

/**
 * Feeds one projection from a store's subscription: it catches up from the checkpoint, then follows the
 * log live, in global order. Events the projection handles are decoded by their catalogs (upcasting old
 * schema versions); events of other types are skipped, but the checkpoint moves past them. Events are
 * handed to the read-model store in batches: a batch is full at `batchSize`, or when the subscription has
 * nothing more at once (live, every new event is committed promptly).
 *
 * A handler that throws, or an event that cannot be decoded, stops this runner only, with the event
 * named in `status().lastError`; the read model stays at the last good batch, and a new runner resumes
 * there. Runners of other projections go on.
 */
export class ProjectionRunner {
  private state: RunnerState = "idle";
  private committed = 0;
  private handled = 0;
  private lastError: Error | undefined;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private progressed: () => void = () => {};
  private progress = new Promise<void>((resolve) => {
    this.progressed = resolve;
  });

  constructor(private readonly options: ProjectionRunnerOptions) {
    const batchSize = options.batchSize ?? 500;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1)
      throw new RangeError("batchSize must be a positive integer");
  }

  /** Starts the runner (once); resolves when it has stopped, failed or not. */
  start(): Promise<void> {
    if (!this.running) {
      this.state = "running";
      this.running = this.run();
    }
    return this.running;
  }

  /** Stops following the log; what was read is committed first. Resolves when the runner has stopped. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    if (this.state === "running" || this.state === "idle") this.state = "stopped";
    this.wake();
  }

  status(): ProjectionStatus {
    return {
      projection: projectionId(this.options.projection),
      state: this.state,
      position: this.committed,
      handled: this.handled,
      lastError: this.lastError,
    };
  }

  /** The status with the log's head and how far behind it the read model is. */
  async health(): Promise<ProjectionStatus & { readonly head: number; readonly lag: number }> {
    const head = await this.options.source.headPosition();
    const status = this.status();
    return { ...status, head, lag: Math.max(0, head - status.position) };
  }

  /**
   * Resolves with the checkpoint once the read model has handled every event stored when it was called;
   * rejects with the runner's error if it fails, or when it stops first.
   */
  async caughtUp(): Promise<number> {
    const head = await this.options.source.headPosition();
    for (;;) {
      if (this.state === "failed") throw this.lastError;
      if (this.committed >= head) return this.committed;
      if (this.state === "stopped")
        throw new Error(`projection ${this.status().projection} stopped before catching up`);
      await this.progress;
    }
  }

  private wake(): void {
    const resolve = this.progressed;
    this.progress = new Promise<void>((next) => {
      this.progressed = next;
    });
    resolve();
  }

  private async run(): Promise<void> {
    const { source, store, projection } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    const id = projectionId(projection);
    const handles = new Set<string>(projection.handles);
    let iterator: AsyncIterator<StoredEvent> | undefined;
    try {
      this.committed = await store.prepare(projection);
      let through = this.options.from ?? this.committed;
      let buffer: ProjectedEvent[] = [];
      const flush = async () => {
        if (buffer.length === 0 && through <= this.committed) return;
        const result = await store.apply(projection, { events: buffer, through });
        buffer = [];
        this.committed = result.position;
        this.handled += result.applied;
        this.options.onCommitted?.(result);
        this.wake();
      };
      iterator = source.subscribe({ after: through, signal: this.abort.signal })[Symbol.asyncIterator]();
      for (;;) {
        const next = iterator.next();
        let result: IteratorResult<StoredEvent>;
        if (buffer.length > 0 || through > this.committed) {
          const first = await Promise.race([next, idle()]);
          if (first === IDLE) {
            await flush();
            result = await next;
          } else result = first;
        } else result = await next;
        if (result.done) break;
        const stored = result.value;
        if (stored.globalPosition <= through) continue;
        if (handles.has(stored.type)) {
          const projected = projectStoredEvent(stored);
          if (isLeft(projected)) throw new ProjectionDecodeFailed(id, stored.globalPosition, projected.left);
          buffer.push(projected.right);
        }
        through = stored.globalPosition;
        if (buffer.length >= batchSize) await flush();
      }
      await flush();
      this.state = "stopped";
    } catch (error) {
      this.state = "failed";
      this.lastError = error instanceof Error ? error : new Error(`projection ${id} failed`);
      this.abort.abort();
    } finally {
      await iterator?.return?.(undefined);
      this.wake();
    }
  }
}

/** Creates a runner and starts it. */
export const startProjection = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const runner = new ProjectionRunner(options);
  void runner.start();
  return runner;
};
