import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  clientAdmin,
  cto,
  dataSubject,
  RECEIVED_AT,
  receive,
  received,
  SUBJECT,
  staff,
} from "../testing/dataSubjectFixtures.js";
import type { ChargeFee, ExtendDeadline, RefuseRequest } from "./commands.js";
import type { DataSubjectEvent } from "./events.js";

const spec = deciderSpecification(dataSubject);

const extend = (fields: Partial<ExtendDeadline> = {}): ExtendDeadline => ({
  kind: "ExtendDeadline",
  actor: cto,
  subjectId: SUBJECT,
  requestId: "req-access",
  at: "2026-02-20T10:00:00Z",
  reasons: "The request covers eleven years of correspondence across three systems.",
  ...fields,
});

const refuse = (fields: Partial<RefuseRequest> = {}): RefuseRequest => ({
  kind: "RefuseRequest",
  actor: cto,
  subjectId: SUBJECT,
  requestId: "req-access",
  at: "2026-02-10T10:00:00Z",
  ground: "manifestlyUnfounded",
  reasons: "The fourth identical request this month.",
  complaintToAuthorityStated: true,
  judicialRemedyStated: true,
  ...fields,
});

const decideOne = (given: readonly DataSubjectEvent[], command: Parameters<typeof dataSubject.decide>[0]) => {
  const state = given.reduce(dataSubject.evolve, dataSubject.initialState);
  return dataSubject.decide(command, state);
};

describe("DataSubject, P7: receiving a rights request", () => {
  it("P7.2, P7.3, INV-34, INV-35: a request by telephone is recorded with its time of receipt and a computed deadline", () =>
    spec
      .given([])
      .when(receive("access", { channel: "phone" }))
      .thenEvents([received("access", { channel: "phone" })]));

  it("P7.2, INV-35, Reg. 1182/71 art. 3: received Friday 30 January 2026, due Monday 2 March (28 February is a Saturday)", () => {
    const decision = decideOne([], receive("erasure"));
    if (!isRight(decision)) throw new Error(JSON.stringify(decision.left));
    const [event] = decision.right;
    expect(event?.type).toBe("RightsRequestReceived");
    if (event?.type !== "RightsRequestReceived") return;
    expect(event.data.receivedAt).toBe(RECEIVED_AT);
    expect(event.data.dueDate).toBe("2026-03-02");
    // The end of that Dutch day, CET (UTC+1).
    expect(event.data.dueAt).toBe("2026-03-02T22:59:59.999Z");
    expect(event.data.deadlineBasis).toContain("Art. 17");
    expect(event.data.deadlineBasis).toContain("Reg. 1182/71");
  });

  it("P7.2, INV-34: the same request id again is refused; the time of receipt never changes", () =>
    spec
      .given([received("access")])
      .when(receive("access", { receivedAt: "2026-02-05T09:00:00Z" }))
      .thenRejects({ rule: "INV-34", clause: "P7.2" }));

  it("P7.2, INV-34: a receipt time without an offset is refused (an ambiguous clock start)", () =>
    spec
      .given([])
      .when(receive("access", { receivedAt: "2026-01-30 10:00" }))
      .thenRejects({ rule: "DS-INSTANT", clause: "P7.2" }));

  it("P7.1: a client's administrator does not handle the company's rights requests", () =>
    spec
      .given([])
      .when(receive("access", { actor: clientAdmin }))
      .thenRejects({ rule: "DS-ROLE", clause: "P7.1" }));

  it("P7: a subject id that looks like an e-mail address is refused (stream ids hold no personal data)", () =>
    spec
      .given([])
      .when(receive("access", { subjectId: "anna@acme.example" }))
      .thenRejects({ rule: "DS-ID" }));

  it("P7, P7.a-P7.e and Art. 20: every kind of right can be received", () => {
    for (const right of [
      "access",
      "rectification",
      "erasure",
      "objection",
      "restriction",
      "noDisclosure",
      "portability",
    ] as const)
      spec
        .given([])
        .when(receive(right))
        .thenEvents([received(right)]);
  });
});

