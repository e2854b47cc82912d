import { describe, expect, it } from "vitest";
import { type ConsentEvent, consentCatalog } from "../consent/events.js";
import { NEWSLETTER_PURPOSE, TRACKING_PURPOSE } from "../consent/records.js";
import { type DataSubjectEvent, dataSubjectCatalog } from "../dataSubject/events.js";
import { subscriptionCatalog } from "../subscription/events.js";
import {
  closed,
  contact,
  contactLogged,
  employmentEnded,
  ended,
  hold,
  invoiced,
  paid,
  released,
  requested,
  rightsRequest,
  trainee,
  userAdded,
} from "../testing/retentionHistory.js";
import { dueErasures } from "./dueErasures.js";
import { planErasure } from "./planErasure.js";
import { isRetentionEvent, type PersonalDataErasedEvent, type ScheduledEvent } from "./retentionEvents.js";
import {
  currentEntriesOf,
  currentEntry,
  emptyRetentionSchedule,
  type RetentionScheduleOptions,
  retentionScheduleOf,
  scheduleRetention,
} from "./retentionSchedule.js";

/*
 * The pure part of retention: the schedule's fold, `dueErasures` and `planErasure`, in one file so they
 * share the event builders (the store-backed workflows have their own tests).
 *
 * Given the events of the two aggregates and the kernel's erasure records, when they are folded, then the
 * schedule says per (subject, retention class) until when the data are kept, and why.
 */

const given = (events: readonly ScheduledEvent[], options: RetentionScheduleOptions = {}) =>
  retentionScheduleOf(events, options);

const erasedRecord = (subjectId: string, retentionClass: string, occurredAt: string): ScheduledEvent => {
  const event: PersonalDataErasedEvent = {
    type: "PersonalDataErased",
    data: { subjectId, retentionClass, keyIds: ["key-1"], reason: "retention-expired", requestId: null },
  };
  return { ...event, metadata: { occurredAt } };
};

const consentGiven = (
  subjectId: string,
  givenAt: string,
  purpose: string = NEWSLETTER_PURPOSE,
  consentId = "cons-1",
): ConsentEvent => ({
  type: "ConsentGiven",
  data: {
    subjectId,
    consentId,
    purpose,
    activityId: "act-newsletter",
    evidence: {
      noticeVersionId: "notice-newsletter-v3",
      presentedAt: givenAt,
      givenAt,
      channel: "webForm",
      actorId: subjectId,
      givenBySubject: true,
    },
    ...(purpose === NEWSLETTER_PURPOSE ? { name: "Anna de Vries", email: "anna@example.org" } : {}),
  },
});
const softOptIn = (subjectId: string, establishedAt: string): ConsentEvent => ({
  type: "SoftOptInEstablished",
  data: {
    subjectId,
    activityId: "act-newsletter-customers",
    recipientCategory: "customer",
    conditions: {
      saleRef: "sub-2026-017",
      obtainedAt: "2026-01-15T10:00:00Z",
      collectedByLegalEntityId: "kvk-12345678",
      similarProducts: ["process-management-tool"],
      informedAtCollection: true,
      optOutAtCollection: "offeredSeparately",
      optedOutAtCollection: false,
    },
    establishedAt,
    name: "Anna de Vries",
    email: "anna@example.org",
  },
});
const consentWithdrawn = (
  subjectId: string,
  withdrawnAt: string,
  purpose = NEWSLETTER_PURPOSE,
): ConsentEvent => ({
  type: "ConsentWithdrawn",
  data: { subjectId, consentId: "cons-1", purpose, withdrawnAt, channel: "email" },
});
const unsubscribedVia = (subjectId: string, unsubscribedAt: string): ConsentEvent => ({
  type: "UnsubscribedViaLink",
  data: { subjectId, messageId: "msg-2026-03", unsubscribedAt },
});
const marketingObjection = (subjectId: string, objectedAt: string): ConsentEvent => ({
  type: "DirectMarketingObjectionRecorded",
  data: { subjectId, objectedAt, channel: "email" },
});
const interestRegistered = (subjectId: string): ConsentEvent => ({
  type: "WebsiteInterestRegistered",
  data: {
    subjectId,
    activityId: "act-prospects",
    purpose: "prospect.interest",
    signedUpAt: "2026-02-01T12:00:00Z",
    name: "Anna de Vries",
    email: "anna@example.org",
    interests: ["process-management-tool"],
  },
});
const opened = (subjectId: string, at: string): ConsentEvent => ({
  type: "EmailOpenRecorded",
  data: {
    subjectId,
    messageId: "msg-2026-03",
    activityId: "act-newsletter",
    interaction: "open",
    basis: "consent",
    liaRef: null,
    at,
  },
});
const suppressed = (subjectId: string, recordedAt: string): ConsentEvent => ({
  type: "SuppressionTokenRecorded",
  data: { subjectId, token: "A".repeat(43), reason: "retentionElapsed", recordedAt },
});

