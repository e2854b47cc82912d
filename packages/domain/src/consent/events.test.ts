import { describe, expect, it } from "vitest";
import { consentCatalog } from "./events.js";

const sealed = (type: string) =>
  consentCatalog.personalFields(type, 1).map((field) => `${field.path.join(".")}:${field.marking.retention}`);

describe("Consent events: what is personal data, in which retention class", () => {
  it("P1.F.1, D4, INV-27: name and e-mail of a newsletter consent are sealed in the marketing class", () =>
    expect(sealed("ConsentGiven").sort()).toEqual(["email:marketing", "name:marketing"]));

  it("P1.F.1, P1.F.5, P1.F.7, D4: a website sign-up's name, e-mail and interests are sealed in the marketing class", () =>
    expect(sealed("WebsiteInterestRegistered").sort()).toEqual([
      "email:marketing",
      "interests:marketing",
      "name:marketing",
    ]));

  it("P1.F.1, P1.F.3, D4: a soft opt-in's name and e-mail are sealed in the marketing class", () =>
    expect(sealed("SoftOptInEstablished").sort()).toEqual(["email:marketing", "name:marketing"]));

  it("P1.F.4, INV-21, D4: the moment of an open is sealed in the marketing class", () =>
    expect(sealed("EmailOpenRecorded")).toEqual(["at:marketing"]));

  it("P1.F.3, INV-23, Art. 7(1): the evidence of consent, opt-outs, sends and suppression tokens hold no personal field and outlive the erasure", () => {
    for (const type of [
      "ConsentRequestPresented",
      "ConsentWithdrawn",
      "UnsubscribedViaLink",
      "DirectMarketingObjectionRecorded",
      "NewsletterSent",
      "SendBlocked",
      "SuppressionTokenRecorded",
    ])
      expect(sealed(type), type).toEqual([]);
  });

  it("P1.F.6, INV-20: the marking names the subject field, so the protection layer seals per (subject, marketing)", () => {
    for (const type of ["ConsentGiven", "WebsiteInterestRegistered", "SoftOptInEstablished"])
      for (const field of consentCatalog.personalFields(type, 1))
        expect(field.marking.subject).toBe("subjectId");
  });
});
