import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  PersonalDataDisclosed,
  PROCESSING_REGISTER_STREAM,
  type ProcessingActivity,
  ProcessingActivityAmended,
  ProcessingActivityRegistered,
  ProcessorRegistered,
} from "@privacy-ledger/domain";
import type { JsonValue, StoredEvent } from "@privacy-ledger/eventsourcing";
import { isAbout } from "../about.js";
import { parseArgs, requiredFlag, UsageError } from "../args.js";
import { decrypting, openKeyStore } from "../dataKeys.js";
import { EXIT, type Io } from "../io.js";
import { personalFieldsOfEvent, shownDataFor } from "../personalFields.js";
import { openStoreUrl } from "../storeUrl.js";

export const EXPORT_HELP = `privacy-ledger export --store <url> --subject <id> --out <dir> --keys <keyfile> --master-key <file>

Writes what a data subject is owed, decrypted with the key file and its master key:
  access.json        Art. 15: the purposes, the categories of data, the recipients (the disclosure
                     register, and the categories of recipients of each activity), the retention of each
                     class, the sources, the legal bases, and a copy of the data itself (personal fields of
                     other people withheld; erased fields shown as [erased])
  access-data.csv    the copy of the personal data, one field a row
  recipients.csv     the disclosure register for this subject, one disclosure a row
  portable.json      Art. 20: the data the person provided, processed on consent or contract
  portable.csv       the same, one field a row
<dir> is created when missing; a directory that holds anything is refused, nothing is overwritten.

Store URLs: sqlite:<path>, postgres://user@host:5432/db[?schema=name], esdb://host:2113?tls=false`;

