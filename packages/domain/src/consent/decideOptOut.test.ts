import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { describe, expect, it } from "vitest";
import type { RecordSuppression } from "./commands.js";
import {
  BLIND_INDEX_SECRET,
  blocked,
  consent,
  EMAIL,
  give,
  given,
  linkFollower,
  mailer,
  objected,
  person,
  present,
  presented,
  SUBJECT,
  send,
  sent,
  TOKEN,
  unsubscribed,
} from "./consentFixtures.js";
import type { ConsentEvent } from "./events.js";
import { isSuppressionToken, suppressionToken } from "./records.js";
import { evolveConsent, initialConsentState, isSuppressed, suppressionListOf } from "./state.js";

const spec = deciderSpecification(consent);

const suppress = (fields: Partial<RecordSuppression> = {}): RecordSuppression => ({
  kind: "RecordSuppression",
  actor: mailer,
  subjectId: SUBJECT,
  token: TOKEN,
  reason: "erasureRequest",
  at: "2026-06-01T08:00:00Z",
  ...fields,
});
const suppressed: ConsentEvent = {
  type: "SuppressionTokenRecorded",
  data: { subjectId: SUBJECT, token: TOKEN, reason: "erasureRequest", recordedAt: "2026-06-01T08:00:00Z" },
};

describe("Consent, P1.F.6, INV-18: the unsubscribe link", () => {
  it("P1.F.6, INV-18, Art. 7(3): the link token alone unsubscribes, no login and no role", () =>
    spec
      .given([presented(), given(), sent()])
      .when({
        kind: "UnsubscribeViaLink",
        actor: linkFollower,
        subjectId: SUBJECT,
        linkToken: "unsub-msg-2026-03",
        unsubscribedAt: "2026-03-03T10:00:00Z",
      })
      .thenEvents([unsubscribed()]));

  it("P1.F.6, INV-18: a token never sent to this person is refused", () =>
    spec
      .given([presented(), given(), sent()])
      .when({
        kind: "UnsubscribeViaLink",
        actor: linkFollower,
        subjectId: SUBJECT,
        linkToken: "unsub-guessed",
        unsubscribedAt: "2026-03-03T10:00:00Z",
      })
      .thenRejects({ rule: "CONSENT-LINK", clause: "P1.F.6" }));

  it("P1.F.6, INV-18: unsubscribing twice changes nothing", () =>
    spec
      .given([presented(), given(), sent(), unsubscribed()])
      .when({
        kind: "UnsubscribeViaLink",
        actor: linkFollower,
        subjectId: SUBJECT,
        linkToken: "unsub-msg-2026-03",
        unsubscribedAt: "2026-03-04T10:00:00Z",
      })
      .thenNothingHappens());

  it("P1.F.6, INV-18: effective at once: the next newsletter is blocked", () => {
    const next = send({ messageId: "msg-2026-04", sentAt: "2026-04-01T08:00:00Z" });
    spec
      .given([presented(), given(), sent(), unsubscribed()])
      .when(next)
      .thenEvents([blocked("INV-18", "P1.F.6", "Art. 7(3), Art. 21(2); Tw art. 11.7(4)", next)]);
  });
});

describe("Consent, INV-19, Art. 21(2)-(3): the objection to direct marketing is absolute", () => {
  it("P1.F.3, INV-19, Art. 21(2): the person objects, no reason asked", () =>
    spec
      .given([presented(), given()])
      .when({
        kind: "ObjectToDirectMarketing",
        actor: person,
        subjectId: SUBJECT,
        objectedAt: "2026-04-01T10:00:00Z",
        channel: "email",
      })
      .thenEvents([objected()]));

  it("P1.F.3, INV-19, Art. 21(3): after the objection no newsletter goes out, whatever came before", () => {
    const next = send({ messageId: "msg-2026-05", sentAt: "2026-05-01T08:00:00Z" });
    spec
      .given([presented(), given(), sent(), objected()])
      .when(next)
      .thenEvents([blocked("INV-19", "P1.F.3", "Art. 21(2), Art. 21(3)", next)]);
  });

  it("P1.F.3, INV-19: objecting again while the objection stands changes nothing", () =>
    spec
      .given([objected()])
      .when({
        kind: "ObjectToDirectMarketing",
        actor: person,
        subjectId: SUBJECT,
        objectedAt: "2026-04-02T10:00:00Z",
        channel: "email",
      })
      .thenNothingHappens());

  it("P1.F.3, INV-19: only a new consent given after the objection re-enables the newsletter", () => {
    const renewed = give({ consentId: "cons-2", givenAt: "2026-05-01T09:02:00Z" });
    const later = send({ messageId: "msg-2026-06", sentAt: "2026-06-01T08:00:00Z" });
    spec
      .given([presented(), given(), objected(), presented(present({ presentedAt: "2026-05-01T09:00:00Z" }))])
      .when(renewed)
      .thenEvents([given(renewed, "2026-05-01T09:00:00Z")]);
    spec
      .given([presented(), given(), objected(), given(renewed, "2026-05-01T09:00:00Z")])
      .when(later)
      .thenEvents([sent(later, "cons-2")]);
  });
});

describe("Consent, INV-20, D4: the suppression token outlives the erasure", () => {
  it("P1.F.6, INV-20: the token is the kernel's keyed blind index of the address; no plaintext, normalised", () => {
    expect(isSuppressionToken(TOKEN)).toBe(true);
    expect(TOKEN).not.toContain("anna");
    expect(suppressionToken(BLIND_INDEX_SECRET, " Anna@Example.ORG ")).toBe(TOKEN);
    expect(suppressionToken(Buffer.alloc(32, 8), EMAIL)).not.toBe(TOKEN);
  });

  it("P1.F.6, INV-20, D4: before the erasure the address is recorded as its token only", () =>
    spec.given([presented(), given(), sent()]).when(suppress()).thenEvents([suppressed]));

  it("P1.F.6, INV-20: an address in clear text is refused as a suppression entry", () =>
    spec
      .given([presented(), given()])
      .when(suppress({ token: EMAIL }))
      .thenRejects({ rule: "INV-20", clause: "P1.F.6" }));

  it("P1.F.6, INV-20: recording the same token again changes nothing", () =>
    spec.given([suppressed]).when(suppress()).thenNothingHappens());

  it("P1.F.6, INV-20: isSuppressed reads the person's state or a list folded from every stream", () => {
    const state = [suppressed].reduce(evolveConsent, initialConsentState);
    expect(isSuppressed(state, TOKEN)).toBe(true);
    expect(isSuppressed(initialConsentState, TOKEN)).toBe(false);
    const list = suppressionListOf([presented(), suppressed]);
    expect(isSuppressed(list, TOKEN)).toBe(true);
    expect(list.get(TOKEN)).toBe("2026-06-01T08:00:00Z");
  });

  it("P1.F.6, INV-20: the erased person's address is never mailed again", () => {
    const after = send({ messageId: "msg-2026-07", sentAt: "2026-07-01T08:00:00Z" });
    spec
      .given([presented(), given(), sent(), suppressed])
      .when(after)
      .thenEvents([blocked("INV-20", "P1.F.6", "Art. 17(1), Art. 21(3)", after)]);
  });
});
