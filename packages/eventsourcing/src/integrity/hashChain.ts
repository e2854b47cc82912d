import { hash } from "node:crypto";
import type { NewEvent, StoredEvent } from "../envelope/envelope.js";
import type { JsonValue } from "../envelope/json.js";
import type { EventMetadata } from "../envelope/metadata.js";
import { canonicalJson, quoteJsonString } from "./canonicalJson.js";

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

/** The header fields of the content: everything but data and metadata. */
export type ChainedHeader = Omit<ChainedContent, "data" | "metadata">;

/**
 * The canonical JSON of the content, assembled from the canonical texts of data and metadata. Keys in
 * RFC 8785 order (data, id, metadata, schemaVersion, streamId, streamVersion, type): byte for byte what
 * `canonicalJson` of the whole content gives, without walking data and metadata a second time.
 */
export const canonicalContentText = (header: ChainedHeader, dataText: string, metadataText: string): string =>
  contentText(
    header.id,
    header.streamId,
    header.streamVersion,
    header.type,
    header.schemaVersion,
    dataText,
    metadataText,
  );

const contentText = (
  id: string,
  streamId: string,
  streamVersion: number,
  type: string,
  schemaVersion: number,
  dataText: string,
  metadataText: string,
): string =>
  `{"data":${dataText},"id":${quoteJsonString(id)},"metadata":${metadataText},` +
  `"schemaVersion":${schemaVersion},"streamId":${quoteJsonString(streamId)},` +
  `"streamVersion":${streamVersion},"type":${quoteJsonString(type)}}`;

/** hash = SHA-256(prevHash || canonical(content)), hex, from the canonical texts of data and metadata. */
export const chainHashOfText = (
  prevHash: string,
  header: ChainedHeader,
  dataText: string,
  metadataText: string,
): string => sha256Hex(prevHash + canonicalContentText(header, dataText, metadataText));

/** SHA-256 of a string's UTF-8 bytes, hex: the one hash function of the chain. */
export const sha256Hex = (text: string): string => hash("sha256", text, "hex");

/**
 * hash = SHA-256(prevHash || canonical(content)), hex. The global position is left out on purpose:
 * stores assign it differently (SQLite rowid, PostgreSQL sequence, EventStoreDB log position), and
 * the chain must verify the same in all of them. The signed checkpoint covers global positions.
 */
export const chainHash = (prevHash: string, content: ChainedContent): string =>
  chainHashOfText(
    prevHash,
    content,
    canonicalJson(content.data),
    canonicalJson(content.metadata as unknown as JsonValue),
  );

/** A new event placed in its stream and chained, ready for a store to write. */
export interface ChainedEvent extends ChainedContent {
  readonly prevHash: string;
  readonly hash: string;
  /**
   * The canonical JSON texts of data and metadata that the hash covers: stores that keep JSON as text
   * write exactly these, so nothing is serialised twice and the stored bytes are the hashed bytes.
   */
  readonly canonical: { readonly data: string; readonly metadata: string };
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
  const chained = new Array<ChainedEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as NewEvent;
    version += 1;
    const metadata: EventMetadata = { ...event.metadata, recordedAt };
    const canonical = {
      data: canonicalJson(event.data),
      metadata: canonicalJson(metadata as unknown as JsonValue),
    };
    const hash = sha256Hex(
      prevHash +
        contentText(
          event.id,
          streamId,
          version,
          event.type,
          event.schemaVersion,
          canonical.data,
          canonical.metadata,
        ),
    );
    // One object literal of the final shape: no intermediate content object spread into it.
    chained[i] = {
      id: event.id,
      streamId,
      streamVersion: version,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata,
      prevHash,
      hash,
      canonical,
    };
    prevHash = hash;
  }
  return chained;
};

/** Recomputes the hash of a stored event from what is stored. */
export const recomputeHash = (event: StoredEvent): string => chainHash(event.prevHash, event);

/**
 * The canonical texts of data and metadata to store: those the chaining already made for a new event,
 * or serialised now for an event imported from another store.
 */
export const canonicalTexts = (
  event: ChainedEvent | ChainedContent,
): { readonly data: string; readonly metadata: string } =>
  "canonical" in event
    ? event.canonical
    : { data: canonicalJson(event.data), metadata: canonicalJson(event.metadata as unknown as JsonValue) };
