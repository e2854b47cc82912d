import {
  type Actor,
  type CommandFailure,
  commandHandler,
  EventDecodingFailed,
  type EventStore,
  eraseSubject,
  erasureCatalog,
  erasureStreamId,
  type KeyCache,
  type KeyStore,
} from "@privacy-ledger/eventsourcing";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import type { LegalCalendar } from "../calendar/legalCalendar.js";
import type { DecideErasure, RecordErasureCompleted } from "../dataSubject/commands.js";
import { dataSubjectDecider } from "../dataSubject/decide.js";
import type { ErasurePlan } from "../dataSubject/erasurePlan.js";
import { dataSubjectCatalog } from "../dataSubject/events.js";
import { dataSubjectStreamId } from "../dataSubject/records.js";
import { type DataSubjectState, evolveDataSubject, initialDataSubjectState } from "../dataSubject/state.js";
import type { ProcessingRegisterState } from "../processingRegister/state.js";
import type { RetentionClass } from "../shared/retentionClasses.js";
import type { ErasureFailure } from "./executeDueErasures.js";
import { planErasure } from "./planErasure.js";
import type { RetentionSchedule } from "./retentionSchedule.js";

export interface EraseOnRequestDeps {
  /**
   * The protected store (ProtectedEventStore) the subject's stream lives in; the kernel's erasure records
   * go to it too (they hold no personal data).
   */
  readonly store: EventStore;
  readonly keyStore: KeyStore;
  /** The protected store's key cache (`ProtectedEventStore.keys`), evicted at once after shredding. */
  readonly keyCache?: KeyCache;
  /** The processing register as it stands, for the DataSubject decider (INV-01). */
  readonly register: ProcessingRegisterState;
  readonly calendar?: LegalCalendar;
}

export interface ErasureRequestToCarryOut {
  readonly subjectId: string;
  /** A rights request for erasure, received and with the identity verified (INV-39). */
  readonly requestId: string;
  readonly actor: Actor;
  /** When the erasure is decided and carried out (from the app's Clock). */
  readonly at: Date;
}

/** What was shredded (each class with the keys destroyed for this request) and what was kept, and why. */
export interface ErasureOutcome {
  readonly erased: readonly { readonly retentionClass: RetentionClass; readonly keyIds: readonly string[] }[];
  readonly declined: ErasurePlan["declined"];
}

/** The step that failed; the steps before it stand, and running the workflow again continues from there. */
export type EraseOnRequestFailed =
  | {
      readonly kind: "EraseOnRequestFailed";
      readonly step: "decide" | "record";
      readonly cause: CommandFailure;
      readonly message: string;
    }
  | {
      readonly kind: "EraseOnRequestFailed";
      readonly step: "erase";
      readonly retentionClass: RetentionClass;
      readonly cause: ErasureFailure;
      readonly message: string;
    };

/** The reason code of an erasure a person asked for (a code, never prose). */
export const DATA_SUBJECT_REQUEST = "data-subject-request";

interface Recorded {
  readonly state: DataSubjectState;
  /** The erasure decision recorded for the request, if any (ErasureDecided). */
  readonly decision: ErasurePlan | undefined;
}

/** Reads the subject's stream: its state, and the decision already recorded for this request. */
const readRecorded = async (store: EventStore, subjectId: string, requestId: string): Promise<Recorded> => {
  let state = initialDataSubjectState;
  let decision: ErasurePlan | undefined;
  for await (const stored of store.readStream(dataSubjectStreamId(subjectId))) {
    const decoded = dataSubjectCatalog.decode(stored);
    if (isLeft(decoded)) throw new EventDecodingFailed(decoded.left);
    const event = decoded.right;
    state = evolveDataSubject(state, event);
    if (event.type === "ErasureDecided" && event.data.requestId === requestId)
      decision = {
        erase: event.data.erase,
        declined: event.data.declined,
        ...(event.data.fiscalRetentionEndedAt === null
          ? {}
          : { fiscalRetentionEndedAt: event.data.fiscalRetentionEndedAt }),
      };
  }
  return { state, decision };
};

/** The keys the kernel recorded as destroyed for this request, per class (its PersonalDataErased records). */
const keysErasedFor = async (store: EventStore, subjectId: string, requestId: string) => {
  const keys = new Map<string, string[]>();
  for await (const stored of store.readStream(erasureStreamId(subjectId))) {
    const decoded = erasureCatalog.decode(stored);
    if (isLeft(decoded)) throw new EventDecodingFailed(decoded.left);
    const { retentionClass, keyIds, requestId: answered } = decoded.right.data;
    if (answered === requestId) keys.set(retentionClass, [...(keys.get(retentionClass) ?? []), ...keyIds]);
  }
  return keys;
};

const commandFailed = (step: "decide" | "record", cause: CommandFailure): EraseOnRequestFailed => ({
  kind: "EraseOnRequestFailed",
  step,
  cause,
  message: `${step === "decide" ? "deciding" : "recording"} the erasure failed: ${cause.message}`,
});

