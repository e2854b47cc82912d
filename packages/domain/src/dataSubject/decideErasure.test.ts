import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { describe, it } from "vitest";
import {
  contactRegistered,
  cto,
  dataSubject,
  disclosedToHosting,
  received,
  SUBJECT,
  staff,
  verified,
} from "../testing/dataSubjectFixtures.js";
import type { DecideErasure, LiftRestriction, RestrictProcessing } from "./commands.js";
import type { ErasurePlan } from "./erasurePlan.js";
import type { DataSubjectEvent } from "./events.js";
import type { DeclinedErasure } from "./records.js";

const spec = deciderSpecification(dataSubject);

const fiscalKept: DeclinedErasure = {
  retentionClass: "fiscal",
  ground: "Art. 17(3)(b)",
  provision: "AWR art. 52(4)",
  until: "2033-12-31T22:59:59.999Z",
  restrictedToPurpose: "fiscal.retention",
};
const plan: ErasurePlan = { erase: ["relationship", "contract"], declined: [fiscalKept] };
const decide = (fields: Partial<DecideErasure> = {}): DecideErasure => ({
  kind: "DecideErasure",
  actor: staff,
  subjectId: SUBJECT,
  requestId: "req-erasure",
  at: "2026-02-03T10:00:00Z",
  plan,
  ...fields,
});
const erasureGiven: readonly DataSubjectEvent[] = [
  contactRegistered,
  disclosedToHosting,
  received("erasure"),
  verified("req-erasure"),
];
const erasureDecided: DataSubjectEvent = {
  type: "ErasureDecided",
  data: {
    subjectId: SUBJECT,
    requestId: "req-erasure",
    decidedAt: "2026-02-03T10:00:00Z",
    erase: ["relationship", "contract"],
    declined: [fiscalKept],
    fiscalRetentionEndedAt: null,
  },
};
const fiscalRestricted: DataSubjectEvent = {
  type: "ProcessingRestricted",
  data: {
    subjectId: SUBJECT,
    requestId: "req-erasure",
    ground: "Art. 17(3)(b)",
    retentionClasses: ["fiscal"],
    exceptPurpose: "fiscal.retention",
    restrictedAt: "2026-02-03T10:00:00Z",
  },
};

const restrict: RestrictProcessing = {
  kind: "RestrictProcessing",
  actor: staff,
  subjectId: SUBJECT,
  requestId: "req-restriction",
  at: "2026-02-03T10:00:00Z",
  ground: "Art. 18(1)(a)",
};
const restricted: DataSubjectEvent = {
  type: "ProcessingRestricted",
  data: {
    subjectId: SUBJECT,
    requestId: "req-restriction",
    ground: "Art. 18(1)(a)",
    retentionClasses: ["contract", "fiscal", "relationship", "training", "marketing", "accountability"],
    exceptPurpose: null,
    restrictedAt: "2026-02-03T10:00:00Z",
  },
};
const lift: LiftRestriction = {
  kind: "LiftRestriction",
  actor: cto,
  subjectId: SUBJECT,
  requestId: "req-restriction",
  at: "2026-03-01T10:00:00Z",
};

