import { createHash } from "node:crypto";
import type { NewEvent } from "@privacy-ledger/eventsourcing";

/**
 * Deterministic, realistically sized events (about 475 bytes of data + metadata JSON), built one batch
 * at a time next to the append loop, so that an append scenario's RSS is the store's and not a
 * 100k-event fixture's. Building them is kept out of the timings (see `Stopwatch`).
 */

/** The five event types of the fixture, in the order events cycle through them. */
export const EVENT_TYPES = [
  "ConsentGiven",
  "ConsentWithdrawn",
  "AccessRequested",
  "DataExported",
  "RetentionApplied",
];
const PURPOSES = ["newsletter", "billing", "support", "analytics", "fraud-prevention", "research"];
const BASES = ["consent", "contract", "legal-obligation", "legitimate-interest"];
const CATEGORIES = [["contact"], ["contact", "billing"], ["usage", "device"], ["contact", "health"]];
const CLAUSES = [["P3.2"], ["P8.6", "P3.2"], ["P5.1"], ["P8.6", "P9.1", "P3.2"]];
const ROLES = [["dpo"], ["operator", "support"], ["system"]];
const OCCURRED_BASE = Date.parse("2026-01-01T00:00:00.000Z");

/** 32 bytes of base64 "ciphertext", the way a sealed personal-data field sits in an event. */
const SEALED = Array.from({ length: 64 }, (_, i) =>
  createHash("sha256").update(`sealed:${i}`).digest("base64"),
);

const pick = <T>(values: readonly T[], i: number): T => values[i % values.length] as T;

/** An RFC 4122-shaped id from a counter: unique per event, no hashing in the timed loop. */
export const uuidOf = (n: number, salt: number): string =>
  `${(n >>> 0).toString(16).padStart(8, "0")}-${salt.toString(16).padStart(4, "0")}-4000-8000-${n.toString(16).padStart(12, "0")}`;

export const eventAt = (i: number): NewEvent => ({
  id: uuidOf(i, 1),
  type: pick(EVENT_TYPES, i),
  schemaVersion: 1,
  data: {
    subjectRef: `subject-${(i * 2654435761) >>> 0}`,
    purpose: pick(PURPOSES, i),
    lawfulBasis: pick(BASES, i >> 2),
    categories: pick(CATEGORIES, i >> 1),
    retentionDays: 365 + (i % 30),
    channel: "web-form",
    sealed: pick(SEALED, i),
  },
  metadata: {
    actor: { id: `actor-${i % 50}`, roles: pick(ROLES, i) },
    correlationId: uuidOf(i, 2),
    causationId: uuidOf(i, 3),
    occurredAt: new Date(OCCURRED_BASE + i * 1000).toISOString(),
    clauses: pick(CLAUSES, i >> 3),
  },
});

/** Events `first` .. `first + count - 1`, as one append batch. */
export const batchAt = (first: number, count: number): NewEvent[] => {
  const events = new Array<NewEvent>(count);
  for (let k = 0; k < count; k++) events[k] = eventAt(first + k);
  return events;
};

/** Stream ids `stream-0000` ..: batch b goes to stream b mod streams, so every stream gets its share. */
export const streamIds = (streams: number): string[] =>
  Array.from({ length: streams }, (_, s) => `stream-${String(s).padStart(4, "0")}`);

/** Average bytes of data + metadata JSON per event, as stored (recordedAt included). */
export const averageEventBytes = (sample = 1_000): number => {
  const recordedAt = new Date().toISOString();
  let bytes = 0;
  for (let i = 0; i < sample; i++) {
    const event = eventAt(i);
    bytes += Buffer.byteLength(JSON.stringify(event.data));
    bytes += Buffer.byteLength(JSON.stringify({ ...event.metadata, recordedAt }));
  }
  return bytes / sample;
};
