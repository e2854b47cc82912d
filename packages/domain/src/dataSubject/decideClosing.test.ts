import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
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
import type { CloseRequest, DataSubjectCommand, NotifyRecipients } from "./commands.js";
import type { DataSubjectEvent } from "./events.js";

const spec = deciderSpecification(dataSubject);

const close = (fields: Partial<CloseRequest> = {}): CloseRequest => ({
  kind: "CloseRequest",
  actor: staff,
  subjectId: SUBJECT,
  requestId: "req-rectification",
  at: "2026-02-05T10:00:00Z",
  outcome: "granted",
  communicatedBy: "email",
  ...fields,
});
const notify = (fields: Partial<NotifyRecipients> = {}): NotifyRecipients => ({
  kind: "NotifyRecipients",
  actor: staff,
  subjectId: SUBJECT,
  requestId: "req-rectification",
  at: "2026-02-04T10:00:00Z",
  notices: [{ recipientId: "processor:proc-hosting", notifiedAt: "2026-02-04T10:00:00Z" }],
  ...fields,
});
const rectified: DataSubjectEvent = {
  type: "PersonalDataRectified",
  data: {
    subjectId: SUBJECT,
    requestId: "req-rectification",
    rectifiedAt: "2026-02-03T10:00:00Z",
    dataCategories: ["jobTitle"],
    contactJobTitle: "Head of IT",
  },
};
const rectificationGiven: readonly DataSubjectEvent[] = [
  contactRegistered,
  disclosedToHosting,
  received("rectification"),
  verified("req-rectification"),
  rectified,
];

/** Runs commands through the decider in turn, failing on the first rejection; returns all events. */
const run = (commands: readonly DataSubjectCommand[], given: readonly DataSubjectEvent[] = []) => {
  const events = [...given];
  for (const command of commands) {
    const decision = dataSubject.decide(command, events.reduce(dataSubject.evolve, dataSubject.initialState));
    if (!isRight(decision)) throw new Error(`${command.kind}: ${JSON.stringify(decision.left)}`);
    events.push(...decision.right);
  }
  return events;
};

describe("DataSubject, Art. 19, INV-44: recipients hear of rectification, erasure and restriction", () => {
  it("P7.b, INV-44, Art. 19: every recipient in the disclosure register is told", () =>
    spec
      .given(rectificationGiven)
      .when(notify())
      .thenEvents([
        {
          type: "RecipientsNotified",
          data: {
            subjectId: SUBJECT,
            requestId: "req-rectification",
            notices: [{ recipientId: "processor:proc-hosting", notifiedAt: "2026-02-04T10:00:00Z" }],
          },
        },
      ]));

  it("P7.b, INV-44, Art. 19: an exemption is recorded with its reason", () =>
    spec
      .given(rectificationGiven)
      .when(
        notify({
          notices: [{ recipientId: "processor:proc-hosting", exemption: "impossible", reason: "" }],
        }),
      )
      .thenRejects({ rule: "INV-44", article: "Art. 19" }));

  it("P7.b, INV-44: a recipient that is not in the subject's disclosure register cannot be 'told'", () =>
    spec
      .given(rectificationGiven)
      .when(notify({ notices: [{ recipientId: "partner:Nobody B.V.", notifiedAt: "2026-02-04T10:00:00Z" }] }))
      .thenRejects({ rule: "INV-44" }));

  it("P7.b, INV-44: recipients are told after the change, not before", () =>
    spec
      .given([
        contactRegistered,
        disclosedToHosting,
        received("rectification"),
        verified("req-rectification"),
      ])
      .when(notify())
      .thenRejects({ rule: "INV-44" }));
});

