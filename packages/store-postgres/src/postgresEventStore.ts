import {
  type AppendError,
  type AppendOptions,
  type AppendResult,
  AppendSignal,
  assertExtendsChain,
  type ChainedEvent,
  type Clock,
  CommitGroup,
  catchUpSubscription,
  type EventStore,
  type HistoryImport,
  HistoryImportRejected,
  InvalidAppendError,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type Settled,
  type StoredEvent,
  StoredEventCodec,
  type StoredEventLocation,
  type StreamHead,
  type SubscribeOptions,
  sha256Hex,
  systemClock,
  unstorableText,
  validateBatch,
  validateExpectedVersion,
} from "@privacy-ledger/eventsourcing";
import { type Either, isRight } from "fp-ts/lib/Either.js";
import pg from "pg";
import {
  type AppendOutcome,
  type AppendRequest,
  type PlannedGroup,
  planGroup,
  positionsInOrder,
  settle,
  streamsExpectedAbsent,
  writeParameters,
} from "./appendGroup.js";
import { AppendListener, type ListenConnection } from "./appendListener.js";
import { migrate } from "./migrations.js";
import {
  appendPlannedSql,
  PlannedStatus,
  plannedAppendFailure,
  plannedAppendUsable,
} from "./plannedAppend.js";
import {
  decodeEventRow,
  decodeHeadRow,
  EVENT_COLUMNS,
  type EventRow,
  type HeadRow,
  toSafeInteger,
} from "./rowCodec.js";
import { DEFAULT_SCHEMA, type StoreSchema, storeSchema } from "./storeSchema.js";
import { StreamHeadHints } from "./streamHeadHints.js";

export interface PostgresEventStoreOptions {
  /**
   * A libpq connection string (`postgres://user:password@host:5432/database`). The store creates a
   * pool of its own from it and ends it on close(). Give this or `pool`, not both.
   */
  readonly connectionString?: string;
  /**
   * A pool of yours. The store borrows connections from it for single statements and transactions,
   * and never ends it. LISTEN needs a connection of its own for as long as the store is open; it is
   * made with the pool's settings (`pool.options`) but outside the pool, so it never takes a slot your
   * code waits for. close() ends it.
   */
  readonly pool?: pg.Pool;
  /**
   * The schema that holds the store's tables; created (and migrated) when the store is opened. One
   * database can hold many stores in different schemas. Default "privacy_ledger".
   */
  readonly schema?: string;
  /** Stamps `recordedAt`; defaults to the system clock. */
  readonly clock?: Clock;
  /**
   * Whether subscriptions LISTEN for appends committed by other connections and processes (every
   * append NOTIFYs, whatever this option says). Default true. Off, they only poll.
   */
  readonly listen?: boolean;
  /**
   * How often a live subscription reads again when no notification came: the safety net under
   * LISTEN/NOTIFY, or the only way to learn of other processes' appends without it.
   * Default 1000 ms with `listen`, 100 ms without.
   */
  readonly pollMs?: number;
  /** Rows fetched per query by reads and subscriptions. Default 500. */
  readonly pageSize?: number;
  /**
   * How long an append waits for the schema's append lock (held by other appends while they commit)
   * before it fails with PostgreSQL's lock_not_available error (55P03). Default 10000 ms.
   */
  readonly lockTimeoutMs?: number;
  /**
   * Group commit (default true): appends made while another group is committing (or during one turn
   * of the event loop) are written in one transaction, under one hold of the append lock, with one
   * round trip per step for all of them and one WAL flush. Each append keeps its own outcome and is
   * acknowledged only once the transaction holding it has committed; a group the server refuses for
   * its data is retried one append at a time, so an append that causes the error refuses itself alone
   * (see `commitGroup`). `false` commits each append in a transaction of its own.
   */
  readonly groupCommit?: boolean;
  /**
   * Named prepared statements for the statements every append and read sends (default true): PostgreSQL
   * parses and plans each once per connection instead of on every call (the append's write statement
   * went from ~0.85 to ~0.5 ms here). Turn it off behind a pooler that does not keep a server connection
   * for a client across transactions (PgBouncer in transaction mode before 1.21, for example).
   */
  readonly preparedStatements?: boolean;
}

