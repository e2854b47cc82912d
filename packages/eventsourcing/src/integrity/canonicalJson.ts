import type { JsonValue } from "../envelope/json.js";

/**
 * Canonical JSON in the manner of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers serialised as ECMAScript's JSON.stringify does (which is what JCS
 * prescribes for both). Two stores that hold the same event produce the same bytes, whatever order
 * their JSON columns return keys in, so the hash chain is portable between stores.
 *
 * It runs on every append (data and metadata of each event) and on every verification of a row that
 * is checked the ordinary way, so it avoids work where the output allows: keys are sorted only when
 * they are not in order already, and a string with nothing to escape is quoted as it is. The output is
 * byte for byte that of the plain definition above.
 */
export const canonicalJson = (value: JsonValue): string => {
  switch (typeof value) {
    case "string":
      return quoteJsonString(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`);
      // String(n) is JSON.stringify(n) for every finite number (-0 included: both give "0").
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        if (value.length === 0) return "[]";
        let out = `[${canonicalJson(value[0] as JsonValue)}`;
        for (let i = 1; i < value.length; i++) out += `,${canonicalJson(value[i] as JsonValue)}`;
        return `${out}]`;
      }
      const record = value as { readonly [key: string]: JsonValue };
      const keys = sortedKeys(record);
      let out = "{";
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const member = record[key];
        if (member === undefined) continue;
        out += `${first ? "" : ","}${quoteJsonString(key)}:${canonicalJson(member)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no form for a value of type ${typeof value}`);
  }
};

/** Characters JSON.stringify writes as something else: `"`, `\`, controls, and (lone) surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it looks for.
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A string as JSON.stringify quotes it. Most strings of an event (ids, timestamps, names, base64) have
 * nothing to escape and are quoted as they are; the others go through JSON.stringify. Surrogates, even
 * paired ones, take the slow path too, so that lone ones get JSON.stringify's `\udxxx` escapes.
 */
export const quoteJsonString = (text: string): string =>
  NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;

/**
 * The keys sorted by UTF-16 code units, as RFC 8785 section 3.2.3 requires (JavaScript's `<` on strings
 * and the default sort both compare code units). Objects built in canonical order, or read back from
 * canonical JSON, are sorted already and cost one comparison a key; the few keys of an event's objects
 * are sorted by insertion, which beats the generic sort at that size.
 */
const sortedKeys = (record: object): string[] => {
  const keys = Object.keys(record);
  const count = keys.length;
  if (count > 16) return keys.sort();
  for (let i = 1; i < count; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    if (!((keys[j] as string) > key)) continue;
    do {
      keys[j + 1] = keys[j] as string;
      j -= 1;
    } while (j >= 0 && (keys[j] as string) > key);
    keys[j + 1] = key;
  }
  return keys;
};
