import type { NewEvent } from "../envelope/envelope.js";
import type { JsonValue } from "../envelope/json.js";
import type { EventStore } from "../eventStore/eventStore.js";
import type { HistoryImport } from "../eventStore/historyImport.js";
import type { Clock } from "../ports/clock.js";

/**
 * Raw write access to a store's storage, bypassing the library, as an operator with database access
 * could use it. The conformance suite uses it to prove that `verify` finds each kind of tampering.
 * Each operation also keeps any head/index tables consistent, as a careful attacker would.
 */
export interface StoreTamper {
  /** Overwrite the data of one stored event, leaving its hashes as they were. */
  rewriteData(streamId: string, version: number, data: JsonValue): Promise<void>;
  /** Delete one stored event. */
  removeEvent(streamId: string, version: number): Promise<void>;
  /** Exchange the stream versions of two events of one stream. */
  swapVersions(streamId: string, versionA: number, versionB: number): Promise<void>;
  /**
   * Insert a forged event right after `afterVersion`, moving later events one version up. The forged
   * event gets a correct hash over the event before it; later events keep their stored hashes.
   */
  insertEvent(streamId: string, afterVersion: number, forged: NewEvent): Promise<void>;
}

export interface ConformanceHarness {
  readonly store: EventStore & Partial<HistoryImport>;
  /** Absent where the storage cannot be changed behind the store's back (e.g. a real EventStoreDB server). */
  readonly tamper?: StoreTamper;
  /** Opens a second store instance on the same storage (a second process would do the same). */
  readonly reopen?: () => Promise<EventStore>;
  /** Releases everything (closes stores, drops files or schemas). */
  readonly dispose: () => Promise<void>;
}

export interface HarnessOptions {
  /** The store must stamp `recordedAt` from this clock. */
  readonly clock: Clock;
}

export type HarnessFactory = (options: HarnessOptions) => Promise<ConformanceHarness>;

/**
 * What an adapter's storage can promise. Every flag defaults to true; an adapter that sets one to false
 * says so in its README, and the suite skips (visibly) the checks that need it.
 */
export interface ConformanceCapabilities {
  /** Event ids are unique across all streams, not only within one (EventStoreDB has no global id index). */
  readonly uniqueEventIdsAcrossStreams?: boolean;
  /** The harness offers `tamper`, so the integrity checks against tampering run. */
  readonly tamper?: boolean;
  /** The store implements `HistoryImport`, so a history can be copied into it with every hash kept. */
  readonly historyImport?: boolean;
}
