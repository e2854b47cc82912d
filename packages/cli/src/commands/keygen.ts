import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateCheckpointKeys } from "@privacy-ledger/eventsourcing";
import { parseArgs, requiredFlag, UsageError } from "../args.js";
import { EXIT, type Io } from "../io.js";

export const KEYGEN_HELP = `privacy-ledger keygen --out <dir>

Makes an Ed25519 key pair for signing checkpoints: <dir>/checkpoint.key (private, PKCS#8 PEM, mode 0600:
keep it with the operator) and <dir>/checkpoint.pub (public, SPKI PEM: give it to the auditor). Existing
files are never overwritten.`;

export const keygen = async (argv: readonly string[], io: Io): Promise<number> => {
  const args = parseArgs(argv, { flags: ["out"], switches: ["help"] });
  if (args.switches.has("help")) {
    io.out(KEYGEN_HELP);
    return EXIT.ok;
  }
  const dir = requiredFlag(args, "out");
  if (!existsSync(dir)) throw new UsageError(`no such directory: ${dir}`);
  const privatePath = join(dir, "checkpoint.key");
  const publicPath = join(dir, "checkpoint.pub");
  for (const path of [privatePath, publicPath])
    if (existsSync(path)) throw new UsageError(`${path} exists; a key is never overwritten`);
  const { privateKey, publicKey } = generateCheckpointKeys();
  writeFileSync(privatePath, privateKey.export({ format: "pem", type: "pkcs8" }), {
    mode: 0o600,
    flag: "wx",
  });
  writeFileSync(publicPath, publicKey.export({ format: "pem", type: "spki" }), { flag: "wx" });
  io.out(`private key: ${privatePath}`);
  io.out(`public key:  ${publicPath}`);
  return EXIT.ok;
};
