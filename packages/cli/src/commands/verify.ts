import { readFileSync } from "node:fs";
import { failingPaths, SignedCheckpointCodec, verifyStore } from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import { parseArgs, requiredFlag, UsageError } from "../args.js";
import { EXIT, type Io } from "../io.js";
import { publicKeyFrom } from "../keys.js";
import { openStoreUrl } from "../storeUrl.js";

export const VERIFY_HELP = `privacy-ledger verify --store <url> [--checkpoint <file> --public-key <file>] [--json]

Checks every stream's hash chain (SHA-256 over the canonical JSON of each stored event and the previous
hash) and, with a checkpoint, that every stream it saw still reaches its head and nothing was removed.
Needs no decryption key: the hashes are over what is stored, ciphertext included. Exit code 0 only when
everything verifies; 1 with the first broken link (stream, version, what differs); 2 for bad input.

Store URLs: sqlite:<path>, postgres://user@host:5432/db[?schema=name], esdb://host:2113?tls=false`;

/** The checkpoint file, checked against its codec: a file that is not a checkpoint is an input error. */
const checkpointFrom = (path: string) => {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new UsageError(`cannot read ${path} as a JSON checkpoint`);
  }
  const decoded = SignedCheckpointCodec.decode(json);
  if (isLeft(decoded))
    throw new UsageError(
      `${path} is not a signed checkpoint: ${failingPaths(decoded.left, "checkpoint").join(", ")}`,
    );
  return decoded.right;
};

export const verify = async (argv: readonly string[], io: Io): Promise<number> => {
  const args = parseArgs(argv, { flags: ["store", "checkpoint", "public-key"], switches: ["help", "json"] });
  if (args.switches.has("help")) {
    io.out(VERIFY_HELP);
    return EXIT.ok;
  }
  const url = requiredFlag(args, "store");
  const checkpointPath = args.flags.get("checkpoint");
  const publicKeyPath = args.flags.get("public-key");
  if ((checkpointPath === undefined) !== (publicKeyPath === undefined))
    throw new UsageError(
      "--checkpoint and --public-key go together (the auditor's trusted key, not the one in the file)",
    );
  const checkpoint =
    checkpointPath !== undefined && publicKeyPath !== undefined
      ? { checkpoint: checkpointFrom(checkpointPath), publicKey: publicKeyFrom(publicKeyPath) }
      : undefined;
  const { store, close } = await openStoreUrl(url);
  try {
    const result = await verifyStore(store, checkpoint === undefined ? {} : { checkpoint });
    if (isLeft(result)) {
      const failure = result.left;
      if (args.switches.has("json")) io.out(JSON.stringify({ ok: false, failure }));
      else
        io.err(
          `verify FAILED: ${failure.kind}${failure.streamId === undefined ? "" : ` at ${failure.streamId}@${failure.streamVersion}`}: ${failure.message}`,
        );
      return EXIT.failed;
    }
    const summary = result.right;
    if (args.switches.has("json")) io.out(JSON.stringify({ ok: true, ...summary }));
    else
      io.out(
        `verified: ${summary.events} events in ${summary.streams} streams, every hash chain intact${summary.checkpointVerified ? "; the signed checkpoint holds" : ""}`,
      );
    return EXIT.ok;
  } finally {
    await close();
  }
};
