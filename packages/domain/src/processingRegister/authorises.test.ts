import { fold } from "@privacy-ledger/eventsourcing";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { authorises, authorisesDisclosure, type ProcessingUse, type Recipient } from "./authorises.js";
import { processingRegister } from "./decide.js";
import type { ProcessingRegisterEvent } from "./events.js";
import type { ProcessingActivity } from "./records.js";

const usage: ProcessingActivity = {
  activityId: "act-usage",
  name: "Usage monitoring",
  purposes: ["product.improve", "product.interest"],
  legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-01" },
  dataCategories: ["usageLog", "moduleOpened"],
  subjectCategories: ["user"],
  recipientCategories: [],
  retention: {
    retentionClass: "contract",
    trigger: "subscriptionEnded",
    period: { amount: 0, unit: "months" },
  },
  clauses: ["P1.B.2", "P2.3"],
};
const agreement = { reference: "DPA-1", signedAt: "2025-01-15", confidentiality: true };
const history: ProcessingRegisterEvent[] = [
  { type: "ProcessingActivityRegistered", data: { activity: usage } },
  {
    type: "ProcessingActivityRegistered",
    data: { activity: { ...usage, activityId: "act-old", purposes: ["legacy"] } },
  },
  { type: "ProcessingActivityRetired", data: { activityId: "act-old", reason: "replaced" } },
  {
    type: "ProcessorRegistered",
    data: {
      processorId: "proc-mail",
      name: "Mail B.V.",
      service: "e-mail delivery",
      country: "NL",
      agreement: null,
      activeForDisclosure: false,
      subProcessors: [],
    },
  },
  {
    type: "ProcessorRegistered",
    data: {
      processorId: "proc-host",
      name: "Host B.V.",
      service: "hosting",
      country: "NL",
      agreement,
      activeForDisclosure: true,
      subProcessors: [],
    },
  },
  {
    type: "ConfidentialityCommitmentRecorded",
    data: {
      commitmentId: "conf-partner",
      party: "partner",
      partnerOrganisation: "Partner B.V.",
      instrument: "partner agreement art. 9",
      effectiveFrom: "2024-07-01",
    },
  },
];
const state = fold(processingRegister, history);

const use: ProcessingUse = {
  activityId: "act-usage",
  purpose: "product.improve",
  legalBasisKind: "legitimateInterest",
  dataCategory: "usageLog",
  subjectCategory: "user",
};

const refusal = (result: ReturnType<typeof authorises>) => {
  if (!isLeft(result)) throw new Error("expected a refusal");
  return result.left;
};

describe("authorises, INV-01, P2, GDPR Arts. 5(1)(b), 6(1), 30(1): a use must be the registered activity's", () => {
  it("P2.3, INV-01: a use that the activity lists (purpose, basis, data and subject category) is authorised", () =>
    expect(isRight(authorises(state, use))).toBe(true));

  it.each<[string, Partial<ProcessingUse>, string]>([
    ["an unknown activity", { activityId: "act-none" }, "not in the register"],
    ["a retired activity", { activityId: "act-old", purpose: "legacy" }, "retired"],
    [
      "a purpose the activity does not list (purpose creep, Art. 5(1)(b))",
      { purpose: "marketing.direct" },
      "purpose",
    ],
    [
      "another legal basis than the activity's",
      { legalBasisKind: "contract" },
      "rests on legitimateInterest",
    ],
    ["a data category the activity does not list", { dataCategory: "businessEmail" }, "data category"],
    [
      "a subject category the activity does not list",
      { subjectCategory: "businessContact" },
      "subject category",
    ],
  ])("P2, INV-01: %s is refused", (_case, change, why) => {
    const rejection = refusal(authorises(state, { ...use, ...change }));
    expect(rejection).toMatchObject({ rule: "INV-01", clause: "P2" });
    expect(rejection.message).toContain(why);
  });
});

describe("authorisesDisclosure, INV-24, P3, GDPR Arts. 28, 29, 32(4): to whom data may go", () => {
  it.each<[string, Recipient]>([
    ["P3.3: an active processor under a signed agreement", { kind: "processor", processorId: "proc-host" }],
    [
      "P3.1: a partner bound by a recorded commitment",
      { kind: "partner", partnerOrganisation: "Partner B.V." },
    ],
  ])("INV-24, %s may receive data", (_case, recipient) =>
    expect(isRight(authorisesDisclosure(state, recipient))).toBe(true),
  );

  it.each<[string, Recipient, string]>([
    ["P3.3: a processor without a signed agreement", { kind: "processor", processorId: "proc-mail" }, "P3.3"],
    [
      "P3.2: a processor that is not in the register",
      { kind: "processor", processorId: "proc-none" },
      "P3.2",
    ],
    ["P3.1: staff while no commitment binds them", { kind: "employees" }, "P3.1"],
    ["P3.1: a partner without a commitment", { kind: "partner", partnerOrganisation: "Other B.V." }, "P3.1"],
  ])("INV-24, %s may not receive data", (_case, recipient, clause) =>
    expect(refusal(authorisesDisclosure(state, recipient))).toMatchObject({ rule: "INV-24", clause }),
  );

  it("P3.3, INV-24: a processor registered with an agreement but kept inactive may not receive data", () => {
    const inactive = fold(processingRegister, [
      ...history,
      {
        type: "ProcessingAgreementRecorded",
        data: { processorId: "proc-mail", agreement, activeForDisclosure: false },
      },
    ]);
    expect(
      refusal(authorisesDisclosure(inactive, { kind: "processor", processorId: "proc-mail" })),
    ).toMatchObject({
      rule: "INV-24",
      clause: "P3.3",
      message: "processor proc-mail is not active for disclosure",
    });
  });

  it("P3.1, INV-24: staff may receive data once the staff commitment is recorded", () => {
    const bound = fold(processingRegister, [
      ...history,
      {
        type: "ConfidentialityCommitmentRecorded",
        data: {
          commitmentId: "conf-staff",
          party: "employees",
          partnerOrganisation: null,
          instrument: "employment contract art. 12",
          effectiveFrom: "2024-01-01",
        },
      },
    ]);
    expect(isRight(authorisesDisclosure(bound, { kind: "employees" }))).toBe(true);
  });
});
