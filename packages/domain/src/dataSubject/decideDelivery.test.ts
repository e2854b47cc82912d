import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { describe, it } from "vitest";
import { companyRegister } from "../testing/companyRegister.js";
import {
  contactRegistered,
  dataSubject,
  disclosedToHosting,
  received,
  SUBJECT,
  staff,
  verified,
} from "../testing/dataSubjectFixtures.js";
import type {
  DeliverAccessPackage,
  DeliverPortableExport,
  RecordDisclosure,
  RecordObjection,
  RectifyData,
} from "./commands.js";
import { dataSubjectDecider } from "./decide.js";
import type { DataSubjectEvent } from "./events.js";
import type { AccessPackage } from "./records.js";

const spec = deciderSpecification(dataSubject);

const fullPackage: AccessPackage = {
  purposes: ["relationship.management"],
  dataCategories: ["name", "jobTitle", "businessEmail"],
  recipients: ["processor:proc-hosting"],
  retention: [
    { retentionClass: "relationship", periodOrCriteria: "as long as you work at Acme B.V. (P4.2)" },
  ],
  rightsExplained: true,
  complaintRightStated: true,
  sources: ["your employer, Acme B.V."],
  automatedDecisionMaking: "none",
  copyIncluded: true,
};
const deliver = (fields: Partial<DeliverAccessPackage> = {}): DeliverAccessPackage => ({
  kind: "DeliverAccessPackage",
  actor: staff,
  subjectId: SUBJECT,
  requestId: "req-access",
  at: "2026-02-02T10:00:00Z",
  package: fullPackage,
  ...fields,
});
const accessGiven: readonly DataSubjectEvent[] = [
  contactRegistered,
  disclosedToHosting,
  received("access"),
  verified("req-access"),
];

const exportData = (fields: Partial<DeliverPortableExport> = {}): DeliverPortableExport => ({
  kind: "DeliverPortableExport",
  actor: staff,
  subjectId: SUBJECT,
  requestId: "req-portability",
  at: "2026-02-02T10:00:00Z",
  format: "json",
  dataCategories: ["name", "email"],
  ...fields,
});
const trainingOnContract: DataSubjectEvent = {
  type: "TrainingParticipantRegistered",
  data: {
    subjectId: SUBJECT,
    trainingId: "trn-1",
    trainingDate: "2026-01-15",
    activityId: "act-training",
    purpose: "training.organisation",
    legalBasis: { kind: "contract" },
    name: "Anna de Vries",
    email: "anna@acme.example",
  },
};

const rectify = (corrections: RectifyData["corrections"]): RectifyData => ({
  kind: "RectifyData",
  actor: staff,
  subjectId: SUBJECT,
  requestId: "req-rectification",
  at: "2026-02-02T10:00:00Z",
  corrections,
});

const object = (fields: Partial<RecordObjection> = {}): RecordObjection => ({
  kind: "RecordObjection",
  actor: staff,
  subjectId: SUBJECT,
  requestId: "req-objection",
  at: "2026-02-02T10:00:00Z",
  processing: "relationshipManagement",
  ...fields,
});

describe("DataSubject, P7.a, Art. 15: the access package", () => {
  it("P7.a, INV-40, Art. 15(1)(a)-(h): a complete package naming every recipient is delivered", () =>
    spec
      .given(accessGiven)
      .when(deliver())
      .thenEvents([
        {
          type: "AccessPackageDelivered",
          data: {
            subjectId: SUBJECT,
            requestId: "req-access",
            deliveredAt: "2026-02-02T10:00:00Z",
            package: fullPackage,
          },
        },
      ]));

  it("P7.a, INV-39, Art. 12(6): no data leave before the identity is verified", () =>
    spec
      .given([contactRegistered, disclosedToHosting, received("access")])
      .when(deliver())
      .thenRejects({ rule: "INV-39", clause: "P7.a" }));

  it("P7.a, INV-40, Art. 15(1)(c): a package that omits a recipient of the disclosure register is refused", () =>
    spec
      .given(accessGiven)
      .when(deliver({ package: { ...fullPackage, recipients: [] } }))
      .thenRejects({ rule: "INV-40", article: "Art. 15(1)(c)" }));

  it("P7.a, INV-40, Art. 15(1)(d), (h): a package without storage periods or a word on automated decisions is refused", () =>
    spec
      .given(accessGiven)
      .when(deliver({ package: { ...fullPackage, retention: [], automatedDecisionMaking: "" } }))
      .thenRejects({ rule: "INV-40", article: "Art. 15(1)" }));

  it("P7.a: an access package does not answer an erasure request", () =>
    spec
      .given([contactRegistered, received("erasure"), verified("req-erasure")])
      .when(deliver({ requestId: "req-erasure" }))
      .thenRejects({ rule: "DS-RIGHT" }));
});

