import { createCipheriv, randomBytes } from "node:crypto";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  isSealedField,
  openField,
  SealedFieldCodec,
  type SealedFieldV1,
  type SealedFieldV2,
  sealedKeyId,
  sealedPartial,
  sealField,
} from "./fieldCipher.js";

const key = randomBytes(32);
const context = { eventId: "e-1", fieldPath: "email", keyId: "k-1", key };

/** The nonce, ciphertext and tag of a format-2 field. */
const partsOf = (sealed: SealedFieldV2) => {
  const blob = Buffer.from(sealed.$pii.slice(sealed.$pii.lastIndexOf(".") + 1), "base64");
  return { iv: blob.subarray(0, 12), ct: blob.subarray(12, -16), tag: blob.subarray(-16) };
};
const repack = (sealed: SealedFieldV2, parts: { iv: Buffer; ct: Buffer; tag: Buffer }): SealedFieldV2 => ({
  ...sealed,
  $pii: `2.${sealedKeyId(sealed)}.${Buffer.concat([parts.iv, parts.ct, parts.tag]).toString("base64")}`,
});

/**
 * A field as format 1 wrote it (before format 2): encrypted here exactly as the format-1 writer did,
 * with its associated data spelled out, so the test does not lean on the code under test to make it.
 */
const sealV1 = (value: unknown, ctx: typeof context, partial?: string): SealedFieldV1 => {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ctx.key, iv);
  cipher.setAAD(
    Buffer.from(
      JSON.stringify([
        "privacy-ledger/pii@1",
        ctx.eventId,
        ctx.fieldPath,
        ctx.keyId,
        JSON.stringify(partial ?? null),
      ]),
    ),
  );
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  const pii = {
    v: 1 as const,
    alg: "A256GCM" as const,
    kid: ctx.keyId,
    iv: iv.toString("base64"),
    ct: ct.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
  };
  return { $pii: partial === undefined ? pii : { ...pii, partial } };
};

describe("field cipher (AES-256-GCM)", () => {
  it("round-trips any JSON value, with a fresh nonce each time", () => {
    const value = { street: "Dorpsstraat 1", n: [1, 2] };
    const a = sealField(value, context);
    const b = sealField(value, context);
    expect(partsOf(a).iv).toHaveLength(12);
    expect(partsOf(a).tag).toHaveLength(16);
    expect(partsOf(a).iv.equals(partsOf(b).iv)).toBe(false);
    expect(partsOf(a).ct.equals(partsOf(b).ct)).toBe(false);
    expect(openField(a, context)).toEqual(value);
  });

  it("never hands out the same nonce twice, across refills of its pool of random bytes", () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 2_000; i++) nonces.add(partsOf(sealField(i, context)).iv.toString("hex"));
    expect(nonces.size).toBe(2_000);
  });

  it("stores format 2: one string naming the key, the partial value beside it; the codec accepts it", () => {
    const sealed = sealField("jan@example.nl", { ...context, keyId: "key.with.dots" }, "nl");
    expect(sealed.$pii).toMatch(/^2\.key\.with\.dots\.[A-Za-z0-9+/]+=*$/);
    expect(sealedKeyId(sealed)).toBe("key.with.dots");
    expect(sealedPartial(sealed)).toBe("nl");
    expect(isSealedField(sealed)).toBe(true);
    expect(isRight(SealedFieldCodec.decode(sealed))).toBe(true);
    expect(isSealedField({ $pii: "2." })).toBe(false);
    expect(isSealedField({ $pii: "3.k.AAAA" })).toBe(false);
    expect(isSealedField({ $pii: "jan@example.nl" })).toBe(false);
  });

  it("still opens format 1 fields (the format written before), partial value included", () => {
    const plain = sealV1("jan@example.nl", context);
    expect(isSealedField(plain)).toBe(true);
    expect(isRight(SealedFieldCodec.decode(plain))).toBe(true);
    expect(sealedKeyId(plain)).toBe("k-1");
    expect(openField(plain, context)).toBe("jan@example.nl");
    const withPartial = sealV1("1984-07-12", context, "1984");
    expect(sealedPartial(withPartial)).toBe("1984");
    expect(openField(withPartial, context)).toBe("1984-07-12");
    expect(openField({ $pii: { ...withPartial.$pii, partial: "1999" } }, context)).toBeUndefined();
    expect(openField(plain, { ...context, fieldPath: "name" })).toBeUndefined();
    const shortTag = Buffer.from(plain.$pii.tag, "base64").subarray(0, 4).toString("base64");
    expect(openField({ $pii: { ...plain.$pii, tag: shortTag } }, context)).toBeUndefined();
  });

  it("fails to open under another event id, field path, key id or key", () => {
    const sealed = sealField("jan@example.nl", context);
    expect(openField(sealed, { ...context, eventId: "e-2" })).toBeUndefined();
    expect(openField(sealed, { ...context, fieldPath: "name" })).toBeUndefined();
    expect(openField(sealed, { ...context, keyId: "k-2" })).toBeUndefined();
    expect(openField(sealed, { ...context, key: randomBytes(32) })).toBeUndefined();
  });

  it("fails to open a changed ciphertext, nonce or tag, or a shortened tag", () => {
    const sealed = sealField("jan@example.nl", context);
    const parts = partsOf(sealed);
    const flipped = (b: Buffer) => Buffer.from(b.map((byte, i) => (i === 0 ? byte ^ 1 : byte)));
    expect(openField(repack(sealed, { ...parts, ct: flipped(parts.ct) }), context)).toBeUndefined();
    expect(openField(repack(sealed, { ...parts, iv: flipped(parts.iv) }), context)).toBeUndefined();
    expect(openField(repack(sealed, { ...parts, tag: flipped(parts.tag) }), context)).toBeUndefined();
    // A 4-byte tag: the blob is 12 bytes shorter, so the last 16 bytes are no longer the tag.
    expect(openField(repack(sealed, { ...parts, tag: parts.tag.subarray(0, 4) }), context)).toBeUndefined();
    expect(openField({ $pii: "2.k-1.AAAA" }, context)).toBeUndefined();
  });

  it("keeps the declared partial value in clear text beside the ciphertext, authenticated with it", () => {
    const sealed = sealField("1984-07-12", context, "1984");
    expect(sealed.partial).toBe("1984");
    expect(openField(sealed, context)).toBe("1984-07-12");
    expect(openField({ ...sealed, partial: "1999" }, context)).toBeUndefined();
    const { partial: _dropped, ...withoutPartial } = sealed;
    expect(openField(withoutPartial, context)).toBeUndefined();
  });
});
