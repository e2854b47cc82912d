import { randomBytes } from "node:crypto";
import type { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { type CipherTask, CipherThreads } from "./cipherThreads.js";
import { associatedText, sealedBlob, sealField, sealText } from "./fieldCipher.js";

const keys = [randomBytes(32), randomBytes(32), randomBytes(32)];

/** `count` fields sealed under three keys, as a read page hands them over, and their plaintexts. */
const sealedFields = (count: number) => {
  const tasks: CipherTask[] = [];
  const plaintexts: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = keys[i % keys.length] as Buffer;
    const value = { email: `person.${i}@example.nl`, note: "naïve — ✓" };
    const context = { eventId: `event-${i}`, fieldPath: "contact", keyId: `key-${i % keys.length}`, key };
    const sealed = sealField(value, context);
    const blob = sealedBlob(sealed)?.blob as string;
    tasks.push({
      key,
      blob,
      aad: associatedText(context.eventId, context.fieldPath, context.keyId, undefined),
    });
    plaintexts.push(JSON.stringify(value));
  }
  return { tasks, plaintexts };
};

/** The same task with one bit of its ciphertext flipped. */
const flipped = (task: CipherTask): CipherTask => {
  const bytes = Buffer.from(task.blob, "base64");
  bytes[12] = (bytes[12] ?? 0) ^ 1;
  return { ...task, blob: bytes.toString("base64") };
};

/** The codes of the process warnings emitted while `run` runs (process.emitWarning emits on the next tick). */
const warningsDuring = async (run: () => Promise<void>): Promise<string[]> => {
  const codes: string[] = [];
  const listener = (warning: Error & { code?: string }) => codes.push(warning.code ?? warning.name);
  process.on("warning", listener);
  try {
    await run();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", listener);
  }
  return codes;
};

/** The pool's worker threads (private): to make one die in the middle of a job. */
const workersOf = (pool: CipherThreads): Worker[] => (pool as unknown as { workers: Worker[] }).workers;

describe("cipher threads: personal fields opened in worker threads (P7.b)", () => {
  const pools: CipherThreads[] = [];
  const pool = (threads: number) => {
    const made = new CipherThreads(threads);
    pools.push(made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((made) => made.close()));
  });

  it("opens every field in worker threads exactly as on this thread, in order", async () => {
    const { tasks, plaintexts } = sealedFields(700);
    const threads = pool(2);
    expect(await threads.open(tasks)).toEqual(plaintexts);
    expect(threads.enabled).toBe(true); // the workers answered: nothing fell back to this thread
    expect(await pool(0).open(tasks)).toEqual(plaintexts);
  });

  it("a changed ciphertext or a changed associated data gives null for that field only", async () => {
    const { tasks, plaintexts } = sealedFields(200);
    const changed = [...tasks];
    changed[17] = flipped(tasks[17] as CipherTask);
    changed[150] = { ...(tasks[150] as CipherTask), aad: tasks[151]?.aad as string };
    const opened = await pool(1).open(changed);
    expect(opened[17]).toBeNull();
    expect(opened[150]).toBeNull();
    expect(opened.filter((text) => text === null)).toHaveLength(2);
    expect(opened[16]).toBe(plaintexts[16]);
    expect(opened[199]).toBe(plaintexts[199]);
  });

  it("a job still out when the pool closes is finished on this thread; later jobs run here", async () => {
    const { tasks, plaintexts } = sealedFields(300);
    const threads = pool(1);
    const warnings = await warningsDuring(async () => {
      const opening = threads.open(tasks);
      await threads.close();
      expect(threads.enabled).toBe(false);
      expect(await opening).toEqual(plaintexts);
      expect(await threads.open(tasks)).toEqual(plaintexts);
    });
    expect(warnings).toEqual([]); // closing is no failure
  });

  it("a worker that dies in the middle of a job: the job is finished on this thread, nothing lost", async () => {
    const { tasks, plaintexts } = sealedFields(3000);
    const threads = pool(1);
    await threads.open(tasks.slice(0, 100)); // the worker is up and has answered once
    expect(threads.enabled).toBe(true);
    const warnings = await warningsDuring(async () => {
      const opening = threads.open(tasks);
      const worker = workersOf(threads)[0] as Worker;
      // A worker that crashes reports an error, then its exit: two failures of one worker.
      worker.emit("error", new Error("the worker crashed"));
      await worker.terminate();
      expect(await opening).toEqual(plaintexts);
      expect(threads.enabled).toBe(false);
    });
    expect(warnings).toEqual(["PRIVACY_LEDGER_CIPHER_THREADS"]); // said once
  });

  it("a plaintext holding a line break (not written by sealField) cannot shift the fields after it", async () => {
    const { tasks, plaintexts } = sealedFields(100);
    const key = keys[0] as Buffer;
    const aad = associatedText("event-odd", "contact", "key-0", undefined);
    const odd = '{\n"v": 10}';
    const withBreak = [...tasks];
    withBreak[10] = { key, blob: sealText(key, odd, aad), aad };
    const expected = [...plaintexts];
    expected[10] = odd;
    const threads = pool(1);
    expect(await threads.open(withBreak)).toEqual(expected);
    expect(threads.enabled).toBe(true);
  });

  it("a data key of the wrong size is refused with a clear error", async () => {
    const { tasks } = sealedFields(100);
    const wrong = [...tasks, { ...(tasks[0] as CipherTask), key: randomBytes(16) }];
    await expect(pool(1).open(wrong)).rejects.toThrow("a data key must be 32 bytes, this one has 16");
  });

  it("the thread count must be a whole number ≥ 0", () => {
    expect(() => new CipherThreads(-1)).toThrow(RangeError);
    expect(() => new CipherThreads(1.5)).toThrow("cipherThreads must be a whole number ≥ 0, got 1.5");
  });
});
