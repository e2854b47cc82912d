import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { StoredEvent } from "@privacy-ledger/eventsourcing";
import type { Synchronous } from "./config.js";

/**
 * library/raw: the SQLite store against raw better-sqlite3. pg/pg-raw: the PostgreSQL store against raw
 * `pg`. protected/plain: the SQLite store with and without the personal-data protection layer, on the
 * same events with personal fields (see personalFixture.ts). memory: the kernel's in-memory store.
 * emmett-*: Emmett 0.42's SQLite, PostgreSQL and in-memory stores on the same workload (comparison mode).
 */
export type Side =
  | "library"
  | "raw"
  | "pg"
  | "pg-raw"
  | "protected"
  | "plain"
  | "memory"
  | "emmett-sqlite"
  | "emmett-pg"
  | "emmett-memory";
/**
 * append: batched appends; read: every event in global order; read-streams: every stream read back
 * one after the other; command: single-event commands through the decider (deciderWorkload.ts);
 * chain: the kernel's hash chaining alone; verify, erase, floor: see their scenarios.
 */
export type Kind = "append" | "read" | "read-streams" | "command" | "chain" | "verify" | "erase" | "floor";

/** One scenario, run alone in a fresh child process so that its peak RSS is its own. */
export interface ScenarioSpec {
  readonly side: Side;
  readonly kind: Kind;
  /** The database file: created by an append, read by a read or a verify. */
  readonly path: string;
  readonly events: number;
  /** Events per transaction (append only). */
  readonly batchSize: number;
  readonly streams: number;
  readonly synchronous: Synchronous;
  readonly pageSize: number;
  /**
   * Verify only: wrap the store's readAll to sample RSS per event. The wrapper costs time, so this is a
   * separate pass whose timing is not reported; reads always sample (their loop is the bench's own).
   */
  readonly probe: boolean;
  /** pg and pg-raw: the server, and the schema the append creates and the read reads. */
  readonly pgUrl?: string;
  readonly pgSchema?: string;
  /** protected and plain: subjects the personal fields belong to. */
  readonly subjects?: number;
  /** erase: subjects erased, one eraseSubject call each. */
  readonly erasures?: number;
  /** command: command loops in flight at once, each on streams of its own. */
  readonly concurrency?: number;
  /**
   * append: pass each stream's current version as the expected version (as a command handler does),
   * on the library and the Emmett sides alike. Off by default, as in the store-against-raw scenarios.
   */
  readonly expectedVersions?: boolean;
  /**
   * emmett-sqlite only: one connection for every operation, passed in through its typed
   * `connectionOptions: { singleton: true, connection }`, instead of its default (a new connection per
   * operation). One connection holds one transaction at a time: commands run with 1 loop in flight.
   */
  readonly emmettSharedConnection?: boolean;
}

/** What the erasure scenario measures, in milliseconds, one sample per subject erased. */
export interface ErasureTrace {
  /** The whole `eraseSubject` call: key look-up, the PersonalDataErased append, the shred and its checkpoint. */
  readonly totalMs: readonly number[];
  /** The key store's `listKeys(subject, class)` alone, before the erasure: the index look-up. */
  readonly lookupMs: readonly number[];
  /** `keyStore.shred(...)` inside eraseSubject: the UPDATE, the blind-index DELETE, the commit, the WAL checkpoint. */
  readonly shredMs: readonly number[];
  /** SQLite's EXPLAIN QUERY PLAN of the key store's per-subject queries. */
  readonly plan: readonly string[];
  readonly keys: number;
}

/**
 * The floor of the protection layer: AES-256-GCM alone, per personal field, as node:crypto does it
 * (a cipher object per field), on data shaped like the fixture's: what no implementation of the
 * design (a fresh nonce and its own associated data per field) can go below on this machine.
 */
export interface CipherFloor {
  /** Fields encrypted and decrypted (2 per event). */
  readonly fields: number;
  /** createCipheriv + setAAD + update + final + getAuthTag, for every field. */
  readonly encryptSeconds: number;
  /** createDecipheriv + setAAD + setAuthTag + update + final, for every field. */
  readonly decryptSeconds: number;
  /** The same, in CPU time of the process. */
  readonly encryptCpuSeconds: number;
  readonly decryptCpuSeconds: number;
}

/** Memory as sampled while reading. */
export interface RssTrace {
  readonly startBytes: number;
  /** RSS after 10%, 20%, ... 100% of the events (ten samples; free next to the work being timed). */
  readonly decileBytes: readonly number[];
  /** V8 heap in use after a full GC, before the read and after it: what the read retained. */
  readonly heapBeforeBytes: number;
  readonly heapAfterBytes: number;
}

