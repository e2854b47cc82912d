import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { StoredEvent } from "@privacy-ledger/eventsourcing";
import {
  type AnyProjection,
  openSqliteReadModelStore,
  type ProjectedEvent,
  projectionId,
  projectStoredEvent,
} from "@privacy-ledger/projections";
import { isLeft } from "fp-ts/lib/Either.js";
import { ISO_INSTANT, type ParsedArgs, parseArgs, requiredFlag, UsageError } from "../args.js";
import { decrypting, keyFlags, openKeyStore } from "../dataKeys.js";
import { EXIT, type Io } from "../io.js";
import { sealedAsErased } from "../personalFields.js";
import { READ_MODELS } from "../readModels.js";
import { openStoreUrl } from "../storeUrl.js";

export const REPLAY_HELP = `privacy-ledger replay --store <url> --read-models <sqlite path> [--until <instant>] [--batch-size <n>] [--keys <keyfile> --master-key <file>]

Rebuilds every read model of @privacy-ledger/projections (the deadline board, the outcome register, the
consent ledger, the breach clock and register, the erasure ledger, …) from the log into a SQLite file,
created when missing. Progress: a bar with events/s and ETA on a terminal; otherwise a plain line after
the first batch and then every second.

Nothing is ever half-written: each batch of events commits together with the read model's checkpoint in
one transaction, so an interrupted replay (Ctrl-C, a crash, a lost server) leaves every read model at the
end of its last whole batch, and running the same command again continues from there without applying
any event twice. To rebuild from scratch, give a new file.

Ctrl-C (SIGINT) or SIGTERM stops it gracefully: the batch in hand is committed, stderr says up to which
position every read model is whole, and the exit code is 130 (SIGINT) or 143 (SIGTERM). A second Ctrl-C
stops it at once, which is as safe as a crash: nothing past the last commit is kept.

--batch-size <n> (default 500) is how many events of the log go into one transaction per read model:
smaller commits more often (less to redo after a crash), larger replays faster.

--until <instant> (ISO 8601 with offset) builds the read models as the log stood at that instant: the
events recorded up to it. It builds into a new (or empty) file; a later replay without --until continues.

Without keys, personal fields cannot be read: the read models hold null for them, as for erased data.
With the SQLite key file and its master key file, they hold the plaintext that is still there.

Store URLs: sqlite:<path>, postgres://user@host:5432/db[?schema=name], esdb://host:2113?tls=false`;

const DEFAULT_BATCH = 500;

/** The graceful stops, and the exit code of each: 128 + the signal's number, as a shell reports it. */
const STOPS = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const;

const batchSizeOf = (args: ParsedArgs): number => {
  const text = args.flags.get("batch-size");
  if (text === undefined) return DEFAULT_BATCH;
  const size = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(size) || size < 1 || size > 100_000)
    throw new UsageError("--batch-size must be a whole number from 1 to 100000");
  return size;
};

const clock = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

