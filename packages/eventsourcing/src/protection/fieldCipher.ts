import { createCipheriv, createDecipheriv, randomFillSync } from "node:crypto";
import * as t from "io-ts";
import type { JsonValue } from "../envelope/json.js";
import { canonicalJson } from "../integrity/canonicalJson.js";

export const CIPHER_ALGORITHM = "A256GCM" as const;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** The version prefix of the compact form (see `SealedFieldV2`). */
const V2_PREFIX = "2.";

/**
 * How a personal field was stored up to format 1: `{ "$pii": { v: 1, alg, kid, iv, ct, tag, partial? } }`
 * in place of its value, nonce, ciphertext and tag each in base64. Still read; no longer written.
 */
export const SealedFieldV1Codec = t.type(
  {
    $pii: t.intersection([
      t.type({
        v: t.literal(1),
        alg: t.literal(CIPHER_ALGORITHM),
        kid: t.string,
        iv: t.string,
        ct: t.string,
        tag: t.string,
      }),
      t.partial({ partial: t.unknown }),
    ]),
  },
  "SealedFieldV1",
);
export type SealedFieldV1 = t.TypeOf<typeof SealedFieldV1Codec>;

/**
 * How a personal field is stored (format 2): `{ "$pii": "2.<key id>.<base64(nonce ‖ ciphertext ‖ tag)>" }`
 * in place of its value, with `"partial": …` beside `$pii` when the codec declares a partial value.
 * Format 2 is AES-256-GCM, a 12-byte nonce and a 16-byte tag, exactly as format 1 and under the same
 * associated data; it only packs the three binary parts into one string, which is cheaper to store,
 * hash, parse and decode than format 1's object of six members. The key id sits between the first and
 * the last dot (base64 has no dot), so any key id reads back.
 */
export const SealedFieldV2Codec = t.intersection(
  [
    t.type({
      $pii: t.refinement(t.string, (s) => parseV2(s) !== undefined, "SealedFieldV2String"),
    }),
    t.partial({ partial: t.unknown }),
  ],
  "SealedFieldV2",
);
export type SealedFieldV2 = t.TypeOf<typeof SealedFieldV2Codec>;

/** A stored personal field, in either format: `isSealedField` is the cheap check, this the full one. */
export const SealedFieldCodec = t.union([SealedFieldV2Codec, SealedFieldV1Codec], "SealedField");
export type SealedField = t.TypeOf<typeof SealedFieldCodec>;

/** The parts of a sealed field, whatever its format. */
interface SealedParts {
  readonly kid: string;
  readonly iv: Buffer;
  readonly ct: Buffer;
  readonly tag: Buffer;
  readonly partial: unknown;
}

const parseV2 = (text: string): { kid: string; blob: string } | undefined => {
  if (!text.startsWith(V2_PREFIX)) return undefined;
  const last = text.lastIndexOf(".");
  if (last <= V2_PREFIX.length) return undefined;
  return { kid: text.slice(V2_PREFIX.length, last), blob: text.slice(last + 1) };
};

/** The key id a sealed field names (no decoding of its binary parts). */
export const sealedKeyId = (sealed: SealedField): string => {
  const pii = sealed.$pii;
  return typeof pii === "string" ? (parseV2(pii) as { kid: string }).kid : pii.kid;
};

/** The clear-text partial value stored beside a sealed field, if its codec declared one. */
export const sealedPartial = (sealed: SealedField): JsonValue | undefined =>
  (typeof sealed.$pii === "string"
    ? (sealed as SealedFieldV2).partial
    : (sealed as SealedFieldV1).$pii.partial) as JsonValue | undefined;

/**
 * Scratch space for the read path: a field's decoded bytes and its associated data are written here
 * and used at once (node:crypto copies nonce, tag and AAD, and consumes the ciphertext synchronously),
 * which spares two buffer allocations per field. Larger values get buffers of their own.
 */
