import { afterEach, describe, expect, it, vi } from "vitest";
import { InMemoryKeyStore } from "./inMemoryKeyStore.js";
import { KeyCache, pairKey } from "./keyCache.js";
import type { KeyStore } from "./keyStore.js";

/** The in-memory store without shred generations: what a third-party key store may look like. */
const withoutGenerations = (store: InMemoryKeyStore): KeyStore & { calls: number } => {
  const counted = {
    calls: 0,
    activeKey: (s: string, c: string) => store.activeKey(s, c),
    keyState: (id: string) => {
      counted.calls += 1;
      return store.keyState(id);
    },
    listKeys: (s: string, c: string) => store.listKeys(s, c),
    shred: (s: string, c: string) => store.shred(s, c),
    blindIndexKey: () => store.blindIndexKey(),
    putBlindIndex: (t: string, r: { subjectId: string; retentionClass: string }) => store.putBlindIndex(t, r),
    findByBlindIndex: (t: string) => store.findByBlindIndex(t),
    close: () => store.close(),
  };
  return counted;
};

afterEach(() => vi.useRealTimers());

describe("KeyCache", () => {
  it("with shred generations: keeps states with no time bound, and drops them all when a shred moved the generation", async () => {
    vi.useFakeTimers();
    const store = new InMemoryKeyStore();
    const cache = new KeyCache(store, 1_000);
    const key = await store.activeKey("subject-1", "contract");
    const other = await store.activeKey("subject-2", "contract");
    await cache.validate();
    await cache.states([key.keyId, other.keyId]);
    vi.advanceTimersByTime(3_600_000);
    await cache.validate(); // nothing shredded: an hour later the entries still stand
    expect(cache.peek(key.keyId)?.status).toBe("active");
    await store.shred("subject-1", "contract"); // as another handle or process would
    expect(cache.peek(key.keyId)?.status).toBe("active"); // until the next validation (the page window)
    const epoch = cache.epoch;
    await cache.validate();
    expect(cache.epoch).not.toBe(epoch);
    expect(cache.peek(key.keyId)).toBeUndefined();
    expect(cache.peek(other.keyId)).toBeUndefined(); // everything goes: which keys moved is not known
    expect((await cache.state(key.keyId)).status).toBe("shredded");
    await store.shred("subject-1", "contract"); // nothing left to destroy: the generation stays
    await cache.validate();
    expect(cache.peek(key.keyId)?.status).toBe("shredded");
  });

  it("with shred generations: an append's active keys are cached per pair, and replaced after a shred", async () => {
    const store = new InMemoryKeyStore();
    const cache = new KeyCache(store, 1_000);
    const pair = { subjectId: "subject-1", retentionClass: "contract" };
    await cache.validate();
    const first = (await cache.activeKeys([pair])).get(pairKey("subject-1", "contract"));
    expect((await cache.activeKeys([pair])).get(pairKey("subject-1", "contract"))).toBe(first); // cached
    expect(cache.peek(first?.keyId as string)?.status).toBe("active"); // and readable without a fetch
    await store.shred("subject-1", "contract");
    await cache.validate();
    const second = (await cache.activeKeys([pair])).get(pairKey("subject-1", "contract"));
    expect(second?.keyId).not.toBe(first?.keyId);
  });

  it("without shred generations: states are trusted for the TTL only, and active keys are not cached", async () => {
    vi.useFakeTimers();
    const inner = new InMemoryKeyStore();
    const store = withoutGenerations(inner);
    const cache = new KeyCache(store, 1_000);
    expect(cache.generational).toBe(false);
    const key = await inner.activeKey("subject-1", "contract");
    await cache.validate(); // a no-op
    expect((await cache.state(key.keyId)).status).toBe("active");
    expect((await cache.state(key.keyId)).status).toBe("active");
    expect(store.calls).toBe(1);
    await inner.shred("subject-1", "contract");
    vi.advanceTimersByTime(1_001);
    expect(cache.peek(key.keyId)).toBeUndefined();
    expect((await cache.state(key.keyId)).status).toBe("shredded");
    const pair = { subjectId: "subject-2", retentionClass: "contract" };
    const a = (await cache.activeKeys([pair])).get(pairKey("subject-2", "contract"));
    await inner.shred("subject-2", "contract");
    const b = (await cache.activeKeys([pair])).get(pairKey("subject-2", "contract"));
    expect(b?.keyId).not.toBe(a?.keyId); // asked again every time: no stale key seals new data
  });

  it("caches nothing with a TTL of 0, and never caches an unknown key", async () => {
    const store = new InMemoryKeyStore();
    const off = new KeyCache(store, 0);
    const key = await store.activeKey("subject-1", "contract");
    await off.validate();
    await off.states([key.keyId]);
    expect(off.peek(key.keyId)).toBeUndefined();
    const on = new KeyCache(store, 1_000);
    await on.validate();
    expect((await on.states(["no-such-key"])).get("no-such-key")?.status).toBe("unknown");
    expect(on.peek("no-such-key")).toBeUndefined();
  });

  it("an eviction fences off a look-up in flight: what it read is not cached", async () => {
    const store = new InMemoryKeyStore();
    const cache = new KeyCache(store, 1_000);
    const key = await store.activeKey("subject-1", "contract");
    await cache.validate();
    const reading = cache.states([key.keyId]); // reads the active state...
    cache.evict([key.keyId]); // ...while this process shreds it
    expect((await reading).get(key.keyId)?.status).toBe("active");
    expect(cache.peek(key.keyId)).toBeUndefined();
  });

  it("keeps at most maxEntries states, the oldest going first", async () => {
    const store = new InMemoryKeyStore();
    const cache = new KeyCache(store, 1_000, 2);
    const keys = await Promise.all(["a", "b", "c"].map((s) => store.activeKey(`subject-${s}`, "contract")));
    await cache.validate();
    for (const key of keys) await cache.state(key.keyId);
    expect(keys.map((key) => cache.peek(key.keyId) !== undefined)).toEqual([false, true, true]);
  });
});
