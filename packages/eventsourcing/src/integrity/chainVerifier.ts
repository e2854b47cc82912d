import type { StoredEvent } from "../envelope/envelope.js";
import { GENESIS_HASH, recomputeHash, sha256Hex } from "./hashChain.js";
import type { IntegrityFailure } from "./integrityFailure.js";
import type { ChainedText } from "./storedText.js";

interface Link {
  version: number;
  hash: string;
}

/**
 * The first event a verifier that starts in the middle of the log (see `ChainVerifier.openStart`) saw of
 * a stream, whose link to the event before it is left to whoever knows that event: stream id, version,
 * previous hash, global position.
 */
export type OpenLink = readonly [
  streamId: string,
  streamVersion: number,
  prevHash: string,
  globalPosition: number,
];

type LinkedEvent = Pick<StoredEvent, "streamId" | "streamVersion" | "prevHash" | "hash" | "globalPosition">;

/**
 * Checks events one at a time, in any interleaving of streams, against the chain of each stream. It
 * keeps one link per stream (not per event), so memory grows with the number of streams only.
 */
export class ChainVerifier {
  private readonly links = new Map<string, Link>();
  /** Set by `openStart`: the first events of streams, whose links are checked later (`checkOpenLink`). */
  private readonly open: OpenLink[] | undefined;
  events = 0;

  constructor(options: { readonly open?: OpenLink[] } = {}) {
    this.open = options.open;
  }

  /**
   * A verifier for a range of the log that does not start at its beginning: the first event it sees of
   * each stream is not checked against the stream's previous event (it did not see it) but recorded in
   * `open`, in the order seen; everything else is checked as usual. Whoever verified the range before
   * checks those links with `checkOpenLink` against its own.
   */
  static openStart(open: OpenLink[]): ChainVerifier {
    return new ChainVerifier({ open });
  }

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
    return this.checkLinkedEvent({ streamId, streamVersion, prevHash, hash, globalPosition }, () => true);
  }

  private checkLinkedEvent(event: LinkedEvent, hashMatches: () => boolean): IntegrityFailure | undefined {
    const link = this.links.get(event.streamId);
    if (link === undefined && this.open !== undefined)
      this.open.push([event.streamId, event.streamVersion, event.prevHash, event.globalPosition]);
    else {
      const failure = linkFailure(event.streamId, event.streamVersion, event.prevHash, link);
      if (failure) return failure;
    }
    if (!hashMatches()) {
      return {
        kind: "HashMismatch",
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        message: `${event.streamId}@${event.streamVersion}: stored content does not match its hash; it was changed after it was written`,
      };
    }
    if (link) {
      link.version = event.streamVersion;
      link.hash = event.hash;
    } else this.links.set(event.streamId, { version: event.streamVersion, hash: event.hash });
    this.events += 1;
    return undefined;
  }

  /**
   * Checks the link of an event that a verifier of a later range recorded as open (see `openStart`)
   * against this verifier's head of its stream, and on success moves nothing: call `adoptHeads` once
   * the whole later range has been accepted.
   */
  checkOpenLink(open: OpenLink): IntegrityFailure | undefined {
    return linkFailure(open[0], open[1], open[2], this.links.get(open[0]));
  }

  /** The heads a verifier of a later range ended with, taken over once its range has been accepted. */
  adoptHeads(
    heads: ReadonlyArray<readonly [streamId: string, version: number, hash: string]>,
    events: number,
  ): void {
    for (const [streamId, version, hash] of heads) this.links.set(streamId, { version, hash });
    this.events += events;
  }

  /** Every stream's head, for `adoptHeads`. */
  heads(): Array<[streamId: string, version: number, hash: string]> {
    const heads: Array<[string, number, string]> = [];
    for (const [streamId, link] of this.links) heads.push([streamId, link.version, link.hash]);
    return heads;
  }

  link(streamId: string): Readonly<Link> | undefined {
    return this.links.get(streamId);
  }

  get streams(): number {
    return this.links.size;
  }
}

/** Whether an event at `version` with `prevHash` extends a stream whose head is `link` (none: genesis). */
const linkFailure = (
  streamId: string,
  version: number,
  prevHash: string,
  link: Readonly<Link> | undefined,
): IntegrityFailure | undefined => {
  const headVersion = link?.version ?? 0;
  if (version !== headVersion + 1) {
    return {
      kind: "VersionGap",
      streamId,
      streamVersion: version,
      message: `${streamId}: version ${version} follows version ${headVersion}; an event was removed, inserted or moved`,
    };
  }
  if (prevHash !== (link?.hash ?? GENESIS_HASH)) {
    return {
      kind: "BrokenLink",
      streamId,
      streamVersion: version,
      message: `${streamId}@${version}: previous hash does not match the hash of version ${headVersion}`,
    };
  }
  return undefined;
};