const SUB1_WINDOW_END = "2026-09-30T21:59:59.999Z";
const SUB2_WINDOW_END = "2026-12-31T22:59:59.999Z";

describe("retention schedule, P4.1 INV-28: contract data", () => {
  it("P4.1 INV-28: the requester's and users' contract data are kept while the subscription runs (until null)", () => {
    const schedule = given([requested("sub-1", "subj-jan"), userAdded("sub-1", "subj-piet")]);
    for (const subjectId of ["subj-jan", "subj-piet"])
      expect(currentEntry(schedule, subjectId, "contract")).toMatchObject({
        until: null,
        condition: "subscription sub-1 runs",
        trigger: "subscriptionEnded",
        generation: 1,
        erased: false,
      });
  });

  it("P4.1 INV-28: contract data are due when the backup window after the subscription's end has passed", () => {
    const schedule = given([
      requested("sub-1", "subj-jan"),
      userAdded("sub-1", "subj-piet"),
      ended("sub-1", "2026-03-31T10:00:00Z", SUB1_WINDOW_END),
    ]);
    const entry = currentEntry(schedule, "subj-piet", "contract");
    expect(entry).toMatchObject({
      until: SUB1_WINDOW_END,
      condition: null,
      clauses: ["P4.1", "P1.A.3", "P1.B.4"],
    });
    expect(entry?.basis).toContain("P4.1");
    expect(currentEntry(schedule, "subj-jan", "contract")?.until).toBe(SUB1_WINDOW_END);
  });

  it("P4.1 INV-28: a subject of several subscriptions has one contract entry, open while any of them runs", () => {
    const both = [requested("sub-1", "subj-jan"), userAdded("sub-2", "subj-jan")];
    const oneEnded = given([...both, ended("sub-1", "2026-03-31T10:00:00Z", SUB1_WINDOW_END)]);
    expect(currentEntry(oneEnded, "subj-jan", "contract")).toMatchObject({
      until: null,
      condition: "subscription sub-2 runs",
    });
    expect(currentEntriesOf(oneEnded, "subj-jan")).toHaveLength(1);
  });

  it("P4.1 INV-28: when all have ended, the latest backup-window end counts, in whatever order they ended", () => {
    const schedule = given([
      requested("sub-1", "subj-jan"),
      userAdded("sub-2", "subj-jan"),
      ended("sub-2", "2026-06-30T10:00:00Z", SUB2_WINDOW_END),
      ended("sub-1", "2026-03-31T10:00:00Z", SUB1_WINDOW_END),
    ]);
    expect(currentEntry(schedule, "subj-jan", "contract")?.until).toBe(SUB2_WINDOW_END);
  });
});

