import { openBlob } from "./fieldCipher.js";

/** The size of a data key (AES-256). */
export const KEY_BYTES = 32;

/**
 * Between the opened texts of a job's result (one string costs less to pass between threads than
 * hundreds). No text `sealField` wrote holds one (JSON.stringify escapes every control character);
 * should an opened text hold one anyway, the count of texts is off and the calling thread redoes the
 * job itself (CipherThreads), so no field can take another's place.
 */
export const SEPARATOR = "\n";

/**
 * Sealed fields to open, as a worker thread gets them: strings and typed arrays only, cheap to copy
 * between threads (no objects per field).
 * - `keys`: the data keys the job needs, 32 bytes each, one after the other;
 * - `keyOf[i]`: the index in `keys` of field i's key;
 * - `blobs[i]`: its blob (base64 of nonce ‖ ciphertext ‖ tag);
 * - `aads[i]`: its associated data (`associatedText`).
 */
export interface CipherJob {
  readonly id: number;
  readonly keys: Uint8Array;
  readonly keyOf: Uint32Array;
  readonly blobs: readonly string[];
  readonly aads: readonly string[];
}

/**
 * Per field, joined with SEPARATOR: its opened JSON text, or "" when it does not authenticate (no JSON
 * text is empty; the caller names the event and field in its error). `out` is null when the job itself
 * failed: the caller redoes it on its own thread, where the error is thrown.
 */
export interface CipherJobResult {
  readonly id: number;
  readonly out: string | null;
}

/** Runs a job: the whole work of a worker thread. */
export const runCipherJob = (job: CipherJob): string => {
  const keys = Buffer.from(job.keys.buffer, job.keys.byteOffset, job.keys.byteLength);
  const { blobs, aads } = job;
  const out = new Array<string>(blobs.length);
  for (let i = 0; i < blobs.length; i++) {
    const at = (job.keyOf[i] as number) * KEY_BYTES;
    out[i] = openBlob(keys.subarray(at, at + KEY_BYTES), blobs[i] as string, aads[i] as string) ?? "";
  }
  return out.join(SEPARATOR);
};
