import type { StoredEvent } from "../envelope/envelope.js";
import type { AppendSignal } from "./appendSignal.js";
import type { ReadAllOptions, SubscribeOptions } from "./eventStore.js";

export interface CatchUpSource {
  readonly readAll: (options: ReadAllOptions) => AsyncIterable<StoredEvent>;
  readonly appended: AppendSignal;
  /** How long to wait for an in-process signal before looking again (other writers, other processes). */
  readonly pollMs: number;
  readonly pageSize: number;
}

/**
 * Catch up from a position, then follow live: the subscription every adapter without a native push
 * channel shares. It keeps only the last position, so it can be resumed from any checkpoint.
 */
export async function* catchUpSubscription(
  source: CatchUpSource,
  options: SubscribeOptions = {},
): AsyncGenerator<StoredEvent, void, undefined> {
  const { signal } = options;
  let position = options.after ?? 0;
  while (!signal?.aborted) {
    const generation = source.appended.current;
    let read = 0;
    for await (const event of source.readAll({ after: position, maxCount: source.pageSize })) {
      if (signal?.aborted) return;
      position = event.globalPosition;
      read += 1;
      yield event;
    }
    if (read < source.pageSize) await source.appended.wait(generation, source.pollMs, signal);
  }
}
