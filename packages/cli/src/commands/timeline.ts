import { SuppressionTokenRecorded, suppressionToken } from "@privacy-ledger/domain";
import { blindIndex, type EventStore, type JsonValue } from "@privacy-ledger/eventsourcing";
import type { SqliteKeyStore } from "@privacy-ledger/store-sqlite";
import { type Focus, isAbout } from "../about.js";
import { type ParsedArgs, parseArgs, requiredFlag, UsageError } from "../args.js";
import { decrypting, keyFlags, openKeyStore } from "../dataKeys.js";
import { describeEvent } from "../describe.js";
import { EXIT, type Io } from "../io.js";
import { shownData } from "../personalFields.js";
import { openStoreUrl } from "../storeUrl.js";

export const TIMELINE_HELP = `privacy-ledger timeline --store <url> (--subject <id | e-mail> | --incident <id> | --request <id>) [--json] [--keys <keyfile> --master-key <file>]

Every event about one data subject, breach incident or rights request, in the order of the log: when it
happened, who acted (actor id and roles), the policy clauses it applies, its type and what it decided.
A subject's events are its DataSubject, Consent and erasure streams and every event elsewhere that names
its id in a subject field (a subscription's user, an invoice's billing contact, …).

Without keys personal fields show as [encrypted]. With the SQLite key file (e.g. ledger.keys.db) and the
file holding its 32-byte master key (raw, hex or base64) they are decrypted, or show as [erased] once
their key was destroyed. --subject also takes an e-mail address, found through the key store's blind
index (and the suppression list's tokens); that needs the keys.

Store URLs: sqlite:<path>, postgres://user@host:5432/db[?schema=name], esdb://host:2113?tls=false`;

/** Exactly one of --subject, --incident, --request. */
const focusOf = (args: ParsedArgs): Focus => {
  const given = (["subject", "incident", "request"] as const).flatMap((kind) => {
    const id = args.flags.get(kind);
    return id === undefined ? [] : [{ kind, id }];
  });
  const [focus, other] = given;
  if (focus === undefined || other !== undefined)
    throw new UsageError("give exactly one of --subject, --incident or --request");
  return focus;
};

/**
 * The subject ids an e-mail address belongs to: the blind index ("email" entries), then the tokens of
 * the suppression list (SuppressionTokenRecorded holds the token and the subject id in clear).
 */
const subjectsByEmail = async (
  email: string,
  keyStore: SqliteKeyStore,
  store: EventStore,
): Promise<readonly string[]> => {
  const found = new Set((await blindIndex(keyStore).find("email", email)).map((ref) => ref.subjectId));
  if (found.size > 0) return [...found];
  const token = suppressionToken(await keyStore.blindIndexKey(), email);
  for await (const event of store.readAll())
    if (event.type === SuppressionTokenRecorded.type) {
      const data = event.data as { readonly token?: unknown; readonly subjectId?: unknown };
      if (data.token === token && typeof data.subjectId === "string") found.add(data.subjectId);
    }
  return [...found];
};

export interface TimelineEntry {
  readonly position: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: { readonly id: string; readonly roles: readonly string[] };
  readonly clauses: readonly string[];
  readonly type: string;
  readonly description: string;
  readonly data: JsonValue;
}

export const timeline = async (argv: readonly string[], io: Io): Promise<number> => {
  const args = parseArgs(argv, {
    flags: ["store", "subject", "incident", "request", "keys", "master-key"],
    switches: ["help", "json"],
  });
  if (args.switches.has("help")) {
    io.out(TIMELINE_HELP);
    return EXIT.ok;
  }
  const url = requiredFlag(args, "store");
  let focus = focusOf(args);
  const keys = keyFlags(args);
  const byEmail = focus.kind === "subject" && focus.id.includes("@");
  if (byEmail && keys === undefined)
    throw new UsageError(
      "--subject <e-mail> is looked up through the blind index: give --keys and --master-key",
    );
  const keyStore = keys === undefined ? undefined : openKeyStore(keys.keys, keys.masterKey);
  try {
    const { store: raw, close } = await openStoreUrl(url);
    try {
      const store = keyStore === undefined ? raw : decrypting(raw, keyStore);
      if (byEmail && keyStore !== undefined) {
        const subjects = await subjectsByEmail(focus.id, keyStore, raw);
        const [only, ...more] = subjects;
        if (only === undefined)
          throw new UsageError(`no data subject found for ${focus.id} in the blind index`);
        if (more.length > 0)
          throw new UsageError(
            `${focus.id} belongs to ${subjects.length} subjects (${subjects.join(", ")}); give the id`,
          );
        focus = { kind: "subject", id: only };
      }
      const entries: TimelineEntry[] = [];
      for await (const event of store.readAll()) {
        if (!isAbout(focus, event)) continue;
        const data = shownData(event);
        entries.push({
          position: event.globalPosition,
          streamId: event.streamId,
          streamVersion: event.streamVersion,
          occurredAt: event.metadata.occurredAt,
          recordedAt: event.metadata.recordedAt,
          actor: { id: event.metadata.actor.id, roles: event.metadata.actor.roles },
          clauses: event.metadata.clauses,
          type: event.type,
          description: describeEvent(event.type, data),
          data,
        });
      }
      if (args.switches.has("json")) {
        io.out(
          JSON.stringify(
            { [focus.kind]: focus.id, decrypted: keyStore !== undefined, events: entries },
            null,
            2,
          ),
        );
        return EXIT.ok;
      }
      io.out(
        `timeline of ${focus.kind} ${focus.id}: ${entries.length} event${entries.length === 1 ? "" : "s"}${keyStore === undefined ? " (personal fields encrypted: no keys given)" : ""}`,
      );
      for (const entry of entries)
        io.out(
          `${entry.occurredAt}  ${entry.actor.id} [${entry.actor.roles.join(", ")}]  ${entry.clauses.join(" ") || "-"}  ${entry.type}: ${entry.description}`,
        );
      return EXIT.ok;
    } finally {
      await close();
    }
  } finally {
    await keyStore?.close();
  }
};