describe("retention schedule, P1.D.3 AWR art. 52(4) INV-10 INV-11: fiscal data", () => {
  const issued = invoiced("sub-1", "inv-1", "2026-02-01T00:00:00Z", "subj-jan");

  it("P1.D.3 INV-11: while an invoice is not fully paid it is an open item and the record stays current (until null)", () => {
    const schedule = given([issued, paid("sub-1", "inv-1", "2026-02-20T10:00:00Z", 20_000)]);
    expect(currentEntry(schedule, "subj-jan", "fiscal")).toMatchObject({
      until: null,
      condition: "invoice inv-1 of subscription sub-1 is open",
      trigger: "leftCurrentAdministration",
    });
  });

  it("P1.D.3 AWR art. 52(4) INV-11: paid in 2026 → left the administration 1 January 2027 → kept to the end of 1 January 2034", () => {
    const schedule = given([issued, paid("sub-1", "inv-1", "2026-02-20T10:00:00Z")]);
    const entry = currentEntry(schedule, "subj-jan", "fiscal");
    expect(entry?.until).toBe("2034-01-01T22:59:59.999Z");
    expect(entry?.basis).toContain("AWR art. 52(4)");
  });

  it("P1.D.3 INV-11: a payment in the next year moves the start to the year after it", () => {
    const schedule = given([
      issued,
      paid("sub-1", "inv-1", "2026-12-20T10:00:00Z", 60_000),
      paid("sub-1", "inv-1", "2027-01-10T10:00:00Z", 60_000),
    ]);
    expect(currentEntry(schedule, "subj-jan", "fiscal")?.until).toBe("2035-01-01T22:59:59.999Z");
  });

  it("P1.D.3 INV-11: the year is the Dutch one: paid 31 December 23:30 UTC is 1 January in Amsterdam", () => {
    const schedule = given([issued, paid("sub-1", "inv-1", "2026-12-31T23:30:00Z")]);
    expect(currentEntry(schedule, "subj-jan", "fiscal")?.until).toBe("2035-01-01T22:59:59.999Z");
  });

  it("P1.D.2 INV-11: another open invoice of the same subscription keeps the billing contact's record current", () => {
    const schedule = given([
      issued,
      paid("sub-1", "inv-1", "2026-02-20T10:00:00Z"),
      invoiced("sub-1", "inv-2", "2026-03-01T00:00:00Z", "subj-other"),
    ]);
    expect(currentEntry(schedule, "subj-jan", "fiscal")).toMatchObject({
      until: null,
      condition: "invoice inv-2 of subscription sub-1 is open",
    });
  });

  it("P1.D.2 INV-12: a contact note about an invoice is a fiscal record of its subject, of the year it was made", () => {
    const schedule = given([
      issued,
      paid("sub-1", "inv-1", "2026-02-20T10:00:00Z"),
      contactLogged("sub-1", "inv-1", "subj-kees", "2027-03-01T10:00:00Z"),
    ]);
    expect(currentEntry(schedule, "subj-kees", "fiscal")?.until).toBe("2035-01-01T22:59:59.999Z");
    expect(currentEntry(schedule, "subj-jan", "fiscal")?.until).toBe("2034-01-01T22:59:59.999Z");
  });

  it("P1.D.3: the fiscal end comes from the configured calendar", () => {
    const fiscalRetentionEnd = () => ({
      until: new Date("2040-01-01T00:00:00Z"),
      date: "",
      startDate: "",
      basis: "",
    });
    const calendar = { ...emptyRetentionSchedule().calendar, fiscalRetentionEnd };
    const schedule = given([issued, paid("sub-1", "inv-1", "2026-02-20T10:00:00Z")], { calendar });
    expect(currentEntry(schedule, "subj-jan", "fiscal")?.until).toBe("2040-01-01T00:00:00.000Z");
  });
});

describe("retention schedule, P1.C.2 D4: training data", () => {
  it("P1.C.2 D4: training data are kept 12 months after the training, to the end of that Dutch day", () => {
    const schedule = given([trainee("subj-kees", "tr-1", "2026-03-10")]);
    expect(currentEntry(schedule, "subj-kees", "training")).toMatchObject({
      until: "2027-03-10T22:59:59.999Z",
      trigger: "trainingHeld",
    });
  });

  it("P1.C.2 D4: the latest training wins, whatever the order the registrations came in", () => {
    const schedule = given([
      trainee("subj-kees", "tr-2", "2026-05-20"),
      trainee("subj-kees", "tr-1", "2026-03-10"),
    ]);
    expect(currentEntry(schedule, "subj-kees", "training")?.until).toBe("2027-05-20T21:59:59.999Z");
  });

  it("D4: the months are configurable", () => {
    const schedule = given([trainee("subj-kees", "tr-1", "2026-03-10")], { trainingRetentionMonths: 6 });
    expect(currentEntry(schedule, "subj-kees", "training")?.until).toBe("2026-09-10T21:59:59.999Z");
    expect(currentEntry(schedule, "subj-kees", "training")?.basis).toContain("6 months");
  });
});

describe("retention schedule, P4.2 INV-14: relationship data", () => {
  it("P4.2 INV-14: relationship data are kept while the contact is employed (until null)", () => {
    expect(currentEntry(given([contact("subj-jan")]), "subj-jan", "relationship")).toMatchObject({
      until: null,
      condition: "the contact is employed at the business relation",
      trigger: "contactEmploymentEnded",
    });
  });

  it("P4.2 INV-14: ContactEmploymentEnded makes them due at the end of employment (grace 0)", () => {
    const schedule = given([contact("subj-jan"), employmentEnded("subj-jan", "2026-04-30T15:00:00Z")]);
    expect(currentEntry(schedule, "subj-jan", "relationship")?.until).toBe("2026-04-30T15:00:00.000Z");
  });

  it("P4.2: a configured grace adds months, counted like the backup window", () => {
    const schedule = given([contact("subj-jan"), employmentEnded("subj-jan", "2026-04-30T15:00:00Z")], {
      relationshipGraceMonths: 3,
    });
    expect(currentEntry(schedule, "subj-jan", "relationship")?.until).toBe("2026-07-30T21:59:59.999Z");
  });
});

