import {
  emptyRetentionSchedule,
  type InvoiceFacts,
  isRetentionEvent,
  personalDataWritten,
  policyCatalogs,
  type RetentionEntry,
  type RetentionSchedule,
  retentionPairKey,
  type ScheduledEvent,
  type SubjectFacts,
  type SubscriptionFacts,
  scheduleRetention,
} from "@privacy-ledger/domain";
import { erasureCatalog } from "@privacy-ledger/eventsourcing";
import type { PolicyEventType, ProjectedEvent } from "../../projection/policyEvents.js";
import { defineProjection } from "../../projection/projection.js";
import type { ReadModelTx } from "../../projection/readModel.js";

/**
 * One entry of the retention schedule (INV-27): the data of one retention class of one subject, how long
 * they are kept, the holds on them and whether they are gone. Computed by the domain's `scheduleRetention`
 * fold, never here. Ids, codes and instants only: hold reasons are case references (never prose about the
 * person).
 */
export type RetentionEntryRow = {
  /** `subjectId#retentionClass#generation`. */
  readonly entryKey: string;
  readonly subjectId: string;
  readonly retentionClass: string;
  readonly generation: number;
  readonly trigger: string;
  /** The last instant the data may be kept; null while `condition` holds. */
  readonly until: string | null;
  readonly condition: string | null;
  readonly basis: string;
  /** JSON list of clause ids. */
  readonly clauses: string;
  /** JSON list of `{ holdId, reason }` (Art. 17(3)(e)). */
  readonly legalHolds: string;
  readonly erased: number;
  readonly erasedAt: string | null;
};

/** (subject, class) → its current entry. */
export type CurrentEntryRow = {
  readonly subjectId: string;
  readonly retentionClass: string;
  readonly entryKey: string;
};

/** The fold's facts, kept as JSON so the handler can hand the fold exactly the part an event needs. */
export type FactsRow = { readonly id: string; readonly facts: string };

export type RetentionScheduleSchema = {
  readonly entries: RetentionEntryRow;
  readonly current: CurrentEntryRow;
  readonly subjects: FactsRow;
  readonly subscriptions: FactsRow;
  readonly invoices: FactsRow;
};

const RETENTION_TYPES = [...policyCatalogs, erasureCatalog]
  .flatMap((catalog) => catalog.types as readonly string[])
  .filter((type) => isRetentionEvent({ type, data: {} })) as PolicyEventType[];

/** Sets and maps as JSON: `{ "$set": [...] }`, `{ "$map": [[k, v], ...] }`. */
const toJson = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v instanceof Set ? { $set: [...v].sort() } : v instanceof Map ? { $map: [...v].sort() } : v,
  );
const fromJson = <T>(text: string): T =>
  JSON.parse(text, (_, v: unknown) => {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      if ("$set" in v) return new Set((v as { $set: unknown[] }).$set);
      if ("$map" in v) return new Map((v as { $map: [unknown, unknown][] }).$map);
    }
    return v;
  }) as T;

const entryRow = (entry: RetentionEntry): RetentionEntryRow => ({
  entryKey: entry.key,
  subjectId: entry.subjectId,
  retentionClass: entry.retentionClass,
  generation: entry.generation,
  trigger: entry.trigger,
  until: entry.until,
  condition: entry.condition,
  basis: entry.basis,
  clauses: JSON.stringify(entry.clauses),
  legalHolds: JSON.stringify(entry.legalHolds.map((h) => ({ holdId: h.holdId, reason: h.reason }))),
  erased: entry.erased ? 1 : 0,
  erasedAt: entry.erasedAt,
});

const entryOf = (row: RetentionEntryRow): RetentionEntry => ({
  key: row.entryKey,
  subjectId: row.subjectId,
  retentionClass: row.retentionClass as RetentionEntry["retentionClass"],
  generation: row.generation,
  trigger: row.trigger as RetentionEntry["trigger"],
  until: row.until,
  condition: row.condition,
  basis: row.basis,
  clauses: JSON.parse(row.clauses) as RetentionEntry["clauses"],
  legalHolds: JSON.parse(row.legalHolds) as RetentionEntry["legalHolds"],
  erased: row.erased === 1,
  erasedAt: row.erasedAt,
});

/** The subjects and subscriptions an event names: what the fold may read or change for it. */
const named = (event: ProjectedEvent) => {
  const data = event.data as Record<string, unknown>;
  const subjects = new Set<string>();
  const subscriptions = new Set<string>();
  for (const [field, value] of Object.entries(data)) {
    if (typeof value !== "string") continue;
    if (field === "subjectId" || field.endsWith("SubjectId")) subjects.add(value);
    if (field === "subscriptionId") subscriptions.add(value);
  }
  for (const written of personalDataWritten(event)) subjects.add(written.subjectId);
  return { subjects, subscriptions };
};

/**
 * The part of the schedule an event can touch, read from the tables: the subscriptions it names and their
 * subjects, those subjects' facts, entries and subscriptions, and the invoices of all of them. The fold
 * reads nothing else for one event (its clocks look from a subject to its subscriptions and invoices).
 */