const DEFAULT_POLL_MS_LISTENING = 1_000;
const DEFAULT_POLL_MS_POLLING = 100;
const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_LOCK_TIMEOUT_MS = 10_000;
const MAX_LISTEN_RETRY_MS = 500;
const APPLICATION_NAME = "privacy-ledger";

interface Settings {
  readonly schema: StoreSchema;
  readonly clock: Clock;
  readonly listen: boolean;
  readonly pollMs: number;
  readonly pageSize: number;
  readonly lockTimeoutMs: number;
  readonly groupCommit: boolean;
  readonly preparedStatements: boolean;
}

/**
 * An event store in a PostgreSQL schema, through the `pg` driver.
 *
 * Every append (and import) is one READ COMMITTED transaction that first takes a transaction-scoped
 * advisory lock, one per schema (`pg_advisory_xact_lock`), then reads the stream's head and the
 * batch's known ids, lets the kernel's `planAppend` decide, and writes. The lock makes this safe for
 * any number of connections and processes: nobody can move the head between the check and the write,
 * so an expected version holds, no version is written twice and no update is lost. When the store has
 * just seen the stream's head (a command read its stream to the end, or this store appended to it),
 * it plans the append against that head first and sends it as one statement, `append_planned`, which
 * takes the same lock if it is free (it never waits), checks that the head is still that one and no id
 * is stored already, writes and notifies in that statement's own transaction: one round trip instead
 * of four. If the lock is busy, the head moved, or the server refused the statement, nothing was
 * written and the transaction above decides, so the outcome is the same either way (plannedAppend.ts).
 *
 * The same lock solves the sequence-gap problem of reading by position. Positions come from a
 * sequence when a row is inserted, but rows become visible when their transaction commits; with
 * concurrent writers, position 11 can commit (and be read, and a reader's checkpoint move past it)
 * while position 10 is still in flight, and a reader that resumes "after 11" never sees 10. Here
 * only the lock holder draws positions, and PostgreSQL releases a transaction's locks only after its
 * commit is visible to every new snapshot; so when the next writer draws a position, every smaller
 * position is already visible or rolled back for good, and a reader that has seen position n can never
 * later find a new event below n. The price is that appends to one schema commit one at a time (each
 * holds the lock for a few round trips and its commit's WAL flush), whatever streams they touch;
 * appends to stores in different schemas do not wait for each other. The alternative, recording each
 * row's transaction id (xid8) and letting readers stop below the oldest transaction still running
 * (`pg_snapshot_xmin(pg_current_snapshot())`), keeps concurrent appends but holds every reader back
 * behind any long transaction in the database and is much harder to get provably right; see README.
 */
export class PostgresEventStore implements EventStore, HistoryImport {
  /** The schema this store lives in. */
  readonly schema: string;
  /** The channel appends NOTIFY on, and subscriptions LISTEN on. */
  readonly channel: string;
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly pageSize: number;
  private readonly appended = new AppendSignal();
  /** Aborted by close(): live subscriptions end normally instead of failing on an ended pool. */
  private readonly closing = new AbortController();
  private readonly listener: AppendListener | undefined;
  private activeSubscriptions = 0;
  private closed: Promise<void> | undefined;
  /** Set as close() begins, before the appends already accepted are flushed. */
  private closeRequested = false;
  private readonly sql: Statements;
  /** Undefined when group commit is off. */
  private readonly commits: CommitGroup<AppendRequest, AppendOutcome> | undefined;
  /** The heads this store last saw, to plan appends before they reach the server (appendAsPlanned). */
  private readonly hints = new StreamHeadHints();

