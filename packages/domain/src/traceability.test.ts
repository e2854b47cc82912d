import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { POLICY_CLAUSES } from "./shared/clauses.js";

/**
 * The clause → command → event → invariant → test table in docs/domain.md is a promise to auditors: every
 * clause of part 1 of the policy has a row, and every clause and every invariant these aggregates own is
 * checked by a test whose name cites it. This test keeps the promise honest: a clause without a row, or
 * without a test naming it, fails here.
 */

const sourceRoot = fileURLToPath(new URL(".", import.meta.url));
const domainDoc = readFileSync(fileURLToPath(new URL("../../../docs/domain.md", import.meta.url)), "utf8");

/**
 * Every clause id of the policy (docs/policy/privacy-policy.en.md, a copy of the company's policy), read from the policy's own text so a
 * clause added there without code, a row and a test fails here; checked against the compiled list too.
 */
const policyText = readFileSync(
  fileURLToPath(new URL("../../../docs/policy/privacy-policy.en.md", import.meta.url)),
  "utf8",
);
const clausesInPolicyText = [
  ...new Set([...policyText.matchAll(/^- (P\d(?:\.[A-Z])?\.(?:\d+|[a-z]))\s/gm)].map((m) => m[1] ?? "")),
];
const partOneClauses = [...POLICY_CLAUSES];

/**
 * The invariants of gdpr-domain.md §5(b) that ProcessingRegister, Subscription, DataSubject, the
 * retention schedule and BreachIncident own. (INV-13 and INV-16…23 are the Consent aggregate's, INV-29
 * and INV-31 the projections', INV-32/33 the policy versions', INV-57/58 the kernel's audit.)
 */
const partOneInvariants = [
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 24, 25, 26, 27, 28, 30],
  ...[34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45],
  ...[46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56],
  ...[13, 16, 17, 18, 19, 20, 21, 22, 23, 32, 33],
].map((n) => `INV-${String(n).padStart(2, "0")}`);

/** The rows of the markdown tables that map clauses to code: their cells, trimmed. */
const tableRows = domainDoc
  .split("\n")
  .filter((line) => line.startsWith("|") && !/^\|\s*-/.test(line))
  .map((line) =>
    line
      .slice(1, -1)
      .split("|")
      .map((cell) => cell.trim()),
  );

const testFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? testFiles(join(dir, entry.name))
      : entry.name.endsWith(".test.ts")
        ? [join(dir, entry.name)]
        : [],
  );

/** The titles of every `it("…")` in the domain's tests. */
const testTitles = testFiles(sourceRoot).flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/\bit\(\s*"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1] ?? ""),
);

/** Whether the text cites the id as a whole token (P7.a, not P7.ab; INV-01, not INV-010). */
const cites = (text: string, id: string): boolean =>
  new RegExp(`(^|[^A-Za-z0-9.])${id.replace(/\./g, "\\.")}(?![A-Za-z0-9])`).test(text);

describe("docs/domain.md traceability table: every clause of the policy", () => {
  it("P1-P8: the clause ids in the policy's text are exactly the ones the code knows", () => {
    expect([...clausesInPolicyText].sort()).toEqual([...POLICY_CLAUSES].sort());
  });

  it("P1-P7: the part-1 clause list is not empty (the policy's clause ids are loaded)", () => {
    expect(partOneClauses.length).toBeGreaterThan(30);
    expect(testTitles.length).toBeGreaterThan(100);
  });

  it.each(partOneClauses)("%s has a row in docs/domain.md whose first cell cites it", (clause) => {
    const rows = tableRows.filter((cells) => cites(cells[0] ?? "", clause));
    expect(rows, `no row for ${clause} in docs/domain.md`).not.toHaveLength(0);
  });

  it.each(partOneClauses)("%s is cited by the name of at least one test", (clause) => {
    expect(
      testTitles.filter((title) => cites(title, clause)),
      `no test name cites ${clause}`,
    ).not.toHaveLength(0);
  });

  it.each(partOneInvariants)("%s appears in the table and in the name of at least one test", (invariant) => {
    expect(
      tableRows.filter((cells) => cells.some((cell) => cites(cell, invariant))),
      `${invariant} has no row in docs/domain.md`,
    ).not.toHaveLength(0);
    expect(
      testTitles.filter((title) => cites(title, invariant)),
      `no test name cites ${invariant}`,
    ).not.toHaveLength(0);
  });
});
