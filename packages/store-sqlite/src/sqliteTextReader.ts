import type { ChainedText, StoredEvent, TextReader, TextReaderSpec } from "@privacy-ledger/eventsourcing";
import Database from "better-sqlite3";
import type { EventRow } from "./rowCodec.js";

/**
 * The text each hash covers (previous hash, then the canonical content: data, id, metadata,
 * schemaVersion, streamId, streamVersion, type), assembled by SQLite from the stored columns, so one
 * string per row crosses into JavaScript and is hashed as it is. `json_quote` quotes ids and types as
 * JSON.stringify does for every text the kernel accepts; where it would not, the text simply does not
 * hash and the row is checked the ordinary way. Only text columns are assembled: a BLOB with the same
 * bytes would hash yet fail every read, and json_quote refuses BLOBs. Anything else yields NULL, and
 * the row is decoded instead. Parameters: after (exclusive), up to (inclusive), limit.
 */
export const CHAINED_TEXT_PAGE_SQL = `SELECT global_position, stream_id, stream_version, prev_hash, hash,
   CASE WHEN typeof(data) = 'text' AND typeof(metadata) = 'text' AND typeof(event_id) = 'text'
         AND typeof(stream_id) = 'text' AND typeof(type) = 'text' AND typeof(prev_hash) = 'text'
         AND typeof(stream_version) = 'integer' AND typeof(schema_version) = 'integer'
   THEN prev_hash || '{"data":' || data || ',"id":' || json_quote(event_id) || ',"metadata":' || metadata ||
     ',"schemaVersion":' || schema_version || ',"streamId":' || json_quote(stream_id) ||
     ',"streamVersion":' || stream_version || ',"type":' || json_quote(type) || '}'
   END
 FROM events WHERE global_position > ? AND global_position <= ? ORDER BY global_position LIMIT ?`;

export type ChainedTextStatement = Database.Statement<[number, number, number], unknown[]>;

export const prepareChainedTextPage = (db: Database.Database): ChainedTextStatement =>
  db.prepare<[number, number, number], unknown[]>(CHAINED_TEXT_PAGE_SQL).raw(true);

/**
 * Keyset pages of `CHAINED_TEXT_PAGE_SQL`, each one short `.all()`: no cursor stays open across a
 * yield. Raw rows are already in `ChainedText` order and are handed over as they are.
 */
export async function* chainedTextPages(
  statement: ChainedTextStatement,
  options: { readonly after?: number; readonly upTo?: number },
  pageSize: number,
  assertOpen: () => void,
): AsyncGenerator<readonly ChainedText[]> {
  let after = options.after ?? 0;
  const upTo = options.upTo ?? Number.MAX_SAFE_INTEGER;
  for (;;) {
    assertOpen();
    const page = statement.all(after, upTo, pageSize) as unknown as readonly ChainedText[];
    const last = page.at(-1);
    if (last) after = Number(last[0]);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
  }
}

export interface SqliteTextReaderOptions {
  readonly path: string;
  readonly pageSize: number;
  readonly busyTimeoutMs: number;
}

/** Where a worker thread finds the reader of a store file (see `VerifiableAsText.textReaderForWorkers`). */
export const sqliteTextReaderSpec = (options: SqliteTextReaderOptions): TextReaderSpec => ({
  // Beside this module: the .js in dist, the .ts when the sources run under vitest or tsx.
  module: new URL(
    import.meta.url.endsWith(".ts") ? "./sqliteTextReader.ts" : "./sqliteTextReader.js",
    import.meta.url,
  ).href,
  options,
});

/**
 * A read-only connection of its own to a store file, for a worker thread of `verifyStore`: WAL lets it
 * read beside the store's own connection and any writer. This module imports nothing of the kernel at
 * load time (a worker starts faster without it): the row decoding, needed only for a row whose text
 * does not hash, is loaded on first use.
 */
class SqliteTextReader implements TextReader {
  private readonly db: Database.Database;
  private readonly page: ChainedTextStatement;
  private at: { readonly get: (position: number) => StoredEvent | undefined } | undefined;
  private closed = false;

  constructor(private readonly options: SqliteTextReaderOptions) {
    this.db = new Database(options.path, {
      readonly: true,
      fileMustExist: true,
      timeout: options.busyTimeoutMs,
    });
    try {
      // One scan in position order: each page is read once, so a small cache does (the store's own
      // connection keeps 16 MB); filling a large one costs a page fault per fresh page at the start.
      this.db.pragma("cache_size = -1024");
      this.page = prepareChainedTextPage(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  readAllText(
    options: { readonly after?: number; readonly upTo?: number } = {},
  ): AsyncGenerator<readonly ChainedText[]> {
    return chainedTextPages(this.page, options, this.options.pageSize, () => this.assertOpen());
  }

  async eventAt(globalPosition: number): Promise<StoredEvent | undefined> {
    if (!this.at) {
      const { decodeEventRow, EVENT_COLUMNS } = await import("./rowCodec.js");
      const statement = this.db.prepare<[number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position = ?`,
      );
      this.at = {
        get: (position) => {
          const row = statement.get(position);
          return row ? decodeEventRow(row) : undefined;
        },
      };
    }
    this.assertOpen();
    return this.at.get(globalPosition);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`the SQLite text reader of ${this.options.path} is closed`);
  }
}

/** The entry point a `TextReaderSpec` names (`OpenTextReader`). */
export const openTextReader = (options: unknown): TextReader =>
  new SqliteTextReader(options as SqliteTextReaderOptions);
