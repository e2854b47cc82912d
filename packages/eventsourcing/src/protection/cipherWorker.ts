/**
 * A worker thread of `CipherThreads`: opens the fields of one job (see `CipherJob`) with the very
 * function the calling thread uses (`openBlob`), and posts the results back. It keeps
 * nothing between jobs: the job's keys are zeroed when it is done, so no key outlives the job that
 * brought it, and a shred needs no message here.
 */
import { parentPort } from "node:worker_threads";
import { type CipherJob, type CipherJobResult, runCipherJob } from "./cipherJob.js";

parentPort?.on("message", (job: CipherJob) => {
  let out: CipherJobResult["out"];
  try {
    out = runCipherJob(job);
  } catch {
    out = null; // the calling thread redoes the job and throws the error there, with its context
  } finally {
    job.keys.fill(0);
  }
  parentPort?.postMessage({ id: job.id, out } satisfies CipherJobResult);
});
