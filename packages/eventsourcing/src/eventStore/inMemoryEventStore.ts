import { type Either, isLeft, right } from "fp-ts/lib/Either.js";
import type { NewEvent, StoredEvent, StreamHead } from "../envelope/envelope.js";
import type { JsonValue } from "../envelope/json.js";
import { type ChainedEvent, chainBatch, GENESIS_HASH } from "../integrity/hashChain.js";
import { type Clock, systemClock } from "../ports/clock.js";
import { planAppend, type StoredEventLocation, validateBatch } from "./appendPlan.js";
import { AppendSignal } from "./appendSignal.js";
import { catchUpSubscription } from "./catchUpSubscription.js";
import type { AppendError } from "./errors.js";
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
} from "./eventStore.js";
import { assertExtendsChain, type HistoryImport, HistoryImportRejected } from "./historyImport.js";

export interface InMemoryEventStoreOptions {
  readonly clock?: Clock;
}

type Row = { -readonly [K in keyof StoredEvent]: StoredEvent[K] };

/**
 * The reference adapter: the whole store in this process's memory, for tests and examples. It passes
 * the same conformance suite as the durable stores. Events are deep-copied in and out, so a caller
 * that mutates what it read cannot change history.
 */
export class InMemoryEventStore implements EventStore, HistoryImport {
  private readonly clock: Clock;
  /** Indexed by global position - 1; a removed row (see `tamper`) leaves a hole. */
  private readonly rows: (Row | undefined)[] = [];
  private readonly streams = new Map<string, Row[]>();
  private readonly byId = new Map<string, Row>();
  private readonly appended = new AppendSignal();

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<Either<AppendError, AppendResult>> {
    validateBatch(streamId, events);
    const stream = this.streams.get(streamId) ?? [];
    const last = stream[stream.length - 1];
    const existing = new Map<string, StoredEventLocation>();
    for (const event of events) {
      const row = this.byId.get(event.id);
      if (row) existing.set(event.id, row);
    }
    const plan = planAppend(
      {
        streamId,
        head: last ? { version: last.streamVersion, hash: last.hash } : undefined,
        existing,
        expectedVersion: options.expectedVersion,
        recordedAt: this.clock.now().toISOString(),
      },
      events,
    );
    if (isLeft(plan)) return plan;
    if (plan.right.kind === "replay") return right(plan.right.result);

    const positions: number[] = [];
    for (const chained of plan.right.events) {
      const row: Row = structuredClone({ ...withoutTexts(chained), globalPosition: this.rows.length + 1 });
      this.rows.push(row);
      stream.push(row);
      this.byId.set(row.id, row);
      positions.push(row.globalPosition);
    }
    this.streams.set(streamId, stream);
    if (positions.length > 0) this.appended.notify();
    return right({
      streamId,
      nextExpectedVersion: stream[stream.length - 1]?.streamVersion ?? 0,
      globalPositions: positions,
      idempotentReplay: false,
    });
  }

