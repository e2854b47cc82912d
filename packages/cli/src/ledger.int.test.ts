import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { breachStreamId } from "@privacy-ledger/domain";
import { HOSTING_PROCESSOR_ID } from "@privacy-ledger/domain/testing";
import {
  deadlineBoardProjection,
  erasureLedgerProjection,
  openSqliteReadModelStore,
} from "@privacy-ledger/projections";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  annaSubscribes,
  cto,
  janRectifies,
  ledgerFiles,
  omarDisclosedToHosting,
  support,
  writeCompanyHistory,
} from "../test/companyHistory.js";
import { runCli } from "./cli.js";
import { EXIT, type Io } from "./io.js";
import { READ_MODELS } from "./readModels.js";

/*
 * timeline, export and replay (issue 8) on a real SQLite store with protection on, written through the
 * kernel's command handler by the domain's deciders: the company's register, two business contacts (one
 * disclosed to the hosting processor), a rectification request, a newsletter consent, a possible breach,
 * and an erasure of one contact's relationship data.
 */

let dir: string;
let db: string;
let keys: string;
let master: string;

const writeHistory = (): Promise<void> =>
  writeCompanyHistory(ledgerFiles(dir), async (writer) => {
    const { breaches, at } = writer;
    await omarDisclosedToHosting(writer);
    await janRectifies(writer);
    await annaSubscribes(writer);
    await breaches(breachStreamId("inc-1"), {
      kind: "ReportPossibleBreach",
      actor: support,
      incidentId: "inc-1",
      at: at("2026-06-19T15:10:00Z"),
      description: "Nightly backup bucket found readable without authentication",
      systems: ["backup-storage"],
    });
    await breaches(breachStreamId("inc-1"), {
      kind: "StartInvestigation",
      actor: cto,
      incidentId: "inc-1",
      at: at("2026-06-19T15:40:00Z"),
    });
    at("2026-10-05T09:00:00Z");
    await writer.erase("subj-jan", "relationship");
  });