describe("retention schedule, Art. 5(2) D4: accountability (rights-request records)", () => {
  it("D4 Art. 5(2): the request's record is kept while it is open, and 5 years after the last one closed", () => {
    const open = given([rightsRequest("subj-jan", "dsr-1")]);
    expect(currentEntry(open, "subj-jan", "accountability")).toMatchObject({
      until: null,
      condition: "rights request dsr-1 is open",
      trigger: "caseClosed",
    });
    const done = given([
      rightsRequest("subj-jan", "dsr-1"),
      closed("subj-jan", "dsr-1", "2026-05-01T10:00:00Z"),
    ]);
    expect(currentEntry(done, "subj-jan", "accountability")?.until).toBe("2031-05-01T21:59:59.999Z");
  });

  it("D4: a second request still open keeps the record open", () => {
    const schedule = given([
      rightsRequest("subj-jan", "dsr-1"),
      rightsRequest("subj-jan", "dsr-2"),
      closed("subj-jan", "dsr-1", "2026-05-01T10:00:00Z"),
    ]);
    expect(currentEntry(schedule, "subj-jan", "accountability")?.until).toBeNull();
  });
});

describe("retention schedule, Art. 17(3)(e): legal holds", () => {
  it("P4 Art. 17(3)(e): a hold is listed on its class's entry, with its reason, and its release removes it", () => {
    const held = given([contact("subj-jan"), hold("subj-jan", "hold-1", "relationship")]);
    expect(currentEntry(held, "subj-jan", "relationship")?.legalHolds).toEqual([
      { holdId: "hold-1", reason: "case-2026-017 dispute" },
    ]);
    const free = scheduleRetention(held, released("subj-jan", "hold-1"));
    expect(currentEntry(free, "subj-jan", "relationship")?.legalHolds).toEqual([]);
  });

  it("Art. 17(3)(e): a hold placed before the data came is on the entry when it starts", () => {
    const schedule = given([
      hold("subj-jan", "hold-1", "fiscal"),
      invoiced("sub-1", "inv-1", "2026-02-01T00:00:00Z", "subj-jan"),
    ]);
    expect(currentEntry(schedule, "subj-jan", "fiscal")?.legalHolds).toHaveLength(1);
  });
});

