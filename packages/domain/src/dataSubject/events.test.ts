import { describe, expect, it } from "vitest";
import { dataSubjectCatalog } from "./events.js";

const sealed = (type: string) =>
  dataSubjectCatalog
    .personalFields(type, 1)
    .map((field) => `${field.path.join(".")}:${field.marking.retention}`);

describe("DataSubject events: what is personal data, in which retention class", () => {
  it("P1.E.2, INV-27: a contact's name, job title, business e-mail and phone are sealed in the relationship class; the company stays in clear", () => {
    expect(sealed("BusinessContactRegistered").sort()).toEqual([
      "businessEmail:relationship",
      "businessPhone:relationship",
      "jobTitle:relationship",
      "name:relationship",
    ]);
  });

  it("P1.C.1, INV-09, INV-27: a participant's name and optional e-mail are sealed in the training class", () => {
    expect(sealed("TrainingParticipantRegistered").sort()).toEqual(["email:training", "name:training"]);
  });

  it("P7.2, INV-27, D4: what a request holds of the person (its wording, reasons given) is in the accountability class", () => {
    expect(sealed("RightsRequestReceived")).toEqual(["description:accountability"]);
    expect(sealed("DeadlineExtended")).toEqual(["reasons:accountability"]);
    expect(sealed("RequestRefused")).toEqual(["reasons:accountability"]);
  });

  it("P7.b, Art. 16: corrected values are sealed in the class of the data they correct", () => {
    expect(sealed("PersonalDataRectified").sort()).toEqual([
      "contactBusinessEmail:relationship",
      "contactBusinessPhone:relationship",
      "contactJobTitle:relationship",
      "contactName:relationship",
      "participantEmail:training",
      "participantName:training",
    ]);
  });

  it("P3, P7.b, INV-44: the disclosure register, erasure decisions and notices hold no personal field", () => {
    for (const type of [
      "PersonalDataDisclosed",
      "ErasureDecided",
      "RecipientsNotified",
      "RightsRequestClosed",
    ])
      expect(sealed(type), type).toEqual([]);
  });
});