const capture = (tty = false) => {
  const out: string[] = [];
  const err: string[] = [];
  const status: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), tty, status: (t) => status.push(t) };
  return { io, out, err, status };
};
const cli = async (...argv: string[]) => {
  const { io, out, err } = capture();
  const code = await runCli(argv, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "privacy-ledger-cli-ledger-"));
  ({ db, keys, master } = ledgerFiles(dir));
  await writeHistory();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("privacy-ledger timeline", () => {
  it("P7, P8.8: a subject's events in order, personal fields [encrypted] without keys", async () => {
    const result = await cli("timeline", "--store", `sqlite:${db}`, "--subject", "subj-omar");
    expect(result).toMatchObject({ code: EXIT.ok, err: "" });
    const lines = result.out.split("\n");
    expect(lines[0]).toBe(
      "timeline of subject subj-omar: 2 events (personal fields encrypted: no keys given)",
    );
    expect(lines[1]).toMatch(
      /^2026-03-02T09:00:00.000Z {2}emp-sales \[employee\] {2}P1\.E\.1 P1\.E\.2 P1\.E\.3 {2}BusinessContactRegistered: business contact \[encrypted\]/,
    );
    expect(lines[2]).toContain(
      "PersonalDataDisclosed: name, businessEmail disclosed to processor:proc-hosting for relationship.management",
    );
    expect(result.out).not.toContain("omar@globex.example");
  });

  it("with the keys: decrypted, and [erased] once the key was destroyed; the erasure record is on the subject's timeline", async () => {
    const omar = await cli(
      "timeline",
      "--store",
      `sqlite:${db}`,
      "--subject",
      "subj-omar",
      "--keys",
      keys,
      "--master-key",
      master,
    );
    expect(omar.out).toContain(
      "business contact Omar El Amrani (IT manager, omar@globex.example) at Acme B.V.",
    );
    const jan = await cli(
      "timeline",
      "--store",
      `sqlite:${db}`,
      "--subject",
      "subj-jan",
      "--keys",
      keys,
      "--master-key",
      master,
      "--json",
    );
    expect(jan.code).toBe(EXIT.ok);
    const parsed = JSON.parse(jan.out) as {
      events: {
        type: string;
        description: string;
        actor: { id: string; roles: string[] };
        clauses: string[];
      }[];
    };
    expect(parsed.events.map((e) => e.type)).toEqual([
      "BusinessContactRegistered",
      "RightsRequestReceived",
      "IdentityVerified",
      "PersonalDataRectified",
      "RightsRequestClosed",
      "PersonalDataErased",
    ]);
    expect(parsed.events[0]?.description).toContain("business contact [erased] ([erased], [erased])");
    expect(parsed.events[0]?.actor).toEqual({ id: "emp-sales", roles: ["employee"] });
    expect(parsed.events[4]?.clauses).toContain("P7.1");
    expect(jan.out).not.toContain("Jan Jansen");
  });

  it("--subject by e-mail through the blind index (needs the keys); --incident and --request", async () => {
    const byEmail = await cli(
      "timeline",
      "--store",
      `sqlite:${db}`,
      "--subject",
      "Omar@Globex.example ",
      "--keys",
      keys,
      "--master-key",
      master,
    );
    expect(byEmail.out.split("\n")[0]).toBe("timeline of subject subj-omar: 2 events");
    const noKeys = await cli("timeline", "--store", `sqlite:${db}`, "--subject", "omar@globex.example");
    expect(noKeys.code).toBe(EXIT.usage);
    expect(noKeys.err).toContain("looked up through the blind index");
    const incident = await cli("timeline", "--store", `sqlite:${db}`, "--incident", "inc-1");
    expect(incident.out).toContain("timeline of incident inc-1: 2 events");
    expect(incident.out).toContain("possible breach inc-1 reported: Nightly backup bucket");
    const request = await cli("timeline", "--store", `sqlite:${db}`, "--request", "req-jan-rectification");
    expect(request.out).toContain("timeline of request req-jan-rectification: 4 events");
    expect(request.out).toContain("request req-jan-rectification closed: granted, told by email");
  });
});

describe("privacy-ledger export", () => {
  it("P7.a, Art. 15 and 20: the access package and the portable export, decrypted; a non-empty directory is refused", async () => {
    const out = join(dir, "export-omar");
    const result = await cli(
      "export",
      "--store",
      `sqlite:${db}`,
      "--subject",
      "subj-omar",
      "--out",
      out,
      "--keys",
      keys,
      "--master-key",
      master,
    );
    expect(result).toMatchObject({ code: EXIT.ok, err: "" });
    const access = JSON.parse(readFileSync(join(out, "access.json"), "utf8"));
    expect(access.purposes).toContain("relationship.management");
    expect(access.recipients.disclosures).toEqual([
      expect.objectContaining({
        recipientId: `processor:${HOSTING_PROCESSOR_ID}`,
        recipientName: "Hosting B.V.",
        dataCategories: ["name", "businessEmail"],
      }),
    ]);
    expect(access.retention.byActivity).toEqual([
      expect.objectContaining({ activityId: "act-relationship", retentionClass: "relationship" }),
    ]);
    expect(access.sources).toEqual(["your organisation, Acme B.V. (recorded by our staff)"]);
    expect(access.data.map((d: { field: string; value: string }) => `${d.field}=${d.value}`)).toEqual([
      "name=Omar El Amrani",
      "jobTitle=IT manager",
      "businessEmail=omar@globex.example",
    ]);
    expect(readFileSync(join(out, "recipients.csv"), "utf8")).toContain(
      "processor,processor:proc-hosting,Hosting B.V.,name businessEmail",
    );
    // Omar's data rest on legitimate interest: nothing of his is portable (Art. 20(1)(a)).
    expect(JSON.parse(readFileSync(join(out, "portable.json"), "utf8")).items).toEqual([]);
    const again = await cli(
      "export",
      "--store",
      `sqlite:${db}`,
      "--subject",
      "subj-omar",
      "--out",
      out,
      "--keys",
      keys,
      "--master-key",
      master,
    );
    expect(again.code).toBe(EXIT.usage);
    expect(again.err).toMatch(/is not empty/);
  });

  it("Art. 20: what Anna gave on consent is portable, as JSON and CSV", async () => {
    const out = join(dir, "export-anna");
    expect(
      (
        await cli(
          "export",
          "--store",
          `sqlite:${db}`,
          "--subject",
          "subj-anna",
          "--out",
          out,
          "--keys",
          keys,
          "--master-key",
          master,
        )
      ).code,
    ).toBe(EXIT.ok);
    const portable = JSON.parse(readFileSync(join(out, "portable.json"), "utf8"));
    expect(portable.items.map((i: { field: string; value: string }) => `${i.field}=${i.value}`)).toEqual([
      "name=Anna de Vries",
      "email=anna.devries@acme.example",
    ]);
    expect(readFileSync(join(out, "portable.csv"), "utf8").split("\r\n")[0]).toBe(
      "providedAt,type,activityId,field,value",
    );
    expect(JSON.parse(readFileSync(join(out, "access.json"), "utf8")).sources).toEqual([
      "you, the data subject",
    ]);
  });
});

