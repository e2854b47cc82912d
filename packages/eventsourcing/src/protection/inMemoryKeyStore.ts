import { randomBytes, randomUUID } from "node:crypto";
import { type Clock, systemClock } from "../ports/clock.js";
import type { DataKey, KeyState, KeyStore, KeySummary, ShredResult, SubjectRef } from "./keyStore.js";

interface KeyRecord {
  readonly keyId: string;
  readonly subjectId: string;
  readonly retentionClass: string;
  material: Buffer | undefined;
  shreddedAt: string | undefined;
}

/** Keys in this process's memory: for tests and examples. Destroying a key zeroes its buffer. */
export class InMemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, KeyRecord>();
  private readonly active = new Map<string, KeyRecord>();
  private readonly index = new Map<string, SubjectRef[]>();
  private readonly indexKey = randomBytes(32);
  private readonly clock: Clock;
  private generation = 0;

  constructor(options: { readonly clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async activeKey(subjectId: string, retentionClass: string): Promise<DataKey> {
    const pair = pairKey(subjectId, retentionClass);
    let record = this.active.get(pair);
    if (!record) {
      record = {
        keyId: randomUUID(),
        subjectId,
        retentionClass,
        material: randomBytes(32),
        shreddedAt: undefined,
      };
      this.keys.set(record.keyId, record);
      this.active.set(pair, record);
    }
    // A copy: the record's own buffer is zeroed at shred, and must not change under a caller's feet.
    return {
      keyId: record.keyId,
      subjectId,
      retentionClass,
      material: Buffer.from(record.material as Buffer),
    };
  }

  async keyState(keyId: string): Promise<KeyState> {
    const record = this.keys.get(keyId);
    if (!record) return { status: "unknown", keyId };
    if (record.shreddedAt !== undefined || !record.material)
      return { status: "shredded", keyId, shreddedAt: record.shreddedAt ?? "" };
    const { subjectId, retentionClass, material } = record;
    return { status: "active", key: { keyId, subjectId, retentionClass, material: Buffer.from(material) } };
  }

  async keyStates(keyIds: readonly string[]): Promise<readonly KeyState[]> {
    return Promise.all(keyIds.map((keyId) => this.keyState(keyId)));
  }

  /** Moves at every shred that destroyed a key: readers sharing this store drop their caches. */
  async shredGeneration(): Promise<number> {
    return this.generation;
  }

  async listKeys(subjectId: string, retentionClass: string): Promise<readonly KeySummary[]> {
    return [...this.keys.values()]
      .filter((r) => r.subjectId === subjectId && r.retentionClass === retentionClass)
      .map((r) => ({ keyId: r.keyId, status: r.material ? "active" : "shredded" }));
  }

  async shred(subjectId: string, retentionClass: string): Promise<ShredResult> {
    const shreddedAt = this.clock.now().toISOString();
    const keyIds: string[] = [];
    for (const record of this.keys.values()) {
      if (record.subjectId !== subjectId || record.retentionClass !== retentionClass || !record.material)
        continue;
      record.material.fill(0);
      record.material = undefined;
      record.shreddedAt = shreddedAt;
      keyIds.push(record.keyId);
    }
    this.active.delete(pairKey(subjectId, retentionClass));
    if (keyIds.length > 0) this.generation += 1;
    let blindIndexEntries = 0;
    for (const [token, refs] of this.index) {
      const kept = refs.filter((r) => r.subjectId !== subjectId || r.retentionClass !== retentionClass);
      blindIndexEntries += refs.length - kept.length;
      if (kept.length === 0) this.index.delete(token);
      else this.index.set(token, kept);
    }
    return { keyIds, blindIndexEntries };
  }

  async blindIndexKey(): Promise<Buffer> {
    return this.indexKey;
  }

  async putBlindIndex(token: string, subject: SubjectRef): Promise<void> {
    const refs = this.index.get(token) ?? [];
    if (!refs.some((r) => r.subjectId === subject.subjectId && r.retentionClass === subject.retentionClass))
      refs.push({ subjectId: subject.subjectId, retentionClass: subject.retentionClass });
    this.index.set(token, refs);
  }

  async findByBlindIndex(token: string): Promise<readonly SubjectRef[]> {
    return [...(this.index.get(token) ?? [])];
  }

  async close(): Promise<void> {}
}

const pairKey = (subjectId: string, retentionClass: string): string =>
  JSON.stringify([subjectId, retentionClass]);
