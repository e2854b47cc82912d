import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../ports/clock.js";
import { fixedClock } from "../ports/clock.js";
import type { KeyStore } from "../protection/keyStore.js";

export interface KeyStoreHarness {
  readonly keyStore: KeyStore;
  /** Opens the same key storage again (a restart). */
  readonly reopen?: () => Promise<KeyStore>;
  readonly dispose: () => Promise<void>;
}

export type KeyStoreHarnessFactory = (options: { readonly clock: Clock }) => Promise<KeyStoreHarness>;

/** The contract of a key store: one key per (subject, class), shredding that is final, blind indexes. */
export const keyStoreConformanceSuite = (name: string, factory: KeyStoreHarnessFactory): void => {
  describe(`${name}: key store conformance`, () => {
    let harness: KeyStoreHarness;
    let keys: KeyStore;
    const clock = fixedClock("2026-11-27T10:00:00.000Z");
    beforeEach(async () => {
      harness = await factory({ clock });
      keys = harness.keyStore;
    });
    afterEach(() => harness.dispose());

    it("gives one stable 32-byte key per (subject, retention class), distinct across pairs", async () => {
      const a = await keys.activeKey("subject-1", "marketing");
      const again = await keys.activeKey("subject-1", "marketing");
      const otherClass = await keys.activeKey("subject-1", "fiscal");
      const otherSubject = await keys.activeKey("subject-2", "marketing");
      expect(a.material).toHaveLength(32);
      expect(again).toEqual(a);
      expect(new Set([a.keyId, otherClass.keyId, otherSubject.keyId]).size).toBe(3);
      expect(a.material.equals(otherClass.material)).toBe(false);
      expect(await keys.keyState(a.keyId)).toEqual({ status: "active", key: a });
      expect(await keys.keyState("no-such-key")).toEqual({ status: "unknown", keyId: "no-such-key" });
    });

    it("gives the same keys one pair at a time or a batch at a time, making the missing ones", async () => {
      const a = await keys.activeKey("subject-1", "marketing");
      if (!keys.activeKeys) return;
      const batch = await keys.activeKeys([
        { subjectId: "subject-1", retentionClass: "marketing" },
        { subjectId: "subject-2", retentionClass: "marketing" },
        { subjectId: "subject-1", retentionClass: "marketing" },
      ]);
      expect(batch[0]).toEqual(a);
      expect(batch[2]).toEqual(a);
      expect(batch[1]).toEqual(await keys.activeKey("subject-2", "marketing"));
    });

    it("shredding destroys every key of the pair, only that pair, keeps a tombstone, and is idempotent", async () => {
      const a = await keys.activeKey("subject-1", "marketing");
      const kept = await keys.activeKey("subject-1", "fiscal");
      clock.set("2026-11-28T08:00:00.000Z");
      expect((await keys.shred("subject-1", "marketing")).keyIds).toEqual([a.keyId]);
      expect(await keys.keyState(a.keyId)).toEqual({
        status: "shredded",
        keyId: a.keyId,
        shreddedAt: "2026-11-28T08:00:00.000Z",
      });
      expect((await keys.keyState(kept.keyId)).status).toBe("active");
      expect((await keys.shred("subject-1", "marketing")).keyIds).toEqual([]);
    });

    it("a returning subject gets a new key; the shredded one never comes back", async () => {
      const old = await keys.activeKey("subject-1", "marketing");
      await keys.shred("subject-1", "marketing");
      const fresh = await keys.activeKey("subject-1", "marketing");
      expect(fresh.keyId).not.toBe(old.keyId);
      expect((await keys.keyState(old.keyId)).status).toBe("shredded");
      expect(await keys.listKeys("subject-1", "marketing")).toEqual([
        { keyId: old.keyId, status: "shredded" },
        { keyId: fresh.keyId, status: "active" },
      ]);
    });

    it("finds subjects by blind-index token and forgets them when their keys are shredded", async () => {
      await keys.putBlindIndex("token-1", { subjectId: "subject-1", retentionClass: "marketing" });
      await keys.putBlindIndex("token-1", { subjectId: "subject-1", retentionClass: "marketing" });
      await keys.putBlindIndex("token-1", { subjectId: "subject-1", retentionClass: "contract" });
      await keys.putBlindIndex("token-2", { subjectId: "subject-2", retentionClass: "marketing" });
      expect(await keys.findByBlindIndex("token-1")).toHaveLength(2);
      expect((await keys.shred("subject-1", "marketing")).blindIndexEntries).toBe(1);
      expect(await keys.findByBlindIndex("token-1")).toEqual([
        { subjectId: "subject-1", retentionClass: "contract" },
      ]);
      expect(await keys.findByBlindIndex("token-2")).toHaveLength(1);
      const secret = await keys.blindIndexKey();
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect((await keys.blindIndexKey()).equals(secret)).toBe(true);
    });

    it("keeps keys, tombstones and the index secret across a reopen", async () => {
      if (!harness.reopen) return;
      const a = await keys.activeKey("subject-1", "marketing");
      const b = await keys.activeKey("subject-2", "marketing");
      await keys.shred("subject-2", "marketing");
      const secret = await keys.blindIndexKey();
      const reopened = await harness.reopen();
      try {
        expect(await reopened.keyState(a.keyId)).toEqual({ status: "active", key: a });
        expect((await reopened.keyState(b.keyId)).status).toBe("shredded");
        expect((await reopened.blindIndexKey()).equals(secret)).toBe(true);
      } finally {
        await reopened.close();
      }
    });
  });
};
