import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { describe, it } from "vitest";
import type { EstablishSoftOptIn, RegisterWebsiteInterest } from "./commands.js";
import {
  blocked,
  consent,
  EMAIL,
  give,
  given,
  LEGAL_ENTITY,
  mailer,
  OTHER_ENTITY,
  objected,
  person,
  present,
  presented,
  SUBJECT,
  send,
  sent,
  staff,
} from "./consentFixtures.js";
import type { ConsentEvent } from "./events.js";

const spec = deciderSpecification(consent);

const signUp = (fields: Partial<RegisterWebsiteInterest> = {}): RegisterWebsiteInterest => ({
  kind: "RegisterWebsiteInterest",
  actor: mailer,
  subjectId: SUBJECT,
  activityId: "act-prospects",
  signedUpAt: "2026-02-02T09:00:00Z",
  name: "Anna de Vries",
  email: EMAIL,
  interests: ["process-management-tool", "training"],
  ...fields,
});
const signedUp = (command: RegisterWebsiteInterest = signUp()): ConsentEvent => ({
  type: "WebsiteInterestRegistered",
  data: {
    subjectId: command.subjectId,
    activityId: command.activityId,
    purpose: "prospect.interest",
    signedUpAt: command.signedUpAt,
    name: command.name,
    email: command.email,
    interests: command.interests,
  },
});

const establish = (
  fields: Partial<EstablishSoftOptIn> = {},
  conditions: Partial<EstablishSoftOptIn["conditions"]> = {},
): EstablishSoftOptIn => ({
  kind: "EstablishSoftOptIn",
  actor: staff,
  subjectId: SUBJECT,
  activityId: "act-newsletter-customers",
  recipientCategory: "customer",
  conditions: {
    saleRef: "sub-2026-017",
    obtainedAt: "2026-01-15T10:00:00Z",
    collectedByLegalEntityId: LEGAL_ENTITY,
    similarProducts: ["process-management-tool"],
    informedAtCollection: true,
    optOutAtCollection: "offeredSeparately",
    optedOutAtCollection: false,
    ...conditions,
  },
  establishedAt: "2026-01-15T10:05:00Z",
  name: "Anna de Vries",
  email: EMAIL,
  ...fields,
});
const established = (command: EstablishSoftOptIn = establish()): ConsentEvent => ({
  type: "SoftOptInEstablished",
  data: {
    subjectId: command.subjectId,
    activityId: command.activityId,
    recipientCategory: command.recipientCategory,
    conditions: command.conditions,
    establishedAt: command.establishedAt,
    name: command.name,
    email: command.email,
  },
});
const customerMail = send({ activityId: "act-newsletter-customers", recipientCategory: "customer" });

describe("Consent, P1.F.5 and P1.F.7: interest expressed on the website", () => {
  it("P1.F.5, P1.F.7, INV-01: a prospect's sign-up records name, address and the tools they are interested in", () =>
    spec.given([]).when(signUp()).thenEvents([signedUp()]));

  it("P1.F.7: a sign-up names what the prospect is interested in", () =>
    spec
      .given([])
      .when(signUp({ interests: [] }))
      .thenRejects({ rule: "CONSENT-FIELD", clause: "P1.F.7" }));

  it("P1.F.5, INV-16, Tw art. 11.7(1): interest on the website is no consent: no newsletter without the separate box", () => {
    const toProspect = send({ recipientCategory: "prospect" });
    spec
      .given([signedUp()])
      .when(toProspect)
      .thenEvents([blocked("INV-16", "P1.F.3", "Tw art. 11.7(1); Art. 6(1)(a)", toProspect)]);
  });

  it("P1.F.5, INV-16, INV-22: with the newsletter box ticked on the sign-up form, the prospect gets newsletters", () => {
    const ticked = give({ actor: person, subjectCategory: "prospect" });
    const toProspect = send({ recipientCategory: "prospect" });
    spec
      .given([signedUp(), presented(present())])
      .when(ticked)
      .thenEvents([given(ticked)]);
    spec
      .given([signedUp(), presented(), given(ticked)])
      .when(toProspect)
      .thenEvents([sent(toProspect)]);
  });

  it("P1.F.5, INV-01: a sign-up under an activity that does not list the prospect purpose is refused", () =>
    spec
      .given([])
      .when(signUp({ activityId: "act-newsletter" }))
      .thenRejects({ rule: "INV-01" }));
});