describe("DataSubject, P7.2, INV-45: closing a request", () => {
  it("P7.b, INV-44, Art. 19: a rectification is not closed while a recipient was not told", () =>
    spec.given(rectificationGiven).when(close()).thenRejects({ rule: "INV-44", clause: "P7.b" }));

  it("P7.2, INV-45: a request is closed with the outcome communicated to the person", () =>
    spec
      .given([
        ...rectificationGiven,
        {
          type: "RecipientsNotified",
          data: {
            subjectId: SUBJECT,
            requestId: "req-rectification",
            notices: [{ recipientId: "processor:proc-hosting", notifiedAt: "2026-02-04T10:00:00Z" }],
          },
        },
      ])
      .when(close())
      .thenEvents([
        {
          type: "RightsRequestClosed",
          data: {
            subjectId: SUBJECT,
            requestId: "req-rectification",
            outcome: "granted",
            communicatedAt: "2026-02-05T10:00:00Z",
            communicatedBy: "email",
            closedAt: "2026-02-05T10:00:00Z",
          },
        },
      ]));

  it("P7.2, INV-45, Art. 12(3): an access request is not closed as granted before the package was delivered", () =>
    spec
      .given([contactRegistered, received("access"), verified("req-access")])
      .when(close({ requestId: "req-access" }))
      .thenRejects({ rule: "INV-45", clause: "P7.2" }));

  it("P7.1, INV-37: 'refused' is an outcome only after a refusal with ground and reasons", () =>
    spec
      .given([contactRegistered, received("access")])
      .when(close({ requestId: "req-access", outcome: "refused" }))
      .thenRejects({ rule: "INV-37" }));

  it("P7.2, INV-45: a closed request takes no further commands", () => {
    const events = run(
      [close({ requestId: "req-access", outcome: "withdrawn" })],
      [contactRegistered, received("access")],
    );
    spec
      .given(events)
      .when({
        kind: "VerifyIdentity",
        actor: staff,
        subjectId: SUBJECT,
        requestId: "req-access",
        at: "2026-02-06T10:00:00Z",
        proof: "signedInToAccount",
      })
      .thenRejects({ rule: "DS-REQUEST" });
  });

  it("P7, P7.b, INV-10, INV-44, INV-45: an erasure request from receipt by telephone to its partly granted outcome", () => {
    const requestId = "req-erasure";
    const at = (day: number) => `2026-02-${String(day).padStart(2, "0")}T10:00:00Z`;
    const events = run(
      [
        receive("erasure", { channel: "phone" }),
        {
          kind: "VerifyIdentity",
          actor: staff,
          subjectId: SUBJECT,
          requestId,
          at: at(2),
          proof: "callbackToRegisteredNumber",
        },
        {
          kind: "DecideErasure",
          actor: staff,
          subjectId: SUBJECT,
          requestId,
          at: at(3),
          plan: {
            erase: ["relationship"],
            declined: [
              {
                retentionClass: "fiscal",
                ground: "Art. 17(3)(b)",
                provision: "AWR art. 52(4)",
                until: "2033-12-31T22:59:59.999Z",
                restrictedToPurpose: "fiscal.retention",
              },
            ],
          },
        },
        {
          kind: "RecordErasureCompleted",
          actor: staff,
          subjectId: SUBJECT,
          requestId,
          at: at(3),
          erasedClasses: ["relationship"],
        },
        {
          kind: "NotifyRecipients",
          actor: staff,
          subjectId: SUBJECT,
          requestId,
          at: at(4),
          notices: [{ recipientId: "processor:proc-hosting", notifiedAt: at(4) }],
        },
        {
          kind: "CloseRequest",
          actor: cto,
          subjectId: SUBJECT,
          requestId,
          at: at(5),
          outcome: "partiallyGranted",
          communicatedBy: "email",
          complaintToAuthorityStated: true,
          judicialRemedyStated: true,
        },
      ],
      [contactRegistered, disclosedToHosting],
    );
    expect(events.map((event) => event.type)).toEqual([
      "BusinessContactRegistered",
      "PersonalDataDisclosed",
      "RightsRequestReceived",
      "IdentityVerified",
      "ErasureDecided",
      "ProcessingRestricted",
      "ErasureCompleted",
      "RecipientsNotified",
      "RightsRequestClosed",
    ]);
  });

  it("P7.b, INV-45, Art. 17(1): an erasure is not closed as granted before the keys were destroyed", () =>
    spec
      .given([
        contactRegistered,
        received("erasure"),
        verified("req-erasure"),
        {
          type: "ErasureDecided",
          data: {
            subjectId: SUBJECT,
            requestId: "req-erasure",
            decidedAt: "2026-02-03T10:00:00Z",
            erase: ["relationship"],
            declined: [],
            fiscalRetentionEndedAt: null,
          },
        },
      ])
      .when(close({ requestId: "req-erasure" }))
      .thenRejects({ rule: "INV-45", article: "Art. 17(1)" }));

  describe("P7.b, Art. 12(4): an erasure declined in part is a partial refusal", () => {
    const partlyDecided: readonly DataSubjectEvent[] = [
      contactRegistered,
      received("erasure"),
      verified("req-erasure"),
      {
        type: "ErasureDecided",
        data: {
          subjectId: SUBJECT,
          requestId: "req-erasure",
          decidedAt: "2026-02-03T10:00:00Z",
          erase: ["relationship"],
          declined: [
            {
              retentionClass: "fiscal",
              ground: "Art. 17(3)(b)",
              provision: "AWR art. 52(4)",
              until: "2033-12-31T22:59:59.999Z",
              restrictedToPurpose: "fiscal.retention",
            },
          ],
          fiscalRetentionEndedAt: null,
        },
      },
      {
        type: "ErasureCompleted",
        data: {
          subjectId: SUBJECT,
          requestId: "req-erasure",
          completedAt: "2026-02-03T10:01:00Z",
          erasedClasses: ["relationship"],
        },
      },
    ];

    it("P7.b, INV-10, INV-45: billing data kept by law: the request is not closed as granted", () =>
      spec
        .given(partlyDecided)
        .when(close({ requestId: "req-erasure", outcome: "granted" }))
        .thenRejects({ rule: "INV-45", clause: "P7.b" }));

    it("P7.1, INV-37, Art. 12(4), 77, 79: partly granted only with the right to complain and to a court stated", () => {
      spec
        .given(partlyDecided)
        .when(close({ requestId: "req-erasure", outcome: "partiallyGranted" }))
        .thenRejects({ rule: "INV-37", clause: "P7.1" });
      spec
        .given(partlyDecided)
        .when(
          close({
            requestId: "req-erasure",
            outcome: "partiallyGranted",
            complaintToAuthorityStated: true,
            judicialRemedyStated: true,
          }),
        )
        .thenEvents([
          {
            type: "RightsRequestClosed",
            data: {
              subjectId: SUBJECT,
              requestId: "req-erasure",
              outcome: "partiallyGranted",
              communicatedAt: "2026-02-05T10:00:00Z",
              communicatedBy: "email",
              closedAt: "2026-02-05T10:00:00Z",
              complaintToAuthorityStated: true,
              judicialRemedyStated: true,
            },
          },
        ]);
    });
  });
});
