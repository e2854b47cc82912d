import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  NO_STREAM,
  type Position,
  type ReadRevision,
  type ResolvedEvent,
  START,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import {
  ANY,
  type AppendError,
  type AppendOptions,
  type AppendResult,
  assertExtendsChain,
  assertValidStreamId,
  type ChainedEvent,
  type Clock,
  type EventStore,
  type ExpectedVersion,
  type HistoryImport,
  HistoryImportRejected,
  InvalidAppendError,
  type NewEvent,
  planAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StoredEventLocation,
  type StreamHead,
  type SubscribeOptions,
  systemClock,
  validateBatch,
  type WrongExpectedVersion,
} from "@privacy-ledger/eventsourcing";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import { EventStoreDbError, isTransient, toStoreError } from "./errors.js";
import { comparePositions, revisionOfVersion, toEsdbPosition, versionOfRevision } from "./mapping.js";
import {
  decodeRecordedEvent,
  hasEnvelope,
  isSystemRecord,
  toEventData,
  type WritableEvent,
} from "./recordCodec.js";

export interface EventStoreDbStoreOptions {
  /**
   * An EventStoreDB / KurrentDB connection string, e.g. `esdb://localhost:2113?tls=false`. The store
   * owns the client it creates and disposes of it on close(). Give either this or `client`.
   */
  readonly connectionString?: string;
  /** A client the caller owns (and disposes of); close() leaves it open. */
  readonly client?: EventStoreDBClient;
  /**
   * Prepended to every stream id in EventStoreDB (`ledger-` + `subject-7f3c` = `ledger-subject-7f3c`),
   * so several ledgers, tenants or test runs share one database without seeing each other: reads,
   * heads and subscriptions only see streams under the prefix. Kernel stream ids (and so hashes) never
   * include it. Same alphabet as stream ids. Default: none.
   */
  readonly streamPrefix?: string;
  /** Stamps `recordedAt`; defaults to the system clock. */
  readonly clock?: Clock;
  /** Events fetched per read call by reads, scans and the idempotency check. Default 500. */
  readonly pageSize?: number;
  /**
   * How many events may have been appended to a stream after a batch for a retry of that batch (same
   * event ids) under `any` or `stream_exists` still to be recognised as an idempotent replay. Every
   * append reads this many events plus the batch's length from the stream's end. Retries with an exact
   * version or `no_stream` are recognised wherever the batch is. Default 100.
   */
  readonly idempotencyWindow?: number;
  /**
   * How many times an append re-reads the head and re-chains after the server refused it because
   * another writer got there first. Only `any` and `stream_exists` can still succeed on a later
   * attempt; an exact version fails with WrongExpectedVersion on the first re-read. Default 5.
   */
  readonly maxAppendAttempts?: number;
  /** How often a dropped subscription (unavailable, not leader, …) is resumed before it fails. Default 5. */
  readonly subscriptionRetries?: number;
  /** First delay before resuming a dropped subscription; doubles per attempt. Default 100 ms. */
  readonly retryDelayMs?: number;
}

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_IDEMPOTENCY_WINDOW = 100;
const DEFAULT_MAX_APPEND_ATTEMPTS = 5;
const DEFAULT_SUBSCRIPTION_RETRIES = 5;
const DEFAULT_RETRY_DELAY_MS = 100;

/** What an append has read before it plans: the head and where the batch's ids already are. */
interface AppendContext {
  readonly head: StoredEvent | undefined;
  readonly existing: ReadonlyMap<string, StoredEventLocation>;
}

type WriteOutcome =
  | { readonly kind: "written"; readonly result: AppendResult }
  | { readonly kind: "conflict"; readonly actual: number };

/**
 * The kernel's store port on EventStoreDB / KurrentDB over gRPC (`@eventstore/db-client` 6.2.1).
 *
 * An append reads the stream's last event (the head: version and hash), plans with the kernel's
 * `planAppend` (idempotency first, then the caller's expected version), chains the batch onto the
 * head and sends it with the server-side expected revision set to exactly the head's revision (or
 * `no_stream`). A concurrent writer therefore makes the server refuse the append instead of forking
 * the chain; the store then reads the new head and plans again, a bounded number of times. Every read
 * on the append path asks for the leader, so a lagging follower cannot hand out a stale head.
 */
