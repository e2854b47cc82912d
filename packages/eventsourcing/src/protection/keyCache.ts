import type { DataKey, KeyState, KeyStore, SubjectRef } from "./keyStore.js";

interface Entry<T> {
  readonly value: T;
  /** Date.now() after which the entry is not trusted (Infinity when the store has shred generations). */
  readonly until: number;
}

/**
 * Remembers key states (the unwrapped key material of active keys, the tombstones of shredded ones) and
 * the active key of each (subject, retention class), so that a read of many events asks the key store
 * once per key, not once per field, and an append once per new pair, not once per event.
 *
 * What keeps it correct when another handle or process shreds a key:
 * - **with a key store that has `shredGeneration`** (both stores here): `validate()` asks it, and drops
 *   everything when it moved. The protected store validates at the start of every read and append and
 *   again every page of a read (see ProtectedEventStore), so a shred anywhere takes effect at the next
 *   page, with no time-to-live; entries live until then (or until pushed out by `maxEntries`).
 * - **without one**: entries are trusted for `ttlMs`, so a shred elsewhere takes effect within it, and
 *   active keys are not cached for appends (a stale one would seal new data under a destroyed key).
 * A shred through this process's `eraseSubject` evicts at once (`evict`). `ttlMs` 0 disables caching.
 * `unknown` states are never cached: they are errors, and rare.
 */
export class KeyCache {
  private readonly byId = new Map<string, Entry<KeyState>>();
  private readonly active = new Map<string, Entry<DataKey>>();
  /** Moves on every eviction: a look-up that started before one must not cache what it read. */
  private evictions = 0;
  /** The key store's shred generation when this cache's entries were last validated. */
  private generation: number | undefined;

  constructor(
    private readonly keyStore: KeyStore,
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /**
   * Moves whenever entries are dropped (eviction, a moved shred generation, clear): states looked up
   * while it stayed the same may be used together.
   */
  get epoch(): number {
    return this.evictions;
  }

  /** Whether entries are checked against the key store's shred generation (no time bound). */
  get generational(): boolean {
    return this.keyStore.shredGeneration !== undefined;
  }

  /**
   * Drops every entry if a key was shredded anywhere since the last validation (the key store's shred
   * generation moved). One cheap look-up; a no-op for a key store without generations.
   */
  async validate(): Promise<void> {
    if (!this.keyStore.shredGeneration) return;
    const generation = await this.keyStore.shredGeneration();
    if (generation !== this.generation) {
      this.clear();
      this.generation = generation;
    }
  }

  /** The cached state of a key, if any and still trusted: the synchronous path of a read. */
  peek(keyId: string): KeyState | undefined {
    const hit = this.byId.get(keyId);
    if (hit === undefined) return undefined;
    if (hit.until === Number.POSITIVE_INFINITY || hit.until > Date.now()) return hit.value;
    this.byId.delete(keyId);
    return undefined;
  }

  async state(keyId: string): Promise<KeyState> {
    const hit = this.peek(keyId);
    if (hit) return hit;
    const epoch = this.evictions;
    const state = await this.keyStore.keyState(keyId);
    this.remember(epoch, keyId, state);
    return state;
  }

  /**
   * The states of several keys (an event's, or a page's): the cached ones from the cache, the others
   * fetched together (`keyStates`) where the key store can.
   */
  async states(keyIds: Iterable<string>): Promise<Map<string, KeyState>> {
    const found = new Map<string, KeyState>();
    const missing: string[] = [];
    for (const keyId of keyIds) {
      if (found.has(keyId)) continue;
      const hit = this.peek(keyId);
      if (hit) found.set(keyId, hit);
      else if (!missing.includes(keyId)) missing.push(keyId);
    }
    if (missing.length === 0) return found;
    const epoch = this.evictions;
    const states = this.keyStore.keyStates
      ? await this.keyStore.keyStates(missing)
      : await Promise.all(missing.map((keyId) => this.keyStore.keyState(keyId)));
    missing.forEach((keyId, i) => {
      const state = states[i] ?? { status: "unknown", keyId };
      found.set(keyId, state);
      this.remember(epoch, keyId, state);
    });
    return found;
  }

  /**
   * The active keys of the pairs, by `pairKey`: from the cache, the missing ones fetched (or made)
   * together. Only a generational cache keeps active keys between calls (validate first).
   */
  async activeKeys(pairs: readonly SubjectRef[]): Promise<Map<string, DataKey>> {
    const found = new Map<string, DataKey>();
    const missing: SubjectRef[] = [];
    const cacheActive = this.ttlMs > 0 && this.generational;
    for (const pair of pairs) {
      const key = pairKey(pair.subjectId, pair.retentionClass);
      const hit = cacheActive ? this.active.get(key) : undefined;
      if (hit) found.set(key, hit.value);
      else missing.push(pair);
    }
    if (missing.length === 0) return found;
    const epoch = this.evictions;
    const { keyStore } = this;
    const keys = keyStore.activeKeys
      ? await keyStore.activeKeys(missing)
      : await Promise.all(missing.map((pair) => keyStore.activeKey(pair.subjectId, pair.retentionClass)));
    for (const dataKey of keys) {
      const key = pairKey(dataKey.subjectId, dataKey.retentionClass);
      found.set(key, dataKey);
      if (cacheActive && epoch === this.evictions) {
        bounded(this.active, this.maxEntries).set(key, { value: dataKey, until: Number.POSITIVE_INFINITY });
        this.remember(epoch, dataKey.keyId, { status: "active", key: dataKey });
      }
    }
    return found;
  }

  /** Forgets these keys at once (a shred through this process), and fences off look-ups in flight. */
  evict(keyIds: readonly string[]): void {
    this.evictions += 1;
    const gone = new Set(keyIds);
    for (const keyId of gone) this.byId.delete(keyId);
    for (const [pair, entry] of this.active) if (gone.has(entry.value.keyId)) this.active.delete(pair);
  }

  /** Forgets everything (and fences off look-ups in flight). */
  clear(): void {
    this.evictions += 1;
    this.byId.clear();
    this.active.clear();
  }

  private remember(epoch: number, keyId: string, state: KeyState): void {
    if (this.ttlMs <= 0 || state.status === "unknown" || epoch !== this.evictions) return;
    const until = this.generational ? Number.POSITIVE_INFINITY : Date.now() + this.ttlMs;
    bounded(this.byId, this.maxEntries).set(keyId, { value: state, until });
  }
}

/** The map, with its oldest entry dropped if it is full (a Map iterates in insertion order). */
const bounded = <V>(map: Map<string, V>, max: number): Map<string, V> => {
  if (map.size >= max) {
    const [oldest] = map.keys();
    if (oldest !== undefined) map.delete(oldest);
  }
  return map;
};

/** One string per (subject, retention class), unambiguous whatever either holds. */
export const pairKey = (subjectId: string, retentionClass: string): string =>
  `${retentionClass.length}:${retentionClass}:${subjectId}`;