export interface ScenarioResult {
  readonly spec: ScenarioSpec;
  readonly events: number;
  readonly seconds: number;
  /** process.resourceUsage().maxRSS of the child: the scenario's peak, Node's own footprint included. */
  readonly peakRssBytes: number;
  readonly rss?: RssTrace;
  readonly erasure?: ErasureTrace;
  readonly floor?: CipherFloor;
  /**
   * Protection scenarios: CPU time (user + system) of the scenario's process over what `seconds`
   * times. On a shared machine it moves less with other work than the wall time does.
   */
  readonly cpuSeconds?: number;
  /** What the reader of the figure must know (e.g. errors a library logged, a fallback taken). */
  readonly note?: string;
  /**
   * chain: seconds of `JSON.stringify` of data and metadata for the same events, what the raw inserts
   * do instead of the canonical JSON that `chainBatch` makes (and the store then stores as it is).
   */
  readonly stringifySeconds?: number;
}

/**
 * Counts events as they are consumed and samples RSS at every tenth of the expected total. Create it
 * just before the timed section (it forces a GC to take its baseline); call `trace()` after it.
 */
export class RssProbe {
  private seen = 0;
  private nextMark: number;
  private readonly step: number;
  private readonly decileBytes: number[] = [];
  private readonly startBytes: number;
  private readonly heapBeforeBytes: number;

  constructor(total: number) {
    this.step = Math.max(1, Math.floor(total / 10));
    this.nextMark = this.step;
    globalThis.gc?.();
    this.heapBeforeBytes = process.memoryUsage().heapUsed;
    this.startBytes = process.memoryUsage.rss();
  }

  tick(): void {
    this.seen += 1;
    if (this.seen === this.nextMark) {
      this.decileBytes.push(process.memoryUsage.rss());
      this.nextMark += this.step;
    }
  }

  /** For a read that reports progress in steps (verifyStore's `onProgress`): `total` events so far. */
  advanceTo(total: number): void {
    while (this.seen < total) {
      const step = Math.min(total, this.nextMark) - this.seen;
      this.seen += step - 1;
      this.tick();
    }
  }

  get events(): number {
    return this.seen;
  }

  trace(): RssTrace {
    globalThis.gc?.();
    return {
      startBytes: this.startBytes,
      decileBytes: this.decileBytes.slice(0, 10),
      heapBeforeBytes: this.heapBeforeBytes,
      heapAfterBytes: process.memoryUsage().heapUsed,
    };
  }
}

/** Times `body` alone: setup (opening the file, preparing statements) and teardown stay outside. */
export const timed = async (body: () => Promise<void> | void): Promise<number> => {
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  await body();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

/** What a consumer might look at; keeps a read from being optimised away. Both sides call it. */
export const touch = (event: StoredEvent): number =>
  event.globalPosition + event.streamVersion + event.hash.length + event.metadata.recordedAt.length;

/**
 * Accumulates only the time spent inside the measured calls, so that building each batch of events
 * (the fixture) stays out of the figure on both sides. Reading the clock twice per call costs well
 * under a microsecond, against tens of microseconds per append.
 */
export class Stopwatch {
  private total = 0n;

  async time<T>(call: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    const result = await call();
    this.total += process.hrtime.bigint() - start;
    return result;
  }

  timeSync<T>(call: () => T): T {
    const start = process.hrtime.bigint();
    const result = call();
    this.total += process.hrtime.bigint() - start;
    return result;
  }

  get seconds(): number {
    return Number(this.total) / 1e9;
  }
}

export const peakRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

const SCENARIO_ENTRY = fileURLToPath(new URL("./scenario.js", import.meta.url));

/** What a scenario's child process sends its parent: its result, or why it failed. */
export type ChildMessage = { readonly result: ScenarioResult } | { readonly error: string };

/**
 * Runs one scenario in a child process (`node --expose-gc dist/scenario.js <spec>`) and returns its
 * result. A failed scenario rejects with the child's own error message (e.g. SQLITE_BUSY), so that the
 * caller can report it or fall back.
 */
export const runInChild = (spec: ScenarioSpec): Promise<ScenarioResult> =>
  new Promise((resolve, reject) => {
    const child = fork(SCENARIO_ENTRY, [JSON.stringify(spec)], {
      execArgv: ["--expose-gc"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let message: ChildMessage | undefined;
    child.on("message", (received) => {
      message = received as ChildMessage;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0 && message && "result" in message) resolve(message.result);
      else
        reject(
          new Error(
            `the ${spec.side} ${spec.kind} scenario failed (${signal ?? `exit code ${code}`})${message && "error" in message ? `: ${message.error}` : ""}`,
          ),
        );
    });
  });

/**
 * The start of an error message from a check of the bench's own (its shared workload, its adapters),
 * which fails the run whichever side it ran on: what the bench never reports as a library's failure.
 */
export const BENCH_CHECK = "bench check:";
