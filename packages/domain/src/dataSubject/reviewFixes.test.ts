import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { describe, expect, it } from "vitest";
import { companyRegister } from "../testing/companyRegister.js";
import {
  clientAdmin,
  contactRegistered,
  cto,
  dataSubject,
  disclosedToHosting,
  receive,
  received,
  SUBJECT,
  staff,
  verified,
} from "../testing/dataSubjectFixtures.js";
import type { DataSubjectCommand, RecordDisclosure } from "./commands.js";
import { dataSubjectDecider } from "./decide.js";
import type { DataSubjectEvent } from "./events.js";
import { usageObjectionFollowUps } from "./followUps.js";

/* Rules found missing by a review of issue 5 against the code: each test shows the processing now stops. */

const spec = deciderSpecification(dataSubject);

const objected = (
  processing: "relationshipManagement" | "usageMonitoring",
  requestId = "req-objection",
): DataSubjectEvent => ({
  type: "ObjectionRecorded",
  data: { subjectId: SUBJECT, requestId, processing, recordedAt: "2026-02-02T10:00:00Z" },
});
const toStaff: RecordDisclosure = {
  kind: "RecordDisclosure",
  actor: staff,
  subjectId: SUBJECT,
  recipient: { kind: "employees" },
  dataCategories: ["name"],
  disclosedAt: "2026-02-03T10:00:00Z",
  activityId: "act-relationship",
  purpose: "relationship.management",
  subjectCategory: "businessContact",
};
const userRegistered: DataSubjectEvent = {
  type: "UserRegistered",
  data: { subjectId: SUBJECT, subscriptionId: "sub-1" },
};

describe("DataSubject, P7.c, Art. 21(1): an objection stops the processing it names", () => {
  it("P7.c, Art. 21(1): after an objection to relationship management the contact's data are not passed on for it", () =>
    spec
      .given([contactRegistered, received("objection"), objected("relationshipManagement")])
      .when(toStaff)
      .thenRejects({ rule: "DS-OBJECTION", clause: "P7.c" }));

  it("P7.c, Art. 21(1): nor collected again as a business contact", () => {
    const { purpose: _purpose, ...data } = (
      contactRegistered as Extract<DataSubjectEvent, { type: "BusinessContactRegistered" }>
    ).data;
    spec
      .given([
        contactRegistered,
        received("objection"),
        objected("relationshipManagement"),
        {
          type: "ContactEmploymentEnded",
          data: { subjectId: SUBJECT, clientOrganisationId: "org-acme", endedAt: "2026-03-01T10:00:00Z" },
        },
      ])
      .when({ kind: "RegisterBusinessContact", actor: staff, ...data } as DataSubjectCommand)
      .thenRejects({ rule: "DS-OBJECTION", clause: "P7.c" });
  });

  it("P7.c, INV-07, Art. 21(1): an objection to usage monitoring names the subscriptions that must stop it", () => {
    const events = [userRegistered, received("objection"), objected("usageMonitoring")];
    expect(usageObjectionFollowUps(events.reduce(dataSubject.evolve, dataSubject.initialState))).toEqual([
      "sub-1",
    ]);
    expect(
      usageObjectionFollowUps([userRegistered].reduce(dataSubject.evolve, dataSubject.initialState)),
    ).toEqual([]);
  });

  it("P7.c, Art. 21(1): usage monitoring is objected to only by a user", () =>
    spec
      .given([contactRegistered, received("objection")])
      .when({
        kind: "RecordObjection",
        actor: staff,
        subjectId: SUBJECT,
        requestId: "req-objection",
        at: "2026-02-02T10:00:00Z",
        processing: "usageMonitoring",
      })
      .thenRejects({ rule: "DS-RIGHT", clause: "P7.c" }));
});

describe("DataSubject, P2, INV-01 and INV-02: no way around the register", () => {
  it("P1.C.1, P2.3, INV-02: a training participant on legitimate interest without its assessment is refused", () =>
    spec
      .given([])
      .when({
        kind: "RegisterTrainingParticipant",
        actor: staff,
        subjectId: SUBJECT,
        trainingId: "trn-1",
        trainingDate: "2026-03-12",
        activityId: "act-training",
        legalBasis: { kind: "legitimateInterest", liaRef: " " },
        name: "Anna de Vries",
      })
      .thenRejects({ rule: "INV-02", clause: "P2.3" }));

  it("P3.1, INV-01, Art. 30(1)(c): a disclosure names the subject category the person is in; a contact is not a user", () =>
    spec
      .given([contactRegistered])
      .when({
        ...toStaff,
        activityId: "act-user-accounts",
        purpose: "subscription.toolAccess",
        dataCategories: ["businessEmail"],
        subjectCategory: "user",
      })
      .thenRejects({ rule: "INV-01", clause: "P3.1" }));

  it("P3.1, INV-01: a person who is both a contact and a user can have user data disclosed as a user", () =>
    spec
      .given([contactRegistered, userRegistered])
      .when({
        ...toStaff,
        recipient: { kind: "processor", processorId: "proc-hosting" },
        activityId: "act-user-accounts",
        purpose: "subscription.toolAccess",
        dataCategories: ["businessEmail"],
        subjectCategory: "user",
      })
      .thenEvents([
        {
          type: "PersonalDataDisclosed",
          data: {
            subjectId: SUBJECT,
            recipientId: "processor:proc-hosting",
            recipientKind: "processor",
            dataCategories: ["businessEmail"],
            disclosedAt: "2026-02-03T10:00:00Z",
            activityId: "act-user-accounts",
            purpose: "subscription.toolAccess",
          },
        },
      ]));

  it("P7.1, INV-01, Art. 30(1): a rights request is recorded only under a registered, current rights-handling activity", () =>
    deciderSpecification(
      dataSubjectDecider({
        register: companyRegister([
          { type: "ProcessingActivityRetired", data: { activityId: "act-rights", reason: "replaced" } },
        ]),
      }),
    )
      .given([])
      .when(receive("access"))
      .thenRejects({ rule: "INV-01", clause: "P2" }));
});

