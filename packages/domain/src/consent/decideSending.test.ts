import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { describe, expect, it } from "vitest";
import type { PrivacyPolicyEvent } from "../privacyPolicy/events.js";
import {
  evolvePrivacyPolicy,
  initialPrivacyPolicyState,
  requiredConsentsOf,
} from "../privacyPolicy/state.js";
import { companyRegister } from "../testing/companyRegister.js";
import type { RecordEmailOpen } from "./commands.js";
import {
  blocked,
  clientAdmin,
  consent,
  give,
  given,
  givenTracking,
  LEGAL_ENTITY,
  mailer,
  newsletterRegisterEvents,
  OTHER_ENTITY,
  objected,
  presented,
  register,
  SENDER,
  SUBJECT,
  send,
  sent,
  TOKEN,
} from "./consentFixtures.js";
import { consentDecider } from "./decide.js";
import type { ConsentEvent } from "./events.js";
import { NEWSLETTER_PURPOSE, TRACKING_PURPOSE } from "./records.js";
import { evolveConsent, initialConsentState, purposesNeedingReconsent, suppressionListOf } from "./state.js";

const spec = deciderSpecification(consent);

const open = (fields: Partial<RecordEmailOpen> = {}): RecordEmailOpen => ({
  kind: "RecordEmailOpen",
  actor: mailer,
  subjectId: SUBJECT,
  messageId: "msg-2026-03",
  activityId: "act-newsletter",
  interaction: "open",
  at: "2026-03-02T09:30:00Z",
  ...fields,
});
const opened = (
  basis: "consent" | "legitimateInterest",
  activityId: string,
  liaRef: string | null,
): ConsentEvent => ({
  type: "EmailOpenRecorded",
  data: {
    subjectId: SUBJECT,
    messageId: "msg-2026-03",
    activityId,
    interaction: "open",
    basis,
    liaRef,
    at: "2026-03-02T09:30:00Z",
  },
});

const policyOf = (events: readonly PrivacyPolicyEvent[]) =>
  events.reduce(evolvePrivacyPolicy, initialPrivacyPolicyState);

const override: PrivacyPolicyEvent = {
  type: "TrackingBasisOverrideRecorded",
  data: {
    liaRef: "LIA-2026-05",
    reason: "policy P1.F.4 reading",
    recordedAt: "2026-01-01T00:00:00Z",
    warning: "…",
  },
};

/** Version 2026-2 widens the newsletter on consent (partner events): consents from before it do not count. */
const widened: PrivacyPolicyEvent = {
  type: "PolicyVersionPublished",
  data: {
    versionId: "pp-2026-2",
    publishedAt: "2026-02-15T00:00:00Z",
    effectiveFrom: "2026-04-01T00:00:00Z",
    material: true,
    changes: ["newsletters also announce partner events"],
    addsPurposes: [
      {
        purpose: NEWSLETTER_PURPOSE,
        legalBasis: { kind: "consent" },
        description: "newsletters incl. partner events",
      },
    ],
    supersedes: null,
  },
};

describe("Consent, P1.F.2 and P1.F.3, INV-16: a newsletter only with consent or a valid soft opt-in", () => {
  it("P1.F.2, P1.F.3, INV-16: with consent for the newsletter, it is sent and records its basis, sender and unsubscribe link", () =>
    spec.given([presented(), given()]).when(send()).thenEvents([sent()]));

  it("P1.F.3, INV-16, Tw art. 11.7(1): a newsletter to an address without consent or soft opt-in is blocked", () =>
    spec
      .given([])
      .when(send())
      .thenEvents([blocked("INV-16", "P1.F.3", "Tw art. 11.7(1); Art. 6(1)(a)")]));

  it("P1.F.3, INV-16, INV-18: after the consent is withdrawn, the newsletter is blocked", () =>
    spec
      .given([
        presented(),
        given(),
        {
          type: "ConsentWithdrawn",
          data: {
            subjectId: SUBJECT,
            consentId: "cons-1",
            purpose: NEWSLETTER_PURPOSE,
            withdrawnAt: "2026-02-20T10:00:00Z",
            channel: "webForm",
          },
        },
      ])
      .when(send())
      .thenEvents([blocked("INV-18", "P1.F.6", "Art. 7(3), Art. 21(2); Tw art. 11.7(4)")]));

  it("P1.F.3, INV-16: the same message decided again changes nothing", () =>
    spec.given([presented(), given(), sent()]).when(send()).thenNothingHappens());

  it("P1.F.3, INV-16, Art. 6(1)(b): a newsletter under an activity on contract is refused: marketing is not necessary for the contract", () =>
    spec
      .given([presented(), given()])
      .when(send({ activityId: "act-subscription" }))
      .thenRejects({ rule: "INV-16" }));

  it("P1.F.3, INV-01: a newsletter under an activity the register does not hold is refused", () =>
    spec
      .given([presented(), given()])
      .when(send({ activityId: "act-unknown" }))
      .thenRejects({ rule: "INV-01", clause: "P2" }));

  it("P1.F.3: only the company's staff or software send; a client's administrator does not", () =>
    spec
      .given([presented(), given()])
      .when(send({ actor: clientAdmin }))
      .thenRejects({ rule: "CONSENT-ROLE" }));
});