  private constructor(
    private readonly pool: pg.Pool,
    /** Only a pool the store created is ended by close(). */
    private readonly ownsPool: boolean,
    settings: Settings,
    openListenConnection: () => Promise<ListenConnection>,
    /** Whether append_planned may be used (plannedAppendUsable, asked at open). */
    private planAhead: boolean,
  ) {
    this.schema = settings.schema.name;
    this.channel = settings.schema.channel;
    this.clock = settings.clock;
    this.pollMs = settings.pollMs;
    this.pageSize = settings.pageSize;
    this.sql = statements(settings.schema, settings.lockTimeoutMs, settings.preparedStatements);
    this.commits = settings.groupCommit
      ? new CommitGroup((requests) => this.commitGroup(requests))
      : undefined;
    this.listener = settings.listen
      ? new AppendListener({
          connect: openListenConnection,
          channel: settings.schema.channel,
          wake: () => this.appended.notify(),
          retryMs: Math.min(this.pollMs, MAX_LISTEN_RETRY_MS),
          wanted: () => this.activeSubscriptions > 0 && !this.closing.signal.aborted,
        })
      : undefined;
  }

  /** Validates the options, connects, creates or migrates the schema, and returns the open store. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const settings = resolveSettings(options);
    const { connectionString, pool: userPool } = options;
    const pool =
      userPool ??
      new pg.Pool({ connectionString, application_name: APPLICATION_NAME } satisfies pg.PoolConfig);
    const ownsPool = userPool === undefined;
    // An idle connection that the server drops makes the pool emit 'error'; with no listener that would
    // crash the process. The pool has already discarded the connection; the next query opens another.
    if (ownsPool) pool.on("error", () => undefined);
    // A dedicated connection, not one borrowed from the pool: it is held for the store's lifetime and
    // has LISTENed, so it must not serve anyone else. The pool's own options are what the pool would
    // make its connections with (passed as they are: the pool hides the password from enumeration).
    const openListenConnection = async (): Promise<ListenConnection> => {
      const client = userPool
        ? new pg.Client(userPool.options)
        : new pg.Client({ connectionString, application_name: `${APPLICATION_NAME}-listen` });
      client.on("error", () => undefined); // a failed connect rejects; the listener adds its own handlers after
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      return { client, release: () => client.end() };
    };
    let planAhead = false;
    try {
      const client = await pool.connect();
      try {
        await migrate(client, settings.schema, () => settings.clock.now());
        planAhead = await plannedAppendUsable(client, settings.schema);
        client.release();
      } catch (error) {
        client.release(true);
        throw error;
      }
    } catch (error) {
      if (ownsPool) await pool.end();
      throw error;
    }
    return new PostgresEventStore(pool, ownsPool, settings, openListenConnection, planAhead);
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
    const [outcome] = await this.appendTogether([request]);
    if (outcome === undefined) throw new Error("an append came back without an outcome");
    return outcome;
  }

  /**
   * Commits a group of appends. Appends that reuse an event id of an earlier append in the group go
   * into a transaction after it, where they see it stored (idempotent replay or id conflict, as
   * alone). A transaction refused for its data (a value or constraint the server rejects, a trigger)
   * is retried one append at a time, so that only the append that causes the error is refused. Any
   * other failure (the lock timeout, a lost connection, a commit whose answer was lost) is no one
   * append's doing: the whole group is refused at once, as a lone append would be, and a caller's
   * retry with the same event ids is an idempotent replay.
   */
  private async commitGroup(requests: readonly AppendRequest[]): Promise<Settled<AppendOutcome>[]> {
    const settled: Settled<AppendOutcome>[] = [];
    for (const together of withoutSharedEventIds(requests)) {
      try {
        for (const value of await this.appendTogether(together)) settled.push({ ok: true, value });
      } catch (groupError) {
        if (together.length === 1 || !causedByData(groupError)) {
          for (const _ of together) settled.push({ ok: false, error: groupError });
          continue;
        }
        for (const request of together) {
          try {
            for (const value of await this.appendTogether([request])) settled.push({ ok: true, value });
          } catch (error) {
            settled.push({ ok: false, error });
          }
        }
      }
    }
    return settled;
  }