describe("DataSubject, Art. 20: portability", () => {
  it("Art. 20(1), INV-41: data the person provided under contract leave as JSON", () =>
    spec
      .given([trainingOnContract, received("portability"), verified("req-portability")])
      .when(exportData())
      .thenEvents([
        {
          type: "PortableExportDelivered",
          data: {
            subjectId: SUBJECT,
            requestId: "req-portability",
            deliveredAt: "2026-02-02T10:00:00Z",
            format: "json",
            dataCategories: ["name", "email"],
          },
        },
      ]));

  it("Art. 20(1)(a), INV-41: relationship data held under legitimate interest are not portable", () =>
    spec
      .given([contactRegistered, received("portability"), verified("req-portability")])
      .when(exportData({ dataCategories: ["businessEmail"] }))
      .thenRejects({ rule: "INV-41", article: "Art. 20(1)(a)" }));

  it("Art. 20, INV-39: nothing is exported before the identity is verified", () =>
    spec
      .given([trainingOnContract, received("portability")])
      .when(exportData())
      .thenRejects({ rule: "INV-39" }));
});

describe("DataSubject, P7.b, Art. 16: rectification", () => {
  it("P7.b, Art. 16: a corrected job title is recorded, sealed like the original", () =>
    spec
      .given([contactRegistered, received("rectification"), verified("req-rectification")])
      .when(rectify({ contactJobTitle: "Head of IT" }))
      .thenEvents([
        {
          type: "PersonalDataRectified",
          data: {
            subjectId: SUBJECT,
            requestId: "req-rectification",
            rectifiedAt: "2026-02-02T10:00:00Z",
            dataCategories: ["jobTitle"],
            contactJobTitle: "Head of IT",
          },
        },
      ]));

  it("P7.b: training data cannot be corrected for someone who never attended a training", () =>
    spec
      .given([contactRegistered, received("rectification"), verified("req-rectification")])
      .when(rectify({ participantName: "Anna de Vries-Jansen" }))
      .thenRejects({ rule: "DS-RECTIFY", clause: "P7.b" }));

  it("P7.b, INV-39: no change for a requester whose identity is not verified", () =>
    spec
      .given([contactRegistered, received("rectification")])
      .when(rectify({ contactJobTitle: "Head of IT" }))
      .thenRejects({ rule: "INV-39" }));
});

describe("DataSubject, P7.c and P7.e, Art. 21: objection", () => {
  it("P7.c, Art. 21(1): an objection to relationship management is recorded", () =>
    spec
      .given([contactRegistered, received("objection")])
      .when(object())
      .thenEvents([
        {
          type: "ObjectionRecorded",
          data: {
            subjectId: SUBJECT,
            requestId: "req-objection",
            processing: "relationshipManagement",
            recordedAt: "2026-02-02T10:00:00Z",
          },
        },
      ]));

  it("P7.e: a request not to pass data on is an objection to disclosure, nothing else", () =>
    spec
      .given([contactRegistered, received("noDisclosure")])
      .when(object({ requestId: "req-noDisclosure", processing: "trainingCommunication" }))
      .thenRejects({ rule: "DS-RIGHT", clause: "P7.e" }));

  it("P7.e, Art. 21(1): after the objection no disclosure to a partner is recorded; staff still work with the data", () => {
    const withPartner = deciderSpecification(
      dataSubjectDecider({
        register: companyRegister([
          {
            type: "ConfidentialityCommitmentRecorded",
            data: {
              commitmentId: "cc-reseller",
              party: "partner",
              partnerOrganisation: "Reseller B.V.",
              instrument: "partner agreement 2025, art. 9",
              effectiveFrom: "2025-06-01",
            },
          },
        ]),
      }),
    );
    const objected: readonly DataSubjectEvent[] = [
      contactRegistered,
      received("noDisclosure"),
      {
        type: "ObjectionRecorded",
        data: {
          subjectId: SUBJECT,
          requestId: "req-noDisclosure",
          processing: "disclosureToPartners",
          recordedAt: "2026-02-02T10:00:00Z",
        },
      },
    ];
    const toPartner: RecordDisclosure = {
      kind: "RecordDisclosure",
      actor: staff,
      subjectId: SUBJECT,
      recipient: { kind: "partner", partnerOrganisation: "Reseller B.V." },
      dataCategories: ["name"],
      disclosedAt: "2026-02-03T10:00:00Z",
      activityId: "act-relationship",
      purpose: "relationship.management",
      subjectCategory: "businessContact",
    };
    withPartner
      .given([contactRegistered])
      .when(toPartner)
      .thenEvents([
        {
          type: "PersonalDataDisclosed",
          data: {
            subjectId: SUBJECT,
            recipientId: "partner:Reseller B.V.",
            recipientKind: "partner",
            dataCategories: ["name"],
            disclosedAt: "2026-02-03T10:00:00Z",
            activityId: "act-relationship",
            purpose: "relationship.management",
          },
        },
      ]);
    withPartner.given(objected).when(toPartner).thenRejects({ rule: "DS-OBJECTION", clause: "P7.e" });
    withPartner
      .given(objected)
      .when({ ...toPartner, recipient: { kind: "employees" } })
      .thenEvents([
        {
          type: "PersonalDataDisclosed",
          data: {
            subjectId: SUBJECT,
            recipientId: "employees",
            recipientKind: "employees",
            dataCategories: ["name"],
            disclosedAt: "2026-02-03T10:00:00Z",
            activityId: "act-relationship",
            purpose: "relationship.management",
          },
        },
      ]);
  });
});
