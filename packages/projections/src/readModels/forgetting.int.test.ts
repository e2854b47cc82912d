import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { policyPersonalFields } from "@privacy-ledger/domain";
import { eraseSubject } from "@privacy-ledger/eventsourcing";
import { openProtectedSqliteStore, type ProtectedSqliteStore } from "@privacy-ledger/store-sqlite";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnyProjection } from "../projection/projection.js";
import {
  openSqliteReadModelStore,
  type SqliteReadModelStore,
} from "../readModelStore/sqliteReadModelStore.js";
import { ProjectionRunner } from "../runner/projectionRunner.js";
import { consentCommands, consentLog, emailOf } from "../testing/consentLog.js";
import { appendPolicyEvents, requestReceived, staff } from "../testing/policyEventLog.js";
import { tallyProjection } from "../testing/tallyProjection.js";
import { consentLedger, mayWeMail } from "./consentLedger/consentLedger.js";
import { consentLedgerProjection } from "./consentLedger/consentLedgerProjection.js";
import { openRightsRequests } from "./deadlineBoard/deadlineBoard.js";
import { deadlineBoardProjection } from "./deadlineBoard/deadlineBoardProjection.js";
import { erasureLedger } from "./erasureLedger/erasureLedger.js";
import { erasureLedgerProjection } from "./erasureLedger/erasureLedgerProjection.js";

const WORDING = "Please send all data about Marieke Jansen";
const RECEIVED = "2026-01-30T09:00:00Z";

