/** A data key: 32 bytes of AES-256 key material for one (subject, retention class). */
export interface DataKey {
  readonly keyId: string;
  readonly subjectId: string;
  readonly retentionClass: string;
  readonly material: Buffer;
}

export type KeyState =
  | { readonly status: "active"; readonly key: DataKey }
  | { readonly status: "shredded"; readonly keyId: string; readonly shreddedAt: string }
  /** Never issued here, or lost without a shred record: an error for readers, never `Erased`. */
  | { readonly status: "unknown"; readonly keyId: string };

export interface KeySummary {
  readonly keyId: string;
  readonly status: "active" | "shredded";
}

export interface ShredResult {
  /** Keys destroyed by this call (empty when the pair had none left: shredding is idempotent). */
  readonly keyIds: readonly string[];
  /** Blind-index entries deleted with them. */
  readonly blindIndexEntries: number;
}

export interface SubjectRef {
  readonly subjectId: string;
  readonly retentionClass: string;
}

/**
 * Where data keys live, apart from the events: its backups follow their own, shorter schedule, which
 * is what lets an erasure reach the event store's backups too. Keys are never logged and never leave
 * this port except to encrypt or decrypt.
 */
export interface KeyStore {
  /** The active key of (subject, class), created on first use, and anew after a shred. */
  activeKey(subjectId: string, retentionClass: string): Promise<DataKey>;
  /**
   * The active keys of several pairs at once, missing ones created together (one transaction, one
   * sync): what an append of a batch naming many subjects needs. Optional; `activeKey` per pair otherwise.
   */
  activeKeys?(pairs: readonly SubjectRef[]): Promise<readonly DataKey[]>;
  keyState(keyId: string): Promise<KeyState>;
  /**
   * The states of several keys at once, in the order asked (one query for a page of events). Optional;
   * `keyState` per key otherwise.
   */
  keyStates?(keyIds: readonly string[]): Promise<readonly KeyState[]>;
  /**
   * A number that moves (and never moves back) whenever a key of this store is shredded, through any
   * handle, in any process sharing the store. Readers that keep key material (KeyCache) ask it at the
   * start of every read and append and once per page, and drop everything they hold when it moved: a
   * shred elsewhere takes effect at the next page, with no time-to-live. Optional; without it caches
   * fall back to a time bound.
   */
  shredGeneration?(): Promise<number>;
  /** Every key ever issued for (subject, class), active or shredded, oldest first. */
  listKeys(subjectId: string, retentionClass: string): Promise<readonly KeySummary[]>;
  /** Destroys every key of (subject, class) and its blind-index entries; keeps a tombstone per key. */
  shred(subjectId: string, retentionClass: string): Promise<ShredResult>;
  /** The secret behind blind-index tokens (HMAC key), created once per key store. */
  blindIndexKey(): Promise<Buffer>;
  putBlindIndex(token: string, subject: SubjectRef): Promise<void>;
  findByBlindIndex(token: string): Promise<readonly SubjectRef[]>;
  close(): Promise<void>;
}