  /**
   * Writes a group of appends: with one statement when every stream's head is hinted (see
   * `appendAsPlanned`), else in one transaction under the append lock that reads the heads of every
   * stream and the known ids of every event in the group (one round trip each), lets the kernel's
   * `planAppend` decide each append in order against the heads the earlier ones left, and writes every
   * planned event with one statement. Refused appends (a wrong expected version, an id conflict) write
   * nothing and refuse only themselves.
   */
  private async appendTogether(requests: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    const streamIds = [...new Set(requests.map((request) => request.streamId))];
    let outcomes: AppendOutcome[] | undefined;
    try {
      outcomes =
        (this.planAhead ? await this.appendAsPlanned(requests, streamIds) : undefined) ??
        (await this.underAppendLock<AppendOutcome[]>(async (client) => {
          const { heads, known } = await this.lookUp(
            client,
            streamIds,
            requests.flatMap((request) => request.events),
          );
          const group = planGroup(requests, heads, known, this.clock.now().toISOString());
          // What the lock holder read (and then wrote) is the heads' state once this commits or rolls back.
          const learnHeads = () => {
            for (const streamId of streamIds) this.hints.set(streamId, heads.get(streamId) ?? null);
          };
          if (group.planned.length === 0) return { value: settle(group, []), commit: false, learnHeads };
          const touched = new Set(group.planned.map(({ request }) => request.streamId));
          const positions = await this.write(
            client,
            group.planned.flatMap(({ events }) => events),
            [...heads.values()].filter((head) => touched.has(head.streamId)),
          );
          return { value: settle(group, positions), commit: true, learnHeads };
        }));
    } catch (error) {
      for (const streamId of streamIds) this.hints.forget(streamId);
      throw error;
    }
    if (outcomes.some(wrote)) this.appended.notify();
    return outcomes;
  }

  /**
   * The group planned against the heads this store last saw (`hints`) and written with one call of
   * `append_planned` (migration 2), which checks under the append lock that those heads are still the
   * streams' heads and no event id is stored already, writes, and NOTIFYs, in the implicit transaction
   * of its one statement: one round trip, no connection held across awaits. Undefined, having written
   * nothing, when a stream has no hint (and its first append here does not expect it absent, see
   * `streamsExpectedAbsent`), when an append would be refused, replayed or is empty against
   * the hints (only the heads read under the lock may decide those), or when the server finds a hint
   * stale: the ordinary path then decides.
   */
  private async appendAsPlanned(
    requests: readonly AppendRequest[],
    streamIds: readonly string[],
  ): Promise<AppendOutcome[] | undefined> {
    const heads = new Map<string, StreamHead>();
    const expected: { streamId: string; version: number; hash: string }[] = [];
    const expectedAbsent = streamsExpectedAbsent(requests);
    for (const streamId of streamIds) {
      const seen = this.hints.get(streamId);
      const hint = seen !== undefined ? seen : expectedAbsent.has(streamId) ? null : undefined;
      if (hint === undefined) return undefined;
      expected.push({ streamId, version: hint?.version ?? 0, hash: hint?.hash ?? "" });
      if (hint) heads.set(streamId, { streamId, ...hint });
    }
    // A connection first, then the stamp: recordedAt must not wait in the pool's queue before the write.
    const client = await this.pool.connect();
    let rows: readonly { event_id: string | null; global_position: string }[];
    let group: PlannedGroup;
    let events: readonly ChainedEvent[];
    try {
      group = planGroup(requests, heads, new Map(), this.clock.now().toISOString());
      if (group.planned.length !== requests.length) {
        client.release();
        return undefined;
      }
      events = group.planned.flatMap((planned) => planned.events);
      ({ rows } = await client.query<{ event_id: string | null; global_position: string }>(
        this.sql.appendPlanned,
        [
          this.sql.appendLockKey,
          this.sql.lockTimeoutMs,
          this.channel,
          expected.map((head) => head.streamId),
          expected.map((head) => head.version),
          expected.map((head) => head.hash),
          ...writeParameters(events, [...heads.values()]),
        ],
      ));
      client.release();
    } catch (error) {
      const failure = plannedAppendFailure(error);
      // A connection whose state is unknown is destroyed; one that answered an error is fine.
      client.release(
        failure === "unknown" ? (error instanceof Error ? error : new Error(String(error))) : undefined,
      );
      if (failure === "unknown") throw error;
      if (failure === "unusable") this.planAhead = false;
      return undefined; // rolled back: the ordinary transaction decides
    }
    const [first] = rows;
    if (first === undefined) throw new Error("append_planned answered with no row");
    if (first.event_id === null) {
      // Nothing written. Not READ COMMITTED: the ordinary path sets it itself, so use that from now on.
      if (Number(first.global_position) === PlannedStatus.notReadCommitted) this.planAhead = false;
      return undefined;
    }
    for (const head of heads.values()) this.hints.set(head.streamId, head);
    return settle(group, positionsInOrder(events, rows));
  }