describe("retention schedule, P1.F.6 D4 INV-27: marketing data (the Consent aggregate's)", () => {
  const GIVEN = "2026-02-02T09:01:00Z";
  const UNSUBSCRIBED = "2026-03-03T10:00:00Z";

  it("P1.F.6, D4, INV-27: newsletter data are kept while the person may still be mailed (until null), on the marketing trigger", () => {
    const entry = currentEntry(given([consentGiven("subj-anna", GIVEN)]), "subj-anna", "marketing");
    expect(entry).toMatchObject({
      until: null,
      condition: "the newsletter consent stands (until unsubscribe, withdrawal or objection)",
      trigger: "consentWithdrawnOrObjection",
      clauses: ["P1.F.3", "P1.F.6"],
      generation: 1,
      erased: false,
    });
    expect(entry?.basis).toContain("D4");
  });

  it("P1.F.6, D4, INV-27, Art. 7(3): UnsubscribedViaLink makes them due at that moment, with no grace", () => {
    const schedule = given([consentGiven("subj-anna", GIVEN), unsubscribedVia("subj-anna", UNSUBSCRIBED)]);
    expect(currentEntry(schedule, "subj-anna", "marketing")).toMatchObject({
      until: "2026-03-03T10:00:00.000Z",
      condition: null,
    });
    expect(dueErasures(schedule, new Date(UNSUBSCRIBED))).toEqual([]);
    expect(dueErasures(schedule, new Date("2026-03-03T10:00:00.001Z")).map((e) => e.key)).toEqual([
      "subj-anna#marketing#1",
    ]);
  });

  it("P1.F.6, D4, INV-27, Art. 21(3): DirectMarketingObjectionRecorded makes them due at that moment, soft opt-in and all", () => {
    const schedule = given([
      consentGiven("subj-anna", GIVEN),
      softOptIn("subj-anna", GIVEN),
      marketingObjection("subj-anna", "2026-04-01T10:00:00Z"),
    ]);
    expect(currentEntry(schedule, "subj-anna", "marketing")?.until).toBe("2026-04-01T10:00:00.000Z");
  });

  it("P1.F.6, D4, INV-27, Art. 7(3): a withdrawn newsletter consent makes them due, unless the soft opt-in still stands", () => {
    const withdrawn = consentWithdrawn("subj-anna", "2026-03-10T08:00:00Z");
    expect(
      currentEntry(given([consentGiven("subj-anna", GIVEN), withdrawn]), "subj-anna", "marketing")?.until,
    ).toBe("2026-03-10T08:00:00.000Z");
    const customer = given([consentGiven("subj-anna", GIVEN), softOptIn("subj-anna", GIVEN), withdrawn]);
    expect(currentEntry(customer, "subj-anna", "marketing")).toMatchObject({
      until: null,
      condition: "the soft opt-in stands (until unsubscribe or objection)",
    });
    // The unsubscribe link ends the soft opt-in too (Tw art. 11.7(4)): now they are due.
    const after = scheduleRetention(customer, unsubscribedVia("subj-anna", UNSUBSCRIBED));
    expect(currentEntry(after, "subj-anna", "marketing")?.until).toBe("2026-03-03T10:00:00.000Z");
  });

  it("P1.F.6, D4, INV-27: withdrawing another purpose (tracking) leaves the newsletter data kept", () => {
    const schedule = given([
      consentGiven("subj-anna", GIVEN),
      consentGiven("subj-anna", GIVEN, TRACKING_PURPOSE, "cons-track"),
      consentWithdrawn("subj-anna", "2026-03-10T08:00:00Z", TRACKING_PURPOSE),
    ]);
    expect(currentEntry(schedule, "subj-anna", "marketing")?.until).toBeNull();
  });

  it("P1.F.6, D4, INV-27: the earliest opt-out counts; a new consent after it keeps the data again (until null)", () => {
    const optedOut = [
      consentGiven("subj-anna", GIVEN),
      unsubscribedVia("subj-anna", UNSUBSCRIBED),
      marketingObjection("subj-anna", "2026-04-01T10:00:00Z"),
    ];
    expect(currentEntry(given(optedOut), "subj-anna", "marketing")?.until).toBe("2026-03-03T10:00:00.000Z");
    const back = given([
      ...optedOut,
      consentGiven("subj-anna", "2026-05-01T09:00:00Z", NEWSLETTER_PURPOSE, "cons-2"),
    ]);
    expect(currentEntry(back, "subj-anna", "marketing")).toMatchObject({ until: null, generation: 1 });
  });

  it("P1.F.5, P1.F.4, D4, INV-27: website interest and e-mail opens are marketing data too; interest alone is kept until an objection", () => {
    const prospect = given([interestRegistered("subj-bram")]);
    expect(currentEntry(prospect, "subj-bram", "marketing")).toMatchObject({
      until: null,
      condition: "no unsubscribe, withdrawal or objection recorded",
    });
    const objectedTo = scheduleRetention(prospect, marketingObjection("subj-bram", "2026-04-01T10:00:00Z"));
    expect(currentEntry(objectedTo, "subj-bram", "marketing")?.until).toBe("2026-04-01T10:00:00.000Z");
    // An open recorded after the unsubscribe (of a message sent before it) is due at once.
    const late = given([
      consentGiven("subj-anna", GIVEN),
      unsubscribedVia("subj-anna", UNSUBSCRIBED),
      opened("subj-anna", "2026-03-04T08:00:00Z"),
    ]);
    expect(currentEntry(late, "subj-anna", "marketing")?.until).toBe("2026-03-03T10:00:00.000Z");
  });

  it("P1.F.6, D4, INV-27, INV-20: after the erasure only the suppression token is left (no entry); a person who comes back gets a new one", () => {
    const schedule = given([
      consentGiven("subj-anna", GIVEN),
      unsubscribedVia("subj-anna", UNSUBSCRIBED),
      suppressed("subj-anna", "2026-03-04T02:00:00Z"),
      erasedRecord("subj-anna", "marketing", "2026-03-04T02:00:01.000Z"),
    ]);
    expect(currentEntry(schedule, "subj-anna", "marketing")).toMatchObject({
      erased: true,
      erasedAt: "2026-03-04T02:00:01.000Z",
      until: "2026-03-03T10:00:00.000Z",
    });
    expect(
      currentEntry(given([suppressed("subj-token-only", UNSUBSCRIBED)]), "subj-token-only", "marketing"),
    ).toBe(undefined);
    const back = scheduleRetention(
      schedule,
      consentGiven("subj-anna", "2026-09-01T09:00:00Z", NEWSLETTER_PURPOSE, "cons-2"),
    );
    expect(currentEntry(back, "subj-anna", "marketing")).toMatchObject({
      key: "subj-anna#marketing#2",
      until: null,
      erased: false,
    });
  });

  it("P1.F.6, D4, INV-27, P7.b: an erasure request erases the newsletter data with the rest", () => {
    const plan = planErasure(
      given([contact("subj-anna"), consentGiven("subj-anna", GIVEN)]),
      "subj-anna",
      new Date("2026-06-01T10:00:00Z"),
    );
    expect(plan).toEqual({ erase: ["relationship", "marketing"], declined: [] });
  });
});

