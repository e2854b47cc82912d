import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deterministicIds } from "@privacy-ledger/eventsourcing";
import { sampleEventFactory } from "@privacy-ledger/eventsourcing/testing";
import { openSqliteEventStore } from "@privacy-ledger/store-sqlite";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";
import { EXIT, type Io } from "./io.js";

/* The auditor's commands (issue 8: verify, checkpoint, keygen) on a real SQLite store file. */

let dir: string;
let db: string;

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (line) => out.push(line), err: (line) => err.push(line) };
  return { io, out, err };
};

const cli = async (...argv: string[]) => {
  const { io, out, err } = capture();
  const code = await runCli(argv, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "privacy-ledger-cli-"));
  db = join(dir, "ledger.db");
  const store = openSqliteEventStore({ path: db });
  const event = sampleEventFactory(deterministicIds("cli"));
  await store.append("register-1", [
    event("ProcessorAdded", { processorId: "hosting" }),
    event("ProcessorAdded", { processorId: "mail" }),
  ]);
  await store.append("subject-7f3a", [event("ContactRecorded", { role: "it" })]);
  await store.close();
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("privacy-ledger verify / checkpoint / keygen", () => {
  it("P8.8: verify checks every chain without any key and exits 0", async () => {
    const result = await cli("verify", "--store", `sqlite:${db}`);
    expect(result).toMatchObject({ code: EXIT.ok, err: "" });
    expect(result.out).toContain("verified: 3 events in 2 streams");
  });

  it("P8.8: an operator's edit in the database is found: exit 1 naming the stream and version", async () => {
    const raw = new Database(db);
    raw
      .prepare("UPDATE events SET data = ? WHERE stream_id = ? AND stream_version = ?")
      .run('{"processorId":"evil"}', "register-1", 2);
    raw.close();
    const result = await cli("verify", "--store", `sqlite:${db}`);
    expect(result.code).toBe(EXIT.failed);
    expect(result.err).toMatch(/^verify FAILED: HashMismatch at register-1@2: /);
    expect(result.err.split("\n")).toHaveLength(1);
  });

  it("P8.8: keygen, checkpoint, then verify with the checkpoint; a stream cut short afterwards is found", async () => {
    expect((await cli("keygen", "--out", dir)).code).toBe(EXIT.ok);
    const signed = join(dir, "checkpoint.json");
    const made = await cli(
      "checkpoint",
      "--store",
      `sqlite:${db}`,
      "--private-key",
      join(dir, "checkpoint.key"),
      "--out",
      signed,
    );
    expect(made.code).toBe(EXIT.ok);
    const args = [
      "verify",
      "--store",
      `sqlite:${db}`,
      "--checkpoint",
      signed,
      "--public-key",
      join(dir, "checkpoint.pub"),
    ];
    expect((await cli(...args)).out).toContain("the signed checkpoint holds");
    const raw = new Database(db);
    raw.prepare("DELETE FROM events WHERE stream_id = ? AND stream_version = ?").run("register-1", 2);
    raw.close();
    const after = await cli(...args);
    expect(after.code).toBe(EXIT.failed);
    expect(after.err).toContain("register-1");
  });

  it("P8.8: a checkpoint checked with another public key fails: the auditor's key decides, not the one in the file", async () => {
    await keysIn("operator");
    await keysIn("stranger");
    const signed = join(dir, "checkpoint.json");
    await cli(
      "checkpoint",
      "--store",
      `sqlite:${db}`,
      "--private-key",
      join(dir, "operator", "checkpoint.key"),
      "--out",
      signed,
    );
    const result = await cli(
      "verify",
      "--store",
      `sqlite:${db}`,
      "--checkpoint",
      signed,
      "--public-key",
      join(dir, "stranger", "checkpoint.pub"),
    );
    expect(result.code).toBe(EXIT.failed);
    expect(result.err).toContain("CheckpointSignatureInvalid");
  });

  it("bad input is one line on stderr and exit code 2; nothing is created", async () => {
    const cases: [string[], RegExp][] = [
      [["verify"], /--store is required/],
      [["verify", "--store", join(dir, "missing.db")], /unknown store URL/],
      [["verify", "--store", `sqlite:${join(dir, "missing.db")}`], /no such file/],
      [
        ["verify", "--store", `sqlite:${db}`, "--checkpoint", db],
        /--checkpoint and --public-key go together/,
      ],
      [["verify", "--store", `sqlite:${db}`, "--strore", "x"], /unknown option --strore/],
      [
        ["verify", "--store", `sqlite:${db}`, "--checkpoint", db, "--public-key", db],
        /(not a signed checkpoint|cannot read)|holds no Ed25519 public key/,
      ],
      [
        ["checkpoint", "--store", `sqlite:${db}`, "--private-key", db, "--out", join(dir, "c.json")],
        /holds no Ed25519 private key/,
      ],
      [["frobnicate"], /unknown command "frobnicate"/],
    ];
    for (const [argv, message] of cases) {
      const result = await cli(...argv);
      expect(result.code, argv.join(" ")).toBe(EXIT.usage);
      expect(result.err, argv.join(" ")).toMatch(message);
      expect(result.err.split("\n"), argv.join(" ")).toHaveLength(1);
    }
    expect(() => readFileSync(join(dir, "missing.db"))).toThrow();
  });

  it("an unreachable server is one line on stderr and exit code 3, for PostgreSQL and EventStoreDB alike", async () => {
    for (const url of ["postgres://postgres@127.0.0.1:1/test", "esdb://127.0.0.1:1?tls=false"]) {
      const result = await cli("verify", "--store", url);
      expect(result.code, url).toBe(EXIT.infrastructure);
      expect(result.err.split("\n"), url).toHaveLength(1);
      expect(result.err, url).toMatch(/^privacy-ledger verify: /);
    }
  });

  it("keygen never overwrites a key", async () => {
    expect((await cli("keygen", "--out", dir)).code).toBe(EXIT.ok);
    const again = await cli("keygen", "--out", dir);
    expect(again.code).toBe(EXIT.usage);
    expect(again.err).toContain("never overwritten");
  });

  it("--help on every command, and the binary runs as a process", async () => {
    for (const command of ["verify", "checkpoint", "keygen"]) {
      const help = await cli(command, "--help");
      expect(help.code).toBe(EXIT.ok);
      expect(help.out).toContain(`privacy-ledger ${command}`);
    }
    const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
    const run = spawnSync(
      process.execPath,
      [
        "--conditions=@privacy-ledger/source",
        "--import",
        "tsx",
        "src/main.ts",
        "verify",
        "--store",
        `sqlite:${db}`,
      ],
      { cwd: packageDir, encoding: "utf8" },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("verified: 3 events in 2 streams");
  });
});

/** A key pair in its own folder under the test directory. */
const keysIn = async (name: string): Promise<void> => {
  const keyDir = join(dir, name);
  mkdirSync(keyDir);
  expect(await runCli(["keygen", "--out", keyDir], capture().io)).toBe(EXIT.ok);
};
