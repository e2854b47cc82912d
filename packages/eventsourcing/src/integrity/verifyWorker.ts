/**
 * A worker thread of `verifyStore`'s parallel path (see `parallelVerify.ts`): opens the store's text
 * reader, then takes ranges of the log from the shared counter and posts what it found in each, until
 * none is left, a range fails, or a range fails before the next one it would take.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { OpenTextReader } from "./storedText.js";
import { type RangeOutcome, verifyRange } from "./textWalk.js";
import { lowerStop, takeRange, type VerifyWorkerData, waitForRoom } from "./verifyControl.js";

const data = workerData as VerifyWorkerData;
const { openTextReader } = (await import(data.reader.module)) as { openTextReader: OpenTextReader };
const reader = await openTextReader(data.reader.options);
try {
  const control = new Int32Array(data.control);
  const expected = new Map(data.expected.map(([streamId, version, hash]) => [streamId, { version, hash }]));
  for (;;) {
    waitForRoom(control, data.window);
    const index = takeRange(control);
    if (index === undefined) break;
    const range = data.ranges[index];
    if (!range) break;
    const outcome: RangeOutcome = await verifyRange(reader, range, expected);
    parentPort?.postMessage({ index, outcome });
    if (outcome.failure) {
      lowerStop(control, index + 1);
      break;
    }
  }
} finally {
  await reader.close();
}
