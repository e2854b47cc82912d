import { existsSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { instantFlag, parseArgs, requiredFlag, UsageError } from "../args.js";
import { complianceReport, storeLabel } from "../complianceReport.js";
import { EXIT, type Io } from "../io.js";
import { type ReportFormat, renderReport } from "../reportFormats.js";
import { openStoreUrl } from "../storeUrl.js";

export const REPORT_HELP = `privacy-ledger report --store <url> --out <file> [--format html|json|md] [--at <instant>]

Writes the compliance report: the chain status (every hash chain verified), rights requests answered on
time, breaches with their 72-hour clocks, escalations with both approvers, consents with their evidence
(counts per purpose and notice version), retention due (the retention schedule), erasures done,
disclosures per recipient, policy versions with the coverage of their announcements, the register of
processing activities with its processors, and the warnings of recorded overrides (D2 tracking override,
D3 clock pause). Ids, codes, counts and instants only: no personal data, and no keys needed (every read
model is replayed in memory with personal fields read as erased).

--format html (default; or from the --out extension .json / .md) is one self-contained file (inline CSS,
no script, no network) for screen and print; json and md hold the same content.
--at <instant> (ISO 8601 with offset; default now) reports the facts as they stood then: the events dated
(occurredAt) up to it, also those recorded later; deadlines, clocks and retention are judged at it. The
chain is always verified over the whole store.

Exit code 0 when the report is written and every chain verifies; 1 when a chain is broken (the report is
still written and says where); 2 for bad input.

Store URLs: sqlite:<path>, postgres://user@host:5432/db[?schema=name], esdb://host:2113?tls=false`;

const FORMATS: readonly ReportFormat[] = ["html", "json", "md"];

const formatOf = (given: string | undefined, out: string): ReportFormat => {
  if (given !== undefined) {
    if (!(FORMATS as readonly string[]).includes(given))
      throw new UsageError(`--format must be html, json or md, not "${given}"`);
    return given as ReportFormat;
  }
  const extension = extname(out).slice(1).toLowerCase();
  return extension === "json" ? "json" : extension === "md" || extension === "markdown" ? "md" : "html";
};

export const report = async (argv: readonly string[], io: Io): Promise<number> => {
  const args = parseArgs(argv, { flags: ["store", "out", "format", "at"], switches: ["help"] });
  if (args.switches.has("help")) {
    io.out(REPORT_HELP);
    return EXIT.ok;
  }
  const url = requiredFlag(args, "store");
  const out = requiredFlag(args, "out");
  const format = formatOf(args.flags.get("format"), out);
  const at = instantFlag(args, "at") ?? new Date();
  if (!existsSync(dirname(resolve(out)))) throw new UsageError(`no such directory: ${dirname(out)}`);
  if (existsSync(out) && statSync(out).isDirectory())
    throw new UsageError(`${out} is a directory; --out names the report file`);
  if (url.startsWith("sqlite:") && resolve(url.slice("sqlite:".length)) === resolve(out))
    throw new UsageError("--out must be another file than the event store");
  const { store, close } = await openStoreUrl(url);
  try {
    const built = await complianceReport(store, { at, storeLabel: storeLabel(url) });
    // Written beside the target and renamed over it: an interrupted run never leaves half a report.
    const partial = `${out}.${process.pid}.partial`;
    try {
      writeFileSync(partial, renderReport(built, format), { flag: "wx" });
      renameSync(partial, out);
    } finally {
      rmSync(partial, { force: true });
    }
    const chain = built.sections.chain;
    if (chain.status === "broken") {
      const failure = chain.failure;
      io.err(
        `report written to ${out}, but the chain is BROKEN: ${failure?.kind ?? "unknown"}${failure?.streamId === undefined ? "" : ` at ${failure.streamId}@${failure.streamVersion}`}: ${failure?.message ?? ""}`,
      );
      return EXIT.failed;
    }
    const warnings = built.sections.warnings.warnings.filter((w) => w.stands).length;
    io.out(
      `report (${format}) written to ${out}: ${built.eventsRead} events as of ${built.asOf}, every hash chain intact${warnings === 0 ? "" : `, ${warnings} override warning${warnings === 1 ? "" : "s"}`}`,
    );
    return EXIT.ok;
  } finally {
    await close();
  }
};
