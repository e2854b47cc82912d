import { existsSync, writeFileSync } from "node:fs";
import { createCheckpoint } from "@privacy-ledger/eventsourcing";
import { parseArgs, requiredFlag, UsageError } from "../args.js";
import { EXIT, type Io } from "../io.js";
import { privateKeyFrom } from "../keys.js";
import { openStoreUrl } from "../storeUrl.js";

export const CHECKPOINT_HELP = `privacy-ledger checkpoint --store <url> --private-key <file> --out <file>

Writes a signed checkpoint (every stream's head hash and the log's head position, signed with Ed25519) for
the auditor to keep. A later 'privacy-ledger verify --checkpoint <file> --public-key <file>' then proves
that no stream the checkpoint saw was cut short, rewritten or removed. The output file is never overwritten.

Store URLs: sqlite:<path>, postgres://user@host:5432/db[?schema=name], esdb://host:2113?tls=false`;

export const checkpoint = async (argv: readonly string[], io: Io): Promise<number> => {
  const args = parseArgs(argv, { flags: ["store", "private-key", "out"], switches: ["help"] });
  if (args.switches.has("help")) {
    io.out(CHECKPOINT_HELP);
    return EXIT.ok;
  }
  const url = requiredFlag(args, "store");
  const privateKey = privateKeyFrom(requiredFlag(args, "private-key"));
  const out = requiredFlag(args, "out");
  if (existsSync(out)) throw new UsageError(`${out} exists; a checkpoint is never overwritten`);
  const { store, close } = await openStoreUrl(url);
  try {
    const signed = await createCheckpoint(store, { privateKey });
    writeFileSync(out, `${JSON.stringify(signed, null, 2)}\n`, { flag: "wx" });
    io.out(
      `checkpoint: ${signed.body.streams.length} streams up to position ${signed.body.globalPosition}, signed, written to ${out}`,
    );
    return EXIT.ok;
  } finally {
    await close();
  }
};
