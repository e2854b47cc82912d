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
import { erased, isErased } from "./erased.js";
import { isSealedField, openField, sealField } from "./fieldCipher.js";
import { locateField } from "./fieldLocations.js";
import { KeyCache } from "./keyCache.js";
import type { DataKey, KeyStore, SubjectRef } from "./keyStore.js";
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
  /** How long key states are cached by readers (see KeyCache). Default 1000 ms; 0 disables. */
  readonly keyCacheMs?: number;
}

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
    const keysOfBatch = await this.keysFor(events);
    const sealed = events.map((event) => this.seal(event, keysOfBatch));
    return this.inner.append(streamId, sealed, options);
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncGenerator<StoredEvent> {
    for await (const event of this.inner.readStream(streamId, options)) yield await this.open(event);
  }

  async *readAll(options?: ReadAllOptions): AsyncGenerator<StoredEvent> {
    for await (const event of this.inner.readAll(options)) yield await this.open(event);
  }

  async *subscribe(options?: SubscribeOptions): AsyncGenerator<StoredEvent> {
    for await (const event of this.inner.subscribe(options)) yield await this.open(event);
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

  /** The data keys every marked field of the batch needs, fetched (or made) together. */
  private async keysFor(events: readonly NewEvent[]): Promise<Map<string, DataKey>> {
    const pairs = new Map<string, SubjectRef>();
    for (const event of events) {
      for (const spec of this.options.personalFields(event.type, event.schemaVersion)) {
        for (const at of locateField(event.data, spec)) {
          if (isErased(at.parent[at.key])) continue;
          const subjectId = at.parent[spec.marking.subject];
          if (!isValidSubjectId(subjectId))
            throw new PersonalDataMarkingError(
              `${event.type}: personal field ${at.path} names its subject in "${spec.marking.subject}": ${SUBJECT_ID_RULE}`,
            );
          pairs.set(pairKey(subjectId, spec.marking.retention), {
            subjectId,
            retentionClass: spec.marking.retention,
          });
        }
      }
    }
    const wanted = [...pairs.values()];
    const { keyStore } = this.options;
    const keys = keyStore.activeKeys
      ? await keyStore.activeKeys(wanted)
      : await Promise.all(wanted.map((pair) => keyStore.activeKey(pair.subjectId, pair.retentionClass)));
    return new Map(keys.map((key) => [pairKey(key.subjectId, key.retentionClass), key]));
  }

  private seal(event: NewEvent, keysOfBatch: Map<string, DataKey>): NewEvent {
    const specs = this.options.personalFields(event.type, event.schemaVersion);
    if (specs.length === 0) return event;
    const data = structuredClone(event.data) as JsonValue; // the caller's objects stay as they were
    for (const spec of specs) {
      for (const at of locateField(data, spec)) {
        const value = at.parent[at.key] as JsonValue;
        if (isErased(value)) continue; // copied from an erased read: nothing personal left to seal
        const key = keysOfBatch.get(
          pairKey(at.parent[spec.marking.subject] as string, spec.marking.retention),
        );
        if (!key) throw new Error(`no data key was fetched for ${at.path} of ${event.type}`);
        const partial = spec.marking.partial?.(value as never);
        at.parent[at.key] = sealField(
          value,
          { eventId: event.id, fieldPath: at.path, keyId: key.keyId, key: key.material },
          partial,
        );
      }
    }
    return { ...event, data };
  }

  private async open(event: StoredEvent): Promise<StoredEvent> {
    const specs = this.options.personalFields(event.type, event.schemaVersion);
    if (specs.length === 0) return event;
    // Opened in place: every read of the port yields fresh objects (parsed or cloned per read).
    const data = event.data;
    for (const spec of specs) {
      for (const at of locateField(data, spec)) {
        const value = at.parent[at.key];
        // Written before the field was marked, or an Erased copy: nothing to open.
        if (!isSealedField(value)) continue;
        const { kid, partial } = value.$pii;
        const state = await this.keys.state(kid);
        if (state.status === "shredded") {
          at.parent[at.key] = erased(kid, partial as JsonValue | undefined);
          continue;
        }
        if (state.status === "unknown")
          throw new DataKeyMissingError(event.streamId, event.streamVersion, at.path, kid);
        const plain = openField(value, {
          eventId: event.id,
          fieldPath: at.path,
          keyId: kid,
          key: state.key.material,
        });
        if (plain === undefined)
          throw new PersonalDataTamperedError(event.streamId, event.streamVersion, at.path);
        at.parent[at.key] = plain;
      }
    }
    return { ...event, data };
  }
}

export const protectPersonalData = (inner: EventStore, options: ProtectionOptions): ProtectedEventStore =>
  new ProtectedEventStore(inner, options);

const pairKey = (subjectId: string, retentionClass: string): string =>
  JSON.stringify([subjectId, retentionClass]);