describe("Consent, INV-16(B), Tw art. 11.7(3): the soft opt-in needs every condition", () => {
  it("P1.F.3, INV-16, Tw art. 11.7(3): a customer's address from the sale, same entity, similar products, opt-out offered: soft opt-in", () =>
    spec.given([]).when(establish()).thenEvents([established()]));

  it("P1.F.3, INV-16, Tw art. 11.7(3): no sale or contract named, no soft opt-in", () =>
    spec
      .given([])
      .when(establish({}, { saleRef: " " }))
      .thenRejects({ rule: "INV-16", article: "Tw art. 11.7(3); Art. 13(2) ePD" }));

  it("P1.F.3, INV-16, Tw art. 11.7(3): an address collected by another legal entity gives no soft opt-in", () =>
    spec
      .given([])
      .when(establish({}, { collectedByLegalEntityId: OTHER_ENTITY }))
      .thenRejects({ rule: "INV-16" }));

  it("P1.F.3, INV-16, Tw art. 11.7(3): without own similar products named, no soft opt-in", () =>
    spec
      .given([])
      .when(establish({}, { similarProducts: [] }))
      .thenRejects({ rule: "INV-16" }));

  it("P1.F.3, INV-16, Tw art. 11.7(3): not told at collection, no soft opt-in", () =>
    spec
      .given([])
      .when(establish({}, { informedAtCollection: false }))
      .thenRejects({ rule: "INV-16" }));

  it("P1.F.3, INV-16, Tw art. 11.7(3): an opt-out only in the terms or privacy statement is not offered clearly at collection", () => {
    spec
      .given([])
      .when(establish({}, { optOutAtCollection: "onlyInTermsOrPrivacyStatement" }))
      .thenRejects({ rule: "INV-16" });
    spec
      .given([])
      .when(establish({}, { optOutAtCollection: "notOffered" }))
      .thenRejects({ rule: "INV-16" });
  });

  it("P1.F.3, INV-16, Tw art. 11.7(3): the person who opted out at collection has no soft opt-in", () =>
    spec
      .given([])
      .when(establish({}, { optedOutAtCollection: true }))
      .thenRejects({ rule: "INV-16" }));

  it("P1.F.3, INV-16, INV-17, Tw art. 11.7(3): the opt-out in every message: a soft-opt-in mail without an unsubscribe link is refused", () =>
    spec
      .given([established()])
      .when({ ...customerMail, unsubscribeUrl: "https://mail.basewise.example/news" })
      .thenRejects({ rule: "INV-17", clause: "P1.F.6" }));

  it("P1.F.3, INV-16, Tw art. 11.7(3): a customer with a soft opt-in gets mail about the similar products", () =>
    spec
      .given([established()])
      .when(customerMail)
      .thenEvents([sent(customerMail, null)]));

  it("P1.F.3, INV-16, Tw art. 11.7(3): the soft opt-in does not cover products unlike those bought", () => {
    const other = send({
      activityId: "act-newsletter-customers",
      recipientCategory: "customer",
      productLines: ["process-management-tool", "payroll-service"],
    });
    spec
      .given([established()])
      .when(other)
      .thenEvents([blocked("INV-16", "P1.F.3", "Tw art. 11.7(3)", other)]);
  });

  it("P1.F.3, INV-19: after an objection, a soft opt-in cannot be established", () =>
    spec
      .given([objected("2026-01-10T10:00:00Z")])
      .when(establish())
      .thenRejects({ rule: "INV-19" }));

  it("P1.F.6, INV-18: unsubscribing ends the soft opt-in too", () => {
    const next = { ...customerMail, messageId: "msg-2026-04", unsubscribeToken: "unsub-msg-2026-04" };
    const nextMail = {
      ...next,
      unsubscribeUrl: "https://mail.basewise.example/unsubscribe/unsub-msg-2026-04",
    };
    spec
      .given([
        established(),
        sent(customerMail, null),
        {
          type: "UnsubscribedViaLink",
          data: { subjectId: SUBJECT, messageId: "msg-2026-03", unsubscribedAt: "2026-03-05T10:00:00Z" },
        },
      ])
      .when(nextMail)
      .thenEvents([blocked("INV-18", "P1.F.6", "Art. 7(3), Art. 21(2); Tw art. 11.7(4)", nextMail)]);
  });

  it("P1.F.3: only the company records a soft opt-in, never the person or a client", () =>
    spec
      .given([])
      .when(establish({ actor: person }))
      .thenRejects({ rule: "CONSENT-ROLE" }));
});