export class EventStoreDbEventStore implements EventStore, HistoryImport {
  private readonly client: EventStoreDBClient;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly clock: Clock;
  private readonly pageSize: number;
  private readonly idempotencyWindow: number;
  private readonly maxAppendAttempts: number;
  private readonly subscriptionRetries: number;
  private readonly retryDelayMs: number;
  /** Aborted by close(): live subscriptions end normally instead of failing on a disposed client. */
  private readonly closing = new AbortController();

  constructor(options: EventStoreDbStoreOptions) {
    this.pageSize = positiveInteger("pageSize", options.pageSize ?? DEFAULT_PAGE_SIZE);
    this.idempotencyWindow = nonNegativeInteger(
      "idempotencyWindow",
      options.idempotencyWindow ?? DEFAULT_IDEMPOTENCY_WINDOW,
    );
    this.maxAppendAttempts = positiveInteger(
      "maxAppendAttempts",
      options.maxAppendAttempts ?? DEFAULT_MAX_APPEND_ATTEMPTS,
    );
    this.subscriptionRetries = nonNegativeInteger(
      "subscriptionRetries",
      options.subscriptionRetries ?? DEFAULT_SUBSCRIPTION_RETRIES,
    );
    this.retryDelayMs = nonNegativeInteger("retryDelayMs", options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS);
    this.prefix = options.streamPrefix ?? "";
    if (this.prefix !== "" && !isValidStreamId(this.prefix))
      throw new RangeError(
        "streamPrefix must use the stream id alphabet [A-Za-z0-9._:+=/-] and start with a letter or digit",
      );
    this.clock = options.clock ?? systemClock;
    if ((options.client === undefined) === (options.connectionString === undefined))
      throw new TypeError("give exactly one of connectionString and client");
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? EventStoreDBClient.connectionString(options.connectionString as string);
  }

  // ---------------------------------------------------------------------------------------- append

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<Either<AppendError, AppendResult>> {
    validateBatch(streamId, events);
    events.forEach((event, index) => {
      if (event.type.startsWith("$"))
        throw new InvalidAppendError(
          `event ${index} of the batch for ${streamId}: types starting with $ are EventStoreDB system types`,
        );
    });
    this.assertOpen();
    const expected = options.expectedVersion ?? ANY;
    let actual = 0;
    for (let attempt = 1; attempt <= this.maxAppendAttempts; attempt++) {
      const context = await this.appendContext(streamId, events, expected);
      const plan = planAppend(
        {
          streamId,
          head: context.head && { version: context.head.streamVersion, hash: context.head.hash },
          existing: context.existing,
          expectedVersion: expected,
          recordedAt: this.clock.now().toISOString(),
        },
        events,
      );
      if (isLeft(plan)) return plan;
      if (plan.right.kind === "replay") return right(plan.right.result);
      if (plan.right.events.length === 0)
        return right({
          streamId,
          nextExpectedVersion: context.head?.streamVersion ?? 0,
          globalPositions: [],
          idempotentReplay: false,
        });
      const outcome = await this.write(streamId, context.head, plan.right.events);
      if (outcome.kind === "written") return right(outcome.result);
      actual = outcome.actual;
    }
    return left(contention(streamId, expected, actual, this.maxAppendAttempts));
  }

