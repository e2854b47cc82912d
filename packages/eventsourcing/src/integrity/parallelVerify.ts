import { availableParallelism, loadavg } from "node:os";
import type { Worker } from "node:worker_threads";
import type { EventStore } from "../eventStore/eventStore.js";
import { startModuleWorker } from "../workers/moduleWorker.js";
import { ChainVerifier } from "./chainVerifier.js";
import type { IntegrityFailure } from "./integrityFailure.js";
import type { TextReaderSpec, VerifiableAsText } from "./storedText.js";
import {
  type ExpectedHeads,
  type PositionRange,
  type RangeOutcome,
  stitchRange,
  verifyRange,
} from "./textWalk.js";
import {
  CONTROL_SLOTS,
  hasRoom,
  lowerStop,
  STITCHED,
  STOP,
  takeRange,
  type VerifyWorkerData,
} from "./verifyControl.js";

/** How `verifyStore` spreads the work over threads (see its `parallel` option). */
export interface ParallelVerification {
  /**
   * Threads that verify, this one included; 1 verifies on this thread alone. Default: the cores the
   * machine has free, at most 4: its available parallelism, less the load average of the last minute
   * beyond this thread (on a machine whose every core is busy with other work, a second thread only
   * competes with this one, and the log is verified here alone).
   */
  readonly threads?: number;
  /** Below this many events (the store's head position), the log is verified on this thread alone. Default 50,000. */
  readonly minEvents?: number;
  /** Events (global positions) per range a thread takes at a time. Default 16,384. */
  readonly rangeEvents?: number;
  /**
   * Verify every range in worker threads (`threads` of them), this thread only stitching what they
   * found: its event loop stays free for other work, at the cost of the share it would have verified.
   * Default false.
   */
  readonly inWorkersOnly?: boolean;
}

const DEFAULT_MIN_EVENTS = 50_000;
const DEFAULT_RANGE_EVENTS = 16_384;
const MAX_DEFAULT_THREADS = 4;

/**
 * The cores free for verification: available parallelism, less the 1-minute load average not counting
 * one thread (this one); at least 1, at most 4. Two cores with a load average below 2 give 2.
 */
const freeThreads = (): number => {
  const cores = availableParallelism();
  const [load = 0] = loadavg();
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, cores, Math.ceil(cores + 1 - load)));
};

/** What the parallel pass found: the same as one pass over the whole log would have. */
export interface ParallelPass {
  readonly failure?: IntegrityFailure;
  /** Every stream's head, as a sequential verifier would hold them at the end. */
  readonly verifier: ChainVerifier;
  readonly headPosition: number;
}

/** The plan, or undefined when this log is verified on one thread (too small, one core, no worker reader). */
export const parallelPlan = async (
  store: VerifiableAsText & Pick<EventStore, "headPosition">,
  options: ParallelVerification,
): Promise<ParallelPlan | undefined> => {
  const threads = Math.floor(options.threads ?? freeThreads());
  const inWorkersOnly = options.inWorkersOnly === true;
  if (!(threads > (inWorkersOnly ? 0 : 1))) return undefined;
  const reader = store.textReaderForWorkers?.();
  if (!reader) return undefined;
  const head = await store.headPosition();
  if (head < (options.minEvents ?? DEFAULT_MIN_EVENTS) || head < 2) return undefined;
  const rangeEvents = Math.max(1, Math.floor(options.rangeEvents ?? DEFAULT_RANGE_EVENTS));
  // At least two ranges a thread, so that a thread that starts late still gets a share.
  const count = Math.min(head, Math.max(2 * threads, Math.ceil(head / rangeEvents)));
  const ranges: PositionRange[] = [];
  for (let i = 0; i < count; i++) {
    const after = Math.floor((head * i) / count);
    // The last range has no upper bound: events appended meanwhile are read, as one pass would read them.
    ranges.push(i === count - 1 ? { after } : { after, upTo: Math.floor((head * (i + 1)) / count) });
  }
  return { reader, ranges, workers: inWorkersOnly ? threads : threads - 1, inWorkersOnly };
};