describe("DataSubject, P7: the request lifecycle", () => {
  it("P1.B.1, INV-04: a client's administrator cannot link a subject to a subscription", () =>
    spec
      .given([])
      .when({ kind: "RegisterUser", actor: clientAdmin, subjectId: SUBJECT, subscriptionId: "sub-9" })
      .thenRejects({ rule: "DS-ROLE" }));

  it("P7.1, INV-37: once identity is verified, 'identity not established' is no ground to refuse", () =>
    spec
      .given([
        received("access"),
        {
          type: "IdentityNotEstablished",
          data: { subjectId: SUBJECT, requestId: "req-access", establishedAt: "2026-01-31T10:00:00Z" },
        },
        verified("req-access"),
      ])
      .when({
        kind: "RefuseRequest",
        actor: cto,
        subjectId: SUBJECT,
        requestId: "req-access",
        at: "2026-02-10T10:00:00Z",
        ground: "identityNotEstablished",
        reasons: "No proof",
        complaintToAuthorityStated: true,
        judicialRemedyStated: true,
      })
      .thenRejects({ rule: "INV-37" }));

  it("P7.e, INV-44, Art. 19: a request not to pass data on that led to a restriction is told to every recipient", () =>
    spec
      .given([
        contactRegistered,
        disclosedToHosting,
        received("noDisclosure"),
        verified("req-noDisclosure"),
        {
          type: "ProcessingRestricted",
          data: {
            subjectId: SUBJECT,
            requestId: "req-noDisclosure",
            ground: "Art. 18(1)(d)",
            retentionClasses: ["relationship"],
            exceptPurpose: null,
            restrictedAt: "2026-02-03T10:00:00Z",
          },
        },
      ])
      .when({
        kind: "NotifyRecipients",
        actor: staff,
        subjectId: SUBJECT,
        requestId: "req-noDisclosure",
        at: "2026-02-04T10:00:00Z",
        notices: [{ recipientId: "processor:proc-hosting", notifiedAt: "2026-02-04T10:00:00Z" }],
      })
      .thenEvents([
        {
          type: "RecipientsNotified",
          data: {
            subjectId: SUBJECT,
            requestId: "req-noDisclosure",
            notices: [{ recipientId: "processor:proc-hosting", notifiedAt: "2026-02-04T10:00:00Z" }],
          },
        },
      ]));

  it("P7, DS-INPUT: a value outside a closed set (from JSON, say) is refused with its path, and never stored", () => {
    const rejection = spec
      .given([])
      .when({ ...receive("access"), channel: "letter" } as unknown as DataSubjectCommand)
      .thenRejects({ rule: "DS-INPUT" });
    expect(rejection.message).toContain("channel");
    expect(rejection.message).not.toContain("letter");
  });

  it("P7, DS-ID: a subject id that is an e-mail address is refused without being echoed", () => {
    const rejection = spec
      .given([received("access")])
      .when(receive("access", { subjectId: "anna@acme.example", requestId: "req-2" }))
      .thenRejects({ rule: "DS-ID" });
    expect(rejection.message).not.toContain("anna@acme.example");
  });
});

describe("DataSubject, P7.b, Art. 16: a user's rectification carried out in the subscription", () => {
  it("P7.b, Art. 16: the request records that the account data were corrected in the subscription", () =>
    spec
      .given([userRegistered, received("rectification"), verified("req-rectification")])
      .when({
        kind: "RectifyData",
        actor: staff,
        subjectId: SUBJECT,
        requestId: "req-rectification",
        at: "2026-02-03T10:00:00Z",
        corrections: {},
        correctedInSubscription: { subscriptionId: "sub-1", dataCategories: ["lastName"] },
      })
      .thenEvents([
        {
          type: "PersonalDataRectified",
          data: {
            subjectId: SUBJECT,
            requestId: "req-rectification",
            rectifiedAt: "2026-02-03T10:00:00Z",
            dataCategories: ["lastName"],
            correctedInSubscription: "sub-1",
          },
        },
      ]));

  it("P7.b, Art. 16: not for a subscription the person is no user of", () =>
    spec
      .given([userRegistered, received("rectification"), verified("req-rectification")])
      .when({
        kind: "RectifyData",
        actor: staff,
        subjectId: SUBJECT,
        requestId: "req-rectification",
        at: "2026-02-03T10:00:00Z",
        corrections: {},
        correctedInSubscription: { subscriptionId: "sub-other", dataCategories: ["lastName"] },
      })
      .thenRejects({ rule: "DS-RECTIFY", clause: "P7.b" }));
});
