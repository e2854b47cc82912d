import type { StoredEvent } from "../envelope/envelope.js";

/**
 * One event as a store keeps it, reduced to what verification needs: its place in its stream, its
 * links, and the exact text its hash covers (the previous hash followed by the canonical JSON of the
 * content), assembled by the store from the stored columns. A tuple, not an object: verification
 * reads hundreds of thousands of them and a driver can hand them over as raw rows without building
 * one object each. Typed loosely: a store cannot vouch for what someone wrote into its file.
 */
export type ChainedText = readonly [
  globalPosition: unknown,
  streamId: unknown,
  streamVersion: unknown,
  prevHash: unknown,
  hash: unknown,
  hashedText: unknown,
];

/**
 * A store that keeps data and metadata as the canonical JSON texts the hashes cover (SQLite,
 * PostgreSQL) can hand its log to verification as text: the hash is computed over the stored bytes
 * directly, with no parsing and no re-serialising, one await per page. A row whose text does not hash
 * is read again through `eventAt` and checked the ordinary way, which tells a corrupt row from a
 * changed one, and accepts a row whose JSON was only reformatted.
 */
export interface VerifiableAsText {
  /** Pages of the log in global order, after a position (exclusive). */
  readAllText(options: { readonly after?: number }): AsyncIterable<readonly ChainedText[]>;
  /** The event at a global position, decoded as `readAll` would (throws `StoredEventCorruptedError`). */
  eventAt(globalPosition: number): Promise<StoredEvent | undefined>;
}

export const isVerifiableAsText = (store: object): store is VerifiableAsText =>
  typeof (store as Partial<VerifiableAsText>).readAllText === "function" &&
  typeof (store as Partial<VerifiableAsText>).eventAt === "function";
