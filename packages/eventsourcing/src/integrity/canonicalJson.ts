import type { JsonValue } from "../envelope/json.js";

/**
 * Canonical JSON in the manner of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers serialised as ECMAScript's JSON.stringify does (which is what JCS
 * prescribes for both). Two stores that hold the same event produce the same bytes, whatever order
 * their JSON columns return keys in, so the hash chain is portable between stores.
 */
export const canonicalJson = (value: JsonValue): string => {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`);
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ",";
          out += canonicalJson(value[i] as JsonValue);
        }
        return `${out}]`;
      }
      const record = value as { readonly [key: string]: JsonValue };
      // Default sort compares UTF-16 code units, as RFC 8785 section 3.2.3 requires.
      const keys = Object.keys(record).sort();
      let out = "{";
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        if (!first) out += ",";
        first = false;
        out += `${JSON.stringify(key)}:${canonicalJson(member)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no form for a value of type ${typeof value}`);
  }
};
