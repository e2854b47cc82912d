import { existsSync, readFileSync } from "node:fs";
import { policyPersonalFields } from "@privacy-ledger/domain";
import { type EventStore, ProtectedEventStore, WrongMasterKeyError } from "@privacy-ledger/eventsourcing";
import { openSqliteKeyStore, type SqliteKeyStore } from "@privacy-ledger/store-sqlite";
import Database from "better-sqlite3";
import { type ParsedArgs, UsageError } from "./args.js";

/**
 * The master key file: 32 raw bytes, or the same 32 bytes as 64 hex digits or in base64 (a trailing
 * newline allowed), as a secret manager writes it out.
 */
export const masterKeyFrom = (path: string): Buffer => {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch {
    throw new UsageError(`cannot read the master key file ${path}`);
  }
  if (raw.length === 32) return raw;
  const text = raw.toString("utf8").trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const decoded = Buffer.from(text, "base64");
    if (decoded.length === 32) return decoded;
  }
  throw new UsageError(`${path} holds no 32-byte master key (raw, 64 hex digits or base64)`);
};

/**
 * The key file is checked read-only before the key store opens it: opening another SQLite file (the
 * event file, a read-model file) as a key store would add the key store's tables to it.
 */
const assertKeyFile = (path: string): void => {
  if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const found = db
      .prepare(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('data_keys', 'key_store_meta')",
      )
      .get() as { n: number };
    if (found.n !== 2) throw new Error("no key tables");
  } catch {
    throw new UsageError(
      `${path} is not a privacy-ledger key file (the SQLite key store, e.g. ledger.keys.db)`,
    );
  } finally {
    db?.close();
  }
};

/** Opens the SQLite key store with its master key; a wrong master key is an input error, one line. */
export const openKeyStore = (keyPath: string, masterKeyPath: string): SqliteKeyStore => {
  assertKeyFile(keyPath);
  const masterKey = masterKeyFrom(masterKeyPath);
  try {
    return openSqliteKeyStore({ path: keyPath, masterKey });
  } catch (error) {
    if (error instanceof WrongMasterKeyError) throw new UsageError(`${keyPath}: ${error.message}`);
    throw error;
  }
};

/** `--keys` and `--master-key`, which go together; undefined when neither is given. */
export const keyFlags = (
  args: ParsedArgs,
): { readonly keys: string; readonly masterKey: string } | undefined => {
  const keys = args.flags.get("keys");
  const masterKey = args.flags.get("master-key");
  if ((keys === undefined) !== (masterKey === undefined))
    throw new UsageError(
      "--keys and --master-key go together (the key file and the master key that wraps it)",
    );
  return keys !== undefined && masterKey !== undefined ? { keys, masterKey } : undefined;
};

/** The store behind the protection layer: personal fields read as plaintext, or Erased once shredded. */
export const decrypting = (store: EventStore, keyStore: SqliteKeyStore): ProtectedEventStore =>
  new ProtectedEventStore(store, { keyStore, personalFields: policyPersonalFields });
