import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { describe, it } from "vitest";
import {
  clientAdmin,
  consent,
  GIVEN_AT,
  give,
  given,
  LEGAL_ENTITY,
  objected,
  person,
  present,
  presented,
  register,
  SUBJECT,
  staff,
} from "./consentFixtures.js";
import { consentDecider } from "./decide.js";
import { NEWSLETTER_PURPOSE, TRACKING_PURPOSE } from "./records.js";

const spec = deciderSpecification(consent);

describe("Consent, P1.F.3: consent per purpose on a shown, versioned notice", () => {
  it("P1.F.3, INV-23, Art. 7(2): a consent request on a notice version is recorded with the purposes it shows", () =>
    spec.given([]).when(present()).thenEvents([presented()]));

  it("P1.F.3, INV-23: a request that names no purpose is refused", () =>
    spec
      .given([])
      .when(present({ purposes: [] }))
      .thenRejects({ rule: "INV-23", clause: "P1.F.3" }));

  it("P1.F.1, P1.F.3, INV-22, INV-23, Art. 7(1): consent for the newsletter carries its evidence: notice version, presented-at, given-at, channel, actor", () =>
    spec.given([presented()]).when(give()).thenEvents([given()]));

  it("P1.F.3, INV-23, Art. 7(1): a consent without a preceding presentation of that notice version is refused", () => {
    spec.given([]).when(give()).thenRejects({ rule: "INV-23", clause: "P1.F.3", article: "Art. 7(1)" });
    spec
      .given([presented()])
      .when(give({ noticeVersionId: "notice-newsletter-v2" }))
      .thenRejects({ rule: "INV-23" });
    spec
      .given([presented(present({ presentedAt: "2026-02-02T09:05:00Z" }))])
      .when(give({ givenAt: GIVEN_AT }))
      .thenRejects({ rule: "INV-23" });
  });

  it("P1.F.3, INV-22, INV-23: a consent for a purpose the presented notice did not show is refused", () =>
    spec
      .given([presented(present({ purposes: [TRACKING_PURPOSE] }))])
      .when(give())
      .thenRejects({ rule: "INV-23" }));

  it("P1.F.3, INV-22, Art. 7(4): a consent bundled with the subscription contract is refused", () =>
    spec
      .given([presented()])
      .when(give({ bundledWithContract: true }))
      .thenRejects({ rule: "INV-22", clause: "P1.F.3", article: "Art. 7(4), Art. 7(2)" }));

  it("P1.F.3, INV-22, Art. 4(11): a pre-ticked box is no consent", () =>
    spec
      .given([presented()])
      .when(give({ preTicked: true }))
      .thenRejects({ rule: "INV-22" }));

  it("P1.F.3, INV-22: consent is specific, one consent per purpose: tracking is consented to on its own", () =>
    spec
      .given([presented(), given()])
      .when(give({ consentId: "cons-track", purpose: TRACKING_PURPOSE, name: undefined, email: undefined }))
      .thenEvents([
        given(
          give({ consentId: "cons-track", purpose: TRACKING_PURPOSE, name: undefined, email: undefined }),
        ),
      ]));

  it("P1.F.1: a newsletter consent names the e-mail address it is for", () =>
    spec
      .given([presented()])
      .when(give({ email: undefined }))
      .thenRejects({ rule: "CONSENT-ADDRESS", clause: "P1.F.1" }));

  it("P1.F.3, INV-01: a consent under an activity that does not rest on consent is refused", () =>
    spec
      .given([presented()])
      .when(give({ activityId: "act-newsletter-customers" }))
      .thenRejects({ rule: "INV-01", clause: "P2" }));

  it("P1.F.3, INV-23: staff may record a consent given by phone; the evidence names them and that it was recorded", () => {
    const byPhone = give({ actor: staff, channel: "phone" });
    spec
      .given([presented(present({ channel: "phone" }))])
      .when(byPhone)
      .thenEvents([given(byPhone)]);
  });

  it("P1.F.3: a client's administrator cannot give consent for someone else", () =>
    spec
      .given([presented()])
      .when(give({ actor: clientAdmin }))
      .thenRejects({ rule: "CONSENT-ROLE" }));
});

describe("Consent, INV-18, Art. 7(3): withdrawal in one step", () => {
  it("P1.F.3, INV-18, Art. 7(3): the person withdraws in one step, as they gave it", () =>
    spec
      .given([presented(), given()])
      .when({
        kind: "WithdrawConsent",
        actor: person,
        subjectId: SUBJECT,
        purpose: NEWSLETTER_PURPOSE,
        withdrawnAt: "2026-02-10T12:00:00Z",
        channel: "webForm",
      })
      .thenEvents([
        {
          type: "ConsentWithdrawn",
          data: {
            subjectId: SUBJECT,
            consentId: "cons-1",
            purpose: NEWSLETTER_PURPOSE,
            withdrawnAt: "2026-02-10T12:00:00Z",
            channel: "webForm",
          },
        },
      ]));

  it("P1.F.3, INV-18: withdrawing what does not stand changes nothing (no error to discourage it)", () =>
    spec
      .given([presented()])
      .when({
        kind: "WithdrawConsent",
        actor: person,
        subjectId: SUBJECT,
        purpose: NEWSLETTER_PURPOSE,
        withdrawnAt: "2026-02-10T12:00:00Z",
        channel: "webForm",
      })
      .thenNothingHappens());
});

describe("Consent, INV-19: only a new consent after an objection re-enables direct marketing", () => {
  it("P1.F.3, INV-19, Art. 21(3): a consent dated before the objection is refused", () =>
    spec
      .given([presented(), objected("2026-02-03T10:00:00Z")])
      .when(give())
      .thenRejects({ rule: "INV-19", article: "Art. 21(3)" }));

  it("P1.F.3, INV-19: a new consent on a new presentation after the objection is accepted", () => {
    const later = present({ presentedAt: "2026-05-01T09:00:00Z" });
    const renewed = give({ consentId: "cons-2", givenAt: "2026-05-01T09:02:00Z" });
    spec
      .given([presented(), given(), objected(), presented(later)])
      .when(renewed)
      .thenEvents([given(renewed, "2026-05-01T09:00:00Z")]);
  });
});

describe("Consent: the stream belongs to one person", () => {
  it("P1.F.3: a command about another subject is refused on this stream", () =>
    deciderSpecification(consentDecider({ register, legalEntityId: LEGAL_ENTITY }))
      .given([presented()])
      .when(give({ subjectId: "subj-other", actor: staff }))
      .thenRejects({ rule: "CONSENT-SUBJECT" }));

  it("P1.F.3: an e-mail address is not a subject id", () =>
    spec
      .given([])
      .when(present({ subjectId: "anna@example.org" }))
      .thenRejects({ rule: "CONSENT-ID" }));
});