interface ParallelPlan {
  readonly reader: TextReaderSpec;
  readonly ranges: readonly PositionRange[];
  /** Worker threads to start. */
  readonly workers: number;
  /** Whether this thread verifies ranges too, or only stitches. */
  readonly inWorkersOnly: boolean;
}

/**
 * Verifies ranges of the log side by side: this thread and `threads - 1` worker threads (or `threads`
 * workers alone, `inWorkersOnly`) each take the
 * next range of global positions from a shared counter and verify it with a reader of their own,
 * without knowing the ranges before it (`verifyRange`: each stream's first event in the range is left
 * open). This thread stitches the outcomes in global order (`stitchRange`): each open link is checked
 * against the heads of everything before it, so the first failure reported is the one a single pass
 * would report, whichever thread met it. A range that fails stops the taking of later ranges; the
 * workers never run more than a few ranges ahead of the stitching, so memory does not grow with the
 * log. Returns "unavailable" when a worker could not do its part (it is then verified on one thread).
 */
export const verifyInParallel = async (
  store: VerifiableAsText,
  plan: ParallelPlan,
  expected: ExpectedHeads,
  onProgress?: (events: number) => void,
): Promise<ParallelPass | "unavailable"> => {
  const { ranges } = plan;
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  Atomics.store(control, STOP, ranges.length);
  const window = 2 * (plan.workers + 1);
  const data: VerifyWorkerData = {
    reader: plan.reader,
    ranges,
    control: control.buffer as SharedArrayBuffer,
    window,
    expected: [...expected].map(([streamId, head]) => [streamId, head.version, head.hash] as const),
  };

  const done = new Map<number, RangeOutcome>();
  let workerFailed: unknown;
  let running = 0;
  let wake: (() => void) | undefined;
  const workers: Worker[] = [];
  let finished = false;
  try {
    for (let i = 0; i < plan.workers && workerFailed === undefined; i++) {
      let worker: Worker;
      try {
        worker = startVerifyWorker(plan.reader, data);
      } catch (error) {
        workerFailed = error;
        break;
      }
      running += 1;
      worker.on("message", (message: { index: number; outcome: RangeOutcome }) => {
        done.set(message.index, message.outcome);
        if (message.outcome.failure) lowerStop(control, message.index + 1);
        wake?.();
      });
      worker.on("error", (error) => {
        workerFailed ??= error;
        wake?.();
      });
      worker.on("exit", (code) => {
        running -= 1;
        if (code !== 0 && !finished)
          workerFailed ??= new Error(`a verification worker exited with code ${code}`);
        wake?.();
      });
      workers.push(worker);
    }

    const stitched = new ChainVerifier();
    let next = 0;
    let headPosition = 0;
    for (;;) {
      for (let outcome = done.get(next); outcome; outcome = done.get(next)) {
        done.delete(next);
        const failure = stitchRange(stitched, outcome);
        if (failure) return { failure, verifier: stitched, headPosition };
        headPosition = Math.max(headPosition, outcome.lastPosition);
        next += 1;
        Atomics.store(control, STITCHED, next);
        Atomics.notify(control, STITCHED);
        onProgress?.(stitched.events);
      }
      if (next >= Atomics.load(control, STOP)) return { verifier: stitched, headPosition };
      if (workerFailed !== undefined) return "unavailable";
      const index = !plan.inWorkersOnly && hasRoom(control, window) ? takeRange(control) : undefined;
      if (index !== undefined) {
        const outcome = await verifyRange(store, ranges[index] as PositionRange, expected);
        done.set(index, outcome);
        if (outcome.failure) lowerStop(control, index + 1);
        // Let the workers' messages in: a range verified here runs in microtasks only.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (running === 0) return "unavailable"; // nobody left to verify a range still missing
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    finished = true;
    // No range is needed any more: a worker waiting for room sees it at once and ends by itself.
    lowerStop(control, 0);
    Atomics.notify(control, STITCHED);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
};

/** A worker running `verifyWorker`, beside this module (see `startModuleWorker`). */
const startVerifyWorker = (reader: TextReaderSpec, workerData: VerifyWorkerData): Worker =>
  startModuleWorker(import.meta.url, "verifyWorker", { workerData, tsxFrom: [reader.module] });