describe("DataSubject, P7.b, Art. 17: erasure against retention law", () => {
  it("P7.b, INV-10, Art. 17(3)(b), AWR art. 52(4): fiscal data are kept and restricted to the tax duty, the rest is to be shredded", () =>
    spec.given(erasureGiven).when(decide()).thenEvents([erasureDecided, fiscalRestricted]));

  it("P7.b, INV-39: no erasure before the identity is verified", () =>
    spec
      .given([contactRegistered, received("erasure")])
      .when(decide())
      .thenRejects({ rule: "INV-39", clause: "P7.b" }));

  it("P1.D.3, INV-10, AWR art. 52(4): billing data are not erased while the fiscal duty runs, nor without its stated end", () => {
    spec
      .given(erasureGiven)
      .when(decide({ plan: { erase: ["fiscal", "relationship"], declined: [] } }))
      .thenRejects({ rule: "INV-10", clause: "P1.D.3" });
    spec
      .given(erasureGiven)
      .when(
        decide({
          plan: { erase: ["fiscal"], declined: [], fiscalRetentionEndedAt: "2033-12-31T22:59:59.999Z" },
        }),
      )
      .thenRejects({ rule: "INV-10", clause: "P1.D.3" });
    spec
      .given(erasureGiven)
      .when(
        decide({ plan: { erase: ["fiscal"], declined: [], fiscalRetentionEndedAt: "2026-01-01T00:00:00Z" } }),
      )
      .thenEvents([
        {
          type: "ErasureDecided",
          data: {
            subjectId: SUBJECT,
            requestId: "req-erasure",
            decidedAt: "2026-02-03T10:00:00Z",
            erase: ["fiscal"],
            declined: [],
            fiscalRetentionEndedAt: "2026-01-01T00:00:00Z",
          },
        },
      ]);
  });

  it("P7.b, INV-10: a class is either shredded or kept, never both", () =>
    spec
      .given(erasureGiven)
      .when(decide({ plan: { erase: ["fiscal"], declined: [fiscalKept] } }))
      .thenRejects({ rule: "INV-10", clause: "P7.b" }));

  it("P1.D.3, INV-10: fiscal records are kept under Art. 17(3)(b), a legal obligation", () =>
    spec
      .given(erasureGiven)
      .when(decide({ plan: { erase: [], declined: [{ ...fiscalKept, ground: "Art. 17(3)(e)" }] } }))
      .thenRejects({ rule: "INV-10", clause: "P1.D.3" }));

  it("P4.1, INV-28, Art. 17(3)(e): fiscal records past their seven years are kept under a legal hold on them", () => {
    const heldFiscal: DeclinedErasure = {
      ...fiscalKept,
      ground: "Art. 17(3)(e)" as const,
      provision: "legal hold hold-tax",
      until: null,
      restrictedToPurpose: "legal.claims",
    };
    spec
      .given([
        ...erasureGiven,
        {
          type: "LegalHoldPlaced",
          data: {
            subjectId: SUBJECT,
            holdId: "hold-tax",
            retentionClass: "fiscal",
            reason: "case-2034-002 tax audit",
            placedAt: "2026-02-01T09:00:00Z",
          },
        },
      ])
      .when(decide({ plan: { erase: ["relationship"], declined: [heldFiscal] } }))
      .thenEvents([
        {
          type: "ErasureDecided",
          data: {
            subjectId: SUBJECT,
            requestId: "req-erasure",
            decidedAt: "2026-02-03T10:00:00Z",
            erase: ["relationship"],
            declined: [heldFiscal],
            fiscalRetentionEndedAt: null,
          },
        },
        {
          type: "ProcessingRestricted",
          data: {
            subjectId: SUBJECT,
            requestId: "req-erasure",
            ground: "Art. 17(3)(e)",
            retentionClasses: ["fiscal"],
            exceptPurpose: "legal.claims",
            restrictedAt: "2026-02-03T10:00:00Z",
          },
        },
      ]);
  });

  it("P7.b, INV-10: keeping data cites the provision that requires it", () =>
    spec
      .given(erasureGiven)
      .when(decide({ plan: { erase: [], declined: [{ ...fiscalKept, provision: "" }] } }))
      .thenRejects({ rule: "INV-10" }));

  it("P4.1, INV-28, Art. 17(3)(e): a class under a legal hold is not shredded", () =>
    spec
      .given([
        ...erasureGiven,
        {
          type: "LegalHoldPlaced",
          data: {
            subjectId: SUBJECT,
            holdId: "hold-1",
            retentionClass: "relationship",
            reason: "case-2026-014",
            placedAt: "2026-02-01T09:00:00Z",
          },
        },
      ])
      .when(decide())
      .thenRejects({ rule: "INV-28", clause: "P4.1" }));

  it("P1.D.3, INV-10, Art. 17(3)(b): the restriction of billing data to the tax duty is not lifted like an Art. 18 restriction", () =>
    spec
      .given([...erasureGiven, erasureDecided, fiscalRestricted])
      .when({
        kind: "SendRestrictionLiftNotice",
        actor: cto,
        subjectId: SUBJECT,
        requestId: "req-erasure",
        at: "2026-03-01T10:00:00Z",
      })
      .thenRejects({ rule: "DS-RESTRICTION", clause: "P7.d" }));

  it("P7.b: the erasure of a request is decided once", () =>
    spec
      .given([...erasureGiven, erasureDecided, fiscalRestricted])
      .when(decide())
      .thenRejects({ rule: "DS-ERASURE" }));

  it("P7.b: the completion names exactly the classes decided", () => {
    spec
      .given([...erasureGiven, erasureDecided, fiscalRestricted])
      .when({
        kind: "RecordErasureCompleted",
        actor: staff,
        subjectId: SUBJECT,
        requestId: "req-erasure",
        at: "2026-02-03T10:01:00Z",
        erasedClasses: ["relationship"],
      })
      .thenRejects({ rule: "DS-ERASURE" });
    spec
      .given([...erasureGiven, erasureDecided, fiscalRestricted])
      .when({
        kind: "RecordErasureCompleted",
        actor: staff,
        subjectId: SUBJECT,
        requestId: "req-erasure",
        at: "2026-02-03T10:01:00Z",
        erasedClasses: ["contract", "relationship"],
      })
      .thenEvents([
        {
          type: "ErasureCompleted",
          data: {
            subjectId: SUBJECT,
            requestId: "req-erasure",
            completedAt: "2026-02-03T10:01:00Z",
            erasedClasses: ["contract", "relationship"],
          },
        },
      ]);
  });
});

