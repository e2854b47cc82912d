import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  deterministicIds,
  eraseSubject,
  fixedClock,
  isErased,
  ProtectedEventStore,
  UNWRAPPED_KEYS_WARNING,
  verifyStore,
  WrongMasterKeyError,
} from "@privacy-ledger/eventsourcing";
import { collect, keyStoreConformanceSuite } from "@privacy-ledger/eventsourcing/testing";
import Database from "better-sqlite3";
import { isRight } from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { contactCatalog } from "../test/contactEvents.js";
import { KEY_STORE_MIGRATIONS } from "./keyStoreMigrations.js";
import { migrate } from "./migrations.js";
import { openProtectedSqliteStore } from "./protectedSqliteStore.js";
import { openSqliteKeyStore } from "./sqliteKeyStore.js";

const quiet = () => {};
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "privacy-ledger-protection-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

keyStoreConformanceSuite("sqlite", async ({ clock }) => {
  const path = join(dir, "keys.db");
  const keyStore = openSqliteKeyStore({ path, clock, warn: quiet });
  return {
    keyStore,
    reopen: async () => openSqliteKeyStore({ path, clock, warn: quiet }),
    dispose: () => keyStore.close(),
  };
});

describe("SQLite key store: master key", () => {
  const masterKey = Buffer.alloc(32, 7);

  it("wraps data keys so the key file never holds them as they are", async () => {
    const path = join(dir, "keys.db");
    const keys = openSqliteKeyStore({ path, masterKey });
    const key = await keys.activeKey("subject-1", "contract");
    expect(fileBytes(path).includes(key.material)).toBe(false);
    await keys.close();
    const reopened = openSqliteKeyStore({ path, masterKey });
    expect((await reopened.keyState(key.keyId)).status).toBe("active");
    await reopened.close();
  });

  it("a wrong master key, or none for a wrapped file, is an error at open", async () => {
    const path = join(dir, "keys.db");
    await openSqliteKeyStore({ path, masterKey }).close();
    expect(() => openSqliteKeyStore({ path, masterKey: Buffer.alloc(32, 8) })).toThrow(WrongMasterKeyError);
    expect(() => openSqliteKeyStore({ path, warn: quiet })).toThrow(WrongMasterKeyError);
  });

  it("running without a master key is allowed and said loudly at open", async () => {
    const warnings: string[] = [];
    const keys = openSqliteKeyStore({ path: join(dir, "keys.db"), warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([UNWRAPPED_KEYS_WARNING]);
    await keys.close();
    expect(() => openSqliteKeyStore({ path: join(dir, "keys.db"), masterKey })).toThrow(WrongMasterKeyError);
  });
});

describe("SQLite key store: keys made for concurrent appends", () => {
  it("keys asked for in one turn by appends of new subjects are made in one key-file transaction, each committed before it is answered", async () => {
    const path = join(dir, "keys.db");
    const keys = openSqliteKeyStore({ path, warn: quiet });
    const groups = vi.spyOn(
      keys as unknown as { createGroup: (requests: unknown[]) => unknown },
      "createGroup",
    );
    // Another connection, read synchronously the moment each caller gets its keys: they are there.
    const reader = new Database(path, { readonly: true });
    const committed = reader.prepare("SELECT COUNT(*) AS n FROM data_keys WHERE key_id = ?");
    const visibleAtAnswer: boolean[] = [];
    const answered = <T extends { keyId: string }>(found: readonly T[]) => {
      for (const key of found) visibleAtAnswer.push((committed.get(key.keyId) as { n: number }).n === 1);
      return found;
    };
    const made = await Promise.all([
      ...Array.from({ length: 16 }, (_, i) =>
        keys
          .activeKeys([
            { subjectId: `subject-${i}`, retentionClass: "marketing" },
            { subjectId: `subject-${i}`, retentionClass: "contract" },
          ])
          .then(answered),
      ),
      keys.activeKey("subject-99", "marketing").then((key) => answered([key])),
    ]);
    reader.close();
    expect(visibleAtAnswer).toEqual(Array(33).fill(true));
    expect(groups).toHaveBeenCalledTimes(1);
    expect(groups.mock.calls[0]?.[0]).toHaveLength(17);
    const ids = made.flat().map((key) => key.keyId);
    expect(new Set(ids).size).toBe(33);
    expect(made[3]?.map((key) => [key.subjectId, key.retentionClass])).toEqual([
      ["subject-3", "marketing"],
      ["subject-3", "contract"],
    ]);
    // Committed: another handle on the file sees every key as soon as the callers have them.
    const other = openSqliteKeyStore({ path, warn: quiet });
    for (const id of ids) expect((await other.keyState(id)).status).toBe("active");
    await other.close();
    await keys.close();
  });

  it("the same new (subject, class) asked for twice in one turn gets one key, not two", async () => {
    const keys = openSqliteKeyStore({ path: join(dir, "keys.db"), warn: quiet });
    const [first, second, third] = await Promise.all([
      keys.activeKey("subject-1", "marketing"),
      keys.activeKey("subject-1", "marketing"),
      keys.activeKeys([{ subjectId: "subject-1", retentionClass: "marketing" }]),
    ]);
    expect(second?.keyId).toBe(first?.keyId);
    expect(third?.[0]?.keyId).toBe(first?.keyId);
    expect(await keys.listKeys("subject-1", "marketing")).toEqual([
      { keyId: first?.keyId, status: "active" },
    ]);
    await keys.close();
  });

  it("a key asked for just before close is made and answered, not lost", async () => {
    const path = join(dir, "keys.db");
    const keys = openSqliteKeyStore({ path, warn: quiet });
    const asked = keys.activeKey("subject-1", "marketing");
    await keys.close();
    const key = await asked;
    const reopened = openSqliteKeyStore({ path, warn: quiet });
    expect((await reopened.keyState(key.keyId)).status).toBe("active");
    await reopened.close();
  });
});

describe("P7.b, GDPR Art. 17: crypto-shredding on the SQLite store", () => {
  const EMAIL = "marieke.de.boer@example.nl";
  const NAME = "Marieke de Boer";
  const actor = { id: "employee-0001", roles: ["CTO"] };
  const clock = fixedClock("2026-11-27T10:00:00.000Z");

  const openLedger = () =>
    openProtectedSqliteStore({
      path: join(dir, "ledger.db"),
      personalFields: contactCatalog.personalFields,
      masterKey: Buffer.alloc(32, 1),
      clock,
    });

  const record = async (
    ledger: { readonly store: ProtectedEventStore },
    subjectId: string,
    name: string,
    email: string,
    idSeed = subjectId,
  ) => {
    const ids = deterministicIds(idSeed);
    const encoded = contactCatalog.encode({
      type: "ContactRecorded",
      data: { subjectId, company: "Acme BV", name, email, invoiceEmail: `billing+${email}` },
    });
    const result = await ledger.store.append(`contact-${subjectId}`, [
      {
        id: ids.next(),
        type: encoded.type,
        schemaVersion: encoded.schemaVersion,
        data: encoded.data,
        metadata: {
          actor,
          correlationId: "c",
          causationId: "c",
          occurredAt: clock.now().toISOString(),
          clauses: [...encoded.clauses],
        },
      },
    ]);
    expect(isRight(result)).toBe(true);
  };

  /** Every byte of the event file, the key file and their WAL files. */
  const allFiles = () =>
    ["ledger.db", "ledger.db-wal", "ledger.keys.db", "ledger.keys.db-wal"]
      .map((name) => join(dir, name))
      .filter(existsSync)
      .map((path) => ({ path, bytes: readFileSync(path) }));

  const expectNowhere = (needle: string | Buffer) => {
    for (const { path, bytes } of allFiles())
      expect(bytes.includes(needle), `${needle} in ${path}`).toBe(false);
  };

  it("a known e-mail address and name are in no file before or after shredding, and the destroyed key is gone from the key files", async () => {
    const ledger = openLedger();
    await record(ledger, "subject-marieke", NAME, EMAIL);
    for (let i = 0; i < 50; i++) await record(ledger, `subject-${i}`, `Person ${i}`, `person${i}@example.nl`);

    expect(allFiles().some((f) => f.path.endsWith("-wal"))).toBe(true);
    expectNowhere(EMAIL);
    expectNowhere(NAME);
    const [sealed] = await collect(ledger.events.readStream("contact-subject-marieke"));
    const [opened] = await collect(ledger.store.readStream("contact-subject-marieke"));
    expect(opened?.data).toMatchObject({ name: NAME, email: EMAIL });
    const key = await ledger.keys.activeKey("subject-marieke", "relationship");
    const unwrappedBefore = Buffer.from(key.material);
    const storedBefore = JSON.stringify(await collect(ledger.events.readAll()));
    expect(isRight(await verifyStore(ledger.events))).toBe(true);

    const receipt = await eraseSubject(
      { store: ledger.events, keyStore: ledger.keys, clock, keyCache: ledger.store.keys },
      { subjectId: "subject-marieke", retentionClass: "relationship", reason: "data-subject-request", actor },
    );
    expect(isRight(receipt) && receipt.right.keyIds).toEqual([key.keyId]);

    expectNowhere(EMAIL);
    expectNowhere(NAME);
    expectNowhere(unwrappedBefore);
    const [after] = await collect(ledger.store.readStream("contact-subject-marieke"));
    const data = after?.data as Record<string, unknown>;
    expect(isErased(data.name) && isErased(data.email)).toBe(true);
    expect(data.invoiceEmail).toBe(`billing+${EMAIL}`); // fiscal class: kept (P1.D.3)
    expect(data.company).toBe("Acme BV");
    const storedAfter = JSON.stringify(
      (await collect(ledger.events.readAll())).filter((e) => !e.streamId.startsWith("erasure-")),
    );
    expect(storedAfter).toBe(storedBefore);
    expect((await collect(ledger.events.readStream("contact-subject-marieke")))[0]).toEqual(sealed);
    expect(isRight(await verifyStore(ledger.events))).toBe(true);
    await ledger.close();

    expectNowhere(EMAIL);
    expectNowhere(unwrappedBefore);
    const reopened = openLedger();
    const [afterRestart] = await collect(reopened.store.readStream("contact-subject-marieke"));
    expect(afterRestart?.data).toMatchObject({ email: { kind: "Erased" } });
    await reopened.close();
  });

  it("without a master key the key's bytes sit in the key files until shredded, and are overwritten by it", async () => {
    const keys = openSqliteKeyStore({ path: join(dir, "ledger.keys.db"), warn: quiet });
    const key = await keys.activeKey("subject-marieke", "relationship");
    for (let i = 0; i < 20; i++) await keys.activeKey(`subject-${i}`, "relationship");
    expect(allFiles().some(({ bytes }) => bytes.includes(key.material))).toBe(true);
    await keys.shred("subject-marieke", "relationship");
    expectNowhere(key.material);
    await keys.close();
    expectNowhere(key.material);
  });

  it("two key-store handles on one file: a shred through one is Erased through the other at its next read, with no TTL to wait for", async () => {
    const ledger = openLedger();
    await record(ledger, "subject-marieke", NAME, EMAIL);
    // A second reader of the same files: its own key-file connection (as another process has) and its
    // own key cache, which a time bound alone would let trust the key for a minute.
    const otherKeys = openSqliteKeyStore({
      path: join(dir, "ledger.keys.db"),
      masterKey: Buffer.alloc(32, 1),
    });
    const other = new ProtectedEventStore(ledger.events, {
      keyStore: otherKeys,
      personalFields: contactCatalog.personalFields,
      keyCacheMs: 60_000,
    });
    const readOther = async () => (await collect(other.readStream("contact-subject-marieke")))[0]?.data;
    expect(await readOther()).toMatchObject({ email: EMAIL, name: NAME });
    const generation = await otherKeys.shredGeneration();

    await eraseSubject(
      { store: ledger.events, keyStore: ledger.keys, clock, keyCache: ledger.store.keys },
      { subjectId: "subject-marieke", retentionClass: "relationship", reason: "data-subject-request", actor },
    );
    expect(await otherKeys.shredGeneration()).toBe(generation + 1);
    const data = (await readOther()) as Record<string, unknown>;
    expect(isErased(data.email) && isErased(data.name)).toBe(true);
    expect(data.invoiceEmail).toBe(`billing+${EMAIL}`); // the fiscal class stays readable

    // The other handle's append cache is checked too: the returning subject gets a new key.
    const before = await otherKeys.listKeys("subject-marieke", "relationship");
    await record({ store: other }, "subject-marieke", NAME, "marieke@new.example", "marieke-returns");
    const after = await otherKeys.listKeys("subject-marieke", "relationship");
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)?.status).toBe("active");
    const fresh = await collect(ledger.store.readAll());
    expect(fresh.at(-1)?.data).toMatchObject({ email: "marieke@new.example" });
    await otherKeys.close();
    await ledger.close();
  });

  it("the shred generation moves with every shred that destroys a key, through any handle, and survives a reopen", async () => {
    const path = join(dir, "keys.db");
    const a = openSqliteKeyStore({ path, warn: quiet });
    const b = openSqliteKeyStore({ path, warn: quiet });
    expect(await a.shredGeneration()).toBe(0);
    const k1 = await a.activeKey("subject-1", "contract");
    const k2 = await a.activeKey("subject-2", "contract");
    expect(await b.shredGeneration()).toBe(0); // making keys does not move it
    await b.shred("subject-1", "contract");
    expect(await a.shredGeneration()).toBe(1);
    await b.shred("subject-1", "contract"); // nothing left to destroy
    expect(await a.shredGeneration()).toBe(1);
    expect((await a.keyStates([k2.keyId, "never-issued", k1.keyId])).map((s) => s.status)).toEqual([
      "active",
      "unknown",
      "shredded",
    ]);
    expect(await a.keyStates([])).toEqual([]);
    await a.close();
    await b.close();
    const reopened = openSqliteKeyStore({ path, warn: quiet });
    expect(await reopened.shredGeneration()).toBe(1);
    await reopened.close();
  });

  it("a key file of schema 1 (before shred generations) is migrated, its keys kept", async () => {
    const path = join(dir, "keys.db");
    const old = new Database(path);
    old.pragma("journal_mode = WAL");
    migrate(old, path, () => new Date(), KEY_STORE_MIGRATIONS.slice(0, 1));
    old
      .prepare("INSERT INTO key_store_meta (name, value) VALUES (?, ?)")
      .run("master_key_check", Buffer.from("unwrapped", "utf8"));
    old
      .prepare(
        "INSERT INTO data_keys (key_id, subject_id, retention_class, material, created_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run("old-key", "subject-1", "contract", Buffer.alloc(32, 9), "2026-01-01T00:00:00.000Z");
    old.close();
    const keys = openSqliteKeyStore({ path, warn: quiet });
    expect(await keys.shredGeneration()).toBe(0);
    expect((await keys.activeKey("subject-1", "contract")).keyId).toBe("old-key");
    await keys.shred("subject-1", "contract");
    expect(await keys.shredGeneration()).toBe(1);
    await keys.close();
  });

  it("erasing one subject is an index lookup in the key file, not a scan", () => {
    const ledger = openLedger();
    void ledger.close();
    const db = new Database(join(dir, "ledger.keys.db"), { readonly: true });
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all("s", "c") as { detail: string }[])
        .map((r) => r.detail)
        .join("; ");
    expect(plan("UPDATE data_keys SET material = NULL WHERE subject_id = ? AND retention_class = ?")).toMatch(
      /USING INDEX/,
    );
    expect(plan("DELETE FROM blind_index WHERE subject_id = ? AND retention_class = ?")).toMatch(
      /USING INDEX/,
    );
    db.close();
  });
});

const fileBytes = (path: string): Buffer =>
  Buffer.concat([
    readFileSync(path),
    existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0),
  ]);
