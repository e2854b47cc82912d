import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  breachCatalog,
  breachIncidentDecider,
  breachStreamId,
  consentCatalog,
  consentDecider,
  consentStreamId,
  dataSubjectCatalog,
  dataSubjectDecider,
  dataSubjectStreamId,
  PROCESSING_REGISTER_STREAM,
  type ProcessingActivity,
  type ProcessingRegisterState,
  policyPersonalFields,
  processingRegister,
  processingRegisterCatalog,
} from "@privacy-ledger/domain";
import { COMPANY_ACTIVITIES, HOSTING_PROCESSOR_ID } from "@privacy-ledger/domain/testing";
import {
  type Actor,
  type Clock,
  commandHandler,
  type Decider,
  type DomainEvent,
  type EventCatalog,
  type EventStore,
  eraseSubject,
  uuidFromName,
} from "@privacy-ledger/eventsourcing";
import {
  deadlineBoardProjection,
  erasureLedgerProjection,
  openSqliteReadModelStore,
} from "@privacy-ledger/projections";
import { openProtectedSqliteStore } from "@privacy-ledger/store-sqlite";
import { isLeft } from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";
import { READ_MODELS } from "./commands/replay.js";
import { EXIT, type Io } from "./io.js";

/*
 * timeline, export and replay (issue 8) on a real SQLite store with protection on, written through the
 * kernel's command handler by the domain's deciders: a register, two business contacts (one disclosed
 * to the hosting processor), a rectification request, a newsletter consent, a possible breach, and an
 * erasure of one contact's relationship data.
 */

const cto: Actor = { id: "emp-cto", roles: ["CTO", "management"] };
const sales: Actor = { id: "emp-sales", roles: ["employee"] };
const support: Actor = { id: "emp-support", roles: ["employee"] };
const mailer: Actor = { id: "svc-mailer", roles: ["system"] };

const NEWSLETTER: ProcessingActivity = {
  activityId: "act-newsletter",
  name: "Newsletters on consent",
  purposes: ["marketing.newsletter"],
  legalBasis: { kind: "consent" },
  dataCategories: ["name", "email"],
  subjectCategories: ["newsletterSubscriber"],
  recipientCategories: ["processor:hosting"],
  retention: {
    retentionClass: "marketing",
    trigger: "consentWithdrawnOrObjection",
    period: { amount: 0, unit: "months" },
  },
  clauses: ["P1.F.1", "P1.F.3"],
};

let dir: string;
let db: string;
let keys: string;
let master: string;
let sequence = 0;
let now = new Date("2026-03-02T09:00:00Z");
const clock: Clock = { now: () => now };
const at = (iso: string) => {
  now = new Date(iso);
  return iso;
};

const handler = <C extends { readonly actor: Actor }, E extends DomainEvent, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  catalog: EventCatalog<E>,
) => {
  const handle = commandHandler({ store, decider, catalog, clock, actorOf: (command) => command.actor });
  return async (streamId: string, command: C): Promise<S> => {
    sequence += 1;
    const result = await handle(streamId, {
      command,
      actor: command.actor,
      commandId: uuidFromName(`cli-test/${sequence}`),
    });
    if (isLeft(result)) throw new Error(`refused: ${result.left.message}`);
    return result.right.state;
  };
};

