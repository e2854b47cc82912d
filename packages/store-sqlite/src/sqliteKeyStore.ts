import { randomBytes, randomFillSync, randomUUID } from "node:crypto";
import {
  type Clock,
  CommitGroup,
  type DataKey,
  type KeyState,
  type KeyStore,
  type KeySummary,
  type KeyWrapper,
  masterKeyWrapper,
  noKeyWrapper,
  type Settled,
  type ShredResult,
  type SubjectRef,
  systemClock,
  UNWRAPPED_KEYS_WARNING,
} from "@privacy-ledger/eventsourcing";
import Database from "better-sqlite3";
import { KEY_STORE_MIGRATIONS } from "./keyStoreMigrations.js";
import { migrate } from "./migrations.js";

export interface SqliteKeyStoreOptions {
  /**
   * The key file. Keep it apart from the event file (the default layout of `openProtectedSqliteStore`):
   * its backups must expire sooner than the events' (P4.1: within the 6-month backup window), which is
   * what makes an erasure reach old backups of the events too.
   */
  readonly path: string;
  /**
   * 32 bytes that wrap every data key (AES-256-GCM). Supply it from a KMS or secret manager. Without
   * it, keys are stored as they are: allowed, and warned about at every open.
   */
  readonly masterKey?: Buffer;
  readonly clock?: Clock;
  /** Where the no-master-key warning goes; default console.warn. */
  readonly warn?: (message: string) => void;
}

interface KeyRow {
  readonly key_id: string;
  readonly subject_id: string;
  readonly retention_class: string;
  readonly material: Buffer | null;
  readonly shredded_at: string | null;
}