describe("Consent, P1.E.4, INV-13: relationship contacts and direct marketing", () => {
  it("P1.E.4, INV-13, Tw art. 11.7(1): a business contact without consent or soft opt-in gets no product newsletter", () => {
    const toContact = send({ recipientCategory: "businessContact" });
    spec
      .given([])
      .when(toContact)
      .thenEvents([blocked("INV-13", "P1.E.4", "Tw art. 11.7(1); Art. 6(1)", toContact)]);
  });

  it("P1.E.4, INV-13: also under the soft-opt-in activity, a business contact needs the soft opt-in itself", () => {
    const toContact = send({ recipientCategory: "businessContact", activityId: "act-newsletter-customers" });
    spec
      .given([])
      .when(toContact)
      .thenEvents([blocked("INV-13", "P1.E.4", "Tw art. 11.7(1); Art. 6(1)", toContact)]);
  });

  it("P1.E.4, INV-13, INV-16: a business contact who consented may receive the product newsletter", () => {
    const contactConsent = give({ subjectCategory: "businessContact" });
    const toContact = send({ recipientCategory: "businessContact" });
    spec
      .given([presented(), given(contactConsent)])
      .when(toContact)
      .thenEvents([sent(toContact)]);
  });
});

describe("Consent, P1.F.6, INV-17: sender identity and a working unsubscribe link in every e-mail", () => {
  it("P1.F.6, INV-17, Art. 13(4) ePD: an e-mail without a sender name is refused", () =>
    spec
      .given([presented(), given()])
      .when(send({ sender: { ...SENDER, name: " " } }))
      .thenRejects({ rule: "INV-17", clause: "P1.F.6" }));

  it("P1.F.6, INV-17: the sender is the company's own legal entity", () =>
    spec
      .given([presented(), given()])
      .when(send({ sender: { ...SENDER, legalEntityId: OTHER_ENTITY } }))
      .thenRejects({ rule: "INV-17" }));

  it("P1.F.6, INV-17: an e-mail without an unsubscribe link, or with one that does not carry its token, is refused", () => {
    spec
      .given([presented(), given()])
      .when(send({ unsubscribeUrl: "" }))
      .thenRejects({ rule: "INV-17", clause: "P1.F.6" });
    spec
      .given([presented(), given()])
      .when(send({ unsubscribeUrl: "https://mail.basewise.example/unsubscribe" }))
      .thenRejects({ rule: "INV-17" });
    spec
      .given([presented(), given()])
      .when(send({ unsubscribeUrl: "http://mail.basewise.example/unsubscribe/unsub-msg-2026-03" }))
      .thenRejects({ rule: "INV-17" });
  });

  it("P1.F.6, INV-17: each message has an unsubscribe token of its own", () =>
    spec
      .given([presented(), given(), sent()])
      .when(send({ messageId: "msg-2026-04", unsubscribeToken: "unsub-msg-2026-03" }))
      .thenRejects({ rule: "INV-17" }));
});

