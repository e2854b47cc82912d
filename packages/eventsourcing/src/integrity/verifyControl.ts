import type { TextReaderSpec } from "./storedText.js";
import type { PositionRange } from "./textWalk.js";

/**
 * The counters the threads of a parallel verification share (an Int32Array over a SharedArrayBuffer):
 * the next range to take, the first range nobody needs (lowered when a range fails: ranges after it
 * cannot hold the first failure), and how many ranges the main thread has stitched.
 */
export const NEXT = 0;
export const STOP = 1;
export const STITCHED = 2;
export const CONTROL_SLOTS = 3;

export interface VerifyWorkerData {
  readonly reader: TextReaderSpec;
  readonly ranges: readonly PositionRange[];
  readonly control: SharedArrayBuffer;
  /** Ranges taken but not yet stitched, at most: what bounds the outcomes waiting in memory. */
  readonly window: number;
  /** The checkpoint's heads: stream id, version, hash. */
  readonly expected: ReadonlyArray<readonly [string, number, string]>;
}

/** The next range's index, or undefined when none is left that anybody needs. */
export const takeRange = (control: Int32Array): number | undefined => {
  if (Atomics.load(control, NEXT) >= Atomics.load(control, STOP)) return undefined;
  const index = Atomics.add(control, NEXT, 1);
  return index < Atomics.load(control, STOP) ? index : undefined;
};

/** Ranges from `stop` on are not needed any more. */
export const lowerStop = (control: Int32Array, stop: number): void => {
  for (;;) {
    const current = Atomics.load(control, STOP);
    if (stop >= current || Atomics.compareExchange(control, STOP, current, stop) === current) return;
  }
};

/** Whether a thread may take another range now without running more than `window` ahead of the stitching. */
export const hasRoom = (control: Int32Array, window: number): boolean =>
  Atomics.load(control, NEXT) - Atomics.load(control, STITCHED) < window;

/** Blocks a worker until it may take another range (the main thread notifies on STITCHED). */
export const waitForRoom = (control: Int32Array, window: number): void => {
  for (;;) {
    const stitched = Atomics.load(control, STITCHED);
    if (Atomics.load(control, NEXT) - stitched < window) return;
    if (Atomics.load(control, NEXT) >= Atomics.load(control, STOP)) return;
    Atomics.wait(control, STITCHED, stitched, 100);
  }
};
