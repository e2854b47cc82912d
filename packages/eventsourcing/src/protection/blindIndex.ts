import { createHmac } from "node:crypto";
import type { KeyStore, SubjectRef } from "./keyStore.js";

/** How a looked-up value is normalised before it is hashed, so "Jan@Example.com " finds "jan@example.com". */
export type Normaliser = (value: string) => string;

export const normaliseEmail: Normaliser = (value) => value.normalize("NFC").trim().toLowerCase();

/**
 * A keyed blind index: HMAC-SHA-256 over (kind, normalised value) under the key store's secret. It
 * finds a subject by an exact value without storing the value; it leaks only that two entries share a
 * value, and it is deleted with the subject's keys, so an erased subject cannot be found again.
 */
export const blindIndexToken = (secret: Buffer, kind: string, value: string, normalise: Normaliser): string =>
  createHmac("sha256", secret)
    .update(JSON.stringify([kind, normalise(value)]))
    .digest("base64url");

export interface BlindIndex {
  /** Records that `value` (e.g. an e-mail address) belongs to this subject's data in this class. */
  readonly add: (kind: string, value: string, subject: SubjectRef) => Promise<void>;
  /** The subjects whose data holds exactly this value (after normalising). */
  readonly find: (kind: string, value: string) => Promise<readonly SubjectRef[]>;
}

export const blindIndex = (
  keyStore: KeyStore,
  normalisers: Readonly<Record<string, Normaliser>> = {},
): BlindIndex => {
  const normaliserFor = (kind: string): Normaliser =>
    normalisers[kind] ?? (kind === "email" ? normaliseEmail : (v) => v.normalize("NFC").trim());
  const token = async (kind: string, value: string) =>
    blindIndexToken(await keyStore.blindIndexKey(), kind, value, normaliserFor(kind));
  return {
    add: async (kind, value, subject) => keyStore.putBlindIndex(await token(kind, value), subject),
    find: async (kind, value) => keyStore.findByBlindIndex(await token(kind, value)),
  };
};
