import { createHash } from "node:crypto";

/**
 * Where a store lives in a database: the schema's name, quoted for SQL, and the names derived from it
 * that every process opening the same schema must agree on (advisory lock keys, the NOTIFY channel).
 */
export interface StoreSchema {
  readonly name: string;
  /** The name as a quoted SQL identifier, ready to be spliced into statements. */
  readonly quoted: string;
  /** The key of the transaction-scoped advisory lock every append and import of this schema takes. */
  readonly appendLockKey: string;
  /** The key of the advisory lock that serialises migrations of this schema. */
  readonly migrationLockKey: string;
  /** The channel appends NOTIFY and subscriptions LISTEN on. */
  readonly channel: string;
}

export const DEFAULT_SCHEMA = "privacy_ledger";

/**
 * Letters, digits and underscores, not starting with a digit, at most 63 bytes (PostgreSQL's
 * NAMEDATALEN - 1: a longer name would be truncated silently, and two stores could end up in one
 * schema). Mixed case is allowed and kept: the name is always quoted.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export const storeSchema = (name: string): StoreSchema => {
  if (typeof name !== "string" || !IDENTIFIER.test(name))
    throw new RangeError(
      "schema must be 1-63 characters from [A-Za-z0-9_], not starting with a digit (it is quoted as an identifier)",
    );
  if (/^pg_/i.test(name)) throw new RangeError("schema names starting with pg_ are reserved by PostgreSQL");
  return {
    name,
    quoted: `"${name}"`,
    appendLockKey: lockKey("append", name),
    migrationLockKey: lockKey("migrate", name),
    // Lower-case hex: the channel is the same identifier quoted or not, and at most 63 bytes whatever
    // the schema name's length.
    channel: `privacy_ledger_${digest(`channel:${name}`).slice(0, 24)}`,
  };
};

const digest = (text: string): string =>
  createHash("sha256").update(`@privacy-ledger/store-postgres:${text}`).digest("hex");

/**
 * A signed 64-bit advisory lock key, as decimal text. Derived with SHA-256 rather than PostgreSQL's
 * hashtext(), which is internal and may change between major versions; processes running different
 * server versions against one database (during an upgrade) must still take the same lock.
 */
const lockKey = (purpose: string, name: string): string =>
  BigInt.asIntN(64, BigInt(`0x${digest(`${purpose}:${name}`).slice(0, 16)}`)).toString();
