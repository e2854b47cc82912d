import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import * as t from "io-ts";
import type { JsonValue } from "../envelope/json.js";
import { canonicalJson } from "../integrity/canonicalJson.js";

export const CIPHER_ALGORITHM = "A256GCM" as const;
const NONCE_BYTES = 12;

/**
 * How a personal field is stored: `{ "$pii": { … } }` in place of its value. Key id, nonce, tag and the
 * declared partial value are clear text; only `ct` holds the (encrypted) personal data.
 */
export const SealedFieldCodec = t.type(
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
  "SealedField",
);
export type SealedField = t.TypeOf<typeof SealedFieldCodec>;

/**
 * The associated data binds a ciphertext to its place and to its clear-text partial value: moved to
 * another event, another field, relabelled with another key id, or given another partial value, it no
 * longer authenticates.
 */
const associatedData = (eventId: string, fieldPath: string, keyId: string, partial: unknown): Buffer =>
  Buffer.from(
    JSON.stringify([
      "privacy-ledger/pii@1",
      eventId,
      fieldPath,
      keyId,
      canonicalJson((partial ?? null) as JsonValue),
    ]),
    "utf8",
  );

export interface SealContext {
  readonly eventId: string;
  readonly fieldPath: string;
  readonly keyId: string;
  readonly key: Buffer;
}

/** AES-256-GCM with a fresh random 96-bit nonce per field (NIST SP 800-38D's recommended size). */
export const sealField = (value: JsonValue, context: SealContext, partial?: JsonValue): SealedField => {
  const iv = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", context.key, iv);
  cipher.setAAD(associatedData(context.eventId, context.fieldPath, context.keyId, partial));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  const sealed: SealedField["$pii"] = {
    v: 1,
    alg: CIPHER_ALGORITHM,
    kid: context.keyId,
    iv: iv.toString("base64"),
    ct: ct.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
  };
  return { $pii: partial === undefined ? sealed : { ...sealed, partial } };
};

/** Returns the plaintext, or undefined when the ciphertext does not authenticate in this context. */
export const openField = (sealed: SealedField, context: SealContext): JsonValue | undefined => {
  try {
    const decipher = createDecipheriv("aes-256-gcm", context.key, Buffer.from(sealed.$pii.iv, "base64"), {
      // A fixed tag length: otherwise a forger could shorten the stored tag and weaken the check.
      authTagLength: 16,
    });
    decipher.setAAD(associatedData(context.eventId, context.fieldPath, context.keyId, sealed.$pii.partial));
    decipher.setAuthTag(Buffer.from(sealed.$pii.tag, "base64"));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.$pii.ct, "base64")), decipher.final()]);
    return JSON.parse(plain.toString("utf8")) as JsonValue;
  } catch {
    return undefined;
  }
};

/** A cheap structural check for the read path; `SealedFieldCodec` stays the full validation. */
export const isSealedField = (value: unknown): value is SealedField => {
  if (typeof value !== "object" || value === null) return false;
  const pii = (value as { $pii?: unknown }).$pii;
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