const load = (tx: ReadModelTx<RetentionScheduleSchema>, event: ProjectedEvent): RetentionSchedule => {
  const base = empty;
  const { subjects: subjectIds, subscriptions: subscriptionIds } = named(event);
  const subscriptions = new Map<string, SubscriptionFacts>();
  const subjects = new Map<string, SubjectFacts>();
  const invoices = new Map<string, InvoiceFacts>();
  const subscription = (id: string) => {
    if (subscriptions.has(id)) return subscriptions.get(id);
    const row = tx.get("subscriptions", { id });
    if (row === undefined) return undefined;
    const facts = fromJson<SubscriptionFacts>(row.facts);
    subscriptions.set(id, facts);
    for (const key of facts.invoices) {
      const invoice = tx.get("invoices", { id: key });
      if (invoice !== undefined) invoices.set(key, fromJson<InvoiceFacts>(invoice.facts));
    }
    return facts;
  };
  for (const id of subscriptionIds) {
    const facts = subscription(id);
    if (facts === undefined) continue;
    for (const subjectId of [...facts.contractSubjects, ...facts.fiscalSubjects]) subjectIds.add(subjectId);
  }
  const entries = new Map<string, RetentionEntry>();
  const current = new Map<string, string>();
  for (const subjectId of subjectIds) {
    const row = tx.get("subjects", { id: subjectId });
    if (row !== undefined) {
      const facts = fromJson<SubjectFacts>(row.facts);
      subjects.set(subjectId, facts);
      for (const id of [...facts.contractSubscriptions, ...facts.fiscalSubscriptions]) subscription(id);
      for (const key of facts.fiscalInvoices)
        if (!invoices.has(key)) {
          const invoice = tx.get("invoices", { id: key });
          if (invoice !== undefined) invoices.set(key, fromJson<InvoiceFacts>(invoice.facts));
        }
    }
    for (const pair of tx.find("current", { subjectId })) {
      // The schedule's own key for the pair, so the restored state is what the fold itself builds.
      current.set(
        retentionPairKey(subjectId, pair.retentionClass as RetentionEntry["retentionClass"]),
        pair.entryKey,
      );
      const entry = tx.get("entries", { entryKey: pair.entryKey });
      if (entry !== undefined) entries.set(entry.entryKey, entryOf(entry));
    }
  }
  return { ...base, entries, current, subjects, subscriptions, invoices };
};

const empty = emptyRetentionSchedule();

/** Writes back what the fold replaced (it replaces changed values and keeps the others as they were). */
const store = (
  tx: ReadModelTx<RetentionScheduleSchema>,
  before: RetentionSchedule,
  after: RetentionSchedule,
) => {
  for (const [key, entry] of after.entries)
    if (before.entries.get(key) !== entry) tx.upsert("entries", entryRow(entry));
  for (const [pair, entryKey] of after.current)
    if (before.current.get(pair) !== entryKey) {
      const entry = after.entries.get(entryKey)!;
      tx.upsert("current", { subjectId: entry.subjectId, retentionClass: entry.retentionClass, entryKey });
    }
  for (const [id, facts] of after.subjects)
    if (before.subjects.get(id) !== facts) tx.upsert("subjects", { id, facts: toJson(facts) });
  for (const [id, facts] of after.subscriptions)
    if (before.subscriptions.get(id) !== facts) tx.upsert("subscriptions", { id, facts: toJson(facts) });
  for (const [id, facts] of after.invoices)
    if (before.invoices.get(id) !== facts) tx.upsert("invoices", { id, facts: toJson(facts) });
};

/**
 * The retention and erasure schedule (P4, INV-27, INV-28; read model 9): the domain's `scheduleRetention`
 * fold run one event at a time over the part of its state the event touches, kept in tables.
 */
export const retentionScheduleProjection = defineProjection<RetentionScheduleSchema, PolicyEventType>({
  name: "retention_schedule",
  version: 1,
  tables: {
    entries: {
      columns: {
        entryKey: "text",
        subjectId: "text",
        retentionClass: "text",
        generation: "integer",
        trigger: "text",
        until: "text",
        condition: "text",
        basis: "text",
        clauses: "text",
        legalHolds: "text",
        erased: "integer",
        erasedAt: "text",
      },
      key: ["entryKey"],
      indexes: [["subjectId"], ["until"]],
    },
    current: {
      columns: { subjectId: "text", retentionClass: "text", entryKey: "text" },
      key: ["subjectId", "retentionClass"],
    },
    subjects: { columns: { id: "text", facts: "text" }, key: ["id"] },
    subscriptions: { columns: { id: "text", facts: "text" }, key: ["id"] },
    invoices: { columns: { id: "text", facts: "text" }, key: ["id"] },
  },
  handles: RETENTION_TYPES,
  handle(event, tx) {
    const before = load(tx, event);
    const after = scheduleRetention(before, event as unknown as ScheduledEvent);
    store(tx, before, after);
  },
});