const csvCell = (value: JsonValue | undefined): string => {
  const text =
    value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const csv = (header: readonly string[], rows: readonly (readonly (JsonValue | undefined)[])[]): string =>
  `${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;

const refuseNonEmpty = (dir: string): void => {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  if (readdirSync(dir).length > 0)
    throw new UsageError(`${dir} is not empty; an export is written into an empty directory`);
};

const field = (event: StoredEvent, key: string): unknown =>
  typeof event.data === "object" && event.data !== null && !Array.isArray(event.data)
    ? (event.data as Record<string, unknown>)[key]
    : undefined;

/** The register as it stands: activities (amendments replace them whole) and processors' names. */
const readRegister = async (store: { readStream: (id: string) => AsyncIterable<StoredEvent> }) => {
  const activities = new Map<string, ProcessingActivity>();
  const processors = new Map<string, string>();
  for await (const event of store.readStream(PROCESSING_REGISTER_STREAM)) {
    if (event.type === ProcessingActivityRegistered.type || event.type === ProcessingActivityAmended.type) {
      const activity = field(event, "activity") as ProcessingActivity;
      activities.set(activity.activityId, activity);
    } else if (event.type === ProcessorRegistered.type)
      processors.set(String(field(event, "processorId")), String(field(event, "name")));
  }
  return { activities, processors };
};

export const exportSubject = async (argv: readonly string[], io: Io): Promise<number> => {
  const args = parseArgs(argv, {
    flags: ["store", "subject", "out", "keys", "master-key"],
    switches: ["help"],
  });
  if (args.switches.has("help")) {
    io.out(EXPORT_HELP);
    return EXIT.ok;
  }
  const url = requiredFlag(args, "store");
  const subjectId = requiredFlag(args, "subject");
  const out = requiredFlag(args, "out");
  const keyPath = requiredFlag(args, "keys");
  const masterKeyPath = requiredFlag(args, "master-key");
  refuseNonEmpty(out);
  const keyStore = openKeyStore(keyPath, masterKeyPath);
  try {
    const { store: raw, close } = await openStoreUrl(url);
    try {
      const store = decrypting(raw, keyStore);
      const { activities, processors } = await readRegister(store);
      const events: StoredEvent[] = [];
      for await (const event of store.readAll())
        if (isAbout({ kind: "subject", id: subjectId }, event)) events.push(event);
      if (events.length === 0) throw new UsageError(`no events about subject ${subjectId} in the store`);

      const activityIds = new Set(
        events.flatMap((event) => {
          const id = field(event, "activityId");
          return typeof id === "string" ? [id] : [];
        }),
      );
      const used = [...activityIds].flatMap((id) => {
        const activity = activities.get(id);
        return activity === undefined ? [] : [activity];
      });
      const purposes = new Set<string>(used.flatMap((activity) => activity.purposes));
      for (const event of events) {
        const purpose = field(event, "purpose");
        if (typeof purpose === "string") purposes.add(purpose);
      }
      const disclosures = events
        .filter((event) => event.type === PersonalDataDisclosed.type)
        .map((event) => {
          const d = event.data as Record<string, JsonValue>;
          const recipientId = String(d.recipientId);
          return {
            recipientKind: d.recipientKind as string,
            recipientId,
            recipientName: processors.get(recipientId.replace(/^processor:/, "")) ?? null,
            dataCategories: d.dataCategories as readonly string[],
            purpose: d.purpose as string,
            activityId: d.activityId as string,
            disclosedAt: d.disclosedAt as string,
          };
        });
      const personal = events.flatMap((event) =>
        personalFieldsOfEvent(event)
          .filter((f) => f.subjectId === subjectId)
          .map((f) => ({
            occurredAt: event.metadata.occurredAt,
            streamId: event.streamId,
            streamVersion: event.streamVersion,
            type: event.type,
            activityId: (field(event, "activityId") as string | undefined) ?? null,
            field: f.path,
            retentionClass: f.retentionClass,
            state: f.state,
            value: f.value,
            providedBy: event.metadata.actor.id === subjectId ? "you" : event.metadata.actor.id,
          })),
      );
      const sources = new Set<string>();
      for (const event of events) {
        if (personalFieldsOfEvent(event).every((f) => f.subjectId !== subjectId)) continue;
        const company = field(event, "companyName");
        sources.add(
          event.metadata.actor.id === subjectId
            ? "you, the data subject"
            : typeof company === "string"
              ? `your organisation, ${company} (recorded by our staff)`
              : `recorded by us (${event.metadata.actor.roles.join(", ") || event.metadata.actor.id})`,
        );
      }
      const classes = [...new Set(personal.map((p) => p.retentionClass))];
      const generatedAt = new Date().toISOString();
      const access = {
        kind: "Art. 15 access package",
        subjectId,
        generatedAt,
        purposes: [...purposes].sort(),
        legalBases: used.map((activity) => ({
          activityId: activity.activityId,
          name: activity.name,
          legalBasis: activity.legalBasis,
        })),
        dataCategories: [
          ...new Set([
            ...used.flatMap((a) => a.dataCategories),
            ...disclosures.flatMap((d) => d.dataCategories),
          ]),
        ].sort(),
        recipients: {
          disclosures,
          categoriesOfRecipients: [...new Set(used.flatMap((a) => a.recipientCategories))].sort(),
        },
        retention: {
          byActivity: used.map((activity) => ({ activityId: activity.activityId, ...activity.retention })),
          classesHeld: classes.map((retentionClass) => ({
            retentionClass,
            fields: personal.filter((p) => p.retentionClass === retentionClass).length,
            erased: personal.filter((p) => p.retentionClass === retentionClass && p.state === "erased")
              .length,
          })),
        },
        sources: [...sources],
        data: personal,
        records: events.map((event) => ({
          occurredAt: event.metadata.occurredAt,
          streamId: event.streamId,
          streamVersion: event.streamVersion,
          type: event.type,
          data: shownDataFor(event, subjectId),
        })),
      };
      const provided = personal.filter((p) => {
        const kind = p.activityId === null ? undefined : activities.get(p.activityId)?.legalBasis.kind;
        return p.state === "plain" && (kind === "consent" || kind === "contract");
      });
      const portable = {
        kind: "Art. 20 portable export",
        subjectId,
        generatedAt,
        note: "the personal data you provided, processed on your consent or under a contract",
        items: provided.map((p) => ({
          providedAt: p.occurredAt,
          type: p.type,
          activityId: p.activityId,
          field: p.field,
          value: p.value,
        })),
      };
      mkdirSync(out, { recursive: true });
      const write = (name: string, text: string) => writeFileSync(join(out, name), text, { flag: "wx" });
      write("access.json", `${JSON.stringify(access, null, 2)}\n`);
      write(
        "access-data.csv",
        csv(
          ["occurredAt", "type", "activityId", "field", "retentionClass", "state", "value"],
          personal.map((p) => [
            p.occurredAt,
            p.type,
            p.activityId,
            p.field,
            p.retentionClass,
            p.state,
            p.value,
          ]),
        ),
      );
      write(
        "recipients.csv",
        csv(
          [
            "disclosedAt",
            "recipientKind",
            "recipientId",
            "recipientName",
            "dataCategories",
            "purpose",
            "activityId",
          ],
          disclosures.map((d) => [
            d.disclosedAt,
            d.recipientKind,
            d.recipientId,
            d.recipientName,
            d.dataCategories.join(" "),
            d.purpose,
            d.activityId,
          ]),
        ),
      );
      write("portable.json", `${JSON.stringify(portable, null, 2)}\n`);
      write(
        "portable.csv",
        csv(
          ["providedAt", "type", "activityId", "field", "value"],
          portable.items.map((i) => [i.providedAt, i.type, i.activityId, i.field, i.value]),
        ),
      );
      io.out(
        `export of ${subjectId}: ${personal.length} personal fields (${personal.filter((p) => p.state === "erased").length} erased), ${disclosures.length} disclosures, ${provided.length} portable; written to ${out}`,
      );
      return EXIT.ok;
    } finally {
      await close();
    }
  } finally {
    await keyStore.close();
  }
};
