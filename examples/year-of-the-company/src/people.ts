import { consentStreamId, dataSubjectStreamId, suppressionToken } from "@privacy-ledger/domain";
import { actors, type Company, LEGAL_ENTITY } from "./context.js";
import { NEWSLETTER_ACTIVITY } from "./registerSetup.js";

const SENDER = {
  name: "Basewise B.V.",
  legalEntityId: LEGAL_ENTITY,
  contactAddress: "Postbus 1, 1000 AA Amsterdam",
};

/** P1.C: a training with its participants (one without an e-mail address) and its messages. */
export const training = async (company: Company): Promise<void> => {
  const { subjects, clock } = company;
  const { sales } = actors;
  clock.set("2026-03-02T09:00:00Z");
  for (const [subjectId, name, email] of [
    ["subj-anna", "Anna de Vries", "anna.devries@acme.example"],
    ["subj-bram", "Bram Visser", undefined],
  ] as const)
    await subjects.ok(dataSubjectStreamId(subjectId), {
      kind: "RegisterTrainingParticipant",
      actor: sales,
      subjectId,
      trainingId: "trn-2026-03",
      trainingDate: "2026-03-12",
      activityId: "act-training",
      legalBasis: { kind: "contract" },
      name,
      ...(email === undefined ? {} : { email }),
    });
  await subjects.ok(dataSubjectStreamId("subj-anna"), {
    kind: "SendTrainingMessage",
    actor: sales,
    subjectId: "subj-anna",
    trainingId: "trn-2026-03",
    message: "invitation",
    sentAt: "2026-03-02T09:05:00Z",
  });
  await subjects.refused(
    dataSubjectStreamId("subj-bram"),
    {
      kind: "SendTrainingMessage",
      actor: sales,
      subjectId: "subj-bram",
      trainingId: "trn-2026-03",
      message: "invitation",
      sentAt: "2026-03-02T09:05:00Z",
    },
    "Bram gave no e-mail address (INV-09): he is invited by his manager",
  );
  clock.set("2026-03-13T16:00:00Z");
  await subjects.ok(dataSubjectStreamId("subj-anna"), {
    kind: "SendTrainingMessage",
    actor: sales,
    subjectId: "subj-anna",
    trainingId: "trn-2026-03",
    message: "presentationCopy",
    sentAt: "2026-03-13T16:00:00Z",
  });
};

/** P1.E: business contacts at the clients, one of them passed to the hosting processor. */
export const contacts = async (company: Company): Promise<void> => {
  const { subjects, clock } = company;
  const { sales } = actors;
  clock.set("2026-03-20T10:00:00Z");
  for (const [subjectId, role, name, jobTitle, businessEmail] of [
    ["subj-jan", "it", "Jan Jansen", "IT manager", "jan.jansen@acme.example"],
    ["subj-omar", "decisionMaker", "Omar El Amrani", "COO", "omar@globex.example"],
  ] as const)
    await subjects.ok(dataSubjectStreamId(subjectId), {
      kind: "RegisterBusinessContact",
      actor: sales,
      subjectId,
      clientOrganisationId: subjectId === "subj-jan" ? "org-acme" : "org-globex",
      role,
      companyName: subjectId === "subj-jan" ? "Acme B.V." : "Globex B.V.",
      activityId: "act-relationship",
      legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-02" },
      name,
      jobTitle,
      businessEmail,
    });
  await subjects.ok(dataSubjectStreamId("subj-omar"), {
    kind: "RecordDisclosure",
    actor: sales,
    subjectId: "subj-omar",
    recipient: { kind: "processor", processorId: "proc-hosting" },
    dataCategories: ["name", "businessEmail"],
    disclosedAt: "2026-03-20T10:05:00Z",
    activityId: "act-relationship",
    purpose: "relationship.management",
    subjectCategory: "businessContact",
  });
};

/**
 * P1.F: a newsletter consent given on a shown notice, a send, a send refused for lack of an unsubscribe
 * link, a contact without consent blocked (P1.E.4), an unsubscribe, and the send after it blocked.
 */
export const newsletters = async (company: Company): Promise<void> => {
  const { clock } = company;
  const consents = company.consents();
  const { mailer } = actors;
  const anna = consentStreamId("subj-anna");
  const blindIndex = await company.ledger.keyStore.blindIndexKey();
  const annaToken = suppressionToken(blindIndex, "anna.devries@acme.example");
  const omarToken = suppressionToken(blindIndex, "omar@globex.example");
  const send = (
    subjectId: string,
    messageId: string,
    recipientToken: string,
    category: "newsletterSubscriber" | "businessContact",
  ) => ({
    kind: "SendNewsletter" as const,
    actor: mailer,
    subjectId,
    messageId,
    activityId: NEWSLETTER_ACTIVITY,
    recipientCategory: category,
    recipientToken,
    productLines: ["process-tool"],
    sender: SENDER,
    unsubscribeUrl: `https://mail.basewise.example/u/${messageId}-${subjectId}`,
    unsubscribeToken: `${messageId}-${subjectId}`,
    sentAt: clock.now().toISOString(),
  });

  clock.set("2026-04-01T08:00:00Z");
  await consents.ok(anna, {
    kind: "PresentConsentRequest",
    actor: mailer,
    subjectId: "subj-anna",
    noticeVersionId: "notice-newsletter-v1",
    purposes: ["marketing.newsletter"],
    presentedAt: "2026-04-01T08:00:00Z",
    channel: "webForm",
  });
  await consents.ok(anna, {
    kind: "GiveConsent",
    actor: { id: "subj-anna", roles: [] },
    subjectId: "subj-anna",
    consentId: "cons-anna-1",
    purpose: "marketing.newsletter",
    activityId: NEWSLETTER_ACTIVITY,
    subjectCategory: "newsletterSubscriber",
    noticeVersionId: "notice-newsletter-v1",
    givenAt: "2026-04-01T08:01:00Z",
    channel: "webForm",
    preTicked: false,
    bundledWithContract: false,
    name: "Anna de Vries",
    email: "anna.devries@acme.example",
  });
  clock.set("2026-04-15T07:00:00Z");
  await consents.refused(
    anna,
    { ...send("subj-anna", "nl-2026-04", annaToken, "newsletterSubscriber"), unsubscribeUrl: "" },
    "every e-mail carries a working unsubscribe link (INV-17)",
  );
  await consents.ok(anna, send("subj-anna", "nl-2026-04", annaToken, "newsletterSubscriber"));
  await consents.ok(
    consentStreamId("subj-omar"),
    send("subj-omar", "nl-2026-04", omarToken, "businessContact"),
  );
  clock.set("2026-04-16T12:00:00Z");
  await consents.ok(anna, {
    kind: "UnsubscribeViaLink",
    actor: { id: "link-follower", roles: [] },
    subjectId: "subj-anna",
    linkToken: "nl-2026-04-subj-anna",
    unsubscribedAt: "2026-04-16T12:00:00Z",
  });
  // D4, INV-20: her newsletter data go at the next retention run; a blind-index token keeps her off the list.
  await consents.ok(anna, {
    kind: "RecordSuppression",
    actor: mailer,
    subjectId: "subj-anna",
    token: annaToken,
    reason: "retentionElapsed",
    at: "2026-04-16T12:01:00Z",
  });
  clock.set("2026-05-15T07:00:00Z");
  await consents.ok(anna, send("subj-anna", "nl-2026-05", annaToken, "newsletterSubscriber"));
};