  async importEvents(events: readonly StoredEvent[]): Promise<void> {
    // Check the whole batch against a scratch copy of the heads first: all or nothing.
    const heads = new Map<string, { version: number; hash: string }>();
    const ids = new Set<string>();
    for (const event of events) {
      const last = this.streams.get(event.streamId)?.at(-1);
      const head =
        heads.get(event.streamId) ?? (last ? { version: last.streamVersion, hash: last.hash } : undefined);
      assertExtendsChain(head, event);
      if (this.byId.has(event.id) || ids.has(event.id))
        throw new HistoryImportRejected(
          event.streamId,
          event.streamVersion,
          `event id ${event.id} is already stored`,
        );
      heads.set(event.streamId, { version: event.streamVersion, hash: event.hash });
      ids.add(event.id);
    }
    for (const event of events) {
      const row: Row = structuredClone({ ...event, globalPosition: this.rows.length + 1 });
      this.rows.push(row);
      this.byId.set(row.id, row);
      const stream = this.streams.get(row.streamId) ?? [];
      stream.push(row);
      this.streams.set(row.streamId, stream);
    }
    if (events.length > 0) this.appended.notify();
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncGenerator<StoredEvent> {
    const stream = this.streams.get(streamId) ?? [];
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    let count = 0;
    if (options.direction === "backwards") {
      const from = options.fromVersion ?? Number.POSITIVE_INFINITY;
      for (let i = stream.length - 1; i >= 0 && count < maxCount; i--) {
        const row = stream[i] as Row;
        if (row.streamVersion > from) continue;
        count += 1;
        yield structuredClone(row);
      }
      return;
    }
    const from = options.fromVersion ?? 1;
    for (const row of stream) {
      if (count >= maxCount) return;
      if (row.streamVersion < from) continue;
      count += 1;
      yield structuredClone(row);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    let count = 0;
    for (let i = options.after ?? 0; i < this.rows.length && count < maxCount; i++) {
      const row = this.rows[i];
      if (row === undefined) continue;
      count += 1;
      yield structuredClone(row);
    }
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<StoredEvent> {
    return catchUpSubscription(
      { readAll: (o) => this.readAll(o), appended: this.appended, pollMs: 1_000, pageSize: 500 },
      options,
    );
  }

  async streamHead(streamId: string): Promise<StreamHead | undefined> {
    const last = this.streams.get(streamId)?.at(-1);
    return last ? { streamId, version: last.streamVersion, hash: last.hash } : undefined;
  }

  async *streamHeads(): AsyncGenerator<StreamHead> {
    const ids = [...this.streams.keys()].sort();
    for (const streamId of ids) {
      const head = await this.streamHead(streamId);
      if (head) yield head;
    }
  }

  async headPosition(): Promise<number> {
    for (let i = this.rows.length - 1; i >= 0; i--) if (this.rows[i]) return i + 1;
    return 0;
  }

  async close(): Promise<void> {}

  /**
   * Changes history behind the store's back, as someone with raw access to a database could. Only for
   * tests of tamper detection; nothing in the library calls it.
   */
  readonly tamper = {
    rewriteData: async (streamId: string, version: number, data: JsonValue): Promise<void> => {
      this.rowAt(streamId, version).data = structuredClone(data);
    },
    removeEvent: async (streamId: string, version: number): Promise<void> => {
      const row = this.rowAt(streamId, version);
      this.rows[row.globalPosition - 1] = undefined;
      this.byId.delete(row.id);
      const stream = this.streams.get(streamId) ?? [];
      stream.splice(stream.indexOf(row), 1);
      if (stream.length === 0) this.streams.delete(streamId);
    },
    swapVersions: async (streamId: string, a: number, b: number): Promise<void> => {
      const rowA = this.rowAt(streamId, a);
      const rowB = this.rowAt(streamId, b);
      rowA.streamVersion = b;
      rowB.streamVersion = a;
      const stream = this.streams.get(streamId) ?? [];
      stream.sort((x, y) => x.streamVersion - y.streamVersion);
    },
    insertEvent: async (streamId: string, afterVersion: number, forged: NewEvent): Promise<void> => {
      const stream = this.streams.get(streamId) ?? [];
      const before = stream.find((r) => r.streamVersion === afterVersion);
      for (const row of stream) if (row.streamVersion > afterVersion) row.streamVersion += 1;
      const [chained] = chainBatch(
        streamId,
        before ? { version: afterVersion, hash: before.hash } : { version: 0, hash: GENESIS_HASH },
        [forged],
        this.clock.now().toISOString(),
      );
      const row: Row = structuredClone({
        ...withoutTexts(chained as ChainedEvent),
        globalPosition: this.rows.length + 1,
      });
      this.rows.push(row);
      this.byId.set(row.id, row);
      stream.push(row);
      stream.sort((x, y) => x.streamVersion - y.streamVersion);
    },
  };

  private rowAt(streamId: string, version: number): Row {
    const row = this.streams.get(streamId)?.find((r) => r.streamVersion === version);
    if (!row) throw new Error(`no event ${streamId}@${version}`);
    return row;
  }
}

export const createInMemoryEventStore = (options: InMemoryEventStoreOptions = {}): InMemoryEventStore =>
  new InMemoryEventStore(options);

const withoutTexts = ({ canonical: _texts, ...content }: ChainedEvent): Omit<ChainedEvent, "canonical"> =>
  content;
