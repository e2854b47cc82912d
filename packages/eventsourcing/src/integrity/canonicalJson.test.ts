import { describe, expect, it } from "vitest";
import type { JsonValue } from "../envelope/json.js";
import { canonicalJson } from "./canonicalJson.js";

describe("canonical JSON (RFC 8785 style)", () => {
  it("sorts object keys by UTF-16 code units at every depth, with no whitespace", () => {
    // The key set of RFC 8785 section 3.2.3.
    const value = { "\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\ud83d\ude00": 5, "\u0080": 6, "\u00f6": 7 };
    expect(canonicalJson(value)).toBe(
      '{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\ud83d\ude00":5,"\ufb33":3}',
    );
    expect(canonicalJson({ b: [{ z: 1, a: 2 }], a: null })).toBe('{"a":null,"b":[{"a":2,"z":1}]}');
  });

  it("serialises numbers as ECMAScript does, as RFC 8785 prescribes", () => {
    const numbers: [number, string][] = [
      [Number("333333333.33333329"), "333333333.3333333"],
      [1e30, "1e+30"],
      [4.5, "4.5"],
      [0.002, "0.002"],
      [1e-27, "1e-27"],
      [-0, "0"],
      [2 ** 53 - 1, "9007199254740991"],
    ];
    for (const [n, text] of numbers) expect(canonicalJson(n)).toBe(text);
  });

  it("gives the same text for the same value whatever the key order it was built in", () => {
    const a: JsonValue = { id: "x", data: { b: 1, a: [true, "é"] } };
    const b: JsonValue = { data: { a: [true, "é"], b: 1 }, id: "x" };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it("refuses values that JSON cannot hold", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => canonicalJson(undefined as unknown as JsonValue)).toThrow(TypeError);
  });

  it("gives byte for byte the text of the plain definition (sort every key list, JSON.stringify every leaf)", () => {
    const plain = (value: JsonValue): string => {
      if (value === null || typeof value !== "object") return JSON.stringify(value);
      if (Array.isArray(value)) return `[${value.map((item) => plain(item as JsonValue)).join(",")}]`;
      const record = value as { readonly [key: string]: JsonValue };
      return `{${Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => `${JSON.stringify(key)}:${plain(record[key] as JsonValue)}`)
        .join(",")}}`;
    };
    const strings = [
      "",
      "plain",
      'quo"te',
      "back\\slash",
      "tab\t",
      "\u0000nul",
      "\u001f",
      "\u007f",
      "\u2028",
      "é",
      "\ud83d\ude00",
      "lone \ud800",
      "\udc00 lone",
      "2026-11-27T10:00:00.000Z",
    ];
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${(i * 7) % 20}`, i]));
    const values: JsonValue[] = [
      ...strings,
      ...strings.map((key, i) => ({ [key]: i, z: key, a: [key] })),
      { b: 1, a: 2, "10": 3, "9": 4, "": 5, A: 6 },
      many,
      { nested: { z: [{ y: 1, x: [2, { w: null, v: true }] }], a: {} }, empty: [] },
      [0.1, -0, 1e21, 1e-7, 123456789012345680000, -5, false],
      { sorted: 1, trailing: 2, zz: { a: 1, b: 2 } },
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(plain(value));
  });
});