describe("DataSubject, P7.d, Art. 18: restriction", () => {
  it("P7.d, INV-42, Art. 18(1)(a): every class of the person's data is restricted to storage", () =>
    spec
      .given([contactRegistered, received("restriction"), verified("req-restriction")])
      .when(restrict)
      .thenEvents([restricted]));

  it("P7.d, INV-42: while restricted, the person's data go to nobody", () =>
    spec
      .given([contactRegistered, received("restriction"), verified("req-restriction"), restricted])
      .when({
        kind: "RecordDisclosure",
        actor: staff,
        subjectId: SUBJECT,
        recipient: { kind: "processor", processorId: "proc-hosting" },
        dataCategories: ["name"],
        disclosedAt: "2026-02-04T10:00:00Z",
        activityId: "act-relationship",
        purpose: "relationship.management",
        subjectCategory: "businessContact",
      })
      .thenRejects({ rule: "INV-42", article: "Art. 18(2)" }));

  it("P7.d, INV-43, Art. 18(3): a restriction is not lifted before the person is told", () =>
    spec
      .given([contactRegistered, received("restriction"), verified("req-restriction"), restricted])
      .when(lift)
      .thenRejects({ rule: "INV-43", clause: "P7.d" }));

  it("P7.d, INV-43, Art. 18(3): told first, then lifted", () =>
    spec
      .given([
        contactRegistered,
        received("restriction"),
        verified("req-restriction"),
        restricted,
        {
          type: "RestrictionLiftNoticeSent",
          data: { subjectId: SUBJECT, requestId: "req-restriction", sentAt: "2026-02-25T10:00:00Z" },
        },
      ])
      .when(lift)
      .thenEvents([
        {
          type: "RestrictionLifted",
          data: { subjectId: SUBJECT, requestId: "req-restriction", liftedAt: "2026-03-01T10:00:00Z" },
        },
      ]));
});
