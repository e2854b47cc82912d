import {
  EventDecodingFailed,
  type EventStore,
  erasureCatalog,
  type StoredEvent,
} from "@privacy-ledger/eventsourcing";
import { isLeft } from "fp-ts/lib/Either.js";
import { consentCatalog } from "../consent/events.js";
import { dataSubjectCatalog } from "../dataSubject/events.js";
import { subscriptionCatalog } from "../subscription/events.js";
import type { ScheduledEvent } from "./retentionEvents.js";
import {
  type RetentionSchedule,
  type RetentionScheduleOptions,
  retentionScheduleFrom,
} from "./retentionSchedule.js";

const catalogs = [subscriptionCatalog, dataSubjectCatalog, consentCatalog, erasureCatalog] as const;

/** The stored event decoded by whichever catalog knows its type, with its metadata; undefined if none does. */
const decodeForSchedule = (stored: StoredEvent): ScheduledEvent | undefined => {
  const catalog = catalogs.find((candidate) => candidate.types.includes(stored.type));
  if (catalog === undefined) return undefined;
  const decoded = catalog.decode(stored);
  if (isLeft(decoded)) throw new EventDecodingFailed(decoded.left);
  return { ...decoded.right, metadata: stored.metadata };
};

async function* scheduledEvents(store: EventStore): AsyncGenerator<ScheduledEvent> {
  for await (const stored of store.readAll()) {
    const event = decodeForSchedule(stored);
    if (event !== undefined) yield event;
  }
}

/**
 * Reads the whole store in its global order and folds the retention schedule (I/O at the edge; the fold
 * itself is pure). Pass the protected store: sealed fields are opened (or read as `Erased`), and the
 * schedule reads none of them anyway, only ids, instants and amounts.
 */
export const loadRetentionSchedule = (
  store: EventStore,
  options: RetentionScheduleOptions = {},
): Promise<RetentionSchedule> => retentionScheduleFrom(scheduledEvents(store), options);
