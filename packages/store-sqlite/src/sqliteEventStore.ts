import { resolve } from "node:path";
import {
  type AppendError,
  type AppendOptions,
  type AppendResult,
  AppendSignal,
  assertExtendsChain,
  type ChainedContent,
  type ChainedEvent,
  type ChainedText,
  type Clock,
  CommitGroup,
  canonicalTexts,
  catchUpSubscription,
  type EventStore,
  type ExpectedVersion,
  type HistoryImport,
  HistoryImportRejected,
  type NewEvent,
  planAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type Settled,
  type StoredEvent,
  type StoredEventLocation,
  type StreamHead,
  type SubscribeOptions,
  systemClock,
  type TextReaderSpec,
  type VerifiableAsText,
  validateBatch,
  validateExpectedVersion,
} from "@privacy-ledger/eventsourcing";
import Database from "better-sqlite3";
import { type Either, isLeft, isRight, right } from "fp-ts/lib/Either.js";
import { migrate } from "./migrations.js";
import { decodeEventRow, EVENT_COLUMNS, type EventRow } from "./rowCodec.js";
import { chainedTextPages, prepareChainedTextPage, sqliteTextReaderSpec } from "./sqliteTextReader.js";

export interface SqliteEventStoreOptions {
  /** The database file; created with its schema when missing. */
  readonly path: string;
  /** Stamps `recordedAt`; defaults to the system clock. */
  readonly clock?: Clock;
  /**
   * How hard a commit waits for the disk. The journal is always WAL; this only decides when it is
   * synced. FULL (default) fsyncs the WAL on every commit: an acknowledged append survives a power cut
   * or an OS crash, which is what a ledger of legal facts promises. NORMAL syncs only at checkpoints:
   * about four times as many commits per second (19.7k vs 5.0k single-row commits/s measured on the
   * 2-vCPU dev box), never corrupt, and just as safe when only the process dies, but a power cut or OS
   * crash may roll back the last acknowledged appends.
   */
  readonly synchronous?: "FULL" | "NORMAL";
  /**
   * How long an append waits for another connection's write lock before failing with SQLITE_BUSY.
   * better-sqlite3 is synchronous, so the wait blocks this process's event loop. Default 5000 ms.
   */
  readonly busyTimeoutMs?: number;
  /** How often a subscription looks for appends made by other processes. Default 100 ms. */
  readonly pollMs?: number;
  /** Rows fetched per query by reads and subscriptions. Default 500. */
  readonly pageSize?: number;
  /**
   * Group commit (default true): appends made during one turn of the event loop are written in one
   * transaction, each in a savepoint of its own, so concurrent commands share one fsync. Every append
   * keeps its own outcome (a version conflict or an error refuses that append alone) and is
   * acknowledged only once the transaction holding it has committed. `false` commits each append in a
   * transaction of its own, right away.
   */
  readonly groupCommit?: boolean;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const DEFAULT_POLL_MS = 100;
const DEFAULT_PAGE_SIZE = 500;

interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedVersion: ExpectedVersion | undefined;
}

type AppendOutcome = Either<AppendError, AppendResult>;

interface LocationRow {
  readonly event_id: string;
  readonly stream_id: string;
  readonly stream_version: number;
  readonly global_position: number;
}

interface HeadRow {
  readonly stream_id: unknown;
  readonly version: unknown;
  readonly hash: unknown;
}

/**
 * An event store in one SQLite file. Appends are synchronous transactions under SQLite's single write
 * lock (BEGIN IMMEDIATE), so stream versions, hash chains and global positions are all serialised by
 * it, across every connection and process that opens the file. Because commits are serialised,
 * global positions become visible in increasing order: a reader that has seen position n never later
 * finds a new event below n, which is what lets subscriptions follow the log by position alone.
 */
export class SqliteEventStore implements EventStore, HistoryImport, VerifiableAsText {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly pageSize: number;
  private readonly busyTimeoutMs: number;
  private readonly appended = new AppendSignal();
  /** Aborted by close(): live subscriptions end normally instead of failing on a closed handle. */
  private readonly closing = new AbortController();
  private readonly sql: Statements;
  /** `appendLocked` as a better-sqlite3 transaction; `.immediate(...)` runs it under BEGIN IMMEDIATE. */
  private readonly appendInTransaction: Database.Transaction<SqliteEventStore["appendLocked"]>;
  private readonly importInTransaction: Database.Transaction<SqliteEventStore["importLocked"]>;
  private readonly groupInTransaction: Database.Transaction<SqliteEventStore["appendGroupLocked"]>;
  /** Undefined when group commit is off. */
  private readonly commits: CommitGroup<AppendRequest, AppendOutcome> | undefined;