const scratch = Buffer.allocUnsafe(4096);
const AAD_SCRATCH = 1024;
const decodeBase64 = (text: string): Buffer => {
  if (text.length > ((scratch.length - AAD_SCRATCH) / 3) * 4) return Buffer.from(text, "base64");
  return scratch.subarray(AAD_SCRATCH, AAD_SCRATCH + scratch.write(text, AAD_SCRATCH, "base64"));
};

/** The parts of a format-1 field (format 2 is opened from its blob, see `openBlob`). */
const partsOfV1 = (sealed: SealedFieldV1): SealedParts => {
  const pii = sealed.$pii;
  return {
    kid: pii.kid,
    iv: Buffer.from(pii.iv, "base64"),
    ct: Buffer.from(pii.ct, "base64"),
    tag: Buffer.from(pii.tag, "base64"),
    partial: pii.partial,
  };
};

/**
 * The key id and the blob (base64 of nonce ‖ ciphertext ‖ tag) of a format-2 field; undefined for a
 * format-1 field. What a worker thread needs to open it (see CipherThreads).
 */
export const sealedBlob = (sealed: SealedField): { kid: string; blob: string } | undefined =>
  typeof sealed.$pii === "string" ? parseV2(sealed.$pii) : undefined;

/** Characters JSON.stringify writes as they are: no quote, no backslash, no control character. */
const VERBATIM_IN_JSON = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** JSON.stringify of a string, without its cost in the common case (ids and paths of plain ASCII). */
const jsonString = (s: string): string => (VERBATIM_IN_JSON.test(s) ? `"${s}"` : JSON.stringify(s));
const NO_PARTIAL = jsonString(canonicalJson(null));

/**
 * The associated data binds a ciphertext to its place and to its clear-text partial value: moved to
 * another event, another field, relabelled with another key id, or given another partial value, it no
 * longer authenticates. The same bytes for both storage formats (the format changes the packing only):
 * the UTF-8 of `JSON.stringify(["privacy-ledger/pii@1", eventId, fieldPath, keyId, canonicalJson(partial ?? null)])`,
 * built here without the array.
 */
export const associatedText = (eventId: string, fieldPath: string, keyId: string, partial: unknown): string =>
  `["privacy-ledger/pii@1",${jsonString(eventId)},${jsonString(fieldPath)},${jsonString(keyId)},${
    partial === undefined || partial === null ? NO_PARTIAL : jsonString(canonicalJson(partial as JsonValue))
  }]`;

/** Associated data in the scratch space when it fits (UTF-8: at most 3 bytes per UTF-16 unit). */
const scratchAssociatedData = (text: string): Buffer => {
  if (text.length * 3 > AAD_SCRATCH) return Buffer.from(text, "utf8");
  return scratch.subarray(0, scratch.write(text, 0, "utf8"));
};

/**
 * Fresh random nonces (for fields, and for wrapping data keys), drawn from the CSPRNG a few hundred at a time: `randomBytes(12)` per field costs
 * more than the encryption itself (a call into OpenSSL's generator each time). Every nonce is 12 bytes
 * of the generator's output used exactly once; the pool is refilled before any byte is used twice.
 */
const NONCES_PER_REFILL = 512;
const noncePool = Buffer.allocUnsafe(NONCE_BYTES * NONCES_PER_REFILL);
let nextNonce = NONCES_PER_REFILL;
export const freshNonce = (): Buffer => {
  if (nextNonce === NONCES_PER_REFILL) {
    randomFillSync(noncePool);
    nextNonce = 0;
  }
  const start = nextNonce * NONCE_BYTES;
  nextNonce += 1;
  // A view: used at once by createCipheriv (which copies it) and by the concat below, before any refill.
  return noncePool.subarray(start, start + NONCE_BYTES);
};

export interface SealContext {
  readonly eventId: string;
  readonly fieldPath: string;
  readonly keyId: string;
  readonly key: Buffer;
}

/**
 * AES-256-GCM with a fresh random 96-bit nonce per field (NIST SP 800-38D's recommended size), stored
 * in format 2.
 */