describe("DataSubject, P7.1, INV-39: identity", () => {
  it("INV-39, Art. 12(6): a copy of an identity document is asked for only with a justification", () =>
    spec
      .given([received("access")])
      .when({
        kind: "RequestIdentityProof",
        actor: staff,
        subjectId: SUBJECT,
        requestId: "req-access",
        at: "2026-01-30T11:00:00Z",
        proof: "identityDocument",
      })
      .thenRejects({ rule: "INV-39", clause: "P7.1" }));

  it("INV-39: a proportionate proof (a reply from the registered address) needs no justification", () =>
    spec
      .given([received("access")])
      .when({
        kind: "RequestIdentityProof",
        actor: staff,
        subjectId: SUBJECT,
        requestId: "req-access",
        at: "2026-01-30T11:00:00Z",
        proof: "replyFromRegisteredAddress",
      })
      .thenEvents([
        {
          type: "IdentityProofRequested",
          data: {
            subjectId: SUBJECT,
            requestId: "req-access",
            proof: "replyFromRegisteredAddress",
            requestedAt: "2026-01-30T11:00:00Z",
          },
        },
      ]));

  it("P7.1: verifying twice records it once", () => {
    const verifiedEvent: DataSubjectEvent = {
      type: "IdentityVerified",
      data: {
        subjectId: SUBJECT,
        requestId: "req-access",
        proof: "signedInToAccount",
        verifiedAt: "2026-01-30T12:00:00Z",
      },
    };
    spec
      .given([received("access"), verifiedEvent])
      .when({
        kind: "VerifyIdentity",
        actor: staff,
        subjectId: SUBJECT,
        requestId: "req-access",
        at: "2026-01-31T12:00:00Z",
        proof: "signedInToAccount",
      })
      .thenNothingHappens();
  });

  it("P7.1: identity for an unknown request cannot be verified", () =>
    spec
      .given([])
      .when({
        kind: "VerifyIdentity",
        actor: staff,
        subjectId: SUBJECT,
        requestId: "req-nope",
        at: "2026-01-31T12:00:00Z",
        proof: "signedInToAccount",
      })
      .thenRejects({ rule: "DS-REQUEST" }));
});

describe("DataSubject, P7.2, INV-36: the one extension", () => {
  it("P7.2, INV-36, Art. 12(3): extended within the first month, with reasons, to three months from receipt", () => {
    const decision = decideOne([received("access")], extend());
    if (!isRight(decision)) throw new Error(JSON.stringify(decision.left));
    const [event] = decision.right;
    if (event?.type !== "DeadlineExtended") throw new Error(`unexpected ${event?.type}`);
    // 30 April 2026 is a Thursday; 3 months from 30 January.
    expect(event.data.extendedDueDate).toBe("2026-04-30");
    expect(event.data.originalDueAt).toBe("2026-03-02T22:59:59.999Z");
    expect(event.data.reasonsSentAt).toBe("2026-02-20T10:00:00Z");
  });

  it("P7.2, INV-36: an extension after the first month is refused", () =>
    spec
      .given([received("access")])
      .when(extend({ at: "2026-03-03T08:00:00Z" }))
      .thenRejects({ rule: "INV-36", clause: "P7.2", article: "Art. 12(3)" }));

  it("P7.2, INV-36: at most one extension", () => {
    const first = decideOne([received("access")], extend());
    if (!isRight(first)) throw new Error("the first extension should pass");
    spec
      .given([received("access"), ...first.right])
      .when(extend({ at: "2026-02-25T10:00:00Z" }))
      .thenRejects({ rule: "INV-36" });
  });

  it("P7.2, INV-36: an extension without reasons for the person is refused", () =>
    spec
      .given([received("access")])
      .when(extend({ reasons: "  " }))
      .thenRejects({ rule: "INV-36" }));

  it("P7.2, P8.1: only the CTO (or a DPO) extends a deadline", () =>
    spec
      .given([received("access")])
      .when(extend({ actor: staff }))
      .thenRejects({ rule: "DS-ROLE", clause: "P7.2" }));
});

