import { eraseSubject, type KeyStore, type StoredEvent } from "@privacy-ledger/eventsourcing";
import { defaultKeyPath, openProtectedSqliteStore, openSqliteEventStore } from "@privacy-ledger/store-sqlite";
import Database from "better-sqlite3";
import { streamIds } from "./fixture.js";
import {
  peakRssBytes,
  RssProbe,
  type ScenarioResult,
  type ScenarioSpec,
  Stopwatch,
  timed,
  touch,
} from "./harness.js";
import { BENCH_MASTER_KEY, catalog, personalBatchAt, RETENTION, subjectIdOf } from "./personalFixture.js";

/**
 * The SQLite store with the personal-data protection layer (`openProtectedSqliteStore`: events in
 * `path`, data keys in `path` → `.keys.db`, wrapped under a master key) against the same store without
 * it (`openSqliteEventStore`), on the same events with personal fields. The event files use the bench's
 * `synchronous`; the key file is always synchronous=FULL (the key store sets it, not configurable).
 */

const subjectsOf = (spec: ScenarioSpec): number => spec.subjects ?? 10_000;

const openProtected = (spec: ScenarioSpec) =>
  openProtectedSqliteStore({
    path: spec.path,
    synchronous: spec.synchronous,
    pageSize: spec.pageSize,
    personalFields: catalog.personalFields,
    masterKey: BENCH_MASTER_KEY,
  });

const openPlain = (spec: ScenarioSpec) =>
  openSqliteEventStore({ path: spec.path, synchronous: spec.synchronous, pageSize: spec.pageSize });

/** Both sides: the store the application uses (protected: `ledger.store`) and how to close it. */
const openSide = (spec: ScenarioSpec) => {
  if (spec.side === "protected") {
    const ledger = openProtected(spec);
    return { store: ledger.store, close: ledger.close };
  }
  const store = openPlain(spec);
  return { store, close: () => store.close() };
};

/** `events` events, `batchSize` per append; the protected side seals email and name of each. */
export const protectionAppend = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const { store, close } = openSide(spec);
  try {
    const streams = streamIds(spec.streams);
    const subjects = subjectsOf(spec);
    const stopwatch = new Stopwatch();
    globalThis.gc?.();
    for (let first = 0, batch = 0; first < spec.events; first += spec.batchSize, batch += 1) {
      const streamId = streams[batch % streams.length] as string;
      const events = personalBatchAt(first, Math.min(spec.batchSize, spec.events - first), subjects);
      const outcome = await stopwatch.time(() => store.append(streamId, events));
      if (outcome._tag === "Left") throw new Error(`append failed: ${outcome.left.message}`);
    }
    const seconds = stopwatch.seconds;
    const head = await store.headPosition();
    if (head !== spec.events) throw new Error(`expected ${spec.events} events, the store holds ${head}`);
    return { spec, events: spec.events, seconds, peakRssBytes: peakRssBytes() };
  } finally {
    await close();
  }
};

const personalFieldsOf = (event: StoredEvent): unknown[] => {
  const data = event.data as { email?: unknown; name?: unknown };
  return [data.email, data.name];
};

/** Every event through `store.readAll()`; the protected side opens (decrypts) both fields of each. */
export const protectionReadAll = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const { store, close } = openSide(spec);
  try {
    const probe = new RssProbe(spec.events);
    let checksum = 0;
    let plaintext = 0;
    const seconds = await timed(async () => {
      for await (const event of store.readAll()) {
        checksum += touch(event);
        for (const value of personalFieldsOf(event)) if (typeof value === "string") plaintext += 1;
        probe.tick();
      }
    });
    if (probe.events !== spec.events || checksum === 0)
      throw new Error(`expected ${spec.events} events, read ${probe.events}`);
    if (plaintext !== 2 * spec.events)
      throw new Error(`expected ${2 * spec.events} readable personal fields, got ${plaintext}`);
    return { spec, events: probe.events, seconds, peakRssBytes: peakRssBytes(), rss: probe.trace() };
  } finally {
    await close();
  }
};

const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * On the protected store the protected append wrote: `erasures` subjects, spread over all of them, each
 * erased with the kernel's `eraseSubject` (PersonalDataErased appended to the event file, then the
 * subject's key shredded, then a truncating WAL checkpoint of the key file). Timed one by one.
 */
export const protectionErase = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const ledger = openProtected(spec);
  try {
    const subjects = subjectsOf(spec);
    const erasures = Math.min(spec.erasures ?? 20, subjects);
    const shredMs: number[] = [];
    const keyStore: KeyStore = new Proxy(ledger.keys, {
      get(target, property, receiver) {
        if (property === "shred")
          return async (subjectId: string, retentionClass: string) => {
            const start = process.hrtime.bigint();
            const result = await target.shred(subjectId, retentionClass);
            shredMs.push(elapsedMs(start));
            return result;
          };
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const totalMs: number[] = [];
    const lookupMs: number[] = [];
    for (let k = 0; k < erasures; k++) {
      const subjectId = subjectIdOf(Math.floor((k * subjects) / erasures) + (k % 7));
      let start = process.hrtime.bigint();
      const listed = await ledger.keys.listKeys(subjectId, RETENTION);
      lookupMs.push(elapsedMs(start));
      if (listed.length !== 1) throw new Error(`${subjectId}: expected one data key, found ${listed.length}`);
      globalThis.gc?.();
      start = process.hrtime.bigint();
      const receipt = await eraseSubject(
        { store: ledger.events, keyStore, keyCache: ledger.store.keys },
        {
          subjectId,
          retentionClass: RETENTION,
          reason: "data-subject-request",
          actor: { id: "bench-dpo", roles: ["dpo"] },
          requestId: `bench-request-${k}`,
        },
      );
      totalMs.push(elapsedMs(start));
      if (receipt._tag === "Left") throw new Error(`erasure failed: ${receipt.left.message}`);
      if (receipt.right.keyIds.length !== 1)
        throw new Error(`${subjectId}: expected one key destroyed, got ${receipt.right.keyIds.length}`);
    }
    const keyFile = new Database(defaultKeyPath(spec.path), { readonly: true });
    let plan: string[];
    let keys: number;
    try {
      const explain = (sql: string) =>
        (
          keyFile.prepare(`EXPLAIN QUERY PLAN ${sql}`).all("subject-000001", RETENTION) as {
            detail: string;
          }[]
        )
          .map((row) => row.detail)
          .join("; ");
      plan = [
        `listKeys: ${explain("SELECT key_id, material IS NOT NULL AS has_material FROM data_keys WHERE subject_id = ? AND retention_class = ? ORDER BY rowid")}`,
        `shred: ${explain("UPDATE data_keys SET material = NULL WHERE subject_id = ? AND retention_class = ? AND material IS NOT NULL")}`,
      ];
      keys = (keyFile.prepare("SELECT COUNT(*) AS n FROM data_keys").get() as { n: number }).n;
    } finally {
      keyFile.close();
    }
    const seconds = totalMs.reduce((sum, ms) => sum + ms, 0) / 1000;
    return {
      spec,
      events: erasures,
      seconds,
      peakRssBytes: peakRssBytes(),
      erasure: { totalMs, lookupMs, shredMs, plan, keys },
    };
  } finally {
    await ledger.close();
  }
};
