import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  copyHistory,
  type EventStore,
  type HistoryImport,
  type JsonValue,
} from "@privacy-ledger/eventsourcing";
import { collect, type StoreTamper } from "@privacy-ledger/eventsourcing/testing";
import { openEventStoreDbStore } from "@privacy-ledger/store-eventstoredb";
import { fakeTamper, startFakeEventStoreServer } from "@privacy-ledger/store-eventstoredb/testing";
import { openSqliteEventStore } from "@privacy-ledger/store-sqlite";
import { sqliteTamper } from "@privacy-ledger/store-sqlite/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  annaSubscribes,
  janRectifies,
  type LedgerFiles,
  ledgerFiles,
  omarDisclosedToHosting,
  PERSONAL,
  policyChange,
  seriousBreach,
  writeCompanyHistory,
} from "../test/companyHistory.js";
import { describePg, freshPostgresStore } from "../test/pg.js";
import { assertBuilt, runBinary } from "../test/runBinary.js";
import { EXIT } from "./io.js";

/*
 * Issue 8: the auditor's commands read PostgreSQL and EventStoreDB as they read SQLite. The company's
 * history is written once on SQLite through the deciders (protection on), copied into a fresh PostgreSQL
 * schema and into an in-process EventStoreDB (the fake gRPC server) with every hash kept, and the built
 * binary's verify, timeline, export and report must answer the same on each. The key store stays the
 * SQLite key file: the sealed fields are copied as they are stored.
 */

const AT = "2026-11-01T00:00:00Z";

let dir: string;
let files: LedgerFiles;

/** What the commands answered on one store, with what differs by store alone (positions, the URL, now) left out. */
interface Answers {
  readonly verify: string;
  readonly timelines: Readonly<Record<string, string>>;
  readonly exports: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly report: unknown;
}

let onSqlite: Answers;

/** Runs the built binary; a failure shows its stderr. */
const cli = async (...args: string[]): Promise<string> => {
  const result = await runBinary(args);
  expect(result.code, `${args.slice(0, 3).join(" ")}: ${result.stderr}`).toBe(EXIT.ok);
  expect(result.stderr).toBe("");
  return result.stdout;
};

const keyed = () => ["--keys", files.keys, "--master-key", files.master];

/** The timelines an auditor asks for: with keys and without, by id, by e-mail, by incident and request. */
const TIMELINES: Readonly<Record<string, (url: string) => string[]>> = {
  "omar, no keys": (url) => ["timeline", "--store", url, "--subject", "subj-omar"],
  "omar, keys": (url) => ["timeline", "--store", url, "--subject", "subj-omar", ...keyed()],
  "omar by e-mail": (url) => ["timeline", "--store", url, "--subject", "omar@globex.example", ...keyed()],
  "anna, keys": (url) => ["timeline", "--store", url, "--subject", "subj-anna", ...keyed()],
  "jan, keys, json": (url) => ["timeline", "--store", url, "--subject", "subj-jan", "--json", ...keyed()],
  "jan, no keys, json": (url) => ["timeline", "--store", url, "--subject", "subj-jan", "--json"],
  "incident inc-1, no keys": (url) => ["timeline", "--store", url, "--incident", "inc-1"],
  "request of jan, no keys": (url) => ["timeline", "--store", url, "--request", "req-jan-rectification"],
};

/** JSON output without the global positions, which each store assigns anew (they are not in the chain). */
const withoutPositions = (text: string): unknown => {
  const parsed = JSON.parse(text) as { events: { position?: number }[] };
  return { ...parsed, events: parsed.events.map(({ position: _, ...event }) => event) };
};

/** An export's files, the JSON ones parsed, without the instant they were generated. */
const exportFiles = (out: string): Record<string, unknown> =>
  Object.fromEntries(
    readdirSync(out)
      .sort()
      .map((name) => {
        const text = readFileSync(join(out, name), "utf8");
        if (!name.endsWith(".json")) return [name, text];
        const { generatedAt: _, ...rest } = JSON.parse(text) as Record<string, unknown>;
        return [name, rest];
      }),
  );

