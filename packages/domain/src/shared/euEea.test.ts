import { describe, expect, it } from "vitest";
import { EU_EEA_COUNTRIES, EU_MEMBER_STATES, isInEu, isInEuEea, isInTerritory } from "./euEea.js";

describe("P5.1, GDPR Art. 44: the EU/EEA countries", () => {
  it("27 member states and 3 EEA EFTA states, no duplicates", () => {
    expect(EU_MEMBER_STATES).toHaveLength(27);
    expect(new Set(EU_EEA_COUNTRIES).size).toBe(30);
  });

  it("P5.1: NL, DE and Greece as ISO 'GR' are in; the UK, the US, Switzerland and 'EL' are not", () => {
    for (const code of ["NL", "DE", "GR", "IE"]) expect(isInEu(code)).toBe(true);
    for (const code of ["GB", "US", "CH", "EL", "nl", "NLD"]) expect(isInEuEea(code)).toBe(false);
  });

  it("P5.1: Norway, Iceland and Liechtenstein are EEA, not EU", () => {
    for (const code of ["NO", "IS", "LI"]) {
      expect(isInEuEea(code)).toBe(true);
      expect(isInEu(code)).toBe(false);
      expect(isInTerritory("EU", code)).toBe(false);
      expect(isInTerritory("EU/EEA", code)).toBe(true);
    }
  });
});