let dir: string;
const opened: { close: () => Promise<void> }[] = [];
const ledger = (): ProtectedSqliteStore => {
  const store = openProtectedSqliteStore({
    path: join(dir, "ledger.db"),
    personalFields: policyPersonalFields,
    warn: () => {},
  });
  opened.push(store);
  return store;
};
const readModels = (): SqliteReadModelStore => {
  const store = openSqliteReadModelStore({ path: join(dir, "read-models.db") });
  opened.push(store);
  return store;
};
const follow = (source: ProtectedSqliteStore, store: SqliteReadModelStore, projection: AnyProjection) => {
  const runner = new ProjectionRunner({ source: source.store, store, projection });
  void runner.start();
  return runner;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "projections-"));
});
afterEach(async () => {
  for (const store of opened.splice(0).reverse()) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("projections over the SQLite event store, read models in SQLite", () => {
  it("a restart (new processes' handles on the same files) resumes from the committed checkpoint", async () => {
    const events = ledger();
    for (let n = 0; n < 20; n++)
      await appendPolicyEvents(events.store, `data-subject-s${n}`, [
        requestReceived(`s${n}`, `r${n}`, RECEIVED),
      ]);
    const first = readModels();
    const tally = tallyProjection();
    const runner = new ProjectionRunner({
      source: events.store,
      store: first,
      projection: tally,
      batchSize: 7,
    });
    void runner.start();
    expect(await runner.caughtUp()).toBe(20);
    await runner.stop();
    await first.close();

    await appendPolicyEvents(events.store, "data-subject-s0", [requestReceived("s0", "r-again", RECEIVED)]);
    const second = readModels();
    const resumed = new ProjectionRunner({ source: events.store, store: second, projection: tally });
    void resumed.start();
    expect(await resumed.caughtUp()).toBe(21);
    await resumed.stop();
    const rows = await second.reader(tally).find("tally");
    expect(rows.reduce((sum, row) => sum + row.handled, 0)).toBe(21);
    expect(rows.find((row) => row.streamId === "data-subject-s0")?.handled).toBe(2);
  });

  it("P7.b, Art. 17: when the subject's key is shredded the board forgets the wording, in the file and its WAL", async () => {
    const events = ledger();
    await appendPolicyEvents(events.store, "data-subject-marieke", [
      requestReceived("subj-marieke", "r1", RECEIVED, WORDING),
    ]);
    for (let n = 0; n < 30; n++)
      await appendPolicyEvents(events.store, `data-subject-s${n}`, [
        requestReceived(`s${n}`, `r-${n}`, RECEIVED, `wording of request ${n}`),
      ]);
    const store = readModels();
    const board = follow(events, store, deadlineBoardProjection);
    const ledgerRunner = follow(events, store, erasureLedgerProjection);
    await board.caughtUp();
    const at = new Date("2026-02-01T00:00:00Z");
    const before = await openRightsRequests(store.reader(deadlineBoardProjection), {
      at,
      subjectId: "subj-marieke",
    });
    expect(before[0]?.description).toBe(WORDING);
    const files = () =>
      ["read-models.db", "read-models.db-wal"].map((name) => join(dir, name)).filter(existsSync);
    expect(files().some((path) => readFileSync(path).includes(WORDING))).toBe(true);

    const receipt = await eraseSubject(
      { store: events.events, keyStore: events.keys, keyCache: events.store.keys },
      {
        subjectId: "subj-marieke",
        retentionClass: "accountability",
        reason: "data-subject-request",
        actor: staff,
      },
    );
    expect(receipt._tag).toBe("Right");
    await board.caughtUp();
    await ledgerRunner.caughtUp();

    const after = await openRightsRequests(store.reader(deadlineBoardProjection), {
      at,
      subjectId: "subj-marieke",
    });
    expect(after[0]).toMatchObject({ requestId: "r1", description: null, dueDate: "2026-03-02" });
    for (const path of files()) expect(readFileSync(path).includes(WORDING), path).toBe(false);
    // Other subjects' wording is kept.
    const others = await openRightsRequests(store.reader(deadlineBoardProjection), { at, subjectId: "s7" });
    expect(others[0]?.description).toBe("wording of request 7");

    const erasures = await erasureLedger(store.reader(erasureLedgerProjection), {
      subjectId: "subj-marieke",
    });
    expect(erasures).toEqual([
      {
        subjectId: "subj-marieke",
        retentionClass: "accountability",
        keyIds: receipt._tag === "Right" ? receipt.right.keyIds : [],
        reason: "data-subject-request",
        requestId: null,
        erasedAt: expect.any(String),
        actorId: "actor-emp",
      },
    ]);
    expect(JSON.stringify(erasures)).not.toContain("Marieke");
    await board.stop();
    await ledgerRunner.stop();
  });

  it("P7.b, Art. 17: a reader holding a snapshot during the erasure delays the WAL's truncation, never skips it", async () => {
    const events = ledger();
    await appendPolicyEvents(events.store, "data-subject-marieke", [
      requestReceived("subj-marieke", "r1", RECEIVED, WORDING),
    ]);
    const store = readModels();
    const board = follow(events, store, deadlineBoardProjection);
    await board.caughtUp();
    const wal = join(dir, "read-models.db-wal");
    // Another connection (a dashboard, another process) in the middle of a read.
    const reader = new Database(join(dir, "read-models.db"), { readonly: true });
    reader.exec("BEGIN");
    reader.prepare("SELECT COUNT(*) FROM rm_projections").get();

    await eraseSubject(
      { store: events.events, keyStore: events.keys, keyCache: events.store.keys },
      {
        subjectId: "subj-marieke",
        retentionClass: "accountability",
        reason: "data-subject-request",
        actor: staff,
      },
    );
    await board.caughtUp();
    expect(store.walTruncatePending).toBe(true);
    expect(existsSync(wal) && readFileSync(wal).includes(WORDING)).toBe(true);

    reader.exec("COMMIT");
    reader.close();
    // The next batch tries again.
    await appendPolicyEvents(events.store, "data-subject-s1", [requestReceived("s1", "r2", RECEIVED)]);
    await board.caughtUp();
    expect(store.walTruncatePending).toBe(false);
    for (const path of [join(dir, "read-models.db"), wal].filter(existsSync))
      expect(readFileSync(path).includes(WORDING), path).toBe(false);
    await board.stop();
  });

  it("the read models can share the event store's file", async () => {
    const events = ledger();
    await appendPolicyEvents(events.store, "data-subject-s1", [requestReceived("s1", "r1", RECEIVED)]);
    const store = openSqliteReadModelStore({ path: join(dir, "ledger.db") });
    opened.push(store);
    const runner = new ProjectionRunner({ source: events.store, store, projection: deadlineBoardProjection });
    void runner.start();
    expect(await runner.caughtUp()).toBe(1);
    await runner.stop();
    await appendPolicyEvents(events.store, "data-subject-s2", [requestReceived("s2", "r2", RECEIVED)]);
    expect(await events.store.headPosition()).toBe(2);
  });

  it("P1.F.1, INV-23: the consent ledger keeps the evidence and never holds the name or the address, in the file or its WAL", async () => {
    const events = ledger();
    const run = consentLog(events.store);
    await run(consentCommands.present("anna", "2026-02-02T09:00:00Z"), "2026-02-02T09:00:00Z");
    await run(consentCommands.give("anna", "cons-anna", "2026-02-02T09:01:00Z"), "2026-02-02T09:01:00Z");
    const store = readModels();
    const runner = follow(events, store, consentLedgerProjection);
    await runner.caughtUp();
    await runner.stop();
    const reader = store.reader(consentLedgerProjection);
    expect((await consentLedger(reader, "anna")).map((entry) => entry.kind)).toEqual(["presented", "given"]);
    expect(await mayWeMail(reader, "anna", new Date("2026-03-01T00:00:00Z"))).toMatchObject({
      allowed: true,
      consentId: "cons-anna",
    });
    for (const path of ["read-models.db", "read-models.db-wal"]
      .map((name) => join(dir, name))
      .filter(existsSync))
      for (const text of ["Anna de Vries", emailOf("anna")])
        expect(readFileSync(path).includes(text), path).toBe(false);
  });
});
