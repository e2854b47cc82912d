import {
  type AnyEventDefinition,
  type DomainEvent,
  type PersonalFieldSpec,
  personalFieldsOf,
} from "@privacy-ledger/eventsourcing";
import * as consentEvents from "../consent/events.js";
import * as dataSubjectEvents from "../dataSubject/events.js";
import { isRetentionClass, type RetentionClass } from "../shared/retentionClasses.js";
import * as subscriptionEvents from "../subscription/events.js";

const isDefinition = (value: unknown): value is AnyEventDefinition =>
  typeof value === "object" &&
  value !== null &&
  "type" in value &&
  "codec" in value &&
  "schemaVersion" in value;

/**
 * The personal fields of every event type of the three aggregates (Subscription, DataSubject, Consent), read from their codecs' markings (the
 * same markings the protection layer seals by). Taken from the modules' exported definitions, so an event
 * type added there is covered without a change here: INV-27 ("nothing is stored without a schedule
 * entry") follows from the markings instead of a hand-kept list.
 */
const MARKINGS: ReadonlyMap<string, readonly PersonalFieldSpec[]> = new Map(
  [...Object.values(subscriptionEvents), ...Object.values(dataSubjectEvents), ...Object.values(consentEvents)]
    .map((value): unknown => value)
    .filter(isDefinition)
    .map((definition) => [definition.type, personalFieldsOf(definition.codec)] as const)
    .filter(([, specs]) => specs.length > 0),
);

export const holdsPersonalData = (type: string): boolean => MARKINGS.has(type);

export interface PersonalDataWritten {
  readonly subjectId: string;
  readonly retentionClass: RetentionClass;
}

/** Every (subject, class) a decoded event writes personal data of: each marked field present, with its subject. */
export const personalDataWritten = (event: DomainEvent): readonly PersonalDataWritten[] => {
  const written: PersonalDataWritten[] = [];
  for (const spec of MARKINGS.get(event.type) ?? []) {
    const { subject, retention } = spec.marking;
    if (!isRetentionClass(retention)) continue;
    const walk = (node: unknown, depth: number): void => {
      if (typeof node !== "object" || node === null) return;
      const segment = spec.path[depth] as string;
      if (Array.isArray(node)) {
        if (segment === "*") for (const item of node) walk(item, depth + 1);
        return;
      }
      const record = node as Record<string, unknown>;
      if (depth < spec.path.length - 1) {
        walk(record[segment], depth + 1);
        return;
      }
      const subjectId = record[subject];
      if (record[segment] !== undefined && typeof subjectId === "string")
        written.push({ subjectId, retentionClass: retention });
    };
    walk(event.data, 0);
  }
  return written;
};
