import * as t from "io-ts";
import { describe, expect, it } from "vitest";
import { Subscribed } from "../../test/newsletter.js";
import { defineEvent, eventCatalog, upcaster } from "../codecs/eventCatalog.js";
import { personal, personalFieldsOf } from "./personal.js";

describe("marking personal data in codecs", () => {
  it("finds marked fields through type, partial, readonly, intersections and arrays", () => {
    const paths = personalFieldsOf(Subscribed.codec).map(
      (f) => `${f.path.join(".")}:${f.marking.subject}:${f.marking.retention}`,
    );
    expect(paths).toEqual([
      "email:subjectId:marketing",
      "name:subjectId:marketing",
      "birthDate:subjectId:marketing",
      "referrer.email:subjectId:relationship",
      "guests.*.name:subjectId:training",
    ]);
    const mixed = t.intersection([
      t.type({ a: personal(t.string, { subject: "s", retention: "r" }) }),
      t.readonly(t.partial({ b: t.string })),
    ]);
    expect(personalFieldsOf(mixed).map((f) => f.path)).toEqual([["a"]]);
  });

  it("refuses a marking inside a union, where the field to encrypt could not be known from the type", () => {
    expect(() =>
      defineEvent({
        type: "Ambiguous",
        codec: t.type({
          contact: t.union([
            t.type({ email: personal(t.string, { subject: "id", retention: "r" }), id: t.string }),
            t.null,
          ]),
        }),
      }),
    ).toThrow(/cannot be sealed/);
  });

  it("refuses markings it could not locate, rather than storing them in clear text", () => {
    const m = { subject: "id", retention: "r" };
    const cases = [
      t.type({ id: t.string, emails: t.array(personal(t.string, m)) }),
      t.type({ id: t.string, byKind: t.record(t.string, personal(t.string, m)) }),
      t.type({ id: t.string, pair: t.tuple([personal(t.string, m), t.string]) }),
      personal(t.type({ id: t.string }), m),
      t.type({ "*": t.type({ id: t.string, email: personal(t.string, m) }) }),
    ];
    for (const codec of cases)
      expect(() => defineEvent({ type: "Bad", codec: codec as never })).toThrow(/cannot be sealed/);
  });

  it("a catalog reports the personal fields of each schema version, old versions through their upcasters", () => {
    const V1 = t.type({
      subjectId: t.string,
      fullName: personal(t.string, { subject: "subjectId", retention: "contract" }),
    });
    const Registered = defineEvent({
      type: "Registered",
      schemaVersion: 2,
      codec: t.type({
        subjectId: t.string,
        name: personal(t.string, { subject: "subjectId", retention: "contract" }),
      }),
      upcasters: [upcaster(1, V1, (old) => ({ subjectId: old.subjectId, name: old.fullName }))],
    });
    const catalog = eventCatalog([Registered]);
    expect(catalog.personalFields("Registered", 2).map((f) => f.path)).toEqual([["name"]]);
    expect(catalog.personalFields("Registered", 1).map((f) => f.path)).toEqual([["fullName"]]);
    expect(catalog.personalFields("Unknown", 1)).toEqual([]);
  });

  it("the personal codec accepts the plaintext or an Erased marker, and nothing else", () => {
    const email = personal(t.string, { subject: "s", retention: "r" });
    expect(email.is("a@b.c")).toBe(true);
    expect(email.is({ kind: "Erased", keyId: "k" })).toBe(true);
    expect(email.is({ kind: "Erased" })).toBe(false);
    expect(email.is(42)).toBe(false);
  });
});
