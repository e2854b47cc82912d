import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { startModuleWorker } from "../workers/moduleWorker.js";
import { type CipherJob, type CipherJobResult, KEY_BYTES, SEPARATOR } from "./cipherJob.js";
import { openBlob } from "./fieldCipher.js";

/** One sealed field to open: its data key, its blob, its associated data (`associatedText`). */
export interface CipherTask {
  readonly key: Buffer;
  readonly blob: string;
  readonly aad: string;
}

/** Per task, in order: the opened JSON text, or null when it did not authenticate. */
export type CipherResults = readonly (string | null)[];

/**
 * Below this many fields a page is opened on the calling thread: a round trip to a worker thread
 * costs some tens of microseconds, the work of a handful of fields (a command's few events stay here).
 */
export const MIN_TASKS_FOR_THREADS = 64;

/**
 * The default: one worker thread where the machine has a core to spare, none on a single core (a
 * second thread there would only take turns with this one).
 */
export const defaultCipherThreads = (): number => (availableParallelism() > 1 ? 1 : 0);

interface Pending {
  readonly tasks: readonly CipherTask[];
  readonly resolve: (results: CipherResults) => void;
  readonly worker: Worker;
}

/**
 * Worker threads that open personal fields beside the calling thread, so that the AES-256-GCM of a
 * large read (node:crypto makes a cipher object per field, a few microseconds each) runs on another
 * core while this one reads and decodes the next events.
 *
 * - Started at the first job, and `unref`'d whenever idle: they never keep a process alive.
 *   `close()` ends them.
 * - A job never fails for a thread's sake: if a worker dies (or the pool is closed while a job is
 *   out), its fields are opened again on the calling thread, and so are all later ones; that is said
 *   once, as a process warning (code PRIVACY_LEDGER_CIPHER_THREADS), as verify says its own.
 * - A job's key material is copied into the message and zeroed here once posted; the worker zeroes its
 *   copy when done. Workers keep nothing between jobs, so a shred needs no message to them.
 */
export class CipherThreads {
  private workers: Worker[] | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly busy = new Map<Worker, number>();
  private nextId = 0;
  private failed = false;
  private closed = false;

  constructor(readonly threads: number = defaultCipherThreads()) {
    if (!Number.isInteger(threads) || threads < 0)
      throw new RangeError(`cipherThreads must be a whole number ≥ 0, got ${threads}`);
  }

  /** Whether jobs go to worker threads: some were asked for, none has failed, the pool is open. */
  get enabled(): boolean {
    return this.threads > 0 && !this.failed && !this.closed;
  }

  /**
   * The fields, split over the worker threads in order; resolves with one result per field, in order.
   * Without threads, or if one fails, they are opened on this thread.
   */
  open(tasks: readonly CipherTask[]): Promise<CipherResults> {
    const workers = this.enabled ? this.started() : undefined;
    if (!workers || tasks.length === 0) return new Promise((resolve) => resolve(openHere(tasks)));
    const share = Math.ceil(tasks.length / workers.length);
    const parts: Promise<CipherResults>[] = [];
    for (let w = 0; w * share < tasks.length; w++)
      parts.push(this.post(workers[w] as Worker, tasks.slice(w * share, (w + 1) * share)));
    return parts.length === 1
      ? (parts[0] as Promise<CipherResults>)
      : Promise.all(parts).then((all) => all.flat());
  }