  /**
   * Writes events exactly as another store holds them (see `copyHistory`), in one transaction under
   * the append lock: each must extend its stream's chain here, or nothing of the batch is written.
   */
  async importEvents(events: readonly StoredEvent[]): Promise<void> {
    this.assertOpen();
    // Appends already made come first, as they were called first.
    await this.commits?.flush();
    // Checked before any I/O: the events come from another store, which may hold what this one cannot.
    for (const event of events) {
      const why = StoredEventCodec.is(event) ? unstorableText(event) : "it is not a well-formed stored event";
      if (why) throw new HistoryImportRejected(String(event.streamId), Number(event.streamVersion), why);
    }
    if (events.length === 0) return;
    await this.underAppendLock(async (client) => {
      const { heads, known: existing } = await this.lookUp(
        client,
        [...new Set(events.map((event) => event.streamId))],
        events,
      );
      const seen = new Set<string>();
      for (const event of events) {
        assertExtendsChain(heads.get(event.streamId), event);
        if (existing.has(event.id) || seen.has(event.id))
          throw new HistoryImportRejected(
            event.streamId,
            event.streamVersion,
            `event id ${event.id} is already stored`,
          );
        seen.add(event.id);
        heads.set(event.streamId, {
          streamId: event.streamId,
          version: event.streamVersion,
          hash: event.hash,
        });
      }
      const touched = new Set(events.map((event) => event.streamId));
      await this.write(
        client,
        events,
        [...heads.values()].filter((head) => touched.has(head.streamId)),
      );
      return {
        value: undefined,
        commit: true,
        learnHeads: () => {
          for (const head of heads.values()) this.hints.set(head.streamId, head);
        },
      };
    });
    this.appended.notify();
  }

