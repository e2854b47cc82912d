import { createCipheriv, createDecipheriv } from "node:crypto";
import { freshNonce } from "./fieldCipher.js";
import { WrongMasterKeyError } from "./protectionErrors.js";

/**
 * Envelope encryption of data keys: each stored key is AES-256-GCM-wrapped under a master key the user
 * supplies (from a KMS, an HSM or a secret manager), bound to its key id. Without the master key a
 * copy of the key file is useless.
 */
export interface KeyWrapper {
  readonly wrap: (material: Buffer, keyId: string) => Buffer;
  readonly unwrap: (wrapped: Buffer, keyId: string) => Buffer;
  /** A value stored once per key store, proving at open that the master key is the right one. */
  readonly checkValue: () => Buffer;
  readonly verifyCheckValue: (stored: Buffer) => void;
  readonly wrapped: boolean;
}

const CHECK_ID = "privacy-ledger/master-key-check@1";

export const masterKeyWrapper = (masterKey: Buffer): KeyWrapper => {
  if (masterKey.length !== 32) throw new RangeError("a master key is 32 bytes (AES-256)");
  const wrap = (material: Buffer, keyId: string): Buffer => {
    const iv = freshNonce(); // 12 fresh random bytes, used once (concatenated below before any refill)
    const cipher = createCipheriv("aes-256-gcm", masterKey, iv);
    cipher.setAAD(Buffer.from(keyId, "utf8"));
    const ct = Buffer.concat([cipher.update(material), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]);
  };
  const unwrap = (wrapped: Buffer, keyId: string): Buffer => {
    try {
      const decipher = createDecipheriv("aes-256-gcm", masterKey, wrapped.subarray(0, 12), {
        authTagLength: 16,
      });
      decipher.setAAD(Buffer.from(keyId, "utf8"));
      decipher.setAuthTag(wrapped.subarray(12, 28));
      return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
    } catch {
      throw new WrongMasterKeyError(`data key ${keyId} does not unwrap with the master key given`);
    }
  };
  return {
    wrap,
    unwrap,
    checkValue: () => wrap(Buffer.from(CHECK_ID, "utf8"), CHECK_ID),
    verifyCheckValue: (stored) => {
      if (stored.toString("utf8") === "unwrapped")
        throw new WrongMasterKeyError("this key store was created without a master key; open it without one");
      try {
        if (unwrap(stored, CHECK_ID).toString("utf8") === CHECK_ID) return;
      } catch {
        // fall through to the clearer message below
      }
      throw new WrongMasterKeyError("the master key given is not the one this key store was created with");
    },
    wrapped: true,
  };
};

/** No master key: keys are stored as they are. Allowed, and said loudly wherever it is chosen. */
export const noKeyWrapper: KeyWrapper = {
  wrap: (material) => Buffer.from(material),
  unwrap: (wrapped) => Buffer.from(wrapped),
  checkValue: () => Buffer.from("unwrapped", "utf8"),
  verifyCheckValue: (stored) => {
    if (stored.toString("utf8") !== "unwrapped")
      throw new WrongMasterKeyError("this key store was created with a master key; open it with that key");
  },
  wrapped: false,
};

export const UNWRAPPED_KEYS_WARNING =
  "privacy-ledger: the key store keeps data keys WITHOUT a master key. Anyone who copies the key file " +
  "can read all personal data in the event store. Pass a 32-byte masterKey (from a KMS or secret manager) in production.";