describe("retention schedule, P7.b: erasure and return", () => {
  it("P7.b: PersonalDataErased marks the class erased, with the time of its record", () => {
    const schedule = given([
      trainee("subj-kees", "tr-1", "2026-03-10"),
      erasedRecord("subj-kees", "training", "2027-03-11T02:00:00.000Z"),
    ]);
    expect(currentEntry(schedule, "subj-kees", "training")).toMatchObject({
      erased: true,
      erasedAt: "2027-03-11T02:00:00.000Z",
    });
  });

  it("INV-27: a subject who returns after the erasure gets a new entry (next generation); the old one stays as history", () => {
    const schedule = given([
      trainee("subj-kees", "tr-1", "2026-03-10"),
      erasedRecord("subj-kees", "training", "2027-03-11T02:00:00.000Z"),
      trainee("subj-kees", "tr-9", "2027-09-01"),
    ]);
    const entry = currentEntry(schedule, "subj-kees", "training");
    expect(entry).toMatchObject({
      key: "subj-kees#training#2",
      generation: 2,
      erased: false,
      until: "2028-09-01T21:59:59.999Z",
    });
    expect(schedule.entries.get("subj-kees#training#1")).toMatchObject({ erased: true });
  });

  it("P7.b: events after an erasure that register nothing new (a payment, an end) leave the erased entry as it was", () => {
    const schedule = given([
      invoiced("sub-1", "inv-1", "2026-02-01T00:00:00Z", "subj-jan"),
      erasedRecord("subj-jan", "fiscal", "2026-03-01T00:00:00.000Z"),
      paid("sub-1", "inv-1", "2026-03-02T00:00:00Z"),
    ]);
    expect(currentEntry(schedule, "subj-jan", "fiscal")).toMatchObject({
      generation: 1,
      erased: true,
      until: null,
    });
  });

  it("INV-27: a rectification writing contact data after the erasure starts a new relationship entry", () => {
    const rectified: DataSubjectEvent = {
      type: "PersonalDataRectified",
      data: {
        subjectId: "subj-jan",
        requestId: "dsr-2",
        rectifiedAt: "2026-06-01T00:00:00Z",
        dataCategories: ["name"],
        contactName: "Jan Janssen",
      },
    };
    const schedule = given([
      contact("subj-jan"),
      erasedRecord("subj-jan", "relationship", "2026-05-01T00:00:00Z"),
      rectified,
    ]);
    expect(currentEntry(schedule, "subj-jan", "relationship")).toMatchObject({
      generation: 2,
      erased: false,
    });
    expect(currentEntry(schedule, "subj-jan", "training")).toBeUndefined();
  });

  it("INV-27: any event whose codec marks personal data gives its (subject, class) an entry (e.g. a request's refusal reasons)", () => {
    const refused: DataSubjectEvent = {
      type: "RequestRefused",
      data: {
        subjectId: "subj-new",
        requestId: "dsr-9",
        ground: "manifestlyUnfounded",
        reasons: "the same request for the fifth time this month",
        complaintToAuthorityStated: true,
        judicialRemedyStated: true,
        refusedAt: "2026-06-01T00:00:00Z",
      },
    };
    expect(currentEntry(given([refused]), "subj-new", "accountability")).toMatchObject({
      trigger: "caseClosed",
      generation: 1,
    });
  });

  it("an erasure of a class without an entry, or of an unknown class, changes nothing", () => {
    const schedule = given([
      contact("subj-jan"),
      erasedRecord("subj-jan", "marketing", "2026-03-01T00:00:00Z"),
    ]);
    expect(currentEntriesOf(schedule, "subj-jan").map((entry) => entry.retentionClass)).toEqual([
      "relationship",
    ]);
  });
});