  /**
   * Runs `work` in a READ COMMITTED transaction that holds the schema's append lock, then commits
   * (with a NOTIFY) when `work` asks for it and rolls back otherwise. READ COMMITTED matters: each
   * statement after the lock sees everything committed before the lock was granted, whatever the
   * database's default isolation level is (under REPEATABLE READ the snapshot could predate the lock).
   * Anything thrown rolls the whole transaction back; a connection whose state is then unknown is
   * destroyed instead of going back to the pool.
   */
  private async underAppendLock<T>(
    work: (client: pg.PoolClient) => Promise<{
      readonly value: T;
      readonly commit: boolean;
      /** Called once the transaction has ended as asked (committed, or rolled back unwritten). */
      readonly learnHeads?: () => void;
    }>,
  ): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(this.sql.beginLocked);
      const { value, commit, learnHeads } = await work(client);
      await client.query(commit ? this.sql.notifyAndCommit : "ROLLBACK");
      learnHeads?.();
      return value;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackFailed) {
        broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * The heads of the streams and where the events' ids are already stored, if anywhere: one
   * statement, so one round trip while the append lock is held.
   */
  private async lookUp(
    client: pg.PoolClient,
    streamIds: readonly string[],
    events: readonly { readonly id: string }[],
  ): Promise<{ heads: Map<string, StreamHead>; known: Map<string, StoredEventLocation> }> {
    const { rows } = await client.query<LookupRow>(this.sql.lookUp, [
      streamIds,
      events.map((event) => event.id),
    ]);
    const heads = new Map<string, StreamHead>();
    const known = new Map<string, StoredEventLocation>();
    for (const row of rows) {
      if (row.event_id === null) {
        const head = decodeHeadRow(row);
        heads.set(head.streamId, head);
        continue;
      }
      const streamVersion = toSafeInteger(row.version);
      const globalPosition = toSafeInteger(row.global_position);
      if (streamVersion === undefined || globalPosition === undefined)
        throw new Error(`the stored location of event id ${row.event_id} is corrupt`);
      known.set(row.event_id, { streamId: String(row.stream_id), streamVersion, globalPosition });
    }
    return { heads, known };
  }

  /**
   * Inserts the events in order and moves the stream heads, in one statement (one round trip while
   * the lock is held), and returns the events' global positions in their order. The arrays are
   * unnested WITH ORDINALITY and inserted in that order, so positions are drawn in the batch's order.
   */
  private async write(
    client: pg.PoolClient,
    events: readonly (ChainedEvent | StoredEvent)[],
    heads: readonly StreamHead[],
  ): Promise<number[]> {
    const { rows } = await client.query<{ event_id: string; global_position: string }>(
      this.sql.write,
      writeParameters(events, heads),
    );
    return positionsInOrder(events, rows);
  }

  /** Keyset pages in the stream's order: one short query a page, no connection held across a yield. */
  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncGenerator<StoredEvent> {
    const backwards = options.direction === "backwards";
    let next = options.fromVersion ?? (backwards ? Number.MAX_SAFE_INTEGER : 1);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let last: StoredEvent | undefined;
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(this.pageSize, remaining);
      const { rows } = await this.pool.query<EventRow>(
        backwards ? this.sql.streamBackwardPage : this.sql.streamForwardPage,
        [streamId, next, limit],
      );
      for (const row of rows) {
        const event = decodeEventRow(row);
        next = backwards ? event.streamVersion - 1 : event.streamVersion + 1;
        remaining -= 1;
        last = event;
        yield event;
      }
      if (rows.length < limit) {
        // A forward read that came to the stream's end saw its head (a command's next append is planned
        // against it); one from the start that found nothing saw the stream empty.
        if (!backwards && last) this.hints.set(streamId, { version: last.streamVersion, hash: last.hash });
        else if (!backwards && (options.fromVersion ?? 1) <= 1) this.hints.set(streamId, null);
        return;
      }
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    return this.pagesOfAll(options, false);
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<StoredEvent> {
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.closing.signal])
      : this.closing.signal;
    return this.counted(
      catchUpSubscription(
        {
          readAll: (o) => this.pagesOfAll(o, true),
          appended: this.appended,
          pollMs: this.pollMs,
          pageSize: this.pageSize,
        },
        { after: options.after, signal },
      ),
    );
  }

  /** Counts live subscriptions: the listener only restores a lost connection while there are any. */
  private async *counted(subscription: AsyncGenerator<StoredEvent>): AsyncGenerator<StoredEvent> {
    this.activeSubscriptions += 1;
    try {
      yield* subscription;
    } finally {
      this.activeSubscriptions -= 1;
    }
  }

  /**
   * Keyset pages in global order. Each page is one statement, so one snapshot; because positions
   * become visible in order (see the class comment), "after the last position seen" never skips.
   * `live` (subscriptions): LISTEN before reading, so no append can slip between the read and the
   * wait unnoticed, and stop quietly at close() instead of failing on the ended pool.
   */
  private async *pagesOfAll(options: ReadAllOptions, live: boolean): AsyncGenerator<StoredEvent> {
    let after = options.after ?? 0;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      if (live && this.closing.signal.aborted) return;
      if (live) await this.listener?.ensure();
      this.assertOpen();
      const limit = Math.min(this.pageSize, remaining);
      let rows: EventRow[];
      try {
        ({ rows } = await this.pool.query<EventRow>(this.sql.allPage, [after, limit]));
      } catch (error) {
        if (live && this.closing.signal.aborted) return;
        throw error;
      }
      for (const row of rows) {
        const event = decodeEventRow(row);
        after = event.globalPosition;
        remaining -= 1;
        yield event;
      }
      if (rows.length < limit) return;
    }
  }

  async streamHead(streamId: string): Promise<StreamHead | undefined> {
    this.assertOpen();
    const { rows } = await this.pool.query<HeadRow>(this.sql.head, [streamId]);
    return rows[0] ? decodeHeadRow(rows[0]) : undefined;
  }

  async *streamHeads(): AsyncGenerator<StreamHead> {
    let after = "";
    for (;;) {
      this.assertOpen();
      const { rows } = await this.pool.query<HeadRow>(this.sql.headsPage, [after, this.pageSize]);
      for (const row of rows) {
        const head = decodeHeadRow(row);
        after = head.streamId;
        yield head;
      }
      if (rows.length < this.pageSize) return;
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ position: string }>(this.sql.headPosition);
    const position = toSafeInteger(rows[0]?.position ?? "0");
    if (position === undefined) throw new Error(`the head position of schema ${this.schema} is corrupt`);
    return position;
  }

  /**
   * Ends live subscriptions, gives back the LISTEN connection, and ends the pool if the store created
   * it (a pool passed in stays open: it is yours). Appends already under way finish first. Safe to
   * call twice: every call resolves once the store is fully closed.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      // No new append from here on; those accepted before close() are committed, not dropped.
      this.closeRequested = true;
      await this.commits?.flush();
      this.closing.abort();
      await this.listener?.close();
      if (this.ownsPool) await this.pool.end();
    })();
    return this.closed;
  }

  private assertOpen(): void {
    if (this.closeRequested || this.closing.signal.aborted)
      throw new Error(`the PostgreSQL event store in schema ${this.schema} is closed`);
  }

  /** For tests of the listener: whether LISTEN is currently in place. */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }
}