  /** Ends the worker threads; a job still out is finished on this thread, and so are later ones. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = this.workers ?? [];
    this.workers = undefined;
    await Promise.all(workers.map((worker) => worker.terminate()));
    this.settleHere(() => true);
  }

  private started(): Worker[] | undefined {
    if (this.workers) return this.workers;
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < this.threads; i++) workers.push(this.startWorker());
    } catch (error) {
      // No worker can be started here (tsx missing under the TypeScript sources): open here. A
      // worker module missing from a bundle fails later, as an "error" event (see startWorker).
      this.fail(error);
      for (const worker of workers) void worker.terminate();
      return undefined;
    }
    this.workers = workers;
    return workers;
  }

  private startWorker(): Worker {
    const worker = startModuleWorker(import.meta.url, "cipherWorker");
    worker.unref();
    worker.on("message", (result: CipherJobResult) => {
      const job = this.pending.get(result.id);
      if (!job) return;
      const out = result.out?.split(SEPARATOR);
      // One text per field, or the job is redone here: a text holding the separator (not one
      // JSON.stringify wrote) must not shift the fields after it onto the wrong places.
      if (out === undefined || out.length !== job.tasks.length)
        return this.settleHere((other) => other === job);
      this.pending.delete(result.id);
      this.idle(worker);
      job.resolve(out.map((text) => (text === "" ? null : text)));
    });
    const fail = (why: unknown) => {
      this.fail(why);
      this.settleHere((job) => job.worker === worker);
    };
    worker.on("error", fail);
    worker.on("messageerror", fail);
    worker.on("exit", (code) => fail(`it exited (code ${code})`));
    return worker;
  }

  /** From now on everything is opened on this thread; said once, unless the pool was closed. */
  private fail(why: unknown): void {
    if (this.failed || this.closed) {
      this.failed = true;
      return;
    }
    this.failed = true;
    const reason = why instanceof Error ? why.message : String(why);
    process.emitWarning(
      `a cipher worker thread failed (${reason}); personal fields are opened on the calling thread from now on`,
      { code: "PRIVACY_LEDGER_CIPHER_THREADS" },
    );
  }

  private post(worker: Worker, tasks: readonly CipherTask[]): Promise<CipherResults> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      const job = jobOf(id, tasks); // a key of the wrong size throws here, rejecting the promise
      this.pending.set(id, { tasks, resolve, worker });
      // Referenced while a job is out: a read awaiting its fields must keep the process alive.
      const jobs = this.busy.get(worker) ?? 0;
      if (jobs === 0) worker.ref();
      this.busy.set(worker, jobs + 1);
      worker.postMessage(job);
      job.keys.fill(0); // the message holds its own copy now
    });
  }

  private idle(worker: Worker): void {
    const jobs = (this.busy.get(worker) ?? 1) - 1;
    this.busy.set(worker, jobs);
    if (jobs === 0) worker.unref();
  }

  private settleHere(which: (job: Pending) => boolean): void {
    for (const [id, job] of this.pending) {
      if (!which(job)) continue;
      this.pending.delete(id);
      this.idle(job.worker);
      job.resolve(openHere(job.tasks)); // openBlob never throws: a field that fails is null
    }
  }
}

/** The fields opened on this thread (their keys used where they are, not copied). */
const openHere = (tasks: readonly CipherTask[]): CipherResults =>
  tasks.map((task) => openBlob(task.key, task.blob, task.aad) ?? null);

/** The message for a worker: the distinct keys once each, every field pointing at its key. */
const jobOf = (id: number, tasks: readonly CipherTask[]): CipherJob => {
  const index = new Map<Buffer, number>();
  const keyOf = new Uint32Array(tasks.length);
  const blobs = new Array<string>(tasks.length);
  const aads = new Array<string>(tasks.length);
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i] as CipherTask;
    let at = index.get(task.key);
    if (at === undefined) {
      if (task.key.length !== KEY_BYTES)
        throw new RangeError(`a data key must be ${KEY_BYTES} bytes, this one has ${task.key.length}`);
      at = index.size;
      index.set(task.key, at);
    }
    keyOf[i] = at;
    blobs[i] = task.blob;
    aads[i] = task.aad;
  }
  const keys = new Uint8Array(index.size * KEY_BYTES);
  for (const [key, at] of index) keys.set(key, at * KEY_BYTES);
  return { id, keys, keyOf, blobs, aads };
};