  /**
   * Reads the head and the stored places of the batch's ids: backwards from the end over the
   * idempotency window plus the batch (further only while some but not all of the ids have been
   * found), and, for an exact or `no_stream` expectation behind the head, the events right after it,
   * where EventStoreDB itself looks for an idempotent retry.
   */
  private async appendContext(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendContext> {
    const ids = new Set(events.map((event) => event.id));
    const existing = new Map<string, StoredEventLocation>();
    const note = (event: StoredEvent) => {
      if (ids.has(event.id))
        existing.set(event.id, {
          streamId,
          streamVersion: event.streamVersion,
          globalPosition: event.globalPosition,
        });
    };
    const window = ids.size === 0 ? 1 : this.idempotencyWindow + ids.size;
    let head: StoredEvent | undefined;
    let lowest: number | undefined;
    let scanned = 0;
    let from: ReadRevision = END;
    for (;;) {
      const partial = existing.size > 0 && existing.size < ids.size;
      const wanted = scanned < window ? window - scanned : partial ? this.pageSize : 0;
      if (wanted === 0 || (lowest !== undefined && lowest <= 1)) break;
      const limit = Math.min(this.pageSize, wanted);
      const page = await this.readStreamPage(streamId, from, BACKWARDS, limit, true);
      for (const raw of page) {
        const event = this.decodeStreamEvent(raw, streamId);
        head ??= event;
        note(event);
        lowest = event.streamVersion;
        scanned += 1;
      }
      if (page.length < limit || existing.size === ids.size) break;
      from = revisionOfVersion(lowest as number) - 1n;
    }
    const behind = expected === "no_stream" ? 0 : typeof expected === "number" ? expected : undefined;
    if (
      head !== undefined &&
      behind !== undefined &&
      behind < head.streamVersion &&
      ids.size > 0 &&
      (lowest === undefined || behind + 1 < lowest)
    ) {
      const page = await this.readStreamPage(streamId, BigInt(behind), FORWARDS, ids.size, true);
      for (const raw of page) note(this.decodeStreamEvent(raw, streamId));
    }
    return { head, existing };
  }

  /** Sends the chained batch with the head's exact revision; reads it back for its log positions. */
  private async write(
    streamId: string,
    head: StoredEvent | undefined,
    chained: readonly ChainedEvent[],
  ): Promise<WriteOutcome> {
    const expectedRevision = head ? revisionOfVersion(head.streamVersion) : NO_STREAM;
    const first = chained[0] as ChainedEvent;
    const last = chained.at(-1) as ChainedEvent;
    let nextExpectedRevision: bigint;
    try {
      ({ nextExpectedRevision } = await this.client.appendToStream(
        this.esdbStream(streamId),
        chained.map(toEventData),
        { expectedRevision, requiresLeader: true },
      ));
    } catch (error) {
      if (error instanceof WrongExpectedVersionError)
        return {
          kind: "conflict",
          actual: typeof error.actualVersion === "bigint" ? (versionOfRevision(error.actualVersion) ?? 0) : 0,
        };
      throw toStoreError(error, "append", streamId);
    }
    if (nextExpectedRevision !== revisionOfVersion(last.streamVersion))
      throw new EventStoreDbError(
        "unexpected-reply",
        `EventStoreDB placed the batch for ${streamId} ending at revision ${nextExpectedRevision}, not at ${revisionOfVersion(last.streamVersion)}; was the stream deleted and recreated?`,
        false,
      );
    // The append reply carries one position for the whole batch; each event's own log position is what
    // stream and $all reads report, so that is what the result hands out.
    const page = await this.readStreamPage(
      streamId,
      revisionOfVersion(first.streamVersion),
      FORWARDS,
      chained.length,
      true,
    );
    const stored = page.map((raw) => this.decodeStreamEvent(raw, streamId));
    if (stored.length !== chained.length || stored.some((event, i) => event.id !== chained[i]?.id))
      throw new EventStoreDbError(
        "unexpected-reply",
        `reading back the batch just appended to ${streamId} did not return its events`,
        false,
      );
    return {
      kind: "written",
      result: {
        streamId,
        nextExpectedVersion: last.streamVersion,
        globalPositions: stored.map((event) => event.globalPosition),
        // The server answers a batch whose ids it already holds right after the expected revision as
        // an idempotent success: a concurrent retry of the same batch got there first, with its own
        // recordedAt and hashes.
        idempotentReplay: stored.some((event, i) => event.hash !== chained[i]?.hash),
      },
    };
  }

  // --------------------------------------------------------------------------------------- import

  /**
   * Writes events exactly as another store holds them (see `copyHistory`). The whole batch is checked
   * first (each event must extend its stream's chain here), then written one run of same-stream events
   * at a time, each with the exact expected revision. EventStoreDB has no transaction across streams,
   * so a failure between runs leaves the earlier runs written; running the same import again skips
   * events already present with the same id and hash, so an interrupted copy can be resumed.
   */
  async importEvents(events: readonly StoredEvent[]): Promise<void> {
    this.assertOpen();
    /** Per stream: the store's head when the import started, and the chain's end so far. */
    const storeHeads = new Map<string, StoredEvent | undefined>();
    const ends = new Map<string, Omit<StreamHead, "streamId"> | undefined>();
    const accepted = new Set<string>();
    const runs: {
      streamId: string;
      head: Omit<StreamHead, "streamId"> | undefined;
      events: StoredEvent[];
    }[] = [];
    for (const event of events) {
      assertValidStreamId(event.streamId);
      if (event.type.startsWith("$"))
        throw new HistoryImportRejected(
          event.streamId,
          event.streamVersion,
          "types starting with $ are reserved",
        );
      if (!storeHeads.has(event.streamId)) {
        const head = await this.headEvent(event.streamId, true);
        storeHeads.set(event.streamId, head);
        ends.set(event.streamId, head && { version: head.streamVersion, hash: head.hash });
      }
      const storeHead = storeHeads.get(event.streamId);
      if (!accepted.has(event.streamId) && storeHead && event.streamVersion <= storeHead.streamVersion) {
        await this.assertAlreadyImported(event);
        continue;
      }
      const end = ends.get(event.streamId);
      assertExtendsChain(end, event);
      accepted.add(event.streamId);
      ends.set(event.streamId, { version: event.streamVersion, hash: event.hash });
      const run = runs.at(-1);
      if (run && run.streamId === event.streamId) run.events.push(event);
      else runs.push({ streamId: event.streamId, head: end, events: [event] });
    }
    for (const run of runs) {
      const expectedRevision = run.head ? revisionOfVersion(run.head.version) : NO_STREAM;
      const firstVersion = (run.events[0] as StoredEvent).streamVersion;
      try {
        await this.client.appendToStream(
          this.esdbStream(run.streamId),
          run.events.map((event) => toEventData(event as WritableEvent)),
          { expectedRevision, requiresLeader: true },
        );
      } catch (error) {
        if (error instanceof WrongExpectedVersionError)
          throw new HistoryImportRejected(
            run.streamId,
            firstVersion,
            "another writer appended to the stream during the import; the runs before this one were written, run the import again to resume",
          );
        throw toStoreError(error, "import", run.streamId);
      }
    }
  }

  /** An event at or below the head: only a re-run of an interrupted import may bring it again. */
  private async assertAlreadyImported(event: StoredEvent): Promise<void> {
    const [raw] = await this.readStreamPage(
      event.streamId,
      revisionOfVersion(event.streamVersion),
      FORWARDS,
      1,
      true,
    );
    const stored = raw && this.decodeStreamEvent(raw, event.streamId);
    if (stored?.id !== event.id || stored.hash !== event.hash)
      throw new HistoryImportRejected(
        event.streamId,
        event.streamVersion,
        "the stream already holds a different event at this version",
      );
  }

  // ---------------------------------------------------------------------------------------- reads

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncGenerator<StoredEvent> {
    this.assertOpen();
    if (!isValidStreamId(streamId)) return;
    const backwards = options.direction === "backwards";
    const from = options.fromVersion;
    if (backwards && from !== undefined && from < 1) return;
    let next: ReadRevision =
      from === undefined || (!backwards && from < 1)
        ? backwards
          ? END
          : START
        : revisionOfVersion(Math.min(from, Number.MAX_SAFE_INTEGER));
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const page = await this.readStreamPage(streamId, next, backwards ? BACKWARDS : FORWARDS, limit, false);
      for (const raw of page) {
        const event = this.decodeStreamEvent(raw, streamId);
        remaining -= 1;
        yield event;
        const revision = revisionOfVersion(event.streamVersion);
        next = backwards ? revision - 1n : revision + 1n;
      }
      if (page.length < limit || (backwards && typeof next === "bigint" && next < 0n)) return;
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    this.assertOpen();
    return this.pagesOfAll(options.after ?? 0, options.maxCount ?? Number.POSITIVE_INFINITY);
  }

  /**
   * $all in global order after a position, without system events, events of other prefixes and
   * events not written by this library. EventStoreDB reads $all from a position inclusively, so the
   * event at the start position is skipped; each page starts at the last raw record seen.
   */
  private async *pagesOfAll(after: number, maxCount: number): AsyncGenerator<StoredEvent> {
    let from: Position | typeof START = after > 0 ? toEsdbPosition(after) : START;
    let remaining = maxCount;
    const ours = new Set<string>();
    while (remaining > 0) {
      this.assertOpen();
      const fetch = this.pageSize + (from === START ? 0 : 1);
      const page = await this.readAllPage(from, FORWARDS, fetch);
      for (const resolved of page) {
        const recorded = resolved.event;
        if (!recorded) continue;
        if (from !== START && comparePositions(recorded.position, from) <= 0) continue;
        from = recorded.position;
        const event = this.decodeAllEvent(resolved, ours);
        if (event === undefined || event.globalPosition <= after) continue;
        remaining -= 1;
        yield event;
        if (remaining <= 0) return;
      }
      if (page.length < fetch) return;
    }
  }

  /**
   * Catches up from `after`, then follows live, on one EventStoreDB catch-up subscription to $all
   * (filtered on the server: system events out, or only the store's prefix). A subscription dropped
   * by a transient failure is resumed from the last position seen, with growing delays, up to
   * `subscriptionRetries` times in a row; then the typed error is thrown.
   */
  async *subscribe(options: SubscribeOptions = {}): AsyncGenerator<StoredEvent> {
    this.assertOpen();
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.closing.signal])
      : this.closing.signal;
    let position = options.after ?? 0;
    let resumeFrom: Position | typeof START = position > 0 ? toEsdbPosition(position) : START;
    let failures = 0;
    const ours = new Set<string>();
    while (!signal.aborted) {
      const subscription = this.client.subscribeToAll({
        fromPosition: resumeFrom,
        filter: this.prefix === "" ? excludeSystemEvents() : streamNameFilter({ prefixes: [this.prefix] }),
      });
      try {
        for await (const resolved of untilAborted<AllStreamResolvedEvent>(subscription, signal)) {
          const recorded = resolved.event;
          if (!recorded) continue;
          if (resumeFrom !== START && comparePositions(recorded.position, resumeFrom) <= 0) continue;
          resumeFrom = recorded.position;
          const event = this.decodeAllEvent(resolved, ours);
          if (event === undefined || event.globalPosition <= position) continue;
          position = event.globalPosition;
          failures = 0;
          yield event;
        }
        if (signal.aborted) return;
        throw new EventStoreDbError("unavailable", "EventStoreDB ended the subscription", true);
      } catch (error) {
        if (signal.aborted) return;
        const mapped = toStoreError(error, "subscribe");
        if (!isTransient(mapped) || failures >= this.subscriptionRetries) throw mapped;
        await sleep(this.retryDelayMs * 2 ** failures, signal);
        failures += 1;
      } finally {
        // Cancels the gRPC call; a call that never started has nothing to cancel.
        await subscription.unsubscribe().catch(() => undefined);
      }
    }
  }

  async streamHead(streamId: string): Promise<StreamHead | undefined> {
    this.assertOpen();
    if (!isValidStreamId(streamId)) return undefined;
    const head = await this.headEvent(streamId, false);
    return head && { streamId, version: head.streamVersion, hash: head.hash };
  }

  /**
   * EventStoreDB keeps no list of stream heads that works without projections, so this reads the whole
   * of $all once (O(events), memory O(streams)) and keeps each stream's highest version. It serves
   * checkpoints, an audit task, not the hot path.
   */
  async *streamHeads(): AsyncGenerator<StreamHead> {
    const heads = new Map<string, StreamHead>();
    for await (const event of this.pagesOfAll(0, Number.POSITIVE_INFINITY)) {
      const known = heads.get(event.streamId);
      if (!known || known.version < event.streamVersion)
        heads.set(event.streamId, {
          streamId: event.streamId,
          version: event.streamVersion,
          hash: event.hash,
        });
    }
    const ids = [...heads.keys()].sort();
    for (const id of ids) yield heads.get(id) as StreamHead;
  }

  /** Reads $all backwards from its end to the last event of this store (0 when there is none). */
  async headPosition(): Promise<number> {
    this.assertOpen();
    let from: Position | typeof END = END;
    for (;;) {
      const fetch = this.pageSize + (from === END ? 0 : 1);
      const page = await this.readAllPage(from, BACKWARDS, fetch);
      for (const resolved of page) {
        const recorded = resolved.event;
        if (!recorded) continue;
        if (from !== END && comparePositions(recorded.position, from) >= 0) continue;
        from = recorded.position;
        const event = this.decodeAllEvent(resolved, new Set());
        if (event) return event.globalPosition;
      }
      if (page.length < fetch) return 0;
    }
  }

  /** Ends live subscriptions; disposes of the client if the store created it. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    if (this.ownsClient) await this.client.dispose();
  }

  // -------------------------------------------------------------------------------------- helpers

  private async headEvent(streamId: string, requiresLeader: boolean): Promise<StoredEvent | undefined> {
    const [raw] = await this.readStreamPage(streamId, END, BACKWARDS, 1, requiresLeader);
    return raw && this.decodeStreamEvent(raw, streamId);
  }

  /** One page of a stream, read to the end of the call before anything is decoded or yielded. */
  private async readStreamPage(
    streamId: string,
    fromRevision: ReadRevision,
    direction: typeof FORWARDS | typeof BACKWARDS,
    maxCount: number,
    requiresLeader: boolean,
  ): Promise<ResolvedEvent[]> {
    const page: ResolvedEvent[] = [];
    try {
      const read = this.client.readStream(this.esdbStream(streamId), {
        fromRevision,
        direction,
        maxCount,
        requiresLeader,
      });
      for await (const resolved of read) page.push(resolved);
    } catch (error) {
      // The client reports a missing stream by failing the iteration.
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error, "read stream", streamId);
    }
    return page;
  }

  private async readAllPage(
    fromPosition: Position | typeof START | typeof END,
    direction: typeof FORWARDS | typeof BACKWARDS,
    maxCount: number,
  ): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readAll({ fromPosition, direction, maxCount }))
        page.push(resolved);
    } catch (error) {
      throw toStoreError(error, "read $all");
    }
    return page;
  }

  /** A record of one of this store's streams: everything in it must be this library's. */
  private decodeStreamEvent(resolved: ResolvedEvent, streamId: string): StoredEvent {
    const recorded = resolved.event;
    if (!recorded)
      throw new EventStoreDbError(
        "unexpected-reply",
        `a read of ${streamId} returned a record without an event`,
        false,
      );
    return decodeRecordedEvent(recorded, streamId);
  }

  /**
   * A record of $all, or undefined when it is not this store's: system records, other prefixes'
   * streams, and events without an envelope in streams that are not known to be this store's. Under a
   * prefix every stream is this store's; without one, a stream is known to be once `ours` (kept per
   * read, O(streams)) has seen an event of this library in it. In a stream of this store, an event
   * without an envelope is a foreign or damaged write and fails the read as corrupt.
   */
  private decodeAllEvent(resolved: AllStreamResolvedEvent, ours: Set<string>): StoredEvent | undefined {
    const recorded = resolved.event;
    if (!recorded || isSystemRecord(recorded)) return undefined;
    const streamId = this.kernelStream(recorded.streamId);
    if (streamId === undefined) return undefined;
    if (this.prefix === "") {
      if (!hasEnvelope(recorded) && !ours.has(streamId)) return undefined;
      ours.add(streamId);
    }
    return decodeRecordedEvent(recorded, streamId);
  }

  private esdbStream(streamId: string): string {
    return this.prefix + streamId;
  }

  private kernelStream(esdbStream: string): string | undefined {
    if (!esdbStream.startsWith(this.prefix)) return undefined;
    const streamId = esdbStream.slice(this.prefix.length);
    return isValidStreamId(streamId) ? streamId : undefined;
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new Error("the EventStoreDB event store is closed");
  }
}

/** Opens a store on an EventStoreDB / KurrentDB server (no I/O until the first call). */
export const openEventStoreDbStore = (options: EventStoreDbStoreOptions): EventStoreDbEventStore =>
  new EventStoreDbEventStore(options);

const contention = (
  streamId: string,
  expected: ExpectedVersion,
  actual: number,
  attempts: number,
): WrongExpectedVersion => ({
  kind: "WrongExpectedVersion",
  streamId,
  expected,
  actual,
  message: `stream ${streamId} moved under ${attempts} append attempts in a row (now at version ${actual}); nothing was written`,
});

const isValidStreamId = (streamId: string): boolean => {
  try {
    assertValidStreamId(streamId);
    return true;
  } catch {
    return false;
  }
};

const positiveInteger = (name: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
};

const nonNegativeInteger = (name: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer`);
  return value;
};

/**
 * Iterates `source` until `signal` aborts. A live subscription's iterator waits for the next event
 * indefinitely; racing it with the signal lets an abort end the loop at once.
 */
async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let onAbort: () => void = () => {};
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    while (!signal.aborted) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next === "aborted" || next.done) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    void iterator.return?.();
  }
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
