import { createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";
import * as t from "io-ts";
import type { JsonValue } from "../envelope/json.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { type Clock, systemClock } from "../ports/clock.js";
import { canonicalJson } from "./canonicalJson.js";
import { verificationSourceOf } from "./verificationSource.js";

export const CHECKPOINT_FORMAT = "privacy-ledger/checkpoint@1" as const;

const StreamHeadCodec = t.readonly(t.type({ streamId: t.string, version: t.number, hash: t.string }));

export const CheckpointBodyCodec = t.readonly(
  t.type({
    format: t.literal(CHECKPOINT_FORMAT),
    createdAt: t.string,
    globalPosition: t.number,
    streams: t.readonlyArray(StreamHeadCodec),
  }),
  "CheckpointBody",
);
export type CheckpointBody = t.TypeOf<typeof CheckpointBodyCodec>;

/**
 * A statement, signed with the operator's Ed25519 key, of every stream's head and the global position
 * at one moment. Kept outside the store (by an auditor, in a notary, in the next report), it lets a
 * later verification prove that no stream was cut short or removed since. The embedded public key
 * only says which key signed; verification always takes the key the auditor trusts.
 */
export const SignedCheckpointCodec = t.readonly(
  t.type({
    body: CheckpointBodyCodec,
    algorithm: t.literal("Ed25519"),
    /** SPKI DER, base64. */
    publicKey: t.string,
    /** Ed25519 signature over the canonical JSON of `body`, base64. */
    signature: t.string,
  }),
  "SignedCheckpoint",
);
export type SignedCheckpoint = t.TypeOf<typeof SignedCheckpointCodec>;

export const generateCheckpointKeys = (): { publicKey: KeyObject; privateKey: KeyObject } =>
  generateKeyPairSync("ed25519");

export interface CreateCheckpointOptions {
  readonly privateKey: KeyObject;
  readonly clock?: Clock;
}

/** Reads every stream head and the global position, and signs them. */
export const createCheckpoint = async (
  store: EventStore,
  options: CreateCheckpointOptions,
): Promise<SignedCheckpoint> => {
  if (options.privateKey.asymmetricKeyType !== "ed25519")
    throw new TypeError("checkpoints are signed with Ed25519 keys");
  store = verificationSourceOf(store);
  // Position first: heads read afterwards are at least as new, so every head is covered by the claim.
  const globalPosition = await store.headPosition();
  const streams: CheckpointBody["streams"][number][] = [];
  for await (const head of store.streamHeads()) streams.push(head);
  const body: CheckpointBody = {
    format: CHECKPOINT_FORMAT,
    createdAt: (options.clock ?? systemClock).now().toISOString(),
    globalPosition,
    streams,
  };
  const signature = sign(null, Buffer.from(canonicalJson(body as unknown as JsonValue)), options.privateKey);
  return {
    body,
    algorithm: "Ed25519",
    publicKey: createPublicKey(options.privateKey).export({ format: "der", type: "spki" }).toString("base64"),
    signature: signature.toString("base64"),
  };
};

/** Whether the checkpoint's body was signed by the holder of `trustedPublicKey`. */
export const checkpointSignatureValid = (
  checkpoint: SignedCheckpoint,
  trustedPublicKey: KeyObject,
): boolean => {
  try {
    return verify(
      null,
      Buffer.from(canonicalJson(checkpoint.body as unknown as JsonValue)),
      trustedPublicKey,
      Buffer.from(checkpoint.signature, "base64"),
    );
  } catch {
    return false;
  }
};
