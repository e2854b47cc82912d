import type { PersonalFieldSpec } from "./personal.js";

/** One concrete occurrence of a personal field in an event's data. */
export interface FieldLocation {
  readonly parent: Record<string, unknown>;
  readonly key: string;
  /** Dotted path with concrete array indices, e.g. "participants.2.email": bound into the AAD. */
  readonly path: string;
}

/** The dotted path of a spec without "*" (one location at most), or null: computed once per spec. */
const fixedPaths = new WeakMap<PersonalFieldSpec, string | null>();
const fixedPathOf = (spec: PersonalFieldSpec): string | null => {
  let path = fixedPaths.get(spec);
  if (path === undefined) {
    path = spec.path.length > 0 && !spec.path.includes("*") ? spec.path.join(".") : null;
    fixedPaths.set(spec, path);
  }
  return path;
};

const isRecord = (node: unknown): node is Record<string, unknown> =>
  typeof node === "object" && node !== null && !Array.isArray(node);

/** Every occurrence of `spec` in `data` (arrays expand "*"); absent optional fields yield nothing. */
export const locateField = (data: unknown, spec: PersonalFieldSpec): FieldLocation[] => {
  const fixed = fixedPathOf(spec);
  if (fixed !== null) {
    // The common case (no array on the way): a walk down the keys, no path to build.
    const last = spec.path.length - 1;
    let node = data;
    for (let depth = 0; depth < last; depth++) {
      if (!isRecord(node)) return [];
      node = node[spec.path[depth] as string];
    }
    const key = spec.path[last] as string;
    return isRecord(node) && node[key] !== undefined ? [{ parent: node, key, path: fixed }] : [];
  }
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
