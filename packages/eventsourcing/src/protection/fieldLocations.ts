import type { PersonalFieldSpec } from "./personal.js";

/** One concrete occurrence of a personal field in an event's data. */
export interface FieldLocation {
  readonly parent: Record<string, unknown>;
  readonly key: string;
  /** Dotted path with concrete array indices, e.g. "participants.2.email": bound into the AAD. */
  readonly path: string;
}

/** Every occurrence of `spec` in `data` (arrays expand "*"); absent optional fields yield nothing. */
export const locateField = (data: unknown, spec: PersonalFieldSpec): FieldLocation[] => {
  const found: FieldLocation[] = [];
  const walk = (node: unknown, depth: number, trail: string[]): void => {
    if (typeof node !== "object" || node === null) return;
    const segment = spec.path[depth] as string;
    if (segment === "*") {
      if (Array.isArray(node))
        for (const [i, item] of node.entries()) walk(item, depth + 1, [...trail, String(i)]);
      return;
    }
    if (Array.isArray(node)) return;
    const record = node as Record<string, unknown>;
    if (depth === spec.path.length - 1) {
      if (record[segment] !== undefined)
        found.push({ parent: record, key: segment, path: [...trail, segment].join(".") });
      return;
    }
    walk(record[segment], depth + 1, [...trail, segment]);
  };
  if (spec.path.length > 0) walk(data, 0, []);
  return found;
};
