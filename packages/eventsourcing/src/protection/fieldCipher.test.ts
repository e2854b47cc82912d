import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openField, sealField } from "./fieldCipher.js";

const key = randomBytes(32);
const context = { eventId: "e-1", fieldPath: "email", keyId: "k-1", key };

describe("field cipher (AES-256-GCM)", () => {
  it("round-trips any JSON value, with a fresh nonce each time", () => {
    const value = { street: "Dorpsstraat 1", n: [1, 2] };
    const a = sealField(value, context);
    const b = sealField(value, context);
    expect(a.$pii.iv).not.toBe(b.$pii.iv);
    expect(a.$pii.ct).not.toBe(b.$pii.ct);
    expect(Buffer.from(a.$pii.iv, "base64")).toHaveLength(12);
    expect(openField(a, context)).toEqual(value);
  });

  it("fails to open under another event id, field path, key id or key", () => {
    const sealed = sealField("jan@example.nl", context);
    expect(openField(sealed, { ...context, eventId: "e-2" })).toBeUndefined();
    expect(openField(sealed, { ...context, fieldPath: "name" })).toBeUndefined();
    expect(openField(sealed, { ...context, keyId: "k-2" })).toBeUndefined();
    expect(openField(sealed, { ...context, key: randomBytes(32) })).toBeUndefined();
  });

  it("refuses a shortened authentication tag", () => {
    const sealed = sealField("jan@example.nl", context);
    const shortTag = Buffer.from(sealed.$pii.tag, "base64").subarray(0, 4).toString("base64");
    expect(openField({ $pii: { ...sealed.$pii, tag: shortTag } }, context)).toBeUndefined();
  });

  it("keeps the declared partial value in clear text beside the ciphertext, authenticated with it", () => {
    const sealed = sealField("1984-07-12", context, "1984");
    expect(sealed.$pii.partial).toBe("1984");
    expect(openField(sealed, context)).toBe("1984-07-12");
    expect(openField({ $pii: { ...sealed.$pii, partial: "1999" } }, context)).toBeUndefined();
  });
});
