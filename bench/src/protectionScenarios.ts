import { createCipheriv, createDecipheriv, randomBytes, randomFillSync, randomUUID } from "node:crypto";
import { eraseSubject, type KeyStore, type StoredEvent } from "@privacy-ledger/eventsourcing";
import { defaultKeyPath, openProtectedSqliteStore, openSqliteEventStore } from "@privacy-ledger/store-sqlite";
import Database from "better-sqlite3";
import { runCommandLoops } from "./deciderWorkload.js";
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
import {
  BENCH_MASTER_KEY,
  catalog,
  personalBatchAt,
  personalEventAt,
  RETENTION,
  subjectIdOf,
} from "./personalFixture.js";

/**
 * The SQLite store with the personal-data protection layer (`openProtectedSqliteStore`: events in
 * `path`, data keys in `path` → `.keys.db`, wrapped under a master key) against the same store without
 * it (`openSqliteEventStore`), on the same events with personal fields. The event files use the bench's
 * `synchronous`; the key file is always synchronous=FULL (the key store sets it, not configurable).
 */

const subjectsOf = (spec: ScenarioSpec): number => spec.subjects ?? 10_000;

/** CPU time of this process (user + system), in seconds. */
const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

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

/**
 * `events` appends of one event each, `concurrency` loops in flight (as a server's requests do), event
 * i of subject i mod `subjects`: with `subjects` ≥ `events` every append is a new subject's first (a
 * sign-up), so the protected side makes a data key for each, and the key store's group commit is what
 * lets concurrent appends share the key file's fsync.
 */
export const protectionConcurrentAppend = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const { store, close } = openSide(spec);
  try {
    const streams = streamIds(spec.streams);
    const subjects = subjectsOf(spec);
    const cpuBefore = cpuNow();
    const seconds = await runCommandLoops(
      spec.events,
      streams.length,
      spec.concurrency ?? 1,
      async (i, s) => {
        const outcome = await store.append(streams[s] as string, [personalEventAt(i, subjects)]);
        if (outcome._tag === "Left") throw new Error(`append failed: ${outcome.left.message}`);
      },
    );
    const cpuSeconds = cpuNow() - cpuBefore;
    const head = await store.headPosition();
    if (head !== spec.events) throw new Error(`expected ${spec.events} events, the store holds ${head}`);
    return { spec, events: spec.events, seconds, cpuSeconds, peakRssBytes: peakRssBytes() };
  } finally {
    await close();
  }
};