export const sealField = (value: JsonValue, context: SealContext, partial?: JsonValue): SealedFieldV2 => {
  const aad = associatedText(context.eventId, context.fieldPath, context.keyId, partial);
  const sealed = `${V2_PREFIX}${context.keyId}.${sealText(context.key, JSON.stringify(value), aad)}`;
  return partial === undefined ? { $pii: sealed } : { $pii: sealed, partial };
};

/**
 * The core of sealing, on text only (the counterpart of `openBlob`): a JSON text sealed with
 * AES-256-GCM under `key` with a fresh nonce and the associated data `aad` (see `associatedText`),
 * returned as base64(nonce ‖ ciphertext ‖ tag).
 */
export const sealText = (key: Buffer, plainJson: string, aad: string): string => {
  const iv = freshNonce();
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(scratchAssociatedData(aad));
  const ct = cipher.update(plainJson, "utf8");
  cipher.final(); // GCM is a stream mode: final() yields no bytes, it computes the tag
  return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString("base64");
};

/**
 * The core of opening, on text only (see `sealText`): the JSON text sealed in `blob`, or undefined
 * when it does not authenticate under `key` and `aad` (or is no blob at all).
 */
export const openBlob = (key: Buffer, blob: string, aad: string): string | undefined => {
  try {
    const bytes = decodeBase64(blob);
    if (bytes.length < NONCE_BYTES + TAG_BYTES) return undefined;
    return decrypt(
      key,
      bytes.subarray(0, NONCE_BYTES),
      bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES),
      bytes.subarray(bytes.length - TAG_BYTES),
      aad,
    );
  } catch {
    return undefined;
  }
};

/** AES-256-GCM decryption; throws unless the tag authenticates. */
const decrypt = (key: Buffer, iv: Buffer, ct: Buffer, tag: Buffer, aad: string): string => {
  // A fixed tag length: otherwise a forger could shorten the stored tag and weaken the check.
  if (tag.length !== TAG_BYTES || iv.length !== NONCE_BYTES) throw new Error("malformed sealed field");
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(scratchAssociatedData(aad));
  decipher.setAuthTag(tag);
  const plain = decipher.update(ct);
  decipher.final(); // throws unless the tag authenticates
  return plain.toString("utf8");
};

/** Returns the plaintext, or undefined when the ciphertext does not authenticate in this context. */
export const openField = (sealed: SealedField, context: SealContext): JsonValue | undefined => {
  const aad = (partial: unknown) =>
    associatedText(context.eventId, context.fieldPath, context.keyId, partial);
  if (typeof sealed.$pii === "string") {
    const v2 = sealedBlob(sealed);
    if (v2 === undefined) return undefined;
    return parseOpened(openBlob(context.key, v2.blob, aad((sealed as SealedFieldV2).partial)));
  }
  try {
    const parts = partsOfV1(sealed as SealedFieldV1);
    return parseOpened(decrypt(context.key, parts.iv, parts.ct, parts.tag, aad(parts.partial)));
  } catch {
    return undefined;
  }
};

/** The value of an opened JSON text (undefined stays undefined: the field did not authenticate). */
export const parseOpened = (text: string | undefined): JsonValue | undefined => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined; // authenticated but not JSON: not written by sealField
  }
};

/** A cheap structural check for the read path; `SealedFieldCodec` stays the full validation. */
export const isSealedField = (value: unknown): value is SealedField => {
  if (typeof value !== "object" || value === null) return false;
  const pii = (value as { $pii?: unknown }).$pii;
  if (typeof pii === "string") return pii.startsWith(V2_PREFIX) && pii.lastIndexOf(".") > V2_PREFIX.length;
  if (typeof pii !== "object" || pii === null) return false;
  const f = pii as Record<string, unknown>;
  return (
    f.v === 1 &&
    f.alg === CIPHER_ALGORITHM &&
    typeof f.kid === "string" &&
    typeof f.iv === "string" &&
    typeof f.ct === "string" &&
    typeof f.tag === "string"
  );
};
