import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { LEGAL_BASIS_ARTICLE, LEGAL_BASIS_CLAUSE, LegalBasisCodec, legalBasisDefect } from "./legalBasis.js";

describe("P2, GDPR Art. 6(1): the legal bases the policy relies on", () => {
  it("P2.1-P2.3, P1.F.3: contract, legal obligation, legitimate interest and consent decode", () => {
    for (const basis of [
      { kind: "contract" },
      { kind: "legalObligation", provision: "AWR art. 52" },
      { kind: "legitimateInterest", liaRef: "LIA-1" },
      { kind: "consent" },
    ])
      expect(isRight(LegalBasisCodec.decode(basis))).toBe(true);
  });

  it("P2: bases the policy does not claim (vital interests, public task) do not decode", () => {
    expect(isLeft(LegalBasisCodec.decode({ kind: "vitalInterests" }))).toBe(true);
    expect(isLeft(LegalBasisCodec.decode({ kind: "publicTask" }))).toBe(true);
    expect(isLeft(LegalBasisCodec.decode({ kind: "legalObligation" }))).toBe(true);
  });

  it("P2, Art. 6(1): each basis names its point of Art. 6(1) and its clause", () => {
    expect(LEGAL_BASIS_ARTICLE).toEqual({
      consent: "Art. 6(1)(a)",
      contract: "Art. 6(1)(b)",
      legalObligation: "Art. 6(1)(c)",
      legitimateInterest: "Art. 6(1)(f)",
    });
    expect(LEGAL_BASIS_CLAUSE.contract).toBe("P2.1");
  });

  it("P2.2, P2.3, INV-02: the provision and the LIA reference must be given", () => {
    expect(legalBasisDefect({ kind: "legalObligation", provision: "" })).toMatchObject({
      rule: "INV-02",
      clause: "P2.2",
    });
    expect(legalBasisDefect({ kind: "legitimateInterest", liaRef: " " })).toMatchObject({
      rule: "INV-02",
      clause: "P2.3",
    });
    expect(legalBasisDefect({ kind: "legalObligation", provision: "AWR art. 52" })).toBeUndefined();
    expect(legalBasisDefect({ kind: "contract" })).toBeUndefined();
  });
});
