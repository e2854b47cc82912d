import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { isLeft } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { COMPANY_ACTIVITIES } from "../testing/companyRegister.js";
import {
  ceo,
  contactRegistered,
  cto,
  dataSubject,
  disclosedToHosting,
  received,
  SUBJECT,
  staff,
  verified,
} from "../testing/dataSubjectFixtures.js";
import type {
  PlaceLegalHold,
  RecordDisclosure,
  RegisterBusinessContact,
  RegisterTrainingParticipant,
  SendTrainingMessage,
} from "./commands.js";
import { BusinessContactRegistered, type DataSubjectEvent } from "./events.js";

const spec = deciderSpecification(dataSubject);

const registerParticipant = (
  fields: Partial<RegisterTrainingParticipant> = {},
): RegisterTrainingParticipant => ({
  kind: "RegisterTrainingParticipant",
  actor: staff,
  subjectId: SUBJECT,
  trainingId: "trn-2026-03",
  trainingDate: "2026-03-12",
  activityId: COMPANY_ACTIVITIES.training.activityId,
  legalBasis: { kind: "contract" },
  name: "Anna de Vries",
  email: "anna@acme.example",
  ...fields,
});
const participantRegistered = (
  command: RegisterTrainingParticipant = registerParticipant(),
): DataSubjectEvent => ({
  type: "TrainingParticipantRegistered",
  data: {
    subjectId: command.subjectId,
    trainingId: command.trainingId,
    trainingDate: command.trainingDate,
    activityId: command.activityId,
    purpose: "training.organisation",
    legalBasis: command.legalBasis,
    name: command.name,
    ...(command.email === undefined ? {} : { email: command.email }),
  },
});
const send = (fields: Partial<SendTrainingMessage> = {}): SendTrainingMessage => ({
  kind: "SendTrainingMessage",
  actor: staff,
  subjectId: SUBJECT,
  trainingId: "trn-2026-03",
  message: "invitation",
  sentAt: "2026-02-01T09:00:00Z",
  ...fields,
});
const registerContact = (fields: Partial<RegisterBusinessContact> = {}): RegisterBusinessContact => {
  const { type: _type, data } = contactRegistered as Extract<
    DataSubjectEvent,
    { type: "BusinessContactRegistered" }
  >;
  const { purpose: _purpose, ...rest } = data;
  return {
    kind: "RegisterBusinessContact",
    actor: staff,
    ...(rest as Omit<RegisterBusinessContact, "kind" | "actor">),
    ...fields,
  };
};
const disclose = (fields: Partial<RecordDisclosure> = {}): RecordDisclosure => ({
  kind: "RecordDisclosure",
  actor: staff,
  subjectId: SUBJECT,
  recipient: { kind: "processor", processorId: "proc-hosting" },
  dataCategories: ["name", "businessEmail"],
  disclosedAt: "2026-01-10T10:00:00Z",
  activityId: "act-relationship",
  purpose: "relationship.management",
  subjectCategory: "businessContact",
  ...fields,
});
const hold = (fields: Partial<PlaceLegalHold> = {}): PlaceLegalHold => ({
  kind: "PlaceLegalHold",
  actor: cto,
  subjectId: SUBJECT,
  holdId: "hold-1",
  retentionClass: "relationship",
  reason: "case-2026-014 invoice dispute",
  placedAt: "2026-02-01T09:00:00Z",
  ...fields,
});

describe("DataSubject, P1.C: training participants", () => {
  it("P1.C.1, INV-01: a participant is registered under the registered training activity", () =>
    spec.given([]).when(registerParticipant()).thenEvents([participantRegistered()]));

  it("P1.C.1, INV-09: a participant without an e-mail address is registered all the same", () =>
    spec
      .given([])
      .when(registerParticipant({ email: undefined }))
      .thenEvents([participantRegistered(registerParticipant({ email: undefined }))]));

  it("P1.C.1, INV-01, Art. 30(1): an activity that is not in the register is refused", () =>
    spec
      .given([])
      .when(registerParticipant({ activityId: "act-unknown" }))
      .thenRejects({ rule: "INV-01", clause: "P2" }));

  it("P1.C.1, INV-01, Art. 6(1): a basis the activity does not rest on is refused", () =>
    spec
      .given([])
      .when(registerParticipant({ legalBasis: { kind: "legitimateInterest", liaRef: "LIA-9" } }))
      .thenRejects({ rule: "INV-01" }));

  it("P1.C.2, INV-08: invitations, materials and presentation copies go to registered participants", () =>
    spec
      .given([participantRegistered()])
      .when(send({ message: "presentationCopy" }))
      .thenEvents([
        {
          type: "TrainingMessageSent",
          data: {
            subjectId: SUBJECT,
            trainingId: "trn-2026-03",
            message: "presentationCopy",
            sentAt: "2026-02-01T09:00:00Z",
            activityId: "act-training",
            purpose: "training.organisation",
          },
        },
      ]));

  it("P1.C.2, INV-08, Art. 5(1)(b): a presentation copy for a training the person was not registered for is refused", () =>
    spec
      .given([participantRegistered()])
      .when(send({ trainingId: "trn-other", message: "presentationCopy" }))
      .thenRejects({ rule: "INV-08", clause: "P1.C.2" }));

  it("P1.C.2, INV-09: no e-mail was given, so no message can be sent by e-mail", () =>
    spec
      .given([participantRegistered(registerParticipant({ email: undefined }))])
      .when(send())
      .thenRejects({ rule: "INV-09" }));

  it("P7.c, Art. 21(1): after an objection to training communication, nothing more is sent", () =>
    spec
      .given([
        participantRegistered(),
        received("objection"),
        {
          type: "ObjectionRecorded",
          data: {
            subjectId: SUBJECT,
            requestId: "req-objection",
            processing: "trainingCommunication",
            recordedAt: "2026-01-31T09:00:00Z",
          },
        },
      ])
      .when(send())
      .thenRejects({ rule: "DS-OBJECTION", clause: "P7.c" }));

  it("P7.d, INV-42, Art. 18(2): while the person's data are restricted, no training message is sent", () =>
    spec
      .given([
        participantRegistered(),
        received("restriction"),
        verified("req-restriction"),
        {
          type: "ProcessingRestricted",
          data: {
            subjectId: SUBJECT,
            requestId: "req-restriction",
            ground: "Art. 18(1)(a)",
            retentionClasses: ["training", "relationship"],
            exceptPurpose: null,
            restrictedAt: "2026-01-31T09:00:00Z",
          },
        },
      ])
      .when(send())
      .thenRejects({ rule: "INV-42", clause: "P7.d", article: "Art. 18(2)" }));
});

