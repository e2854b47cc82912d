import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  consentStreamId,
  dataSubjectStreamId,
  policyPersonalFields,
  subscriptionStreamId,
} from "@privacy-ledger/domain";
import { blindIndex, isErased, verifyStore } from "@privacy-ledger/eventsourcing";
import { openProtectedSqliteStore } from "@privacy-ledger/store-sqlite";
import { isRight } from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runYearOfTheCompany, type YearOfTheCompany } from "./year.js";

/*
 * A year of the company (issue 6): every part of the policy through the command handler on the SQLite store
 * with protection on. The scenario runs once; each test reads what it left behind.
 */

const dir = mkdtempSync(join(tmpdir(), "privacy-ledger-year-test-"));
const path = join(dir, "company.db");
const ledger = openProtectedSqliteStore({ path, personalFields: policyPersonalFields, warn: () => {} });
let year: YearOfTheCompany;

const streamOf = async (streamId: string) => {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  for await (const event of ledger.store.readStream(streamId))
    events.push({ type: event.type, data: event.data as Record<string, unknown> });
  return events;
};

beforeAll(async () => {
  year = await runYearOfTheCompany({
    store: ledger.store,
    keyStore: ledger.keys,
    keyCache: ledger.store.keys,
  });
}, 120_000);

afterAll(async () => {
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a year of the company (P1-P8 through the command handler, SQLite, protection on)", () => {
  it("P1-P8: the policy stopped what it must, each refusal naming its invariant", () => {
    expect([...new Set(year.refusals.map((refusal) => refusal.rule))].sort()).toEqual(
      [
        "INV-04",
        "INV-06",
        "INV-07",
        "INV-09",
        "INV-17",
        "INV-30",
        "INV-32",
        "INV-40",
        "INV-42",
        "INV-43",
        "INV-48",
        "INV-49",
        "INV-55",
      ].sort(),
    );
  });

  it("P7.b, INV-10, AWR art. 52(4): Jan's erasure shredded his contract and relationship data and kept his billing data", async () => {
    expect(year.erasure.erased.map((erased) => erased.retentionClass).sort()).toEqual([
      "contract",
      "relationship",
    ]);
    expect(year.erasure.declined.find((kept) => kept.retentionClass === "fiscal")?.provision).toBe(
      "AWR art. 52(4)",
    );
    const contact = (await streamOf(dataSubjectStreamId("subj-jan"))).find(
      (event) => event.type === "BusinessContactRegistered",
    );
    expect(isErased(contact?.data.name)).toBe(true);
    const invoice = (await streamOf(subscriptionStreamId("sub-acme"))).find(
      (event) => event.type === "InvoiceIssued",
    );
    expect(invoice?.data.billingContactName).toBe("Jan Jansen");
    const closed = (await streamOf(dataSubjectStreamId("subj-jan"))).filter(
      (event) => event.type === "RightsRequestClosed",
    );
    expect(closed.at(-1)?.data).toMatchObject({
      outcome: "partiallyGranted",
      complaintToAuthorityStated: true,
    });
  });

  it("P7, P7.b: people are found by e-mail through the blind index; after Jan's erasure only his kept billing data are", async () => {
    const index = blindIndex(ledger.keys);
    expect(await index.find("email", "Omar@Globex.example")).toEqual([
      { subjectId: "subj-omar", retentionClass: "relationship" },
    ]);
    expect(await index.find("email", "jan.jansen@acme.example")).toEqual([
      { subjectId: "subj-jan", retentionClass: "fiscal" },
    ]);
  });

  it("P8.5, INV-47, INV-51: the serious breach was notified to the authority within its 72 hours", () => {
    expect(Date.parse(year.breach.notifiedAt)).toBeLessThanOrEqual(Date.parse(year.breach.authorityDueAt));
  });

  it("P1.F.6, INV-18, INV-16: after Anna unsubscribed, the next newsletter to her was blocked, not sent", async () => {
    const anna = await streamOf(consentStreamId("subj-anna"));
    expect(anna.map((event) => event.type)).toEqual([
      "ConsentRequestPresented",
      "ConsentGiven",
      "NewsletterSent",
      "UnsubscribedViaLink",
      "SuppressionTokenRecorded",
      "SendBlocked",
    ]);
  });

  it("P4.1, P1.C.2, P1.F.6, D4: at the end of 2026 Anna's newsletter data are due; by June 2027 the training and Globex's contract data too", () => {
    expect(year.dueAtYearEnd).toEqual(["subj-anna/marketing"]);
    expect([...year.shreddedNextJune].sort()).toEqual([
      "subj-anna/marketing",
      "subj-anna/training",
      "subj-bram/training",
      "subj-sara/contract",
    ]);
  });

  it("P8.8, INV-57: after the whole year, erasures included, every hash chain verifies", async () => {
    const verified = await verifyStore(ledger.events);
    expect(isRight(verified)).toBe(true);
    if (isRight(verified)) expect(verified.right.events).toBeGreaterThan(90);
  });

  it("P8.1, Art. 32: no name or e-mail address of the year is stored in clear in any file of the store (WAL included)", () => {
    const bytes = readdirSync(dir).map((file) => readFileSync(join(dir, file)).toString("latin1"));
    for (const secret of [
      "jan.jansen@acme.example",
      "Jan Jansen",
      "anna.devries@acme.example",
      "Omar El Amrani",
      "sara.deboer@globex.example",
    ])
      for (const content of bytes) expect(content.includes(secret), secret).toBe(false);
  });
});