describe("retention schedule: the fold", () => {
  it("events of other types and other catalogs are ignored (the same schedule comes back)", () => {
    const schedule = given([contact("subj-jan")]);
    expect(scheduleRetention(schedule, { type: "ProcessingActivityRegistered", data: {} })).toBe(schedule);
    expect(
      scheduleRetention(schedule, {
        type: "UsageRecorded",
        data: { subscriptionId: "sub-1" },
      }),
    ).toBe(schedule);
  });

  it("scheduleRetention is pure: the schedule it was given is unchanged, and reduce equals retentionScheduleOf", () => {
    const events = [contact("subj-jan"), employmentEnded("subj-jan", "2026-04-30T15:00:00Z")];
    const first = scheduleRetention(emptyRetentionSchedule(), events[0] as ScheduledEvent);
    const snapshot = structuredClone([...first.entries]);
    const second = scheduleRetention(first, events[1] as ScheduledEvent);
    expect([...first.entries]).toEqual(snapshot);
    expect(currentEntry(first, "subj-jan", "relationship")?.until).toBeNull();
    expect([...second.entries]).toEqual([...given(events).entries]);
  });

  it("INV-27: one entry per (subject, class) the subject has data in", () => {
    const schedule = given([
      requested("sub-1", "subj-jan"),
      invoiced("sub-1", "inv-1", "2026-02-01T00:00:00Z", "subj-jan"),
      contact("subj-jan"),
      rightsRequest("subj-jan", "dsr-1"),
      trainee("subj-jan", "tr-1", "2026-03-10"),
    ]);
    expect(currentEntriesOf(schedule, "subj-jan").map((entry) => entry.retentionClass)).toEqual([
      "contract",
      "fiscal",
      "relationship",
      "training",
      "accountability",
    ]);
  });

  it("INV-27: every event type of the three catalogs that holds personal data is read by the schedule", () => {
    for (const catalog of [subscriptionCatalog, dataSubjectCatalog, consentCatalog])
      for (const type of catalog.types)
        if (catalog.personalFields(type, 1).length > 0)
          expect(isRetentionEvent({ type, data: {} }), type).toBe(true);
  });

  it("options out of range are a programming error", () => {
    expect(() => emptyRetentionSchedule({ trainingRetentionMonths: -1 })).toThrow(RangeError);
  });
});

describe("dueErasures: P4.1 P4.2 P1.C.2 INV-28, computed from the events", () => {
  const history = [
    requested("sub-1", "subj-jan"),
    userAdded("sub-1", "subj-piet"),
    ended("sub-1", "2026-03-31T10:00:00Z", SUB1_WINDOW_END),
    trainee("subj-kees", "tr-1", "2026-03-10"),
    contact("subj-anna"),
    employmentEnded("subj-anna", "2026-04-30T15:00:00Z"),
  ];

  it("P4.1 INV-28: nothing is due before the backup window has passed; its last instant is still inside it", () => {
    const schedule = given(history);
    expect(dueErasures(schedule, new Date("2026-04-30T15:00:00Z"))).toEqual([]);
    expect(dueErasures(schedule, new Date(SUB1_WINDOW_END)).map((e) => e.key)).toEqual([
      "subj-anna#relationship#1",
    ]);
  });

  it("P4.1 P4.2 P1.C.2: after the ends, every due entry, earliest end first, then by subject id", () => {
    const due = dueErasures(given(history), new Date("2027-06-01T00:00:00Z"));
    expect(due.map((entry) => entry.key)).toEqual([
      "subj-anna#relationship#1",
      "subj-jan#contract#1",
      "subj-piet#contract#1",
      "subj-kees#training#1",
    ]);
  });

  it("P4 Art. 17(3)(e) INV-28: a legal hold stops the entry being due; releasing it makes it due again", () => {
    const held = given([...history, hold("subj-anna", "hold-1", "relationship")]);
    const now = new Date("2026-06-01T00:00:00Z");
    expect(dueErasures(held, now).map((entry) => entry.key)).toEqual([]);
    const free = scheduleRetention(held, released("subj-anna", "hold-1"));
    expect(dueErasures(free, now).map((entry) => entry.key)).toEqual(["subj-anna#relationship#1"]);
  });

  it("P7.b: an erased entry is not due again; open-ended entries (null) never are", () => {
    const schedule = given([
      ...history,
      erasedRecord("subj-anna", "relationship", "2026-05-01T00:00:00Z"),
      contact("subj-bob"),
      invoiced("sub-1", "inv-1", "2026-02-01T00:00:00Z", "subj-jan"),
    ]);
    const keys = dueErasures(schedule, new Date("2099-01-01T00:00:00Z")).map((entry) => entry.key);
    expect(keys).not.toContain("subj-anna#relationship#1");
    expect(keys).not.toContain("subj-bob#relationship#1");
    expect(keys).not.toContain("subj-jan#fiscal#1");
  });
});