describe("Consent, P1.F.4, INV-21, D2: opens and clicks only on the configured basis", () => {
  it("P1.F.4, INV-21, D2: by default an open is not recorded without consent for tracking", () =>
    spec.given([presented(), given(), sent()]).when(open()).thenRejects({
      rule: "INV-21",
      clause: "P1.F.4",
      article: "Art. 5(3) ePD; Tw art. 11.7a; EDPB Guidelines 2/2023",
    }));

  it("P1.F.4, INV-21, D2: with consent for tracking the open is recorded on consent", () =>
    spec
      .given([presented(), given(), givenTracking(), sent()])
      .when(open())
      .thenEvents([opened("consent", "act-newsletter", null)]));

  it("P1.F.4, INV-21: an open of a message never sent to the person is refused", () =>
    spec
      .given([presented(), given(), givenTracking()])
      .when(open())
      .thenRejects({ rule: "CONSENT-MESSAGE" }));

  it("P1.F.4, INV-21, D2: under the recorded override the open is recorded on legitimate interest with its assessment", () => {
    const withOverride = consentDecider({
      register,
      legalEntityId: LEGAL_ENTITY,
      policy: policyOf([override]),
    });
    deciderSpecification(withOverride)
      .given([presented(), given(), sent()])
      .when(open({ activityId: "act-tracking-li" }))
      .thenEvents([opened("legitimateInterest", "act-tracking-li", "LIA-2026-05")]);
  });

  it("P1.F.4, INV-21, INV-19, Art. 21(2): under the override, an objection still stops the tracking", () => {
    const withOverride = consentDecider({
      register,
      legalEntityId: LEGAL_ENTITY,
      policy: policyOf([override]),
    });
    deciderSpecification(withOverride)
      .given([presented(), given(), sent(), objected("2026-03-02T09:00:00Z")])
      .when(open({ activityId: "act-tracking-li" }))
      .thenRejects({ rule: "INV-19" });
  });

  it("P1.F.4, INV-21, INV-01: on consent, an activity on legitimate interest is refused", () =>
    spec
      .given([presented(), given(), givenTracking(), sent()])
      .when(open({ activityId: "act-tracking-li" }))
      .thenRejects({ rule: "INV-01" }));
});

describe("Consent, P1.F.7: the purposes of newsletter data", () => {
  it("P1.F.7, INV-01: the newsletter, tracking and prospect purposes are each their own registered purpose", () => {
    const purposes = newsletterRegisterEvents.flatMap((event) =>
      event.type === "ProcessingActivityRegistered" ? event.data.activity.purposes : [],
    );
    expect(new Set(purposes)).toEqual(new Set([NEWSLETTER_PURPOSE, TRACKING_PURPOSE, "prospect.interest"]));
    // Without those activities in the register, nothing is sent.
    deciderSpecification(consentDecider({ register: companyRegister(), legalEntityId: LEGAL_ENTITY }))
      .given([presented()])
      .when(send())
      .thenRejects({ rule: "INV-01" });
  });
});

describe("Consent, INV-20: the suppression list across subject ids", () => {
  const erased: ConsentEvent = {
    type: "SuppressionTokenRecorded",
    data: {
      subjectId: "subj-old",
      token: TOKEN,
      reason: "erasureRequest",
      recordedAt: "2026-01-20T08:00:00Z",
    },
  };
  const withList = consentDecider({
    register,
    legalEntityId: LEGAL_ENTITY,
    suppressionList: suppressionListOf([erased]),
  });

  it("P1.F.6, INV-20: an address erased under another subject id is not mailed under a new one", () =>
    deciderSpecification(withList)
      .given([])
      .when(send())
      .thenEvents([blocked("INV-20", "P1.F.6", "Art. 17(1), Art. 21(3)")]));

  it("P1.F.6, INV-20: a new consent given after the suppression lets the person back in", () =>
    deciderSpecification(withList).given([presented(), given()]).when(send()).thenEvents([sent()]));
});

describe("Consent, P6.1, INV-33: a purpose a policy version adds on consent needs a consent of its own", () => {
  const withPolicy = consentDecider({ register, legalEntityId: LEGAL_ENTITY, policy: policyOf([widened]) });

  it("P6.1, INV-33: a newsletter consent from before the version does not cover the widened purpose", () =>
    deciderSpecification(withPolicy)
      .given([presented(), given()])
      .when(send())
      .thenEvents([blocked("INV-33", "P6.1", "Art. 6(1)(a), Art. 7(1)")]));

  it("P6.1, INV-33: purposesNeedingReconsent lists it until a consent given after the version", () => {
    const required = requiredConsentsOf(policyOf([widened]));
    const before = [presented(), given()].reduce(evolveConsent, initialConsentState);
    expect(purposesNeedingReconsent(before, required)).toEqual([NEWSLETTER_PURPOSE]);
    const renewed = given(give({ consentId: "cons-2", givenAt: "2026-03-01T10:00:00Z" }));
    expect(
      purposesNeedingReconsent(
        [presented(), given(), renewed].reduce(evolveConsent, initialConsentState),
        required,
      ),
    ).toEqual([]);
    deciderSpecification(withPolicy)
      .given([presented(), given(), renewed])
      .when(send())
      .thenEvents([sent(send(), "cons-2")]);
  });
});