describe("DataSubject, P7.1, INV-37: refusal", () => {
  it("P7.1, INV-37, Art. 12(4): a refusal with a ground, reasons and both remedies stated is recorded", () =>
    spec
      .given([received("access")])
      .when(refuse())
      .thenEvents([
        {
          type: "RequestRefused",
          data: {
            subjectId: SUBJECT,
            requestId: "req-access",
            ground: "manifestlyUnfounded",
            reasons: "The fourth identical request this month.",
            complaintToAuthorityStated: true,
            judicialRemedyStated: true,
            refusedAt: "2026-02-10T10:00:00Z",
          },
        },
      ]));

  it("P7.1, INV-37, Art. 77: a refusal that does not tell of the right to complain to the Autoriteit Persoonsgegevens is refused", () =>
    spec
      .given([received("access")])
      .when(refuse({ complaintToAuthorityStated: false }))
      .thenRejects({ rule: "INV-37", clause: "P7.1" }));

  it("P7.1, INV-37: a refusal without reasons is refused", () =>
    spec
      .given([received("access")])
      .when(refuse({ reasons: "" }))
      .thenRejects({ rule: "INV-37" }));

  it("P7.1, INV-37, Art. 12(6): 'identity not established' needs that recorded first", () =>
    spec
      .given([received("access")])
      .when(refuse({ ground: "identityNotEstablished" }))
      .thenRejects({ rule: "INV-37", article: "Art. 12(2), 12(6)" }));

  it("P7.1, INV-37, Art. 23: a refusal on an exemption cites its provision", () =>
    spec
      .given([received("access")])
      .when(refuse({ ground: "exemption" }))
      .thenRejects({ rule: "INV-37", article: "Art. 23" }));
});

describe("DataSubject, P7.1, INV-38: fees", () => {
  const fee = (fields: Partial<ChargeFee> = {}): ChargeFee => ({
    kind: "ChargeFee",
    actor: cto,
    subjectId: SUBJECT,
    requestId: "req-access-2",
    at: "2026-03-10T10:00:00Z",
    ground: "Art. 15(3)",
    amountCents: 1500,
    reasons: "A second full copy of data sent on 2 February.",
    ...fields,
  });
  const firstAccessDone: readonly DataSubjectEvent[] = [
    received("access"),
    {
      type: "AccessPackageDelivered",
      data: {
        subjectId: SUBJECT,
        requestId: "req-access",
        deliveredAt: "2026-02-02T10:00:00Z",
        package: {
          purposes: ["relationship.management"],
          dataCategories: ["name"],
          recipients: [],
          retention: [{ retentionClass: "relationship", periodOrCriteria: "while employed" }],
          rightsExplained: true,
          complaintRightStated: true,
          sources: [],
          automatedDecisionMaking: "none",
          copyIncluded: true,
        },
      },
    },
  ];

  it("P7.1, INV-38, Art. 15(3): a fee for a further copy after an earlier access package is recorded", () =>
    spec
      .given([
        ...firstAccessDone,
        received("access", { requestId: "req-access-2", receivedAt: "2026-03-09T09:00:00Z" }),
      ])
      .when(fee())
      .thenEvents([
        {
          type: "FeeCharged",
          data: {
            subjectId: SUBJECT,
            requestId: "req-access-2",
            ground: "Art. 15(3)",
            amountCents: 1500,
            reasons: "A second full copy of data sent on 2 February.",
            chargedAt: "2026-03-10T10:00:00Z",
          },
        },
      ]));

  it("P7.1, INV-38, Art. 12(5): the first copy is free; a 'further copies' fee without an earlier package is refused", () =>
    spec
      .given([received("access", { requestId: "req-access-2" })])
      .when(fee())
      .thenRejects({ rule: "INV-38", article: "Art. 15(3)" }));

  it("P7.1, INV-38: a fee without reasons is refused", () =>
    spec
      .given([received("access", { requestId: "req-access-2" })])
      .when(fee({ ground: "Art. 12(5)(a)", reasons: "" }))
      .thenRejects({ rule: "INV-38" }));
});