/**
 * Data keys in their own SQLite file. `secure_delete` overwrites freed content with zeros and every
 * shred ends with a truncating WAL checkpoint, so a destroyed key does not linger in free pages or in
 * the write-ahead log.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly wrapper: KeyWrapper;
  private readonly clock: Clock;
  private readonly sql;
  private indexSecret: Buffer | undefined;
  /**
   * Key creations of one turn of the event loop, made in one transaction: concurrent appends of new
   * subjects (sign-ups) share one fsync of the key file instead of queueing for one each.
   */
  private readonly creations = new CommitGroup<readonly SubjectRef[], readonly DataKey[]>((requests) =>
    this.createGroup(requests),
  );

  constructor(options: SqliteKeyStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.wrapper = options.masterKey ? masterKeyWrapper(options.masterKey) : noKeyWrapper;
    this.db = new Database(options.path);
    try {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = FULL");
      this.db.pragma("secure_delete = ON");
      migrate(this.db, options.path, () => this.clock.now(), KEY_STORE_MIGRATIONS);
      this.sql = prepare(this.db);
      this.checkMasterKey();
    } catch (error) {
      this.db.close();
      throw error;
    }
    if (!this.wrapper.wrapped) (options.warn ?? console.warn)(UNWRAPPED_KEYS_WARNING);
  }

  /** The first open records a check value; every later open must unwrap it, or fails here. */
  private checkMasterKey(): void {
    this.db
      .transaction(() => {
        const stored = this.sql.getMeta.get("master_key_check");
        if (stored) this.wrapper.verifyCheckValue(stored.value);
        else this.sql.putMeta.run("master_key_check", this.wrapper.checkValue());
      })
      .immediate();
  }

  async activeKey(subjectId: string, retentionClass: string): Promise<DataKey> {
    const [key] = await this.activeKeys([{ subjectId, retentionClass }]);
    return key as DataKey;
  }

  async activeKeys(pairs: readonly SubjectRef[]): Promise<readonly DataKey[]> {
    const found = new Map<SubjectRef, DataKey>();
    const missing: SubjectRef[] = [];
    // The common case reads without the write lock, so protected appends from several processes do
    // not queue on the key file; only missing keys take it (and are looked for again under it). The
    // look-ups in one read transaction (no lock, no sync): cheaper than a transaction per pair.
    this.db.transaction(() => {
      for (const pair of pairs) {
        const row = this.sql.activeOf.get(pair.subjectId, pair.retentionClass);
        if (row?.material) found.set(pair, this.toKey(row, row.material));
        else missing.push(pair);
      }
    })();
    if (missing.length > 0) {
      // One transaction (and one sync) for all the keys a batch needs made, shared with the batches
      // of other appends in this turn of the event loop.
      const made = await this.creations.submit(missing);
      for (const [i, pair] of missing.entries()) found.set(pair, made[i] as DataKey);
    }
    return pairs.map((pair) => found.get(pair) as DataKey);
  }

  /**
   * Under the write lock, in one transaction committed (and synced: the key file is synchronous=FULL)
   * before any of the requests is answered: the active key of each pair, looked up again (another
   * process, or an earlier request of the group, may have made it meanwhile) or made. A failure fails
   * the whole group and commits nothing.
   */
  private createGroup(requests: readonly (readonly SubjectRef[])[]): Settled<readonly DataKey[]>[] {
    return this.db
      .transaction(() =>
        requests.map(
          (pairs): Settled<readonly DataKey[]> => ({
            ok: true,
            value: pairs.map((pair) => this.activeOrNew(pair)),
          }),
        ),
      )
      .immediate();
  }

  private activeOrNew({ subjectId, retentionClass }: SubjectRef): DataKey {
    const row = this.sql.activeOf.get(subjectId, retentionClass);
    if (row?.material) return this.toKey(row, row.material);
    const keyId = randomUUID();
    const material = freshKeyMaterial();
    this.sql.insertKey.run(keyId, subjectId, retentionClass, this.wrapper.wrap(material, keyId), this.now());
    return { keyId, subjectId, retentionClass, material };
  }

  async keyState(keyId: string): Promise<KeyState> {
    const row = this.sql.byId.get(keyId);
    if (!row) return { status: "unknown", keyId };
    if (!row.material) return { status: "shredded", keyId, shreddedAt: row.shredded_at ?? "" };
    return { status: "active", key: this.toKey(row, row.material) };
  }

  async keyStates(keyIds: readonly string[]): Promise<readonly KeyState[]> {
    if (keyIds.length === 0) return [];
    // One statement (one read transaction of the key file) for a page of events' keys.
    const rows = new Map(
      (keyIds.length === 1
        ? [this.sql.byId.get(keyIds[0] as string)].filter((row) => row !== undefined)
        : this.sql.byIds.all(JSON.stringify(keyIds))
      ).map((row) => [row.key_id, row]),
    );
    return keyIds.map((keyId): KeyState => {
      const row = rows.get(keyId);
      if (!row) return { status: "unknown", keyId };
      if (!row.material) return { status: "shredded", keyId, shreddedAt: row.shredded_at ?? "" };
      return { status: "active", key: this.toKey(row, row.material) };
    });
  }

  /** Moves in the transaction of every shred that destroyed a key, whichever handle or process made it. */
  async shredGeneration(): Promise<number> {
    return (this.sql.generation.get() as { generation: number }).generation;
  }

  async listKeys(subjectId: string, retentionClass: string): Promise<readonly KeySummary[]> {
    return this.sql.keysOf
      .all(subjectId, retentionClass)
      .map((row) => ({ keyId: row.key_id, status: row.has_material ? "active" : "shredded" }));
  }

  async shred(subjectId: string, retentionClass: string): Promise<ShredResult> {
    const result = this.db
      .transaction((): ShredResult => {
        const keyIds = this.sql.keysOf
          .all(subjectId, retentionClass)
          .filter((row) => row.has_material)
          .map((row) => row.key_id);
        this.sql.shred.run(this.now(), subjectId, retentionClass);
        if (keyIds.length > 0) this.sql.bumpGeneration.run();
        const { changes } = this.sql.dropIndex.run(subjectId, retentionClass);
        return { keyIds, blindIndexEntries: changes };
      })
      .immediate();
    // Move the zeroed pages into the main file and empty the WAL, where the key's bytes still stood. A
    // reader of another connection can hold the checkpoint back; it is retried briefly, and otherwise
    // the bytes go at the next checkpoint (documented).
    for (let attempt = 0; attempt < 5; attempt++) {
      const [outcome] = this.db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number }[];
      if (!outcome || outcome.busy === 0) break;
    }
    return result;
  }

  async blindIndexKey(): Promise<Buffer> {
    if (this.indexSecret) return this.indexSecret;
    this.indexSecret = this.db
      .transaction((): Buffer => {
        const stored = this.sql.getMeta.get("blind_index_key");
        if (stored) return this.wrapper.unwrap(stored.value, "blind_index_key");
        const secret = randomBytes(32);
        this.sql.putMeta.run("blind_index_key", this.wrapper.wrap(secret, "blind_index_key"));
        return secret;
      })
      .immediate();
    return this.indexSecret;
  }

  async putBlindIndex(token: string, subject: SubjectRef): Promise<void> {
    this.sql.putIndex.run(token, subject.subjectId, subject.retentionClass);
  }

  async findByBlindIndex(token: string): Promise<readonly SubjectRef[]> {
    return this.sql.findIndex
      .all(token)
      .map((row) => ({ subjectId: row.subject_id, retentionClass: row.retention_class }));
  }

  async close(): Promise<void> {
    // Keys asked for in this turn are made (and answered) before the file closes.
    if (this.db.open) await this.creations.flush();
    if (this.db.open) this.db.close();
  }

  private toKey(row: KeyRow, wrapped: Buffer): DataKey {
    return {
      keyId: row.key_id,
      subjectId: row.subject_id,
      retentionClass: row.retention_class,
      material: this.wrapper.unwrap(wrapped, row.key_id),
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/**
 * 32 bytes of fresh key material per data key, drawn from the CSPRNG 64 keys at a time: a call into
 * the generator costs ~6-20 µs whatever its size, which made it the largest single cost of creating a
 * key. Each key's bytes are copied out and zeroed in the pool at once, so the pool only ever holds
 * material no key has been given yet.
 */
const KEYS_PER_REFILL = 64;
const materialPool = Buffer.alloc(32 * KEYS_PER_REFILL);
let nextMaterial = KEYS_PER_REFILL;
const freshKeyMaterial = (): Buffer => {
  if (nextMaterial === KEYS_PER_REFILL) {
    randomFillSync(materialPool);
    nextMaterial = 0;
  }
  const slot = materialPool.subarray(nextMaterial * 32, nextMaterial * 32 + 32);
  nextMaterial += 1;
  const material = Buffer.from(slot);
  slot.fill(0);
  return material;
};

const prepare = (db: Database.Database) => ({
  getMeta: db.prepare<[string], { value: Buffer }>("SELECT value FROM key_store_meta WHERE name = ?"),
  putMeta: db.prepare<[string, Buffer]>("INSERT INTO key_store_meta (name, value) VALUES (?, ?)"),
  activeOf: db.prepare<[string, string], KeyRow>(
    "SELECT * FROM data_keys WHERE subject_id = ? AND retention_class = ? AND material IS NOT NULL",
  ),
  byId: db.prepare<[string], KeyRow>("SELECT * FROM data_keys WHERE key_id = ?"),
  byIds: db.prepare<[string], KeyRow>(
    "SELECT * FROM data_keys WHERE key_id IN (SELECT value FROM json_each(?))",
  ),
  generation: db.prepare<[], { generation: number }>("SELECT generation FROM shred_generation WHERE id = 1"),
  bumpGeneration: db.prepare("UPDATE shred_generation SET generation = generation + 1 WHERE id = 1"),
  keysOf: db.prepare<[string, string], { key_id: string; has_material: number }>(
    "SELECT key_id, material IS NOT NULL AS has_material FROM data_keys WHERE subject_id = ? AND retention_class = ? ORDER BY rowid",
  ),
  insertKey: db.prepare<[string, string, string, Buffer, string]>(
    "INSERT INTO data_keys (key_id, subject_id, retention_class, material, created_at) VALUES (?, ?, ?, ?, ?)",
  ),
  shred: db.prepare<[string, string, string]>(
    "UPDATE data_keys SET material = NULL, shredded_at = ? WHERE subject_id = ? AND retention_class = ? AND material IS NOT NULL",
  ),
  dropIndex: db.prepare<[string, string]>(
    "DELETE FROM blind_index WHERE subject_id = ? AND retention_class = ?",
  ),
  putIndex: db.prepare<[string, string, string]>(
    "INSERT OR IGNORE INTO blind_index (token, subject_id, retention_class) VALUES (?, ?, ?)",
  ),
  findIndex: db.prepare<[string], { subject_id: string; retention_class: string }>(
    "SELECT subject_id, retention_class FROM blind_index WHERE token = ? ORDER BY subject_id, retention_class",
  ),
});

export const openSqliteKeyStore = (options: SqliteKeyStoreOptions): SqliteKeyStore =>
  new SqliteKeyStore(options);