describe("planErasure: P7.b INV-10 Art. 17(3), computed from the schedule", () => {
  const at = new Date("2026-06-01T10:00:00Z");
  const everything = [
    requested("sub-1", "subj-jan"),
    invoiced("sub-1", "inv-1", "2026-02-01T00:00:00Z", "subj-jan"),
    contact("subj-jan"),
    trainee("subj-jan", "tr-1", "2026-03-10"),
    rightsRequest("subj-jan", "dsr-1"),
  ];

  it("P7.b INV-10: fiscal data under AWR art. 52(4) are declined under 17(3)(b), restricted to the fiscal purpose; the rest is erased", () => {
    const plan = planErasure(given(everything), "subj-jan", at);
    expect(plan.erase).toEqual(["contract", "relationship", "training"]);
    expect(plan.declined).toEqual([
      {
        retentionClass: "fiscal",
        ground: "Art. 17(3)(b)",
        provision: "AWR art. 52(4)",
        until: null,
        restrictedToPurpose: "fiscal.retention",
      },
      {
        retentionClass: "accountability",
        ground: "Art. 17(3)(b)",
        provision: "GDPR art. 5(2), art. 12 (record of the request)",
        until: null,
        restrictedToPurpose: "rights.handling",
      },
    ]);
  });

  it("INV-10 INV-11: a paid invoice is still kept until the seven years are over, with that end", () => {
    const plan = planErasure(
      given([...everything, paid("sub-1", "inv-1", "2026-02-20T10:00:00Z")]),
      "subj-jan",
      at,
    );
    expect(plan.declined[0]).toMatchObject({ retentionClass: "fiscal", until: "2034-01-01T22:59:59.999Z" });
  });

  it("INV-11: after the fiscal period the billing data are erased like the rest", () => {
    const schedule = given([
      invoiced("sub-1", "inv-1", "2026-02-01T00:00:00Z", "subj-jan"),
      paid("sub-1", "inv-1", "2026-02-20T10:00:00Z"),
    ]);
    expect(planErasure(schedule, "subj-jan", new Date("2034-01-02T00:00:00Z"))).toEqual({
      erase: ["fiscal"],
      declined: [],
      // The end the plan relied on, stated for the decider and the auditor (INV-10).
      fiscalRetentionEndedAt: "2034-01-01T22:59:59.999Z",
    });
  });

  it("Art. 17(3)(e) INV-28: a held class is declined with the hold's reason, until the hold is released, for legal claims only", () => {
    const plan = planErasure(
      given([...everything, hold("subj-jan", "hold-1", "relationship")]),
      "subj-jan",
      at,
    );
    expect(plan.erase).toEqual(["contract", "training"]);
    expect(plan.declined).toContainEqual({
      retentionClass: "relationship",
      ground: "Art. 17(3)(e)",
      provision: "legal hold hold-1: case-2026-017 dispute",
      until: null,
      restrictedToPurpose: "legal.claims",
    });
  });

  it("INV-10: held billing data under the fiscal duty stay under 17(3)(b), citing both the tax law and the hold", () => {
    const plan = planErasure(given([...everything, hold("subj-jan", "hold-1", "fiscal")]), "subj-jan", at);
    expect(plan.declined[0]).toEqual({
      retentionClass: "fiscal",
      ground: "Art. 17(3)(b)",
      provision: "AWR art. 52(4); legal hold hold-1: case-2026-017 dispute",
      until: null,
      restrictedToPurpose: "fiscal.retention",
    });
  });

  it("P7.b: classes already erased are not in the plan; a subject without data gets an empty plan", () => {
    const schedule = given([...everything, erasedRecord("subj-jan", "training", "2026-05-01T00:00:00Z")]);
    expect(planErasure(schedule, "subj-jan", at).erase).toEqual(["contract", "relationship"]);
    expect(planErasure(schedule, "subj-nobody", at)).toEqual({ erase: [], declined: [] });
  });
});
