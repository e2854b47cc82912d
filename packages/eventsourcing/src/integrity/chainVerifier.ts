import type { StoredEvent } from "../envelope/envelope.js";
import { chainHashOfText, GENESIS_HASH, recomputeHash } from "./hashChain.js";
import type { IntegrityFailure } from "./integrityFailure.js";
import type { StoredEventText } from "./storedText.js";

interface Link {
  version: number;
  hash: string;
}

/**
 * Checks events one at a time, in any interleaving of streams, against the chain of each stream. It
 * keeps one link per stream (not per event), so memory grows with the number of streams only.
 */
export class ChainVerifier {
  private readonly links = new Map<string, Link>();
  events = 0;

  /** Returns the first problem with this event, or undefined when it extends its chain correctly. */
  check(event: StoredEvent): IntegrityFailure | undefined {
    return this.checkLinkedEvent(event, () => recomputeHash(event) === event.hash);
  }

  /**
   * The same check over an event as stored text: the hash is computed over the stored texts of data
   * and metadata, exactly the bytes the chaining hashed. When they do not hash (or a column is not of
   * its type), the row is decoded the ordinary way (which throws `StoredEventCorruptedError` for a
   * corrupt row) and checked as an event, so the verdict is the same as `check` would give, and a row
   * whose JSON was only reformatted still verifies.
   */
  checkText(
    row: StoredEventText,
    decode: (row: StoredEventText) => StoredEvent,
  ): IntegrityFailure | undefined {
    const {
      id,
      streamId,
      streamVersion,
      globalPosition,
      type,
      schemaVersion,
      data,
      metadata,
      prevHash,
      hash,
    } = row;
    if (
      typeof id === "string" &&
      typeof globalPosition === "number" &&
      typeof streamId === "string" &&
      typeof streamVersion === "number" &&
      typeof type === "string" &&
      typeof schemaVersion === "number" &&
      typeof data === "string" &&
      typeof metadata === "string" &&
      typeof prevHash === "string" &&
      typeof hash === "string"
    ) {
      const header = { id, streamId, streamVersion, type, schemaVersion };
      if (chainHashOfText(prevHash, header, data, metadata) === hash)
        return this.checkLinkedEvent({ streamId, streamVersion, prevHash, hash }, () => true);
    }
    return this.check(decode(row));
  }

  private checkLinkedEvent(
    event: Pick<StoredEvent, "streamId" | "streamVersion" | "prevHash" | "hash">,
    hashMatches: () => boolean,
  ): IntegrityFailure | undefined {
    const at = { streamId: event.streamId, streamVersion: event.streamVersion };
    const link = this.links.get(event.streamId) ?? { version: 0, hash: GENESIS_HASH };
    if (event.streamVersion !== link.version + 1) {
      return {
        kind: "VersionGap",
        ...at,
        message: `${event.streamId}: version ${event.streamVersion} follows version ${link.version}; an event was removed, inserted or moved`,
      };
    }
    if (event.prevHash !== link.hash) {
      return {
        kind: "BrokenLink",
        ...at,
        message: `${event.streamId}@${event.streamVersion}: previous hash does not match the hash of version ${link.version}`,
      };
    }
    if (!hashMatches()) {
      return {
        kind: "HashMismatch",
        ...at,
        message: `${event.streamId}@${event.streamVersion}: stored content does not match its hash; it was changed after it was written`,
      };
    }
    this.links.set(event.streamId, { version: event.streamVersion, hash: event.hash });
    this.events += 1;
    return undefined;
  }

  link(streamId: string): Readonly<Link> | undefined {
    return this.links.get(streamId);
  }

  get streams(): number {
    return this.links.size;
  }
}