/** `events` events, `batchSize` per append; the protected side seals email and name of each. */
export const protectionAppend = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const { store, close } = openSide(spec);
  try {
    const streams = streamIds(spec.streams);
    const subjects = subjectsOf(spec);
    const stopwatch = new Stopwatch();
    let cpuSeconds = 0;
    globalThis.gc?.();
    for (let first = 0, batch = 0; first < spec.events; first += spec.batchSize, batch += 1) {
      const streamId = streams[batch % streams.length] as string;
      const events = personalBatchAt(first, Math.min(spec.batchSize, spec.events - first), subjects);
      const cpuBefore = cpuNow();
      const outcome = await stopwatch.time(() => store.append(streamId, events));
      cpuSeconds += cpuNow() - cpuBefore;
      if (outcome._tag === "Left") throw new Error(`append failed: ${outcome.left.message}`);
    }
    const seconds = stopwatch.seconds;
    const head = await store.headPosition();
    if (head !== spec.events) throw new Error(`expected ${spec.events} events, the store holds ${head}`);
    return { spec, events: spec.events, seconds, cpuSeconds, peakRssBytes: peakRssBytes() };
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
    let cpuSeconds = 0;
    const seconds = await timed(async () => {
      const cpuBefore = cpuNow();
      for await (const event of store.readAll()) {
        checksum += touch(event);
        for (const value of personalFieldsOf(event)) if (typeof value === "string") plaintext += 1;
        probe.tick();
      }
      cpuSeconds = cpuNow() - cpuBefore;
    });
    if (probe.events !== spec.events || checksum === 0)
      throw new Error(`expected ${spec.events} events, read ${probe.events}`);
    if (plaintext !== 2 * spec.events)
      throw new Error(`expected ${2 * spec.events} readable personal fields, got ${plaintext}`);
    return {
      spec,
      events: probe.events,
      seconds,
      cpuSeconds,
      peakRssBytes: peakRssBytes(),
      rss: probe.trace(),
    };
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

/**
 * The floor: AES-256-GCM alone for both personal fields of `events` events, one key per subject as in
 * the protected store, with node:crypto's cipher objects (one per field: node:crypto cannot give a GCM
 * object a new nonce), the fixture's plaintexts and associated data of the real length. Nothing else
 * is timed: no JSON, no nonce drawing, no key look-up, no store. Encryption and decryption are timed
 * apart; (unprotected time + this) / unprotected time is the lowest ratio any implementation of the
 * design could reach on this machine.
 */
export const protectionFloor = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const subjects = subjectsOf(spec);
  const fields = spec.events * 2;
  // A working set of one subject's two fields per key, cycled through: every key is used, as in the
  // protected store, without keeping 200,000 ciphertexts alive (which would slow every GC down and
  // charge the floor with a heap the real read never holds).
  const slots = Math.min(fields, 2 * subjects);
  const keys = Array.from({ length: slots >> 1 || 1 }, () => randomBytes(32));
  const plaintexts: Buffer[] = new Array(slots);
  const aads: Buffer[] = new Array(slots);
  for (let slot = 0; slot < slots; slot++) {
    const data = personalEventAt(slot >> 1, subjects).data as { email: string; name: string };
    const path = slot % 2 === 0 ? "email" : "name";
    plaintexts[slot] = Buffer.from(JSON.stringify(data[path]), "utf8");
    aads[slot] = Buffer.from(
      JSON.stringify(["privacy-ledger/pii@1", randomUUID(), path, randomUUID(), "null"]),
    );
  }
  const nonces = randomFillSync(Buffer.alloc(12 * slots));
  const nonceOf = (slot: number) => nonces.subarray(12 * slot, 12 * slot + 12);
  const keyOf = (slot: number) => keys[slot >> 1] as Buffer;
  const options = { authTagLength: 16 } as const;
  const ciphertexts: Buffer[] = new Array(slots);
  const tags: Buffer[] = new Array(slots);
  const encrypt = (slot: number) => {
    const cipher = createCipheriv("aes-256-gcm", keyOf(slot), nonceOf(slot), options);
    cipher.setAAD(aads[slot] as Buffer);
    ciphertexts[slot] = cipher.update(plaintexts[slot] as Buffer);
    cipher.final();
    tags[slot] = cipher.getAuthTag();
  };

  globalThis.gc?.();
  let cpuStart = cpuNow();
  let start = process.hrtime.bigint();
  for (let n = 0; n < fields; n++) encrypt(n % slots);
  const encryptSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const encryptCpuSeconds = cpuNow() - cpuStart;

  globalThis.gc?.();
  cpuStart = cpuNow();
  start = process.hrtime.bigint();
  let bytes = 0;
  for (let n = 0; n < fields; n++) {
    const slot = n % slots;
    const decipher = createDecipheriv("aes-256-gcm", keyOf(slot), nonceOf(slot), options);
    decipher.setAAD(aads[slot] as Buffer);
    decipher.setAuthTag(tags[slot] as Buffer);
    bytes += decipher.update(ciphertexts[slot] as Buffer).length;
    decipher.final(); // throws unless the tag authenticates
  }
  const decryptSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const decryptCpuSeconds = cpuNow() - cpuStart;
  if (bytes === 0) throw new Error("nothing was decrypted");
  return {
    spec,
    events: spec.events,
    seconds: encryptSeconds + decryptSeconds,
    peakRssBytes: peakRssBytes(),
    cpuSeconds: encryptCpuSeconds + decryptCpuSeconds,
    floor: { fields, encryptSeconds, decryptSeconds, encryptCpuSeconds, decryptCpuSeconds },
  };
};
