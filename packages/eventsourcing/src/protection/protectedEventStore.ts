import type { Either } from "fp-ts/lib/Either.js";
import type { NewEvent, StoredEvent, StreamHead } from "../envelope/envelope.js";
import type { JsonValue } from "../envelope/json.js";
import { validateBatch } from "../eventStore/appendPlan.js";
import type { AppendError } from "../eventStore/errors.js";
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
} from "../eventStore/eventStore.js";
import { type HasVerificationSource, VERIFICATION_SOURCE } from "../integrity/verificationSource.js";
import { blindIndex } from "./blindIndex.js";
import {
  type CipherTask,
  CipherThreads,
  defaultCipherThreads,
  MIN_TASKS_FOR_THREADS,
} from "./cipherThreads.js";
import { erased, isErased } from "./erased.js";
import {
  associatedText,
  isSealedField,
  openField,
  parseOpened,
  type SealedField,
  sealedBlob,
  sealedKeyId,
  sealedPartial,
  sealField,
} from "./fieldCipher.js";
import { type FieldLocation, locateField } from "./fieldLocations.js";
import { KeyCache, pairKey } from "./keyCache.js";
import type { DataKey, KeyState, KeyStore, SubjectRef } from "./keyStore.js";
import type { PersonalFieldSpec } from "./personal.js";
import {
  DataKeyMissingError,
  PersonalDataMarkingError,
  PersonalDataTamperedError,
} from "./protectionErrors.js";
import { isValidSubjectId, SUBJECT_ID_RULE } from "./subjectId.js";

export interface ProtectionOptions {
  readonly keyStore: KeyStore;
  /** The personal fields of an event type at a schema version; an event catalog provides it. */
  readonly personalFields: (type: string, schemaVersion: number) => readonly PersonalFieldSpec[];
  /**
   * Key caching (see KeyCache). With a key store that has `shredGeneration` (both stores here), keys are
   * cached until a shred anywhere, checked at every read and append and every page of a read; this
   * option then only switches caching off (0). Without one, it is how long a key state is trusted: a
   * shred made by another process takes effect there within it. Default 1000 ms; 0 disables caching.
   */
  readonly keyCacheMs?: number;
  /**
   * Worker threads that open personal fields while the reader works: a bounded read (readAll,
   * readStream) hands each page of at least 64 sealed fields to them before it yields the page before
   * it (smaller pages, such as a command's stream, are opened on the calling thread, and so are
   * subscriptions and appends). Default: 1 on a machine with more than one core, else 0 (everything
   * on the calling thread). Started at first need, they never keep the process alive, and end with
   * `close()`.
   */
  readonly cipherThreads?: number;
}

/**
 * A read checks the key store's shred generation at its start and again before opening more than this
 * many events, or after this long (a slow subscription): the "page" within which a shred made by
 * another process or handle takes effect.
 */
const EVENTS_PER_CHECK = 256;
const MS_PER_CHECK = 50;

/**
 * The protection layer: an EventStore in front of any other. Appends seal every marked field with
 * AES-256-GCM under the data key of its (subject, retention class) before the inner store sees them;
 * reads open them again, or give `Erased` once the key is destroyed. The inner store holds only
 * ciphertext, and its hash chains cover that ciphertext, so `verifyStore(protected.inner)` passes
 * before and after an erasure, with no key needed: auditors verify the inner store.
 */
export class ProtectedEventStore implements EventStore, HasVerificationSource {
  readonly keys: KeyCache;
  private readonly threads: CipherThreads;
  /** Verification hashes what is stored: the inner store's ciphertext, never the opened plaintext. */
  get [VERIFICATION_SOURCE](): EventStore {
    return this.inner;
  }

  constructor(
    readonly inner: EventStore,
    private readonly options: ProtectionOptions,
  ) {
    this.keys = new KeyCache(options.keyStore, options.keyCacheMs ?? 1_000);
    this.threads = new CipherThreads(options.cipherThreads ?? defaultCipherThreads());
  }

