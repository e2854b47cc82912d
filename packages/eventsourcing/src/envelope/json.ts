/** What a store can hold and hash: plain JSON, no undefined, no functions, no non-finite numbers. */
export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * Whether a value is plain JSON that survives a store round trip unchanged: plain objects and arrays,
 * finite numbers, strings, booleans, null. A Date, a Map or a class instance would be stored as
 * something else (`{}` or a string) and read back different, so they are refused.
 */
export const isJsonValue = (value: unknown): value is JsonValue => {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object": {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (const item of value) if (!isJsonValue(item)) return false;
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const key in value) {
        // An undefined member is dropped, as JSON.stringify drops it; anywhere else it is refused.
        const member = (value as Record<string, unknown>)[key];
        if (member !== undefined && !isJsonValue(member)) return false;
      }
      return true;
    }
    default:
      return false;
  }
};
