import { policyPersonalFields } from "@privacy-ledger/domain";
import {
  isErased,
  type JsonValue,
  type PersonalFieldSpec,
  type StoredEvent,
} from "@privacy-ledger/eventsourcing";

/** How a personal field reads without the keys, and once its key was destroyed. */
export const ENCRYPTED = "[encrypted]";
export const ERASED = "[erased]";

/** A field as stored by the protection layer: `{ "$pii": … }` in place of its value. */
const isSealed = (value: unknown): value is { readonly $pii: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value) && "$pii" in value;

/** The key id of a sealed field (format 2 "2.<kid>.<payload>", or format 1's `kid`). */
const sealedKeyId = (sealed: { readonly $pii: unknown }): string => {
  const pii = sealed.$pii;
  if (typeof pii === "string") return pii.slice(2, pii.lastIndexOf("."));
  if (typeof pii === "object" && pii !== null && typeof (pii as { kid?: unknown }).kid === "string")
    return (pii as { kid: string }).kid;
  return "unknown";
};

export interface PersonalField {
  /** Dotted path in the event's data ("name", "items.0.email"). */
  readonly path: string;
  readonly subjectId: string | undefined;
  readonly retentionClass: string;
  /** The plaintext (string or JSON), ENCRYPTED or ERASED. */
  readonly value: JsonValue;
  readonly state: "plain" | "encrypted" | "erased";
}

/** Calls `visit` with each personal field present in `data` (its parent object and key), as the catalogs mark them. */
const eachField = (
  data: JsonValue,
  specs: readonly PersonalFieldSpec[],
  visit: (parent: Record<string, JsonValue>, key: string, spec: PersonalFieldSpec, path: string) => void,
): void => {
  for (const spec of specs) {
    const walk = (node: JsonValue | undefined, depth: number, path: readonly string[]): void => {
      if (typeof node !== "object" || node === null) return;
      const segment = spec.path[depth] as string;
      if (segment === "*") {
        if (Array.isArray(node))
          for (const [i, item] of node.entries()) walk(item, depth + 1, [...path, String(i)]);
        return;
      }
      if (Array.isArray(node)) return;
      const record = node as Record<string, JsonValue>;
      if (depth === spec.path.length - 1) {
        if (record[segment] !== undefined) visit(record, segment, spec, [...path, segment].join("."));
        return;
      }
      walk(record[segment], depth + 1, [...path, segment]);
    };
    walk(data, 0, []);
  }
};

const stateOf = (value: unknown): PersonalField["state"] =>
  isSealed(value) ? "encrypted" : isErased(value) ? "erased" : "plain";

/** The personal fields of a stored event (read with keys or without), with what each reads as. */
export const personalFieldsOfEvent = (event: StoredEvent): readonly PersonalField[] => {
  const fields: PersonalField[] = [];
  eachField(event.data, policyPersonalFields(event.type, event.schemaVersion), (parent, key, spec, path) => {
    const raw = parent[key];
    const state = stateOf(raw);
    const subject = parent[spec.marking.subject];
    fields.push({
      path,
      subjectId: typeof subject === "string" ? subject : undefined,
      retentionClass: spec.marking.retention,
      value: state === "plain" ? (raw as JsonValue) : state === "encrypted" ? ENCRYPTED : ERASED,
      state,
    });
  });
  return fields;
};

/**
 * A copy of the event's data for display: each personal field is its plaintext, ENCRYPTED (read without
 * the keys) or ERASED (its key destroyed); nothing sealed or marker-shaped is shown.
 */
export const shownData = (event: StoredEvent): JsonValue => {
  const data = structuredClone(event.data);
  eachField(data, policyPersonalFields(event.type, event.schemaVersion), (parent, key) => {
    const state = stateOf(parent[key]);
    if (state === "encrypted") parent[key] = ENCRYPTED;
    else if (state === "erased") parent[key] = ERASED;
  });
  return data;
};

/**
 * The event with every sealed field read as `Erased` (its key id kept): what a projection can decode
 * when no keys were given. Read models then hold null for those fields, as for erased data.
 */
export const sealedAsErased = (event: StoredEvent): StoredEvent => {
  const specs = policyPersonalFields(event.type, event.schemaVersion);
  if (specs.length === 0) return event;
  const data = structuredClone(event.data);
  eachField(data, specs, (parent, key) => {
    const value = parent[key];
    if (isSealed(value)) parent[key] = { kind: "Erased", keyId: sealedKeyId(value) };
  });
  return { ...event, data };
};

/** Shown in place of a personal field of someone else in an event about a subject (Art. 15(4)). */
export const ANOTHER_PERSON = "[another person]";

/** `shownData`, with the personal fields of every other subject withheld: what a subject's own copy shows. */
export const shownDataFor = (event: StoredEvent, subjectId: string): JsonValue => {
  const data = shownData(event);
  eachField(data, policyPersonalFields(event.type, event.schemaVersion), (parent, key, spec) => {
    if (parent[spec.marking.subject] !== subjectId) parent[key] = ANOTHER_PERSON;
  });
  return data;
};