  constructor(options: SqliteEventStoreOptions) {
    this.path = options.path;
    this.clock = options.clock ?? systemClock;
    this.pollMs = positiveInteger("pollMs", options.pollMs ?? DEFAULT_POLL_MS);
    this.pageSize = positiveInteger("pageSize", options.pageSize ?? DEFAULT_PAGE_SIZE);
    const busyTimeoutMs = positiveInteger("busyTimeoutMs", options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
    this.busyTimeoutMs = busyTimeoutMs;
    const synchronous = options.synchronous ?? "FULL";
    if (synchronous !== "FULL" && synchronous !== "NORMAL")
      throw new RangeError('synchronous must be "FULL" or "NORMAL"');

    this.db = new Database(options.path, { timeout: busyTimeoutMs });
    try {
      // WAL: readers never block the writer and the writer never blocks readers, and a commit is one
      // append to the -wal file, which SQLite replays or discards atomically after a crash.
      const mode = this.db.pragma("journal_mode = WAL", { simple: true });
      if (mode !== "wal" && options.path !== ":memory:")
        throw new Error(`could not put ${options.path} in WAL mode (got ${String(mode)})`);
      this.db.pragma(`synchronous = ${synchronous}`);
      migrate(this.db, options.path, () => this.clock.now());
      this.sql = prepareStatements(this.db);
      this.appendInTransaction = this.db.transaction(this.appendLocked.bind(this));
      this.importInTransaction = this.db.transaction(this.importLocked.bind(this));
      this.groupInTransaction = this.db.transaction(this.appendGroupLocked.bind(this));
      this.commits =
        options.groupCommit === false ? undefined : new CommitGroup((requests) => this.commitGroup(requests));
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<Either<AppendError, AppendResult>> {
    validateBatch(streamId, events);
    validateExpectedVersion(options.expectedVersion);
    this.assertOpen();
    const request: AppendRequest = { streamId, events, expectedVersion: options.expectedVersion };
    if (this.commits) return this.commits.submit(request);
    // IMMEDIATE takes the write lock before the head is read, so no other connection can move the
    // head between the check and the write. Anything thrown inside rolls the whole batch back.
    const outcome = this.appendOne(request, "immediate");
    if (wrote(outcome)) this.appended.notify();
    return outcome;
  }

  /** One IMMEDIATE transaction for the whole group; see `appendGroupLocked`. */
  private commitGroup(requests: readonly AppendRequest[]): readonly Settled<AppendOutcome>[] {
    const [alone] = requests;
    // A lone append (a sequential caller) needs no savepoint: its transaction is its own.
    const settled =
      requests.length === 1 && alone !== undefined
        ? [this.settleAlone(alone)]
        : this.groupInTransaction.immediate(requests);
    if (settled.some((outcome) => outcome.ok && wrote(outcome.value))) this.appended.notify();
    return settled;
  }

  private settleAlone(request: AppendRequest): Settled<AppendOutcome> {
    try {
      return {
        ok: true,
        value: this.appendOne(request, "immediate"),
      };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /**
   * Runs with the write lock held. Each append runs as a nested better-sqlite3 transaction, which is a
   * SAVEPOINT: one that throws is rolled back alone and refused alone, in the order the appends were
   * made, so a later append of the same stream sees exactly the heads the earlier ones left.
   */
  private appendGroupLocked(requests: readonly AppendRequest[]): Settled<AppendOutcome>[] {
    return requests.map((request) => {
      try {
        return {
          ok: true,
          value: this.appendOne(request, "savepoint"),
        };
      } catch (error) {
        // Some errors (disk full, I/O) make SQLite roll back the whole transaction. Going on would run
        // the remaining appends outside it; fail the group instead, so that nothing is acknowledged.
        if (!this.db.inTransaction) throw error;
        return { ok: false, error };
      }
    });
  }

  /**
   * One append, in an IMMEDIATE transaction of its own or in a savepoint of the group's, first without
   * looking up the batch's ids; if its insert met a stored id after writing earlier events of the
   * batch, the throw has rolled that transaction (or savepoint) back, and the append runs again with
   * the look-up, which decides replay or conflict.
   */
  private appendOne(request: AppendRequest, scope: "immediate" | "savepoint"): AppendOutcome {
    const { streamId, events, expectedVersion } = request;
    const run = (lookUpFirst: boolean) =>
      scope === "immediate"
        ? this.appendInTransaction.immediate(streamId, events, expectedVersion, lookUpFirst)
        : this.appendInTransaction(streamId, events, expectedVersion, lookUpFirst);
    try {
      return run(false);
    } catch (error) {
      if (error instanceof StoredIdMetMidBatch) return run(true);
      throw error;
    }
  }

  /**
   * Runs with the write lock held: read the head, plan, write. Idempotency is decided on those ids of
   * the batch that are already stored. Looking them up before every append costs an index probe per
   * event, and the insert probes the same index anyway, so the ids are looked up only when the answer
   * can matter: before planning again when the expected version was refused (a retry of a batch that
   * was stored must get its replay, not a conflict), and when the insert found an id already stored
   * (`ON CONFLICT (event_id) DO NOTHING` wrote nothing for it). At the first event nothing of the
   * batch is written yet and the plan is simply made again; later, the events before it must go, so
   * this throws and `appendOne` runs the append again after the rollback.
   */
  private appendLocked(
    streamId: string,
    events: readonly NewEvent[],
    expectedVersion: ExpectedVersion | undefined,
    lookUpFirst: boolean,
  ): Either<AppendError, AppendResult> {
    const head = this.sql.head.get(streamId);
    const recordedAt = this.clock.now().toISOString();
    const planWith = (existing: ReadonlyMap<string, StoredEventLocation>) =>
      planAppend(
        {
          streamId,
          head,
          existing,
          expectedVersion,
          recordedAt,
        },
        events,
      );
    const planWithLookUp = () => planWith(this.storedLocations(events));
    let plan = lookUpFirst ? planWithLookUp() : planWith(NOTHING_STORED);
    if (!lookUpFirst && isLeft(plan) && plan.left.kind === "WrongExpectedVersion") plan = planWithLookUp();
    if (isLeft(plan)) return plan;
    if (plan.right.kind === "replay") return right(plan.right.result);

    const written = plan.right.events;
    const positions: number[] = [];
    for (let i = 0; i < written.length; i++) {
      const position = this.insertIfNew(written[i] as ChainedEvent);
      if (position === undefined) {
        // Looked up already and still not written: not a stored id, something refused the row (a
        // trigger's RAISE(IGNORE)). Thrown, so the whole append rolls back.
        if (lookUpFirst) throw new InsertWroteNothing(streamId, (written[i] as ChainedEvent).streamVersion);
        if (i > 0) throw new StoredIdMetMidBatch();
        return this.settleReplayOrConflict(planWithLookUp(), streamId);
      }
      positions.push(position);
    }
    const last = written.at(-1);
    if (last) this.sql.setHead.run(streamId, last.streamVersion, last.hash);
    return right({
      streamId,
      nextExpectedVersion: last?.streamVersion ?? head?.version ?? 0,
      globalPositions: positions,
      idempotentReplay: false,
    });
  }

  /** A plan made with the stored ids in hand after the first insert found its id stored: never a write. */
  private settleReplayOrConflict(
    plan: ReturnType<typeof planAppend>,
    streamId: string,
  ): Either<AppendError, AppendResult> {
    if (isLeft(plan)) return plan;
    if (plan.right.kind === "replay") return right(plan.right.result);
    throw new InsertWroteNothing(streamId, plan.right.events[0]?.streamVersion ?? 0);
  }

  /** Where the batch's already-stored ids sit: one statement for the batch (a JSON array of ids). */
  private storedLocations(events: readonly NewEvent[]): ReadonlyMap<string, StoredEventLocation> {
    const rows =
      events.length === 1
        ? this.sql.locate.all((events[0] as NewEvent).id)
        : this.sql.locateMany.all(JSON.stringify(events.map((event) => event.id)));
    const existing = new Map<string, StoredEventLocation>();
    for (const row of rows)
      existing.set(row.event_id, {
        streamId: row.stream_id,
        streamVersion: row.stream_version,
        globalPosition: row.global_position,
      });
    return existing;
  }

  /** Inserts a chained event unless its id is stored already: its global position, or undefined. */
  private insertIfNew(event: ChainedEvent): number | undefined {
    const { changes, lastInsertRowid } = this.writeRow(this.sql.insertIfNew, event, event.canonical);
    return changes === 0 ? undefined : Number(lastInsertRowid);
  }

  /**
   * Inserts an imported event, whose id the import has checked is not stored. Stored as canonical JSON,
   * the exact bytes the hash was computed over, so what is read back re-hashes identically whatever the
   * source's objects looked like (key order, toJSON, ...).
   */
  private insertImported(event: StoredEvent): void {
    const { changes } = this.writeRow(this.sql.insert, event, canonicalTexts(event));
    if (changes === 0) throw new InsertWroteNothing(event.streamId, event.streamVersion);
  }

  private writeRow(
    statement: Statements["insert"],
    event: ChainedContent & { readonly prevHash: string; readonly hash: string },
    texts: { readonly data: string; readonly metadata: string },
  ): Database.RunResult {
    return statement.run(
      event.id,
      event.streamId,
      event.streamVersion,
      event.type,
      event.schemaVersion,
      texts.data,
      texts.metadata,
      event.prevHash,
      event.hash,
    );
  }

  /**
   * Writes events exactly as another store holds them (see `copyHistory`), in one IMMEDIATE
   * transaction: each must extend its stream's chain here, or nothing of the batch is written.
   */
  async importEvents(events: readonly StoredEvent[]): Promise<void> {
    this.assertOpen();
    // Appends already made come first, as they were called first.
    void this.commits?.flush();
    this.importInTransaction.immediate(events);
    if (events.length > 0) this.appended.notify();
  }

  private importLocked(events: readonly StoredEvent[]): void {
    for (const event of events) {
      assertExtendsChain(this.sql.head.get(event.streamId), event);
      if (this.sql.locate.get(event.id))
        throw new HistoryImportRejected(
          event.streamId,
          event.streamVersion,
          `event id ${event.id} is already stored`,
        );
      this.insertImported(event);
      this.sql.setHead.run(event.streamId, event.streamVersion, event.hash);
    }
  }

  /** Keyset pages in the stream's order: each page is one short `.all()`, no cursor stays open across a yield. */
  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncGenerator<StoredEvent> {
    const backwards = options.direction === "backwards";
    let next = options.fromVersion ?? (backwards ? Number.MAX_SAFE_INTEGER : 1);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(this.pageSize, remaining);
      const page = backwards
        ? this.sql.streamBackwardPage.all(streamId, next, limit)
        : this.sql.streamForwardPage.all(streamId, next, limit);
      for (const row of page) {
        const event = decodeEventRow(row);
        next = backwards ? event.streamVersion - 1 : event.streamVersion + 1;
        remaining -= 1;
        yield event;
      }
      if (page.length < limit) return;
    }
  }

  /**
   * Pages of the log for `verifyStore`'s fast path (see `VerifiableAsText`): SQLite itself assembles
   * the text each hash covers from the stored columns (`CHAINED_TEXT_PAGE_SQL`), so one string per row
   * crosses into JavaScript and is hashed as it is.
   */
  readAllText(
    options: { readonly after?: number; readonly upTo?: number } = {},
  ): AsyncGenerator<readonly ChainedText[]> {
    return chainedTextPages(this.sql.chainedTextPage, options, this.pageSize, () => this.assertOpen());
  }

  /**
   * A worker thread of `verifyStore` opens a read-only connection of its own to this file; WAL lets
   * it read beside this one. None for an in-memory database, which no other connection can see.
   */
  textReaderForWorkers(): TextReaderSpec | undefined {
    this.assertOpen();
    if (this.path === ":memory:" || this.path === "") return undefined;
    return sqliteTextReaderSpec({
      path: resolve(this.path),
      pageSize: this.pageSize,
      busyTimeoutMs: this.busyTimeoutMs,
    });
  }

  async eventAt(globalPosition: number): Promise<StoredEvent | undefined> {
    this.assertOpen();
    const row = this.sql.eventAt.get(globalPosition);
    return row ? decodeEventRow(row) : undefined;
  }

  readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    return this.pagesOfAll(options, false);
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<StoredEvent> {
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.closing.signal])
      : this.closing.signal;
    return catchUpSubscription(
      {
        readAll: (o) => this.pagesOfAll(o, true),
        appended: this.appended,
        pollMs: this.pollMs,
        pageSize: this.pageSize,
      },
      { after: options.after, signal },
    );
  }

  /** `endWhenClosed`: a subscription stops quietly at close(); a plain read fails loudly instead. */
  private async *pagesOfAll(options: ReadAllOptions, endWhenClosed: boolean): AsyncGenerator<StoredEvent> {
    let after = options.after ?? 0;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      if (endWhenClosed && this.closing.signal.aborted) return;
      this.assertOpen();
      const limit = Math.min(this.pageSize, remaining);
      const page = this.sql.allPage.all(after, limit);
      for (const row of page) {
        const event = decodeEventRow(row);
        after = event.globalPosition;
        remaining -= 1;
        yield event;
      }
      if (page.length < limit) return;
    }
  }

  async streamHead(streamId: string): Promise<StreamHead | undefined> {
    this.assertOpen();
    const row = this.sql.head.get(streamId);
    return row ? toHead({ stream_id: streamId, ...row }) : undefined;
  }

  async *streamHeads(): AsyncGenerator<StreamHead> {
    let after = "";
    for (;;) {
      this.assertOpen();
      const page = this.sql.headsPage.all(after, this.pageSize);
      for (const row of page) {
        const head = toHead(row);
        after = head.streamId;
        yield head;
      }
      if (page.length < this.pageSize) return;
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.sql.headPosition.get()?.position ?? 0;
  }

  /** Ends live subscriptions, then releases the file. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    // Appends accepted before close() are committed, not dropped.
    void this.commits?.flush();
    this.closing.abort();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new Error(`the SQLite event store at ${this.path} is closed`);
  }
}

/** Thrown inside an append transaction to roll it back: see `appendOne`. */
class StoredIdMetMidBatch extends Error {
  override readonly name = "StoredIdMetMidBatch";
}

/** An event's insert wrote no row although its id is not stored: the append or import is rolled back. */
export class InsertWroteNothing extends Error {
  override readonly name = "InsertWroteNothing";
  constructor(
    readonly streamId: string,
    readonly streamVersion: number,
  ) {
    super(
      `the insert of ${streamId} version ${streamVersion} wrote no row although its event id is not stored ` +
        "(does a trigger on events skip rows?); nothing of the append or import was written",
    );
  }
}

const NOTHING_STORED: ReadonlyMap<string, StoredEventLocation> = new Map();

const wrote = (outcome: AppendOutcome): boolean =>
  isRight(outcome) && outcome.right.globalPositions.length > 0 && !outcome.right.idempotentReplay;

/** Opens (and creates or migrates) the store at `options.path`. */
export const openSqliteEventStore = (options: SqliteEventStoreOptions): SqliteEventStore =>
  new SqliteEventStore(options);

const prepareStatements = (db: Database.Database) => {
  return {
    head: db.prepare<[string], { version: number; hash: string }>(
      "SELECT version, hash FROM streams WHERE stream_id = ?",
    ),
    locate: db.prepare<[string], LocationRow>(
      "SELECT event_id, stream_id, stream_version, global_position FROM events WHERE event_id = ?",
    ),
    locateMany: db.prepare<[string], LocationRow>(
      "SELECT event_id, stream_id, stream_version, global_position FROM events " +
        "WHERE event_id IN (SELECT value FROM json_each(?))",
    ),
    insert: db.prepare<[string, string, number, string, number, string, string, string, string]>(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // Appends only: an id already stored writes nothing (changes 0), and the append looks it up.
    insertIfNew: db.prepare<[string, string, number, string, number, string, string, string, string]>(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
    ),
    setHead: db.prepare<[string, number, string]>(
      `INSERT INTO streams (stream_id, version, hash) VALUES (?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash`,
    ),
    allPage: db.prepare<[number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
    ),
    chainedTextPage: prepareChainedTextPage(db),
    eventAt: db.prepare<[number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE global_position = ?`),
    streamForwardPage: db.prepare<[string, number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?`,
    ),
    streamBackwardPage: db.prepare<[string, number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version <= ? ORDER BY stream_version DESC LIMIT ?`,
    ),
    headsPage: db.prepare<[string, number], HeadRow>(
      // BINARY collation compares UTF-8 bytes; for the ASCII alphabet of stream ids that is the same
      // order as JavaScript's default sort, so every adapter lists heads identically.
      "SELECT stream_id, version, hash FROM streams WHERE stream_id > ? ORDER BY stream_id LIMIT ?",
    ),
    headPosition: db.prepare<[], { position: number }>(
      "SELECT COALESCE(MAX(global_position), 0) AS position FROM events",
    ),
  };
};

type Statements = ReturnType<typeof prepareStatements>;

const positiveInteger = (name: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
};

/** The head table is as exposed to tampering as the log; a malformed row is reported, not passed on. */
const toHead = (row: HeadRow): StreamHead => {
  const { stream_id: streamId, version, hash } = row;
  if (typeof streamId !== "string" || typeof version !== "number" || typeof hash !== "string")
    throw new Error(`the head row of stream ${String(streamId)} is corrupt`);
  return { streamId, version, hash };
};
