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
});
