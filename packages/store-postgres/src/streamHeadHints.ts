/**
 * What this store last saw of a stream's head: from a read that reached the stream's end, or from an
 * append it committed. A command reads its stream and then appends to it; with the head the read ended
 * at, the append can be planned (chained) before it reaches the server and written with one statement
 * that checks, under the append lock, that the head is still that one (`append_planned`). A hint is
 * only ever a guess: a stale one costs that statement (it writes nothing and says so) and the append
 * then takes the ordinary path, which reads the heads under the lock.
 *
 * `null` records a stream known to be empty (a read of it found nothing). Bounded: the oldest hint is
 * dropped first; a dropped hint only means the ordinary path for that stream's next append.
 */
export interface HeadHint {
  readonly version: number;
  readonly hash: string;
}

export const DEFAULT_MAX_HINTS = 10_000;

export class StreamHeadHints {
  private readonly hints = new Map<string, HeadHint | null>();

  constructor(private readonly max = DEFAULT_MAX_HINTS) {}

  /** The last head seen, `null` for a stream seen empty, `undefined` when nothing is known. */
  get(streamId: string): HeadHint | null | undefined {
    return this.hints.get(streamId);
  }

  /** Records a head (or `null`: empty), as the newest hint. */
  set(streamId: string, head: HeadHint | null): void {
    this.hints.delete(streamId);
    this.hints.set(streamId, head);
    if (this.hints.size > this.max) {
      const oldest = this.hints.keys().next();
      if (!oldest.done) this.hints.delete(oldest.value);
    }
  }

  forget(streamId: string): void {
    this.hints.delete(streamId);
  }

  get size(): number {
    return this.hints.size;
  }
}