export const replay = async (argv: readonly string[], io: Io): Promise<number> => {
  const args = parseArgs(argv, {
    flags: ["store", "read-models", "until", "batch-size", "keys", "master-key"],
    switches: ["help"],
  });
  if (args.switches.has("help")) {
    io.out(REPLAY_HELP);
    return EXIT.ok;
  }
  const url = requiredFlag(args, "store");
  const path = requiredFlag(args, "read-models");
  const batchSize = batchSizeOf(args);
  const untilText = args.flags.get("until");
  let until: number | undefined;
  if (untilText !== undefined) {
    until = Date.parse(untilText);
    if (!ISO_INSTANT.test(untilText) || Number.isNaN(until))
      throw new UsageError(`--until must be an ISO 8601 instant with offset, e.g. 2026-06-30T00:00:00Z`);
  }
  if (!existsSync(dirname(path))) throw new UsageError(`no such directory: ${dirname(path)}`);
  if (url === `sqlite:${path}`)
    throw new UsageError("--read-models must be another file than the event store");
  const keys = keyFlags(args);
  const keyStore = keys === undefined ? undefined : openKeyStore(keys.keys, keys.masterKey);
  // The signal that asked for a stop; the loop ends at the next event and commits what it holds.
  let stoppedBy: keyof typeof STOPS | undefined;
  const onSigint = () => {
    stoppedBy ??= "SIGINT";
  };
  const onSigterm = () => {
    stoppedBy ??= "SIGTERM";
  };
  try {
    const { store: raw, close } = await openStoreUrl(url);
    const target = openSqliteReadModelStore({ path });
    try {
      const source = keyStore === undefined ? raw : decrypting(raw, keyStore);
      const checkpoints = new Map<AnyProjection, number>();
      for (const projection of READ_MODELS) checkpoints.set(projection, await target.prepare(projection));
      const start = Math.min(...checkpoints.values());
      if (until !== undefined && Math.max(...checkpoints.values()) > 0)
        throw new UsageError(`${path} already holds read models; --until builds into a new file`);
      const head = await source.headPosition();
      const total = Math.max(0, head - start);
      const buffers = new Map<AnyProjection, ProjectedEvent[]>(READ_MODELS.map((p) => [p, []]));
      const handles = new Map(READ_MODELS.map((p) => [p, new Set<string>(p.handles)]));
      let through = start;
      let read = 0;
      const began = Date.now();
      let reportedAt = began;
      const report = (final: boolean) => {
        const seconds = (Date.now() - began) / 1000;
        const rate = seconds > 0 ? read / seconds : 0;
        const share = total === 0 ? 1 : Math.min(1, read / total);
        const eta = rate > 0 ? (total - read) / rate : 0;
        const figures = `${read}/${total} events (${Math.floor(share * 100)}%), ${Math.round(rate)} events/s, ETA ${clock(final ? 0 : eta)}`;
        if (io.tty && io.status) {
          const width = 30;
          const filled = Math.round(share * width);
          io.status(`replay [${"#".repeat(filled)}${".".repeat(width - filled)}] ${figures}`);
          if (final) io.status("");
        } else io.out(`replay: ${figures}`);
      };
      const flush = async () => {
        for (const projection of READ_MODELS) {
          const events = buffers.get(projection) ?? [];
          const checkpoint = checkpoints.get(projection) ?? 0;
          if (events.length === 0 && through <= checkpoint) continue;
          const result = await target.apply(projection, { events, through });
          checkpoints.set(projection, result.position);
          buffers.set(projection, []);
        }
      };
      // Once only: a second Ctrl-C finds no handler and ends the process at once, as safe as a crash.
      process.once("SIGINT", onSigint);
      process.once("SIGTERM", onSigterm);
      let reported = false;
      // Set only when a stop cut the log short: a signal after the last event changes nothing.
      let interrupted: keyof typeof STOPS | undefined;
      for await (const stored of source.readAll({ after: start })) {
        if (stoppedBy !== undefined) {
          interrupted = stoppedBy;
          break;
        }
        if (until !== undefined && Date.parse(stored.metadata.recordedAt) > until) break;
        const readable: StoredEvent = keyStore === undefined ? sealedAsErased(stored) : stored;
        for (const projection of READ_MODELS) {
          if (stored.globalPosition <= (checkpoints.get(projection) ?? 0)) continue;
          if (!handles.get(projection)?.has(stored.type)) continue;
          const projected = projectStoredEvent(readable);
          if (isLeft(projected)) throw new Error(`${projectionId(projection)}: ${projected.left.message}`);
          buffers.get(projection)?.push(projected.right);
        }
        through = stored.globalPosition;
        read += 1;
        if (read % batchSize === 0) {
          await flush();
          // A store read synchronously (SQLite) never hands the event loop a turn between events, and a
          // signal handler runs only on such a turn: without this, Ctrl-C would wait for the last event.
          await new Promise((resolve) => setImmediate(resolve));
          // Off a terminal the first line comes after the first commit, so a log (or a supervisor)
          // sees early that the replay runs and how fast; then one a second.
          if (!reported || Date.now() - reportedAt >= (io.tty ? 100 : 1_000)) {
            report(false);
            reported = true;
            reportedAt = Date.now();
          }
        }
      }
      await flush();
      report(true);
      if (interrupted !== undefined) {
        io.err(
          `privacy-ledger replay: stopped by ${interrupted}; every read model is whole up to position ${through}; run again to continue`,
        );
        return STOPS[interrupted];
      }
      io.out(
        `replayed ${read} events into ${READ_MODELS.length} read models (${READ_MODELS.map(projectionId).join(", ")}) in ${path}, up to position ${through}${untilText === undefined ? "" : ` (recorded by ${untilText})`}${keyStore === undefined ? "; personal fields null: no keys given" : ""}`,
      );
      return EXIT.ok;
    } finally {
      process.removeListener("SIGINT", onSigint);
      process.removeListener("SIGTERM", onSigterm);
      await target.close();
      await close();
    }
  } finally {
    await keyStore?.close();
  }
};
