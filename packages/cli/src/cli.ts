import { UsageError } from "./args.js";
import { CHECKPOINT_HELP, checkpoint } from "./commands/checkpoint.js";
import { EXPORT_HELP, exportSubject } from "./commands/export.js";
import { KEYGEN_HELP, keygen } from "./commands/keygen.js";
import { REPLAY_HELP, replay } from "./commands/replay.js";
import { REPORT_HELP, report } from "./commands/report.js";
import { TIMELINE_HELP, timeline } from "./commands/timeline.js";
import { VERIFY_HELP, verify } from "./commands/verify.js";
import { EXIT, type Io } from "./io.js";

export const HELP = `privacy-ledger <command> [options]

Commands:
  verify       check every hash chain of a store, and a signed checkpoint (no keys needed)
  checkpoint   write a signed checkpoint of a store's stream heads
  keygen       make the Ed25519 key pair for checkpoints
  timeline     every event about a data subject, a breach incident or a rights request
  export       a data subject's Art. 15 access package and Art. 20 portable export (needs the keys)
  replay       rebuild every read model into a SQLite file, with progress
  report       the compliance report (HTML, JSON or Markdown), no personal data, no keys needed

'privacy-ledger <command> --help' explains each.

${VERIFY_HELP.split("\n")[0]}
${CHECKPOINT_HELP.split("\n")[0]}
${KEYGEN_HELP.split("\n")[0]}
${TIMELINE_HELP.split("\n")[0]}
${EXPORT_HELP.split("\n")[0]}
${REPLAY_HELP.split("\n")[0]}
${REPORT_HELP.split("\n")[0]}`;

const commands: Readonly<Record<string, (argv: readonly string[], io: Io) => Promise<number>>> = {
  verify,
  checkpoint,
  keygen,
  timeline,
  export: exportSubject,
  replay,
  report,
};

/**
 * Runs one command and returns its exit code. Bad input is one line on stderr and exit code 2; a store
 * that cannot be reached is one line and exit code 3; never a stack trace.
 */
export const runCli = async (argv: readonly string[], io: Io): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands[name];
  if (command === undefined) {
    io.err(`privacy-ledger: unknown command "${name}" (try --help)`);
    return EXIT.usage;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`privacy-ledger ${name}: ${error.message}`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    io.err(`privacy-ledger ${name}: ${message}`);
    return EXIT.infrastructure;
  }
};