const writeHistory = async (): Promise<void> => {
  const masterKey = randomBytes(32);
  writeFileSync(master, `${masterKey.toString("hex")}\n`);
  const ledger = openProtectedSqliteStore({
    path: db,
    personalFields: policyPersonalFields,
    masterKey,
    clock,
  });
  try {
    const store = ledger.store;
    const registerOf = handler(store, processingRegister, processingRegisterCatalog);
    let register: ProcessingRegisterState | undefined;
    for (const activity of [...Object.values(COMPANY_ACTIVITIES), NEWSLETTER])
      register = await registerOf(PROCESSING_REGISTER_STREAM, {
        kind: "RegisterProcessingActivity",
        actor: cto,
        activity,
      });
    register = await registerOf(PROCESSING_REGISTER_STREAM, {
      kind: "RegisterProcessor",
      actor: cto,
      processorId: HOSTING_PROCESSOR_ID,
      name: "Hosting B.V.",
      service: "cloud hosting",
      country: "NL",
      agreement: { reference: "DPA-HOST-2025", signedAt: "2025-03-01", confidentiality: true },
      activeForDisclosure: true,
      subProcessors: [],
    });
    if (register === undefined) throw new Error("no register");
    const subjects = handler(store, dataSubjectDecider({ register }), dataSubjectCatalog);
    for (const [subjectId, name, email] of [
      ["subj-jan", "Jan Jansen", "jan.jansen@acme.example"],
      ["subj-omar", "Omar El Amrani", "omar@globex.example"],
    ] as const)
      await subjects(dataSubjectStreamId(subjectId), {
        kind: "RegisterBusinessContact",
        actor: sales,
        subjectId,
        clientOrganisationId: "org-acme",
        role: "it",
        companyName: "Acme B.V.",
        activityId: "act-relationship",
        legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-02" },
        name,
        jobTitle: "IT manager",
        businessEmail: email,
      });
    await subjects(dataSubjectStreamId("subj-omar"), {
      kind: "RecordDisclosure",
      actor: sales,
      subjectId: "subj-omar",
      recipient: { kind: "processor", processorId: HOSTING_PROCESSOR_ID },
      dataCategories: ["name", "businessEmail"],
      disclosedAt: at("2026-03-20T10:05:00Z"),
      activityId: "act-relationship",
      purpose: "relationship.management",
      subjectCategory: "businessContact",
    });
    const jan = dataSubjectStreamId("subj-jan");
    const requestId = "req-jan-rectification";
    await subjects(jan, {
      kind: "ReceiveRightsRequest",
      actor: support,
      subjectId: "subj-jan",
      requestId,
      right: "rectification",
      channel: "email",
      receivedAt: at("2026-06-08T09:00:00Z"),
    });
    await subjects(jan, {
      kind: "VerifyIdentity",
      actor: support,
      subjectId: "subj-jan",
      requestId,
      at: at("2026-06-08T11:00:00Z"),
      proof: "replyFromRegisteredAddress",
    });
    await subjects(jan, {
      kind: "RectifyData",
      actor: support,
      subjectId: "subj-jan",
      requestId,
      at: at("2026-06-08T11:30:00Z"),
      corrections: { contactJobTitle: "Head of IT" },
    });
    await subjects(jan, {
      kind: "CloseRequest",
      actor: support,
      subjectId: "subj-jan",
      requestId,
      at: at("2026-06-08T12:00:00Z"),
      outcome: "granted",
      communicatedBy: "email",
    });
    const consents = handler(
      store,
      consentDecider({ register, legalEntityId: "kvk-12345678" }),
      consentCatalog,
    );
    const anna = consentStreamId("subj-anna");
    await consents(anna, {
      kind: "PresentConsentRequest",
      actor: mailer,
      subjectId: "subj-anna",
      noticeVersionId: "notice-newsletter-v1",
      purposes: ["marketing.newsletter"],
      presentedAt: at("2026-04-01T08:00:00Z"),
      channel: "webForm",
    });
    await consents(anna, {
      kind: "GiveConsent",
      actor: { id: "subj-anna", roles: [] },
      subjectId: "subj-anna",
      consentId: "cons-anna-1",
      purpose: "marketing.newsletter",
      activityId: NEWSLETTER.activityId,
      subjectCategory: "newsletterSubscriber",
      noticeVersionId: "notice-newsletter-v1",
      givenAt: at("2026-04-01T08:01:00Z"),
      channel: "webForm",
      preTicked: false,
      bundledWithContract: false,
      name: "Anna de Vries",
      email: "anna.devries@acme.example",
    });
    const breaches = handler(store, breachIncidentDecider(), breachCatalog);
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
    const erased = await eraseSubject(
      { store, keyStore: ledger.keys, keyCache: ledger.store.keys, clock },
      { subjectId: "subj-jan", retentionClass: "relationship", reason: "data-subject-request", actor: cto },
    );
    if (isLeft(erased)) throw new Error(erased.left.message);
  } finally {
    await ledger.close();
  }
};

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
  db = join(dir, "ledger.db");
  keys = join(dir, "ledger.keys.db");
  master = join(dir, "master.key");
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
    expect((await cli("replay", "--help")).out).toContain(
      "commits together with the read model's checkpoint",
    );
  });
});
