import type { EventStore } from "@privacy-ledger/eventsourcing";
import { type AnyProjection, projectionId } from "../projection/projection.js";
import type { ReadModelStore } from "../readModelStore/readModelStore.js";
import { ProjectionRunner } from "./projectionRunner.js";

export interface RebuildOptions {
  readonly source: Pick<EventStore, "subscribe" | "headPosition">;
  readonly store: ReadModelStore;
  /** The new version. Its tables and checkpoint are its own; the active version keeps serving meanwhile. */
  readonly projection: AnyProjection;
  /** Most events in one transaction. Default 500. */
  readonly batchSize?: number;
  /**
   * The runner keeping the version being replaced current, if it runs in this process: it is stopped
   * after the swap, before that version's tables are dropped.
   */
  readonly replacing?: ProjectionRunner;
  /**
   * Drop the replaced version's tables and checkpoint after the swap. Default true. Leave it false when
   * the replaced version's runner runs in another process, and drop it (`store.dropVersion`) once that
   * runner is stopped.
   */
  readonly dropReplaced?: boolean;
  /** Called after every committed batch of the rebuild, and once more after the swap. */
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export type RebuildState = "building" | "swapped" | "failed";

export interface RebuildProgress {
  /** The version being built: `consent_ledger@2`. */
  readonly projection: string;
  /** The version it replaces (the active one when the rebuild began), if any. */
  readonly replaces: string | undefined;
  readonly state: RebuildState;
  /** Log events the rebuild has moved past since it began (handled or not). */
  readonly eventsDone: number;
  /** Of those, the events handed to the handler. */
  readonly eventsHandled: number;
  /** The new version's checkpoint. */
  readonly position: number;
  readonly head: number;
  readonly lag: number;
  /** Log events per second since the rebuild began. */
  readonly eventsPerSecond: number;
  readonly elapsedMs: number;
  readonly lastError: Error | undefined;
}

/**
 * Rebuild without downtime (issue 7): builds `projection` (a new version) from the start of the log beside
 * the live version, which readers keep being served (`activeReader`) meanwhile. Once the new version has
 * caught up with the log, it is made the active version in the store, in one transaction that checks it
 * is not behind the old one (so no reader sees the read model go back); then the old version's runner is
 * stopped and its tables dropped. The new version's runner goes on following the log live: it is the
 * live runner from then on (`runner`).
 *
 * Restarting a rebuild that was interrupted resumes from the new version's checkpoint.
 */
export class ProjectionRebuild {
  /** The new version's runner: building, then live after the swap. */
  readonly runner: ProjectionRunner;
  private readonly began = Date.now();
  private state: RebuildState = "building";
  private startPosition = 0;
  private replaces: string | undefined;
  private error: Error | undefined;
  private readonly done: Promise<RebuildProgress>;

  constructor(private readonly options: RebuildOptions) {
    this.runner = new ProjectionRunner({
      source: options.source,
      store: options.store,
      projection: options.projection,
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      onCommitted: () => this.report(),
    });
    this.done = this.run();
    // The outcome is read through swapped(); a failure is not an unhandled rejection meanwhile.
    this.done.catch(() => undefined);
  }

  /** Resolves with the final progress once the new version is active (and the old one dropped). */
  swapped(): Promise<RebuildProgress> {
    return this.done;
  }

  async progress(): Promise<RebuildProgress> {
    const head = await this.options.source.headPosition();
    const status = this.runner.status();
    const elapsedMs = Math.max(1, Date.now() - this.began);
    const eventsDone = Math.max(0, status.position - this.startPosition);
    return {
      projection: projectionId(this.options.projection),
      replaces: this.replaces,
      state: this.state,
      eventsDone,
      eventsHandled: status.handled,
      position: status.position,
      head,
      lag: Math.max(0, head - status.position),
      eventsPerSecond: Math.round((eventsDone * 1000) / elapsedMs),
      elapsedMs,
      lastError: this.error ?? status.lastError,
    };
  }

  /** Stops the new version's runner (building or live). */
  async stop(): Promise<void> {
    await this.runner.stop();
  }

  private report(): void {
    const { onProgress } = this.options;
    if (onProgress) void this.progress().then(onProgress, () => undefined);
  }

  private async run(): Promise<RebuildProgress> {
    const { store, projection, replacing } = this.options;
    try {
      const active = await store.activeVersion(projection.name);
      if (active !== undefined && active !== projection.version)
        this.replaces = projectionId({ name: projection.name, version: active });
      this.startPosition = await store.prepare(projection);
      void this.runner.start();
      // Caught up, then swapped in; new events may keep the old version ahead for a moment: try again.
      do await this.runner.caughtUp();
      while (!(await store.activate(projection)));
      if (active !== undefined && active !== projection.version) {
        await replacing?.stop();
        if (this.options.dropReplaced ?? true) await store.dropVersion(projection.name, active);
      }
      this.state = "swapped";
      const progress = await this.progress();
      this.options.onProgress?.(progress);
      return progress;
    } catch (error) {
      this.state = "failed";
      this.error =
        error instanceof Error ? error : new Error(`rebuild of ${projectionId(projection)} failed`);
      await this.runner.stop();
      throw this.error;
    }
  }
}

/** Starts rebuilding a new version of a projection beside the live one; see `ProjectionRebuild`. */
export const rebuildProjection = (options: RebuildOptions): ProjectionRebuild =>
  new ProjectionRebuild(options);