  get keyStore(): KeyStore {
    return this.options.keyStore;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<Either<AppendError, AppendResult>> {
    // The batch is checked before any key is made or any value sealed: sealing hides values from the
    // inner store's own check (a NaN or a Date would otherwise be stored inside the ciphertext).
    validateBatch(streamId, events);
    const plans = events.map((event) => this.planSeal(event));
    // The keys of the batch, from the cache (validated against a shred anywhere) or fetched, and the
    // missing ones made, together: one key-file transaction per batch at most, committed (and synced)
    // before the events sealed with them are handed to the inner store.
    await this.keys.validate();
    const pairs = new Map<string, SubjectRef>();
    for (const plan of plans)
      for (const field of plan.fields)
        if (!pairs.has(field.pair))
          pairs.set(field.pair, { subjectId: field.subjectId, retentionClass: field.spec.marking.retention });
    const keysOfBatch =
      pairs.size === 0 ? new Map<string, DataKey>() : await this.keys.activeKeys([...pairs.values()]);
    await this.indexLookups(plans);
    const sealed = this.sealAll(plans, keysOfBatch);
    return this.inner.append(streamId, sealed, options);
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncGenerator<StoredEvent> {
    return this.openedInPages(this.inner.readStream(streamId, options));
  }

  readAll(options?: ReadAllOptions): AsyncGenerator<StoredEvent> {
    return this.openedInPages(this.inner.readAll(options));
  }

  subscribe(options?: SubscribeOptions): AsyncGenerator<StoredEvent> {
    return this.openedOneByOne(this.inner.subscribe(options));
  }

  streamHead(streamId: string): Promise<StreamHead | undefined> {
    return this.inner.streamHead(streamId);
  }

  streamHeads(): AsyncIterable<StreamHead> {
    return this.inner.streamHeads();
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  /** Ends the cipher threads and closes the inner store; the key store belongs to the caller. */
  async close(): Promise<void> {
    await this.threads.close();
    await this.inner.close();
  }

  /**
   * Every event of a bounded read (readAll, readStream), opened a page at a time (see `readPage`).
   * The next page is read and handed to the cipher threads before this one is yielded, so they open
   * it while the reader works through this one; a shred seen meanwhile still takes effect from that
   * page on (`yieldPage` validates again). Events are yielded in order; an error of the inner read
   * comes after the events before it.
   */
  private async *openedInPages(events: AsyncIterable<StoredEvent>): AsyncGenerator<StoredEvent> {
    const iterator = events[Symbol.asyncIterator]();
    const inner = { done: false };
    try {
      let page: Page | undefined = await this.readPage(iterator, inner);
      while (page) {
        // An error reading ahead (the key store's) comes after this page, as the inner read's do.
        let next: Page | undefined;
        let failure: { readonly error: unknown } | undefined;
        if (!inner.done)
          try {
            next = await this.readPage(iterator, inner);
          } catch (error) {
            failure = { error };
          }
        yield* this.yieldPage(page);
        if (page.failure) throw page.failure.error;
        if (failure) throw failure.error;
        page = next;
      }
    } finally {
      if (!inner.done) await iterator.return?.();
    }
  }

  /**
   * Up to EVENTS_PER_CHECK events from the inner read (which has them in memory already: its own pages
   * are larger), with the key cache validated once (a shred anywhere drops it), the keys of the page
   * that are not cached fetched in one call (`keyStates`), and the fields to open handed to the cipher
   * threads when there are enough of them. An error of the inner read is kept for after the page.
   */
  private async readPage(iterator: AsyncIterator<StoredEvent>, inner: { done: boolean }): Promise<Page> {
    const events: StoredEvent[] = [];
    let failure: Page["failure"];
    try {
      while (events.length < EVENTS_PER_CHECK) {
        const next = await iterator.next();
        if (next.done) {
          inner.done = true;
          break;
        }
        events.push(next.value);
      }
    } catch (error) {
      failure = { error };
      inner.done = true;
    }
    await this.keys.validate();
    const epoch = this.keys.epoch;
    const sealedOf: (readonly SealedAt[] | undefined)[] = [];
    let missing: Set<string> | undefined;
    for (const event of events) {
      const sealed = this.locateSealed(event);
      sealedOf.push(sealed);
      if (sealed)
        for (const field of sealed) {
          field.state = this.keys.peek(field.kid);
          if (field.state !== undefined) continue;
          missing ??= new Set();
          missing.add(field.kid);
        }
    }
    if (missing) {
      const fetched = await this.keys.states(missing);
      for (const sealed of sealedOf)
        if (sealed) for (const field of sealed) field.state ??= fetched.get(field.kid);
    }
    return { events, sealedOf, epoch, failure, opening: this.openInThreads(events, sealedOf) };
  }

  /**
   * Hands the page's fields that have an active key to the cipher threads, when there are enough; the
   * results land in each field's `opened`. Undefined when they are opened here, event by event.
   */
  private openInThreads(
    events: readonly StoredEvent[],
    sealedOf: readonly (readonly SealedAt[] | undefined)[],
  ): Promise<void> | undefined {
    if (!this.threads.enabled) return undefined;
    // A small page (a command's stream) is opened here: build no tasks for it.
    let count = 0;
    for (const sealed of sealedOf) count += sealed?.length ?? 0;
    if (count < MIN_TASKS_FOR_THREADS) return undefined;
    const tasks: CipherTask[] = [];
    const fields: SealedAt[] = [];
    for (let i = 0; i < events.length; i++) {
      const sealed = sealedOf[i];
      if (!sealed) continue;
      const eventId = (events[i] as StoredEvent).id;
      for (const field of sealed) {
        if (field.state?.status !== "active") continue;
        if (field.blob === undefined) continue; // format 1: opened here
        tasks.push({
          key: field.state.key.material,
          blob: field.blob,
          aad: associatedText(eventId, field.at.path, field.kid, sealedPartial(field.field)),
        });
        fields.push(field);
      }
    }
    if (tasks.length < MIN_TASKS_FOR_THREADS) return undefined;
    const opening = this.threads.open(tasks).then((results) => {
      for (let i = 0; i < fields.length; i++) (fields[i] as SealedAt).opened = results[i] as string | null;
    });
    opening.catch(() => undefined); // awaited when the page is yielded; a reader that stops before never does
    return opening;
  }

  /**
   * The events of a page, opened: with what the cipher threads found, or here. The key cache is
   * validated first (the page may have been read before the reader went through the one before it),
   * and again by the clock for a slow reader (one that takes its time over each event).
   */
  private async *yieldPage(page: Page): AsyncGenerator<StoredEvent> {
    if (page.opening) await page.opening;
    await this.keys.validate();
    let checkedAt = Date.now();
    for (let i = 0; i < page.events.length; i++) {
      const event = page.events[i] as StoredEvent;
      const sealed = page.sealedOf[i];
      if (sealed !== undefined && Date.now() - checkedAt >= MS_PER_CHECK) {
        await this.keys.validate();
        checkedAt = Date.now();
      }
      // The states looked up for the page hold while nothing was evicted since (a shred here or
      // elsewhere, seen through the shred generation); otherwise, and always with a key store that
      // has no generation (its cache is bounded by time, and the page may have been read a while
      // ago), each event looks its keys up again.
      const opened =
        sealed === undefined
          ? event
          : this.keys.generational && this.keys.epoch === page.epoch
            ? this.openFields(event, sealed)
            : this.openSealed(event, sealed);
      yield opened instanceof Promise ? await opened : opened;
    }
  }

  /**
   * Every event of a subscription, opened as it comes (no look-ahead: it waits for live events). The
   * key cache is validated when it starts, then before opening more than EVENTS_PER_CHECK events or
   * after MS_PER_CHECK ms since the last check; an event whose keys are cached is opened without an await.
   */
  private async *openedOneByOne(events: AsyncIterable<StoredEvent>): AsyncGenerator<StoredEvent> {
    await this.keys.validate();
    let opened = 0;
    let checkedAt = Date.now();
    for await (const event of events) {
      if (opened >= EVENTS_PER_CHECK || Date.now() - checkedAt >= MS_PER_CHECK) {
        await this.keys.validate();
        opened = 0;
        checkedAt = Date.now();
      }
      opened += 1;
      const open = this.openSealed(event, this.locateSealed(event));
      yield open instanceof Promise ? await open : open;
    }
  }

  /**
   * Where an event's personal fields are, in a copy of its data made along their paths only (the
   * caller's objects stay as they were; the rest is shared, as the inner store gets it unprotected
   * too), and whose key each needs. A field without a valid subject id is refused here, before any key
   * is made.
   */
  private planSeal(event: NewEvent): SealPlan {
    const specs = this.options.personalFields(event.type, event.schemaVersion);
    if (specs.length === 0) return { event, data: event.data, fields: [] };
    const data = copyAlong(event.data, specs);
    const fields: SealPlan["fields"][number][] = [];
    for (const spec of specs) {
      for (const at of locateField(data, spec)) {
        if (isErased(at.parent[at.key])) continue; // copied from an erased read: nothing personal to seal
        const subjectId = at.parent[spec.marking.subject];
        if (!isValidSubjectId(subjectId))
          throw new PersonalDataMarkingError(
            `${event.type}: personal field ${at.path} names its subject in "${spec.marking.subject}": ${SUBJECT_ID_RULE}`,
          );
        fields.push({ at, spec, subjectId, pair: pairKey(subjectId, spec.marking.retention) });
      }
    }
    return { event, data, fields };
  }

  /**
   * The blind-index tokens of fields marked with a `lookup` kind, recorded before the events are stored
   * (an entry without its event finds a subject with nothing more; an event without its entry could not
   * be found). Idempotent: a retried append records the same tokens.
   */
  private async indexLookups(plans: readonly SealPlan[]): Promise<void> {
    const lookups = plans.flatMap((plan) =>
      plan.fields.filter(
        ({ spec, at }) => spec.marking.lookup !== undefined && typeof at.parent[at.key] === "string",
      ),
    );
    if (lookups.length === 0) return;
    const index = blindIndex(this.options.keyStore);
    for (const { spec, at, subjectId } of lookups)
      await index.add(spec.marking.lookup as string, at.parent[at.key] as string, {
        subjectId,
        retentionClass: spec.marking.retention,
      });
  }

  /**
   * Seals every marked field of the batch (AES-256-GCM, a fresh nonce each), in place in the copies
   * `planSeal` made. On this thread: handing half a batch to a worker thread was measured to gain
   * nothing here (an append waits for its commit anyway) and costs CPU (docs/performance.md).
   */
  private sealAll(plans: readonly SealPlan[], keysOfBatch: Map<string, DataKey>): NewEvent[] {
    for (const plan of plans)
      for (const { at, spec, pair } of plan.fields) {
        const value = at.parent[at.key] as JsonValue;
        const key = keysOfBatch.get(pair);
        if (!key) throw new Error(`no data key was fetched for ${at.path} of ${plan.event.type}`);
        const partial = spec.marking.partial?.(value as never);
        at.parent[at.key] = sealField(
          value,
          { eventId: plan.event.id, fieldPath: at.path, keyId: key.keyId, key: key.material },
          partial,
        );
      }
    return plans.map((plan) => (plan.fields.length === 0 ? plan.event : { ...plan.event, data: plan.data }));
  }

  /** The sealed fields of a stored event, with their key ids; undefined when it has none. */
  private locateSealed(event: StoredEvent): SealedAt[] | undefined {
    let sealed: SealedAt[] | undefined;
    for (const spec of this.options.personalFields(event.type, event.schemaVersion)) {
      for (const at of locateField(event.data, spec)) {
        const field = at.parent[at.key];
        // Written before the field was marked, or an Erased copy: nothing to open.
        if (!isSealedField(field)) continue;
        sealed ??= [];
        // Format 2 is parsed once here: its key id now, its blob for a cipher thread later.
        const v2 = sealedBlob(field);
        sealed.push({ at, field, kid: v2?.kid ?? sealedKeyId(field), blob: v2?.blob, state: undefined });
      }
    }
    return sealed;
  }

  /**
   * Opens the sealed fields of an event in place (every read of the port yields fresh objects, parsed
   * or cloned per read), with the key states from the cache: synchronous when every key it needs is
   * cached; otherwise the missing ones are fetched together first (caching off, or a key evicted by a
   * shred in this process meanwhile).
   */
  private openSealed(
    event: StoredEvent,
    sealed: readonly SealedAt[] | undefined,
  ): StoredEvent | Promise<StoredEvent> {
    if (sealed === undefined) return event;
    let missing = false;
    for (const field of sealed) {
      field.state = this.keys.peek(field.kid);
      if (field.state === undefined) missing = true;
    }
    // No await between the look-ups above and their use: nothing can evict in between.
    if (!missing) return this.openFields(event, sealed);
    return this.keys.states(sealed.map((field) => field.kid)).then((fetched) => {
      for (const field of sealed) field.state = fetched.get(field.kid);
      return this.openFields(event, sealed);
    });
  }

  /** Opens each field with the key state found for it (`state`). */
  private openFields(event: StoredEvent, sealed: readonly SealedAt[]): StoredEvent {
    for (let i = 0; i < sealed.length; i++) {
      const { at, field, kid, state } = sealed[i] as SealedAt;
      if (state === undefined || state.status === "unknown")
        throw new DataKeyMissingError(event.streamId, event.streamVersion, at.path, kid);
      if (state.status === "shredded") {
        at.parent[at.key] = erased(kid, sealedPartial(field));
        continue;
      }
      // Opened by a cipher thread already (the same key: a key id names one key for good), or here.
      const plain =
        sealed[i]?.opened !== undefined
          ? parseOpened(sealed[i]?.opened ?? undefined)
          : openField(field, { eventId: event.id, fieldPath: at.path, keyId: kid, key: state.key.material });
      if (plain === undefined)
        throw new PersonalDataTamperedError(event.streamId, event.streamVersion, at.path);
      at.parent[at.key] = plain;
    }
    return event;
  }
}

/** An event to seal: its data (copied along the personal fields' paths) and the fields to seal in it. */
interface SealPlan {
  readonly event: NewEvent;
  readonly data: JsonValue;
  readonly fields: readonly {
    readonly at: FieldLocation;
    readonly spec: PersonalFieldSpec;
    readonly subjectId: string;
    readonly pair: string;
  }[];
}

/**
 * A copy of `data` in which every object and array on the way to a personal field is new, so the
 * fields can be replaced in it without touching the caller's objects; everything else is shared.
 */
const copyAlong = (data: JsonValue, specs: readonly PersonalFieldSpec[]): JsonValue => {
  if (typeof data !== "object" || data === null) return data;
  const copies = new Set<object>();
  const copyOf = <T extends object>(node: T): T => {
    const copy = (Array.isArray(node) ? [...node] : { ...node }) as T;
    copies.add(copy);
    return copy;
  };
  /** `parent[key]` as a copy of its own, if it is an object or array not copied yet. */
  const own = (parent: Record<string, unknown> | unknown[], key: string | number): unknown => {
    const child = (parent as Record<string | number, unknown>)[key];
    if (typeof child !== "object" || child === null || copies.has(child)) return child;
    const copy = copyOf(child);
    (parent as Record<string | number, unknown>)[key] = copy;
    return copy;
  };
  const walk = (node: unknown, path: readonly string[], depth: number): void => {
    // The last segment names the field itself: it is replaced, never changed in place.
    if (depth >= path.length - 1 || typeof node !== "object" || node === null) return;
    const segment = path[depth] as string;
    if (segment === "*") {
      if (Array.isArray(node)) for (let i = 0; i < node.length; i++) walk(own(node, i), path, depth + 1);
      return;
    }
    if (Array.isArray(node)) return;
    walk(own(node as Record<string, unknown>, segment), path, depth + 1);
  };
  const root = copyOf(data);
  for (const spec of specs) walk(root, spec.path, 0);
  return root;
};

/** A sealed field found in an event: where, what, under which key, and that key's state once known. */
interface SealedAt {
  readonly at: FieldLocation;
  readonly field: SealedField;
  readonly kid: string;
  /** Format 2: base64 of nonce ‖ ciphertext ‖ tag (what a cipher thread opens); undefined for format 1. */
  readonly blob: string | undefined;
  state: KeyState | undefined;
  /** Its JSON text as a cipher thread opened it (null: did not authenticate); undefined: not opened yet. */
  opened?: string | null;
}

/** A page of a bounded read (see `readPage`). */
interface Page {
  readonly events: readonly StoredEvent[];
  readonly sealedOf: readonly (readonly SealedAt[] | undefined)[];
  /** The key cache's epoch when the states were looked up. */
  readonly epoch: number;
  /** What the inner read threw after these events. */
  readonly failure: { readonly error: unknown } | undefined;
  /** The cipher threads opening the page's fields; undefined when they are opened here. */
  readonly opening: Promise<void> | undefined;
}

export const protectPersonalData = (inner: EventStore, options: ProtectionOptions): ProtectedEventStore =>
  new ProtectedEventStore(inner, options);
