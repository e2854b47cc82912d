import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { UsageError } from "./args.js";

const readKeyFile = (path: string, what: string): string => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`cannot read the ${what} file ${path}`);
  }
};

/** An Ed25519 key from a PEM file; a file that holds no such key is a clear error, not a stack trace. */
export const privateKeyFrom = (path: string): KeyObject => {
  try {
    const key = createPrivateKey(readKeyFile(path, "private key"));
    if (key.asymmetricKeyType !== "ed25519") throw new Error("not ed25519");
    return key;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path} holds no Ed25519 private key (make one with: privacy-ledger keygen)`);
  }
};

export const publicKeyFrom = (path: string): KeyObject => {
  try {
    const key = createPublicKey(readKeyFile(path, "public key"));
    if (key.asymmetricKeyType !== "ed25519") throw new Error("not ed25519");
    return key;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path} holds no Ed25519 public key`);
  }
};