const answersOf = async (url: string, name: string): Promise<Answers> => {
  const timelines: Record<string, string> = {};
  for (const [label, args] of Object.entries(TIMELINES)) {
    const out = await cli(...args(url));
    timelines[label] = label.endsWith("json") ? JSON.stringify(withoutPositions(out), null, 2) : out;
  }
  const exports: Record<string, Record<string, unknown>> = {};
  for (const subject of ["subj-omar", "subj-anna"]) {
    const out = join(dir, `export-${name}-${subject}`);
    await cli("export", "--store", url, "--subject", subject, "--out", out, ...keyed());
    exports[subject] = exportFiles(out);
  }
  const reportPath = join(dir, `report-${name}.json`);
  await cli("report", "--store", url, "--out", reportPath, "--at", AT);
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as {
    generatedAt?: string;
    store?: string;
    sections: { chain: { headPosition?: number } };
  };
  const { generatedAt: _, store: __, ...rest } = report;
  const { headPosition: ___, ...chain } = report.sections.chain;
  return {
    verify: await cli("verify", "--store", url),
    timelines,
    exports,
    report: { ...rest, sections: { ...report.sections, chain } },
  };
};

/** What any store's answers must show, whatever SQLite showed: decrypted with keys, sealed without. */
const expectPersonalFieldsGuarded = (answers: Answers) => {
  expect(answers.verify).toMatch(/^verified: \d+ events in \d+ streams, every hash chain intact/);
  expect(answers.timelines["omar, no keys"]).toContain("business contact [encrypted]");
  expect(answers.timelines["omar, keys"]).toContain(
    "business contact Omar El Amrani (IT manager, omar@globex.example) at Acme B.V.",
  );
  expect(answers.timelines["omar by e-mail"]?.split("\n")[0]).toBe("timeline of subject subj-omar: 2 events");
  expect(answers.timelines["jan, keys, json"]).toContain("business contact [erased] ([erased], [erased])");
  expect(answers.timelines["jan, no keys, json"]).toContain("[encrypted]");
  for (const [label, text] of Object.entries(answers.timelines))
    if (label.includes("no keys"))
      for (const personal of PERSONAL) expect(text, label).not.toContain(personal);
  expect(JSON.stringify(answers.report)).not.toMatch(new RegExp(PERSONAL.join("|")));
  const omar = answers.exports["subj-omar"]?.["access.json"] as { data: { value: string }[] };
  expect(omar.data.map((d) => d.value)).toEqual(["Omar El Amrani", "IT manager", "omar@globex.example"]);
};

/** No personal field reaches the copy in plaintext: what was sealed on SQLite is sealed there too. */
const expectSealed = async (store: EventStore) => {
  let events = 0;
  for await (const event of store.readAll()) {
    events += 1;
    const text = JSON.stringify(event);
    for (const personal of PERSONAL)
      expect(text, `${event.streamId}@${event.streamVersion}`).not.toContain(personal);
  }
  expect(events).toBeGreaterThan(30);
};

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), "privacy-ledger-cli-stores-"));
  files = ledgerFiles(dir);
  await writeCompanyHistory(files, async (writer) => {
    await omarDisclosedToHosting(writer);
    await janRectifies(writer);
    await annaSubscribes(writer);
    await seriousBreach(writer);
    await policyChange(writer);
    writer.at("2026-10-05T09:00:00Z");
    await writer.erase("subj-jan", "relationship");
  });
  onSqlite = await answersOf(`sqlite:${files.db}`, "sqlite");
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Copies the SQLite history into `target` with every hash kept, and checks the copy is whole. */
const copyInto = async (target: EventStore & HistoryImport) => {
  const source = openSqliteEventStore({ path: files.db });
  try {
    const copied = await copyHistory(source, target);
    expect(copied.events).toBe(await source.headPosition());
  } finally {
    await source.close();
  }
};