/**
 * The erasure decision of the request: the one already recorded on the subject's stream if there is one
 * (a re-run carries it out as it was decided), else the one `decide` records now. When deciding fails
 * because another run decided in the meantime, that run's decision is carried out rather than failing.
 */
const decisionFor = async (
  store: EventStore,
  subjectId: string,
  requestId: string,
  decide: () => Promise<Either<CommandFailure, Recorded & { readonly decision: ErasurePlan }>>,
): Promise<Either<EraseOnRequestFailed, Recorded & { readonly decision: ErasurePlan }>> => {
  const recorded = await readRecorded(store, subjectId, requestId);
  if (recorded.decision !== undefined) return right({ state: recorded.state, decision: recorded.decision });
  const decided = await decide();
  if (!isLeft(decided)) return decided;
  const again = await readRecorded(store, subjectId, requestId);
  return again.decision === undefined
    ? left(commandFailed("decide", decided.left))
    : right({ state: again.state, decision: again.decision });
};

/**
 * P7.b, INV-10, Art. 17(1), 17(3)(b), 17(3)(e): an erasure request carried out on the event store.
 * 1. The plan is computed from the retention schedule (`planErasure`) and decided through the command
 *    handler (`DecideErasure`): the decider checks the request (right, identity, holds) and records which
 *    classes are shredded and which are kept, restricted to the purpose that keeps them.
 * 2. Each class to erase is shredded through the kernel (`eraseSubject`, reason "data-subject-request",
 *    the request id), so its fields read as `Erased` while every stored byte and hash stays as it was.
 * 3. `RecordErasureCompleted` closes the loop (INV-45 needs it before the request is closed).
 * Safe to run again after a crash between steps: a decision already recorded for the request is carried
 * out as recorded (the schedule is not asked again), `eraseSubject` is idempotent, and the completion is
 * recorded once. The keys reported are read from the kernel's erasure records, so a re-run reports them too.
 */
export const eraseOnRequest = async (
  deps: EraseOnRequestDeps,
  request: ErasureRequestToCarryOut,
  schedule: RetentionSchedule,
): Promise<Either<EraseOnRequestFailed, ErasureOutcome>> => {
  const { subjectId, requestId, actor, at } = request;
  const streamId = dataSubjectStreamId(subjectId);
  const clock = { now: () => at };
  const handle = commandHandler({
    store: deps.store,
    decider: dataSubjectDecider({ register: deps.register, calendar: deps.calendar }),
    catalog: dataSubjectCatalog,
    clock,
    actorOf: (command) => command.actor,
  });
  const base = { subjectId, requestId, actor, at: at.toISOString() };

  const decided = await decisionFor(deps.store, subjectId, requestId, async () => {
    const command: DecideErasure = {
      kind: "DecideErasure",
      ...base,
      plan: planErasure(schedule, subjectId, at),
    };
    const handled = await handle(streamId, {
      command,
      actor,
      commandId: `decide-erasure/${subjectId}/${requestId}`,
      occurredAt: at,
    });
    return isLeft(handled) ? handled : right({ state: handled.right.state, decision: command.plan });
  });
  if (isLeft(decided)) return decided;
  const { state, decision } = decided.right;

  for (const retentionClass of decision.erase) {
    const receipt = await eraseSubject(
      { store: deps.store, keyStore: deps.keyStore, keyCache: deps.keyCache, clock },
      { subjectId, retentionClass, reason: DATA_SUBJECT_REQUEST, actor, requestId },
    );
    if (isLeft(receipt))
      return left({
        kind: "EraseOnRequestFailed",
        step: "erase",
        retentionClass,
        cause: receipt.left,
        message: `erasing ${retentionClass} of subject ${subjectId} for request ${requestId} failed: ${receipt.left.message}`,
      });
  }

  const answered = state.requests.get(requestId);
  if (answered !== undefined && answered.closed === undefined && !answered.done.has("ErasureCompleted")) {
    const command: RecordErasureCompleted = {
      kind: "RecordErasureCompleted",
      ...base,
      erasedClasses: decision.erase,
    };
    const completed = await handle(streamId, {
      command,
      actor,
      commandId: `erasure-completed/${subjectId}/${requestId}`,
      occurredAt: at,
    });
    if (isLeft(completed)) {
      const again = await readRecorded(deps.store, subjectId, requestId);
      if (!again.state.requests.get(requestId)?.done.has("ErasureCompleted"))
        return left(commandFailed("record", completed.left));
    }
  }

  const keys = await keysErasedFor(deps.store, subjectId, requestId);
  return right({
    erased: decision.erase.map((retentionClass) => ({
      retentionClass,
      keyIds: keys.get(retentionClass) ?? [],
    })),
    declined: decision.declined,
  });
};
