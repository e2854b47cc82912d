import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { defineEvent, eventCatalog } from "../codecs/eventCatalog.js";
import type { Actor } from "../envelope/metadata.js";
import type { AppendError } from "../eventStore/errors.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { type Clock, systemClock } from "../ports/clock.js";
import { uuidFromName } from "../ports/idGenerator.js";
import type { KeyCache } from "./keyCache.js";
import type { KeyStore } from "./keyStore.js";
import { isValidSubjectId, SUBJECT_ID_RULE } from "./subjectId.js";

/** A reason code ("data-subject-request", "retention-expired"), never prose that could hold personal data. */
const ReasonCode = t.refinement(t.string, (s) => /^[a-z][a-z0-9-]{0,63}$/.test(s), "ReasonCode");

/**
 * The PII-free record of an erasure (GDPR Art. 17, Art. 5(2) accountability): which keys were
 * destroyed, for which subject id and retention class, why, and on which request. Who did it and when
 * are in its metadata.
 */
export const PersonalDataErased = defineEvent({
  type: "PersonalDataErased",
  codec: t.type({
    subjectId: t.string,
    retentionClass: t.string,
    keyIds: t.readonlyArray(t.string),
    reason: ReasonCode,
    requestId: t.union([t.string, t.null]),
  }),
  clauses: ["P7.b"],
});
export const erasureCatalog = eventCatalog([PersonalDataErased]);

export const erasureStreamId = (subjectId: string): string => `erasure-${subjectId}`;

export interface ErasureRequest {
  readonly subjectId: string;
  readonly retentionClass: string;
  /** A reason code: lowercase letters, digits and dashes. */
  readonly reason: string;
  readonly actor: Actor;
  /** The rights request (or other case) this erasure answers. */
  readonly requestId?: string;
  readonly correlationId?: string;
  /** Clauses beyond P7.b, e.g. the retention clause that expired (P4.1). */
  readonly clauses?: readonly string[];
}

export interface ErasureReceipt {
  readonly subjectId: string;
  readonly retentionClass: string;
  /** The keys destroyed; empty when none was left (already erased, or never any data). */
  readonly keyIds: readonly string[];
  readonly blindIndexEntries: number;
  /** Where the erasure event stands in the global log; undefined when nothing was destroyed. */
  readonly globalPosition: number | undefined;
}

export interface ErasureDeps {
  /** Where the erasure record is appended (it holds no personal data: any store, protected or not). */
  readonly store: EventStore;
  readonly keyStore: KeyStore;
  readonly clock?: Clock;
  /** A reader's key cache to evict at once (ProtectedEventStore.keys). */
  readonly keyCache?: KeyCache;
}

/**
 * Crypto-shredding: records the erasure, then destroys the keys of (subject, retention class) and the
 * subject's blind-index entries. The record comes first, with an id derived from the keys it names, so
 * a run interrupted between the two steps is completed by running it again, and never leaves a
 * destroyed key without its record. Events are not touched: their bytes and hash chains stay as they
 * were, and their sealed fields read as `Erased` from now on.
 */
export const eraseSubject = async (
  deps: ErasureDeps,
  request: ErasureRequest,
): Promise<
  Either<AppendError | { readonly kind: "InvalidErasureRequest"; readonly message: string }, ErasureReceipt>
> => {
  if (!ReasonCode.is(request.reason))
    return left({
      kind: "InvalidErasureRequest",
      message: "reason must be a code of lowercase letters, digits and dashes (e.g. data-subject-request)",
    });
  if (!isValidSubjectId(request.subjectId))
    return left({ kind: "InvalidErasureRequest", message: SUBJECT_ID_RULE });
  const streamId = erasureStreamId(request.subjectId);
  const { subjectId, retentionClass } = request;
  const active = (await deps.keyStore.listKeys(subjectId, retentionClass))
    .filter((key) => key.status === "active")
    .map((key) => key.keyId);
  const now = (deps.clock ?? systemClock).now().toISOString();

  /** Appends the PII-free record naming `keyIds`; its id is derived from them (a re-run replays it). */
  const record = async (keyIds: readonly string[]) => {
    const encoded = erasureCatalog.encode({
      type: "PersonalDataErased",
      data: {
        subjectId,
        retentionClass,
        keyIds,
        reason: request.reason,
        requestId: request.requestId ?? null,
      },
    });
    const eventId = deterministicId(subjectId, retentionClass, keyIds);
    return deps.store.append(streamId, [
      {
        id: eventId,
        type: encoded.type,
        schemaVersion: encoded.schemaVersion,
        data: encoded.data,
        metadata: {
          actor: request.actor,
          correlationId: request.correlationId ?? request.requestId ?? eventId,
          causationId: request.requestId ?? eventId,
          occurredAt: now,
          clauses: [...new Set([...encoded.clauses, ...(request.clauses ?? [])])],
        },
      },
    ]);
  };

  let globalPosition: number | undefined;
  if (active.length > 0) {
    const recorded = await record(active);
    if (isLeft(recorded)) return recorded;
    globalPosition = recorded.right.globalPositions[0];
  }
  const shredded = await deps.keyStore.shred(subjectId, retentionClass);
  deps.keyCache?.evict([...active, ...shredded.keyIds]);
  // A key made by a concurrent writer between the listing and the shred was destroyed too: it gets a
  // record of its own, so no key is ever destroyed without one.
  const unlisted = shredded.keyIds.filter((keyId) => !active.includes(keyId));
  if (unlisted.length > 0) {
    const recorded = await record(unlisted);
    if (isLeft(recorded)) return recorded;
    globalPosition = recorded.right.globalPositions[0];
  }
  return right({
    subjectId,
    retentionClass,
    keyIds: [...active, ...unlisted],
    blindIndexEntries: shredded.blindIndexEntries,
    globalPosition,
  });
};

const deterministicId = (subjectId: string, retentionClass: string, keyIds: readonly string[]): string =>
  uuidFromName(JSON.stringify(["privacy-ledger/erasure", subjectId, retentionClass, [...keyIds].sort()]));