const wrote = (outcome: AppendOutcome): boolean =>
  isRight(outcome) && outcome.right.globalPositions.length > 0 && !outcome.right.idempotentReplay;

/**
 * Whether a failed group transaction may be one append's doing: the server refused a value or a
 * constraint (SQLSTATE classes 22 and 23), a trigger or function raised (P0), or the kernel refused an
 * append's shape. Lock timeouts, lost connections and shutdowns are not.
 */
const causedByData = (error: unknown): boolean => {
  if (error instanceof InvalidAppendError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|23|P0)/.test(code);
};

/** Splits a group, in order, wherever an append reuses an event id of an earlier one in its part. */
const withoutSharedEventIds = (requests: readonly AppendRequest[]): AppendRequest[][] => {
  const parts: AppendRequest[][] = [];
  let part: AppendRequest[] = [];
  let ids = new Set<string>();
  for (const request of requests) {
    if (request.events.some((event) => ids.has(event.id))) {
      parts.push(part);
      part = [];
      ids = new Set();
    }
    part.push(request);
    for (const event of request.events) ids.add(event.id);
  }
  if (part.length > 0) parts.push(part);
  return parts;
};

/** Opens (and creates or migrates) the store in `options.schema`. */
export const openPostgresEventStore = (options: PostgresEventStoreOptions): Promise<PostgresEventStore> =>
  PostgresEventStore.open(options);

/** A head (event_id null) or a stored event's location (`version` is then its stream version). */
interface LookupRow extends HeadRow {
  readonly event_id: string | null;
  readonly global_position: unknown;
}

const resolveSettings = (options: PostgresEventStoreOptions): Settings => {
  const hasString = options.connectionString !== undefined;
  const hasPool = options.pool !== undefined;
  if (hasString === hasPool) throw new TypeError("give either connectionString or pool (exactly one)");
  if (hasString && (typeof options.connectionString !== "string" || options.connectionString === ""))
    throw new TypeError("connectionString must be a non-empty string");
  // Duck-typed rather than instanceof: an application may load another copy of pg than this package.
  if (hasPool && (typeof options.pool?.connect !== "function" || typeof options.pool.query !== "function"))
    throw new TypeError("pool must be a pg.Pool");
  const listen = options.listen ?? true;
  if (typeof listen !== "boolean") throw new TypeError("listen must be a boolean");
  return {
    schema: storeSchema(options.schema ?? DEFAULT_SCHEMA),
    clock: options.clock ?? systemClock,
    listen,
    pollMs: positiveInteger(
      "pollMs",
      options.pollMs ?? (listen ? DEFAULT_POLL_MS_LISTENING : DEFAULT_POLL_MS_POLLING),
    ),
    pageSize: positiveInteger("pageSize", options.pageSize ?? DEFAULT_PAGE_SIZE),
    lockTimeoutMs: positiveInteger("lockTimeoutMs", options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS),
    groupCommit: booleanOption("groupCommit", options.groupCommit ?? true),
    preparedStatements: booleanOption("preparedStatements", options.preparedStatements ?? true),
  };
};

