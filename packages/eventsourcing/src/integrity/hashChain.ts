import { createHash } from "node:crypto";
import type { NewEvent, StoredEvent } from "../envelope/envelope.js";
import type { JsonValue } from "../envelope/json.js";
import type { EventMetadata } from "../envelope/metadata.js";
import { canonicalJson } from "./canonicalJson.js";

/** The previous hash of the first event of every stream. */
export const GENESIS_HASH = "0".repeat(64);

/** What the chain covers: everything stored about an event except the store-assigned global position. */
export interface ChainedContent {
  readonly id: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonValue;
  readonly metadata: EventMetadata;
}

/**
 * hash = SHA-256(prevHash || canonical(content)), hex. The global position is left out on purpose:
 * stores assign it differently (SQLite rowid, PostgreSQL sequence, EventStoreDB commit position), and
 * the chain must verify the same in all of them. The signed checkpoint covers global positions.
 */
export const chainHash = (prevHash: string, content: ChainedContent): string =>
  createHash("sha256")
    .update(prevHash)
    .update(
      canonicalJson({
        id: content.id,
        streamId: content.streamId,
        streamVersion: content.streamVersion,
        type: content.type,
        schemaVersion: content.schemaVersion,
        data: content.data,
        metadata: content.metadata as unknown as JsonValue,
      }),
    )
    .digest("hex");

/** A new event placed in its stream and chained, ready for a store to write. */
export interface ChainedEvent extends ChainedContent {
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * Places a batch after a stream's head and links it into the chain. Every store adapter calls this
 * inside its write transaction, after it has read the head under a lock, so the chain is serialised
 * by the same check that serialises stream versions.
 */
export const chainBatch = (
  streamId: string,
  head: { readonly version: number; readonly hash: string },
  events: readonly NewEvent[],
  recordedAt: string,
): ChainedEvent[] => {
  let prevHash = head.hash;
  let version = head.version;
  return events.map((event) => {
    version += 1;
    const content: ChainedContent = {
      id: event.id,
      streamId,
      streamVersion: version,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: { ...event.metadata, recordedAt },
    };
    const hash = chainHash(prevHash, content);
    const chained: ChainedEvent = { ...content, prevHash, hash };
    prevHash = hash;
    return chained;
  });
};

/** Recomputes the hash of a stored event from what is stored. */
export const recomputeHash = (event: StoredEvent): string => chainHash(event.prevHash, event);