describe("DataSubject, P1.E and P4.2: business contacts", () => {
  it("P1.E.1, P1.E.3, INV-01: a contact with a role is registered under legitimate interest", () =>
    spec.given([]).when(registerContact()).thenEvents([contactRegistered]));

  it("P1.E.1, INV-15: a role outside the closed set does not decode", () => {
    const { data } = contactRegistered;
    expect(isLeft(BusinessContactRegistered.codec.decode(data))).toBe(false);
    expect(isLeft(BusinessContactRegistered.codec.decode({ ...data, role: "salesLead" }))).toBe(true);
  });

  it("P2.3, INV-02, Art. 6(1)(f): relationship data without the legitimate-interest assessment are refused", () =>
    spec
      .given([])
      .when(registerContact({ legalBasis: { kind: "legitimateInterest", liaRef: " " } }))
      .thenRejects({ rule: "INV-02", clause: "P2.3" }));

  it("P4.2, INV-14: the end of the contact's employment is recorded once", () => {
    const ended: DataSubjectEvent = {
      type: "ContactEmploymentEnded",
      data: { subjectId: SUBJECT, clientOrganisationId: "org-acme", endedAt: "2026-06-30T15:00:00Z" },
    };
    spec
      .given([contactRegistered])
      .when({
        kind: "RecordContactEmploymentEnded",
        actor: staff,
        subjectId: SUBJECT,
        endedAt: "2026-06-30T15:00:00Z",
      })
      .thenEvents([ended]);
    spec
      .given([contactRegistered, ended])
      .when({
        kind: "RecordContactEmploymentEnded",
        actor: staff,
        subjectId: SUBJECT,
        endedAt: "2026-07-01T15:00:00Z",
      })
      .thenRejects({ rule: "INV-14", clause: "P4.2" });
  });
});

describe("DataSubject, P3 and Art. 19: the disclosure register", () => {
  it("P3.2, P3.3, INV-24: a disclosure to a processor under a signed agreement is recorded", () =>
    spec.given([contactRegistered]).when(disclose()).thenEvents([disclosedToHosting]));

  it("P3.2, INV-24, Art. 28(1): a disclosure to a processor that is not registered is refused", () =>
    spec
      .given([contactRegistered])
      .when(disclose({ recipient: { kind: "processor", processorId: "proc-unknown" } }))
      .thenRejects({ rule: "INV-24", clause: "P3.2" }));

  it("P3.1, INV-24, Art. 29: a partner without a confidentiality commitment gets nothing", () =>
    spec
      .given([contactRegistered])
      .when(disclose({ recipient: { kind: "partner", partnerOrganisation: "Reseller B.V." } }))
      .thenRejects({ rule: "INV-24", clause: "P3.1" }));

  it("P3.1, INV-01: a category the activity does not list cannot be disclosed", () =>
    spec
      .given([contactRegistered])
      .when(disclose({ dataCategories: ["homeAddress"] }))
      .thenRejects({ rule: "INV-01" }));
});

describe("DataSubject, P1.E.4: relationship data and direct marketing", () => {
  it("P1.E.4, INV-01, Art. 5(1)(b): relationship data cannot be passed on for direct marketing (no such purpose is registered for them)", () =>
    spec
      .given([contactRegistered])
      .when(
        disclose({
          recipient: { kind: "employees" },
          purpose: "marketing.direct",
          dataCategories: ["businessEmail"],
        }),
      )
      .thenRejects({ rule: "INV-01", clause: "P2" }));
});

describe("DataSubject, P4, Art. 17(3)(e): legal holds", () => {
  it("P4.1: the CTO places a legal hold with its reason", () =>
    spec
      .given([contactRegistered])
      .when(hold())
      .thenEvents([
        {
          type: "LegalHoldPlaced",
          data: {
            subjectId: SUBJECT,
            holdId: "hold-1",
            retentionClass: "relationship",
            reason: "case-2026-014 invoice dispute",
            placedAt: "2026-02-01T09:00:00Z",
          },
        },
      ]));

  it("P4.1, INV-28: a legal hold without a reason is refused", () =>
    spec
      .given([contactRegistered])
      .when(hold({ reason: "" }))
      .thenRejects({ rule: "INV-28", clause: "P4.1" }));

  it("P4.1, D6: an employee cannot place a legal hold; the CEO can", () => {
    spec
      .given([contactRegistered])
      .when(hold({ actor: staff }))
      .thenRejects({ rule: "DS-ROLE" });
    spec
      .given([contactRegistered])
      .when(hold({ actor: ceo }))
      .thenEvents([
        {
          type: "LegalHoldPlaced",
          data: {
            subjectId: SUBJECT,
            holdId: "hold-1",
            retentionClass: "relationship",
            reason: "case-2026-014 invoice dispute",
            placedAt: "2026-02-01T09:00:00Z",
          },
        },
      ]);
  });
});