/** The same questions on another store give the same answers as on SQLite. */
const sameAnswersAsSqlite = (
  open: () => Promise<{
    url: string;
    store: EventStore;
    tamper: StoreTamper;
    dispose: () => Promise<void>;
  }>,
) => {
  let url: string;
  let store: EventStore;
  let tamper: StoreTamper;
  let dispose: (() => Promise<void>) | undefined;
  let answers: Answers;
  beforeAll(async () => {
    ({ url, store, tamper, dispose } = await open());
    answers = await answersOf(url, url.split(":")[0] ?? "other");
  }, 120_000);
  afterAll(async () => {
    await dispose?.();
  });

  it("the SQLite answers show personal fields decrypted with the key store, [encrypted] without", () => {
    expectPersonalFieldsGuarded(onSqlite);
  });

  it("verify: every hash chain intact, the same events and streams as on SQLite", () => {
    expect(answers.verify).toBe(onSqlite.verify);
  });

  it("timeline: the same lines and the same JSON (but for global positions), keyed and keyless", () => {
    expect(answers.timelines).toEqual(onSqlite.timelines);
    expectPersonalFieldsGuarded(answers);
  });

  it("export: the same Art. 15 and Art. 20 files, decrypted with the SQLite key file", () => {
    expect(answers.exports).toEqual(onSqlite.exports);
  });

  it("report: the same sections, figures and chain status (but for the head position)", () => {
    expect(answers.report).toEqual(onSqlite.report);
    const report = answers.report as { sections: { breaches: { incidents: { incidentId: string }[] } } };
    expect(report.sections.breaches.incidents.map((i) => i.incidentId)).toEqual(["inc-1"]);
  });

  it("holds no personal field in plaintext", async () => {
    await expectSealed(store);
  });

  // Last: it changes the store the tests above read.
  it("P8.8: one changed character in a stored event is found: verify exits 1 naming its stream and version", async () => {
    const { streamId, streamVersion } = await changeOneCharacter(store, tamper);
    const result = await runBinary(["verify", "--store", url]);
    expect(result.code).toBe(EXIT.failed);
    expect(result.stderr).toMatch(
      new RegExp(`^verify FAILED: HashMismatch at ${streamId}@${streamVersion}: `),
    );
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
};

/**
 * An operator's edit behind the library's back: the last character of the first string field of an
 * event half-way through the log is changed, its hashes left as they were.
 */
const changeOneCharacter = async (store: EventStore, tamper: StoreTamper) => {
  const events = await collect(store.readAll());
  const victim = events.find(
    (event, i) =>
      i >= events.length / 2 &&
      Object.values(event.data as Record<string, unknown>).some(
        (value) => typeof value === "string" && value !== "",
      ),
  );
  if (victim === undefined) throw new Error("no event with a string field in the second half of the log");
  const data = { ...(victim.data as Record<string, JsonValue>) };
  const [field, value] = Object.entries(data).find(([, v]) => typeof v === "string" && v !== "") as [
    string,
    string,
  ];
  data[field] = `${value.slice(0, -1)}${value.endsWith("x") ? "y" : "x"}`;
  await tamper.rewriteData(victim.streamId, victim.streamVersion, data);
  return victim;
};

describe("verify on SQLite finds a changed character (the built binary, sqlite: URL)", () => {
  it("P8.8: one changed character in a stored event is found: verify exits 1 naming its stream and version", async () => {
    const copy = join(dir, "tampered.db");
    copyFileSync(files.db, copy);
    const store = openSqliteEventStore({ path: copy });
    try {
      const { streamId, streamVersion } = await changeOneCharacter(store, sqliteTamper(copy));
      const result = await runBinary(["verify", "--store", `sqlite:${copy}`]);
      expect(result.code).toBe(EXIT.failed);
      expect(result.stderr).toMatch(
        new RegExp(`^verify FAILED: HashMismatch at ${streamId}@${streamVersion}: `),
      );
    } finally {
      await store.close();
    }
  });
});

describePg("timeline, export, report and verify on PostgreSQL (the built binary, postgres:// URL)", () => {
  sameAnswersAsSqlite(async () => {
    const fresh = await freshPostgresStore();
    await copyInto(fresh.store);
    return fresh;
  });
});

describe("timeline, export, report and verify on EventStoreDB (the built binary, esdb:// URL, in-process gRPC server)", () => {
  sameAnswersAsSqlite(async () => {
    const fake = await startFakeEventStoreServer();
    const store = openEventStoreDbStore({ connectionString: fake.connectionString() });
    await copyInto(store);
    return {
      url: fake.connectionString(),
      store,
      tamper: fakeTamper(fake),
      dispose: async () => {
        await store.close();
        await fake.close();
      },
    };
  });
});
