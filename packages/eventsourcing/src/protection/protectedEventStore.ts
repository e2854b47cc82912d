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
import { erased, isErased } from "./erased.js";
import {
  isSealedField,
  openField,
  type SealedField,
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
  /** Verification hashes what is stored: the inner store's ciphertext, never the opened plaintext. */
  get [VERIFICATION_SOURCE](): EventStore {
    return this.inner;
  }

  constructor(
    readonly inner: EventStore,
    private readonly options: ProtectionOptions,
  ) {
    this.keys = new KeyCache(options.keyStore, options.keyCacheMs ?? 1_000);
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
    const sealed = plans.map((plan) => this.seal(plan, keysOfBatch));
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

  /** Closes the inner store; the key store belongs to the caller. */
  close(): Promise<void> {
    return this.inner.close();
  }

  /**
   * Every event of a bounded read (readAll, readStream), opened a page at a time: up to EVENTS_PER_CHECK
   * events are taken from the inner read (which has them in memory already: its own pages are larger),
   * the key cache is validated once (a shred anywhere drops it), the keys of the page that are not
   * cached are fetched in one call (`keyStates`), and then every event is opened without an await (a
   * reader slow enough to spend MS_PER_CHECK on part of a page validates again before the rest).
   * Events are yielded in order as before; an error of the inner read comes after the events before it.
   */
  private async *openedInPages(events: AsyncIterable<StoredEvent>): AsyncGenerator<StoredEvent> {
    const iterator = events[Symbol.asyncIterator]();
    const page: StoredEvent[] = [];
    const sealedOf: (readonly SealedAt[] | undefined)[] = [];
    let done = false;
    try {
      while (!done) {
        let failure: { error: unknown } | undefined;
        try {
          while (page.length < EVENTS_PER_CHECK) {
            const next = await iterator.next();
            if (next.done) {
              done = true;
              break;
            }
            page.push(next.value);
          }
        } catch (error) {
          failure = { error };
          done = true;
        }
        await this.keys.validate();
        let checkedAt = Date.now();
        const epoch = this.keys.epoch;
        let missing: Set<string> | undefined;
        for (const event of page) {
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
        for (let i = 0; i < page.length; i++) {
          const event = page[i] as StoredEvent;
          const sealed = sealedOf[i];
          // A slow reader (one that takes its time over each event) checks by the clock as well.
          if (sealed !== undefined && Date.now() - checkedAt >= MS_PER_CHECK) {
            await this.keys.validate();
            checkedAt = Date.now();
          }
          // The states looked up for the page hold while nothing was evicted since (a shred in this
          // process while the reader held an event); otherwise each event looks its keys up again.
          const opened =
            sealed === undefined
              ? event
              : this.keys.epoch === epoch
                ? this.openFields(event, sealed)
                : this.openSealed(event, sealed);
          yield opened instanceof Promise ? await opened : opened;
        }
        page.length = 0;
        sealedOf.length = 0;
        if (failure) throw failure.error;
      }
    } finally {
      if (!done) await iterator.return?.();
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

  private seal(plan: SealPlan, keysOfBatch: Map<string, DataKey>): NewEvent {
    if (plan.fields.length === 0) return plan.event;
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
    return { ...plan.event, data: plan.data };
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
        sealed.push({ at, field, kid: sealedKeyId(field), state: undefined });
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
      const plain = openField(field, {
        eventId: event.id,
        fieldPath: at.path,
        keyId: kid,
        key: state.key.material,
      });
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
  state: KeyState | undefined;
}

export const protectPersonalData = (inner: EventStore, options: ProtectionOptions): ProtectedEventStore =>
  new ProtectedEventStore(inner, options);
