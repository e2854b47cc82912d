import type { KeyState, KeyStore } from "./keyStore.js";

/**
 * Remembers key states for a short time so a read of many events does not ask the key store once per
 * field. The time bound is what makes a shred made elsewhere (another process) take effect here
 * within `ttlMs`; a shred through this process's `eraseSubject` evicts at once.
 */
export class KeyCache {
  private readonly entries = new Map<string, { state: KeyState; until: number }>();
  /** Moves on every eviction: a look-up that started before one must not cache what it read. */
  private epoch = 0;

  constructor(
    private readonly keyStore: KeyStore,
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  async state(keyId: string): Promise<KeyState> {
    const now = Date.now();
    const hit = this.entries.get(keyId);
    if (hit && hit.until > now) return hit.state;
    const epoch = this.epoch;
    const state = await this.keyStore.keyState(keyId);
    if (this.ttlMs > 0 && epoch === this.epoch) {
      // Oldest first out (a Map iterates in insertion order): a large read keeps its working set.
      if (this.entries.size >= this.maxEntries) {
        const [oldest] = this.entries.keys();
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(keyId, { state, until: now + this.ttlMs });
    }
    return state;
  }

  evict(keyIds: readonly string[]): void {
    this.epoch += 1;
    for (const keyId of keyIds) this.entries.delete(keyId);
  }
}