const booleanOption = (name: string, value: boolean): boolean => {
  if (typeof value !== "boolean") throw new TypeError(`${name} must be a boolean`);
  return value;
};

const positiveInteger = (name: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
};

/**
 * Every statement, built once per store from the validated, quoted schema name (the only thing ever
 * spliced into SQL besides integers the store computed itself; every value is a bind parameter).
 */
const statements = (schema: StoreSchema, lockTimeoutMs: number, prepared: boolean) => {
  const s = schema.quoted;
  // A hot statement as pg sends it: named after its own text (so two stores in different schemas on one
  // pool never share a name), or unnamed when prepared statements are off.
  const hot = (text: string): { readonly name?: string; readonly text: string } =>
    prepared ? { name: `privacy_ledger_${sha256Hex(text).slice(0, 24)}`, text } : { text };
  const sql = {
    // One round trip (simple protocol, several statements): both values are integers computed here.
    // The key goes in as a quoted literal cast to bigint: a bare -9223372036854775808 would be parsed
    // as the negation of a numeric and match no pg_advisory_xact_lock signature.
    beginLocked:
      "BEGIN ISOLATION LEVEL READ COMMITTED; " +
      `SET LOCAL lock_timeout = ${lockTimeoutMs}; ` +
      `SELECT pg_advisory_xact_lock('${schema.appendLockKey}'::bigint)`,
    // NOTIFY is delivered when (and only if) the transaction commits, in commit order.
    notifyAndCommit: `NOTIFY "${schema.channel}"; COMMIT`,
    // Migration 2's function: the lock, the heads' check, the write and the NOTIFY in one statement.
    appendPlanned: appendPlannedSql(schema),
    head: `SELECT stream_id, version, hash FROM ${s}.streams WHERE stream_id = $1`,
    lookUp: `
      SELECT stream_id, version, hash, NULL::text AS event_id, NULL::bigint AS global_position
        FROM ${s}.streams WHERE stream_id = ANY($1::text[])
      UNION ALL
      SELECT stream_id, stream_version, NULL, event_id, global_position
        FROM ${s}.events WHERE event_id = ANY($2::text[])`,
    // Data-modifying CTEs all run, to completion, whether or not the final SELECT reads them.
    write: `
      WITH inserted AS (
        INSERT INTO ${s}.events (event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
        SELECT event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash
        FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::integer[], $6::text[], $7::text[], $8::text[], $9::text[])
          WITH ORDINALITY AS batch (event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash, ord)
        ORDER BY ord
        RETURNING event_id, global_position
      ), moved_heads AS (
        INSERT INTO ${s}.streams (stream_id, version, hash)
        SELECT * FROM unnest($10::text[], $11::bigint[], $12::text[])
        ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash
      )
      SELECT event_id, global_position FROM inserted`,
    allPage: `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
    streamForwardPage: `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version LIMIT $3`,
    streamBackwardPage: `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE stream_id = $1 AND stream_version <= $2 ORDER BY stream_version DESC LIMIT $3`,
    headsPage: `SELECT stream_id, version, hash FROM ${s}.streams WHERE stream_id > $1 ORDER BY stream_id LIMIT $2`,
    headPosition: `SELECT COALESCE(MAX(global_position), 0)::text AS position FROM ${s}.events`,
  };
  return {
    ...sql,
    appendLockKey: schema.appendLockKey,
    lockTimeoutMs,
    appendPlanned: hot(sql.appendPlanned),
    lookUp: hot(sql.lookUp),
    write: hot(sql.write),
    allPage: hot(sql.allPage),
    streamForwardPage: hot(sql.streamForwardPage),
    streamBackwardPage: hot(sql.streamBackwardPage),
  };
};

type Statements = ReturnType<typeof statements>;