describe("privacy-ledger replay", () => {
  it("rebuilds every read model of the projections package, plain progress lines off a terminal; a second run applies nothing twice", async () => {
    const path = join(dir, "read-models.db");
    const { io, out } = capture();
    expect(
      await runCli(
        ["replay", "--store", `sqlite:${db}`, "--read-models", path, "--keys", keys, "--master-key", master],
        io,
      ),
    ).toBe(EXIT.ok);
    expect(out.at(-2)).toMatch(/^replay: \d+\/\d+ events \(100%\)/);
    expect(out.at(-1)).toContain(`into ${READ_MODELS.length} read models`);
    expect(READ_MODELS.map((p) => p.name)).toEqual(
      expect.arrayContaining(["deadline_board", "erasure_ledger", "consent_ledger"]),
    );
    const models = openSqliteReadModelStore({ path });
    try {
      for (const projection of READ_MODELS) await models.prepare(projection);
      const board = await models.reader(deadlineBoardProjection).find("requests", {});
      expect(board).toHaveLength(1);
      expect(await models.reader(erasureLedgerProjection).find("erasures", {})).toEqual([
        expect.objectContaining({ subjectId: "subj-jan", retentionClass: "relationship" }),
      ]);
    } finally {
      await models.close();
    }
    const again = await cli("replay", "--store", `sqlite:${db}`, "--read-models", path);
    expect(again.out).toContain("replayed 0 events");
  });

  it("a progress bar on a terminal; --until builds the read models as the log stood then", async () => {
    const { io, status, out } = capture(true);
    const path = join(dir, "until.db");
    expect(
      await runCli(
        ["replay", "--store", `sqlite:${db}`, "--read-models", path, "--until", "2026-04-01T00:00:00Z"],
        io,
      ),
    ).toBe(EXIT.ok);
    expect(status.at(-2)).toMatch(/^replay \[#+\.*\] \d+\/\d+ events .* events\/s, ETA/);
    expect(status.at(-1)).toBe("");
    expect(out.at(-1)).toContain("(recorded by 2026-04-01T00:00:00Z)");
    const models = openSqliteReadModelStore({ path });
    try {
      for (const projection of READ_MODELS) await models.prepare(projection);
      expect(await models.reader(erasureLedgerProjection).find("erasures", {})).toEqual([]);
    } finally {
      await models.close();
    }
    const refused = await cli(
      "replay",
      "--store",
      `sqlite:${db}`,
      "--read-models",
      path,
      "--until",
      "2026-04-01T00:00:00Z",
    );
    expect(refused.err).toContain("already holds read models");
  });
});

describe("bad input: one line on stderr, non-zero exit, nothing written", () => {
  it("missing files, a wrong master key, a file that is not a key store, bad flags", async () => {
    const wrongKey = join(dir, "wrong.key");
    writeFileSync(wrongKey, randomBytes(32));
    const notKey = join(dir, "not-a-key.txt");
    writeFileSync(notKey, "hello");
    const store = `sqlite:${db}`;
    const cases: [string[], RegExp][] = [
      [["timeline", "--store", store], /exactly one of --subject, --incident or --request/],
      [["timeline", "--store", store, "--subject", "a", "--incident", "b"], /exactly one/],
      [
        ["timeline", "--store", store, "--subject", "a", "--keys", keys],
        /--keys and --master-key go together/,
      ],
      [
        ["timeline", "--store", store, "--subject", "a", "--keys", keys, "--master-key", wrongKey],
        /not the one this key store was created with/,
      ],
      [
        ["timeline", "--store", store, "--subject", "a", "--keys", keys, "--master-key", notKey],
        /holds no 32-byte master key/,
      ],
      [
        ["timeline", "--store", store, "--subject", "a", "--keys", db, "--master-key", master],
        /is not a privacy-ledger key file/,
      ],
      [
        [
          "timeline",
          "--store",
          store,
          "--subject",
          "a",
          "--keys",
          join(dir, "nope.db"),
          "--master-key",
          master,
        ],
        /no such file/,
      ],
      [["timeline", "--store", `sqlite:${join(dir, "nope.db")}`, "--subject", "a"], /no such file/],
      [
        [
          "timeline",
          "--store",
          store,
          "--subject",
          "nobody@example.com",
          "--keys",
          keys,
          "--master-key",
          master,
        ],
        /no data subject found/,
      ],
      [["export", "--store", store, "--subject", "subj-omar", "--out", join(dir, "x")], /--keys is required/],
      [
        [
          "export",
          "--store",
          store,
          "--subject",
          "nobody",
          "--out",
          join(dir, "x"),
          "--keys",
          keys,
          "--master-key",
          master,
        ],
        /no events about subject nobody/,
      ],
      [
        ["replay", "--store", store, "--read-models", join(dir, "r.db"), "--until", "yesterday"],
        /--until must be an ISO 8601 instant/,
      ],
      [["replay", "--store", store, "--read-models", join(dir, "no", "r.db")], /no such directory/],
      [
        ["replay", "--store", store, "--read-models", join(dir, "r.db"), "--batch-size", "0"],
        /--batch-size must be a whole number from 1 to 100000/,
      ],
      [
        ["replay", "--store", store, "--read-models", join(dir, "r.db"), "--batch-size", "1e3"],
        /--batch-size must be a whole number/,
      ],
      [["replay", "--store", store, "--read-model", "x"], /unknown option --read-model/],
    ];
    for (const [argv, message] of cases) {
      const result = await cli(...argv);
      expect(result.code, argv.join(" ")).toBe(EXIT.usage);
      expect(result.err, argv.join(" ")).toMatch(message);
      expect(result.err.split("\n"), argv.join(" ")).toHaveLength(1);
    }
    expect(existsSync(join(dir, "x"))).toBe(false);
    expect(existsSync(join(dir, "r.db"))).toBe(false);
  });

  it("--help on every new command", async () => {
    for (const command of ["timeline", "export", "replay"]) {
      const help = await cli(command, "--help");
      expect(help.code).toBe(EXIT.ok);
      expect(help.out).toContain(`privacy-ledger ${command}`);
    }
    const replayHelp = (await cli("replay", "--help")).out;
    expect(replayHelp).toContain("commits together with the read model's checkpoint");
    expect(replayHelp).toContain("the exit code is 130 (SIGINT) or 143 (SIGTERM)");
  });
});
