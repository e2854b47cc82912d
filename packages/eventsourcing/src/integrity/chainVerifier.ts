import type { StoredEvent } from "../envelope/envelope.js";
import { GENESIS_HASH, recomputeHash, sha256Hex } from "./hashChain.js";
import type { IntegrityFailure } from "./integrityFailure.js";
import type { ChainedText } from "./storedText.js";

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
   * The same check over an event as stored text (see `VerifiableAsText`): the hash is computed over the
   * exact stored bytes. Returns "decode" when the text does not hash (or a field is not of its type):
   * the caller then reads the event the ordinary way and calls `check`, so the verdict is the one
   * `check` would give.
   */
  checkText(row: ChainedText): IntegrityFailure | undefined | "decode" {
    const [globalPosition, streamId, streamVersion, prevHash, hash, hashedText] = row;
    if (
      typeof streamId !== "string" ||
      typeof streamVersion !== "number" ||
      typeof globalPosition !== "number" ||
      typeof prevHash !== "string" ||
      typeof hash !== "string" ||
      typeof hashedText !== "string" ||
      !hashedText.startsWith(prevHash) ||
      sha256Hex(hashedText) !== hash
    )
      return "decode";
    return this.checkLinkedEvent({ streamId, streamVersion, prevHash, hash }, () => true);
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
