import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "@privacy-ledger/cli";
import { policyPersonalFields } from "@privacy-ledger/domain";
import { verifyStore } from "@privacy-ledger/eventsourcing";
import { openProtectedSqliteStore } from "@privacy-ledger/store-sqlite";
import { isLeft } from "fp-ts/lib/Either.js";
import { runYearOfTheCompany } from "./year.js";

const log = (line = "") => process.stdout.write(`${line}\n`);

/**
 * `pnpm demo`: a year of the company on the embedded SQLite store with personal-data protection on, then
 * an integrity check of the whole history. The store stays on disk for a look (its path is printed).
 */
const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), "privacy-ledger-year-"));
const path = join(dir, "company.db");
const ledger = openProtectedSqliteStore({
  path,
  personalFields: policyPersonalFields,
  // A demo key; a real deployment supplies its own master key and keeps it apart from the files.
  masterKey: randomBytes(32),
  warn: () => {},
});
try {
  log(
    `privacy-ledger: a year of the company (2026) on ${path} (keys in ${path.replace(/\.db$/, ".keys.db")})`,
  );
  const year = await runYearOfTheCompany({
    store: ledger.store,
    keyStore: ledger.keys,
    keyCache: ledger.store.keys,
  });
  log();
  for (const line of year.journal.lines) log(`  ${line}`);
  log();
  log("What the year shows");
  log(
    `  commands refused by the policy: ${year.refusals.length} (${[...new Set(year.refusals.map((r) => r.rule))].join(", ")})`,
  );
  log(
    `  the erasure Jan asked for: shredded ${year.erasure.erased.map((e) => e.retentionClass).join(", ")}; kept ${year.erasure.declined
      .map((d) => `${d.retentionClass} under ${d.ground} (${d.provision})`)
      .join("; ")}`,
  );
  log(
    `  the breach: aware 19 June 16:30Z, authority due ${year.breach.authorityDueAt}, notified ${year.breach.notifiedAt}`,
  );
  log(`  due for erasure on 31 December 2026: ${year.dueAtYearEnd.join(", ") || "nothing"}`);
  log(`  shredded by the retention run of 1 June 2027: ${year.shreddedNextJune.join(", ") || "nothing"}`);
  const verified = await verifyStore(ledger.events);
  if (isLeft(verified)) {
    log(
      `  verify: FAILED at ${verified.left.streamId}@${verified.left.streamVersion}: ${verified.left.message}`,
    );
    process.exitCode = 1;
  } else {
    log(
      `  verify: ${verified.right.events} events in ${verified.right.streams} streams, every hash chain intact`,
    );
  }
} finally {
  await ledger.close();
}

// The auditor's view of the year: the compliance report, built from the store alone (no keys needed).
if (process.exitCode !== 1) {
  const report = join(dir, "report.html");
  const code = await runCli(
    ["report", "--store", `sqlite:${path}`, "--out", report, "--at", "2027-06-02T00:00:00Z"],
    {
      out: () => {},
      err: (line) => log(`  ${line}`),
    },
  );
  log(code === 0 ? `  compliance report: ${report}` : `  compliance report FAILED (exit ${code})`);
  if (code !== 0) process.exitCode = code;
}
